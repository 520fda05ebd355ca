"""The commune's fee catalogue: a price for each fee item the enabled modules define.

A line is ``fixed + per unit x quantity`` in the commune's currency, so a flat stamp
duty and a per-page copy fee are both one line; the result is rounded to the
currency's coin.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pyramid.registry import Registry
from sqlalchemy import select
from sqlalchemy.orm import Session

from municipality import audit
from municipality.activation import enabled_modules
from municipality.errors import NotFound, ValidationFailed
from municipality.i18n import _
from municipality.models import Commune
from municipality.payables import FeeItem
from municipality.providers import Kind, enabled_providers
from payments import money
from payments.models import Fee

MAX_QUANTITY = 100_000


def fee_items(registry: Registry, session: Session, commune: Commune) -> dict[str, FeeItem]:
    """The fee items the commune's enabled modules define, by code."""
    enabled = enabled_modules(session, commune.id)
    return {
        o.provider.code: o.provider for o in enabled_providers(registry, Kind.FEE_ITEM, enabled)
    }


def _values(fee: Fee) -> dict[str, Any]:
    return {
        "title": fee.title,
        "fixed_amount": fee.fixed_amount,
        "unit_amount": fee.unit_amount,
        "active": fee.active,
    }


def set_fee(
    session: Session,
    *,
    actor: str,
    commune: Commune,
    registry: Registry,
    code: str,
    fixed_amount: object,
    unit_amount: object | None = None,
    active: bool = True,
) -> Fee:
    """Price a fee item for the commune (a new line, or a new price for it); audited."""
    item = fee_items(registry, session, commune).get(code)
    if item is None:
        raise ValidationFailed("unknown fee item", {"code": _("Choose a fee from the list.")})
    fixed = money.exact(fixed_amount, commune.currency, "fixed_amount")
    unit = (
        None
        if unit_amount in (None, "")
        else money.exact(unit_amount, commune.currency, "unit_amount")
    )
    fee = session.execute(select(Fee).where(Fee.code == code)).scalar_one_or_none()
    if fee is None:
        fee = Fee(
            commune_id=commune.id,
            code=code,
            title=str(item.title),
            fixed_amount=fixed,
            unit_amount=unit,
            active=active,
        )
        audit.write(
            session,
            fee,
            actor=actor,
            action="payments:fee:created",
            object_type="fee",
            changes=audit.diff({}, _values(fee)),
        )
        return fee
    with audit.tracked(
        session, fee, actor=actor, action="payments:fee:changed", object_type="fee", values=_values
    ):
        fee.fixed_amount, fee.unit_amount, fee.active = fixed, unit, active
    return fee


def catalogue(session: Session) -> list[Fee]:
    """The commune's priced fees, by code."""
    return list(session.execute(select(Fee).order_by(Fee.code)).scalars())


def fee_line(session: Session, code: str) -> Fee | None:
    """The commune's active catalogue line of fee ``code``."""
    return session.execute(
        select(Fee).where(Fee.code == code, Fee.active.is_(True))
    ).scalar_one_or_none()


def price(session: Session, commune: Commune, code: str, quantity: int = 1) -> Decimal:
    """What ``quantity`` of fee ``code`` costs in the commune now."""
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ValidationFailed("bad quantity", {"quantity": _("Enter a quantity.")})
    fee = fee_line(session, code)
    if fee is None:
        raise NotFound(_("This fee is not in the commune's catalogue."))
    total = Decimal(fee.fixed_amount) + Decimal(fee.unit_amount or 0) * quantity
    return money.rounded(total, commune.currency)
