"""Cash at the counter: a cashier opens a till, takes cash for payments, closes it counted.

The till expects the sum of what it took; the cashier counts the drawer at closing and
the difference (short or over) is recorded, never adjusted away.
"""

from __future__ import annotations

import secrets
import uuid
from decimal import Decimal
from typing import Any

from pyramid.registry import Registry
from sqlalchemy import select
from sqlalchemy.orm import Session

from municipality import audit
from municipality.db import utcnow
from municipality.errors import Conflict
from municipality.i18n import _
from municipality.lookup import by_public_id
from municipality.models import Commune
from payments import money
from payments.adapters import SUCCESS, Verified
from payments.models import CashSession, Payment
from payments.services.intents import CASH, credit

OPEN, CLOSED = "open", "closed"


def _values(till: CashSession) -> dict[str, Any]:
    return {
        "state": till.state,
        "expected_total": till.expected_total,
        "counted_total": till.counted_total,
        "difference": till.difference,
    }


def open_till(session: Session, *, actor: str, commune: Commune) -> CashSession:
    """Open the cashier's till; one open till per cashier."""
    if current_till(session, actor) is not None:
        raise Conflict(_("Your till is already open."))
    till = CashSession(
        commune_id=commune.id,
        cashier=actor,
        state=OPEN,
        opened_at=utcnow(),
        expected_total=Decimal(0),
    )
    audit.write(
        session,
        till,
        actor=actor,
        action="payments:till:opened",
        object_type="till",
        changes=audit.diff({}, _values(till)),
    )
    return till


def current_till(session: Session, actor: str) -> CashSession | None:
    """The cashier's open till, if any."""
    return session.execute(
        select(CashSession).where(CashSession.cashier == actor, CashSession.state == OPEN)
    ).scalar_one_or_none()


def get_till(session: Session, public_id: str | uuid.UUID) -> CashSession:
    return by_public_id(session, CashSession, public_id, _("This till does not exist here."))


def take_cash(
    session: Session,
    *,
    actor: str,
    registry: Registry,
    till: CashSession,
    payment: Payment,
    received: object,
) -> Payment:
    """Credit a cash payment in the cashier's open till; the cash must be the amount owed."""
    if till.state != OPEN or till.cashier != actor:
        raise Conflict(_("Open your till first."))
    if payment.provider != CASH:
        raise Conflict(_("This payment is not paid at the counter."))
    amount = money.exact(received, payment.currency, "received")
    with audit.tracked(
        session, till, actor=actor, action="payments:till:took", object_type="till", values=_values
    ):
        payment.cash_session_id = till.id
        credit(
            session,
            registry=registry,
            payment=payment,
            verified=Verified(SUCCESS, amount, None),
            actor=actor,
        )
        till.expected_total = Decimal(till.expected_total) + amount
    return payment


def close_till(
    session: Session, *, actor: str, commune: Commune, till: CashSession, counted: object
) -> CashSession:
    """Close the till with the cash counted; the difference is kept as found."""
    if till.state != OPEN or till.cashier != actor:
        raise Conflict(_("This till is not open in your name."))
    total = money.exact(counted, commune.currency, "counted_total")
    with audit.tracked(
        session,
        till,
        actor=actor,
        action="payments:till:closed",
        object_type="till",
        values=_values,
    ):
        till.state = CLOSED
        till.closed_at = utcnow()
        till.counted_total = total
        till.difference = total - Decimal(till.expected_total)
    return till


def ticket() -> str:
    """A counter ticket number: what makes each counter fee payment its own."""
    return "C" + secrets.token_hex(5).upper()


def taken(session: Session, till: CashSession) -> list[Payment]:
    """The payments taken in ``till``, latest first."""
    return list(
        session.execute(
            select(Payment)
            .where(Payment.cash_session_id == till.id)
            .order_by(Payment.confirmed_at.desc(), Payment.id.desc())
        ).scalars()
    )


def tills(session: Session) -> list[CashSession]:
    """The commune's tills, latest first."""
    return list(
        session.execute(select(CashSession).order_by(CashSession.opened_at.desc())).scalars()
    )
