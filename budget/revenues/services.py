"""The revenue side's rules: lines and forecasts, assessments, collections, arrears.

An assessment is never over-collected: a collection locks the assessment's row
(``SELECT ... FOR UPDATE``) before it compares the amount with what is still owed, and
the collection that pays it off settles it in the same transaction. A payment confirmed
by the payments module is booked once, by its reference, on the line that collects its
fee item (:func:`collect_payment`); reversed, it is offset once (:func:`offset_payment`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from budget import money
from budget.nomenclature import code_of
from budget.permissions import Perm
from budget.revenues.codes import REVENUE_CODES
from budget.revenues.models import Assessment, Collection, RevenueLine
from budget.revenues.workflow import ASSESSMENT_WORKFLOW, ISSUED, assessment_values
from municipality import audit
from municipality.db import utcnow
from municipality.errors import Conflict, ValidationFailed
from municipality.i18n import _
from municipality.lookup import by_public_id
from municipality.models import Commune
from municipality.payables import Collected

COUNTER = "counter"
PAYMENT = "payment"
CHANNELS = (COUNTER, PAYMENT)
SYSTEM = frozenset({Perm.COLLECT})
SYSTEM_ACTOR = "system"
REVERSAL_SUFFIX = "/reversed"

# --- Lines --------------------------------------------------------------------------------


def open_lines(session: Session, *, actor: str, commune: Commune, year: int) -> int:
    """Open the year's revenue lines from the country's revenue codes (those missing)."""
    known = set(session.execute(select(RevenueLine.code).where(RevenueLine.year == year)).scalars())
    added = 0
    for row in REVENUE_CODES.get(commune.country_profile, ()):
        code = code_of(row.chapter, row.article, row.line)
        if code in known:
            continue
        line = RevenueLine(commune_id=commune.id, year=year, code=code, **row._asdict())
        audit.write(
            session,
            line,
            actor=actor,
            action="budget:revenue_line:opened",
            object_type="revenue_line",
            changes={"year": [None, year], "code": [None, code]},
        )
        added += 1
    return added


def set_forecast(
    session: Session, *, actor: str, commune: Commune, line: RevenueLine, amount: Any
) -> RevenueLine:
    """The revenue the budget expects on ``line`` this year; audited."""
    value = money.amount(amount, commune.currency, "forecast")
    with audit.tracked(
        session,
        line,
        actor=actor,
        action="budget:revenue_line:forecast",
        object_type="revenue_line",
        values=lambda obj: {"forecast": obj.forecast},
    ):
        line.forecast = value
    return line


def lines(session: Session, year: int) -> list[RevenueLine]:
    stmt = select(RevenueLine).where(RevenueLine.year == year).order_by(RevenueLine.code)
    return list(session.execute(stmt).scalars())


def years(session: Session) -> list[int]:
    stmt = select(RevenueLine.year).distinct().order_by(RevenueLine.year.desc())
    return list(session.execute(stmt).scalars())


def get_line(session: Session, public_id: str | uuid.UUID) -> RevenueLine:
    return by_public_id(
        session, RevenueLine, public_id, _("This revenue line does not exist here.")
    )


def line_for_fee(session: Session, year: int, fee_item: str) -> RevenueLine | None:
    """The year's line that collects ``fee_item``, if one does."""
    for line in lines(session, year):
        if fee_item in line.fee_items.split():
            return line
    return None


# --- Assessments --------------------------------------------------------------------------


def assess(
    session: Session,
    *,
    actor: str,
    commune: Commune,
    line: RevenueLine,
    debtor: str,
    amount: Any,
    due_on: date,
    purpose: str,
    debtor_id: str | None = None,
) -> Assessment:
    """Issue a titre de recette: ``debtor`` owes ``amount`` on ``line`` by ``due_on``."""
    value = money.amount(amount, commune.currency)
    if not debtor.strip() or not purpose.strip():
        raise ValidationFailed(_("Name the debtor and what is owed."))
    # The chain orders the commune's writers: the line's count is read afresh behind it,
    # so two assessments issued at once never take the same number.
    audit.hold_chain(session, line.commune_id)
    session.refresh(line, ["assessments_made"])
    line.assessments_made += 1
    assessment = Assessment(
        commune_id=commune.id,
        number=f"{line.year}/{line.code}/T{line.assessments_made:04d}",
        line=line,
        line_id=line.id,
        debtor=debtor.strip(),
        debtor_id=(debtor_id or "").strip() or None,
        purpose=purpose.strip(),
        amount=value,
        collected=Decimal(0),
        due_on=due_on,
        state=ASSESSMENT_WORKFLOW.initial,
        issued_at=utcnow(),
    )
    audit.write(
        session,
        assessment,
        actor=actor,
        action="budget:assessment:issued",
        object_type="assessment",
        changes=audit.diff({}, {**assessment_values(assessment), "debtor": assessment.debtor}),
    )
    return assessment


def cancel(
    session: Session,
    *,
    actor: str,
    assessment: Assessment,
    permissions: frozenset[str],
    reason: str,
) -> Assessment:
    ASSESSMENT_WORKFLOW.run(
        session,
        assessment,
        "cancel",
        actor=actor,
        permissions=permissions,
        data={"reason": reason},
    )
    return assessment


def get_assessment(session: Session, public_id: str | uuid.UUID) -> Assessment:
    return by_public_id(session, Assessment, public_id, _("This assessment does not exist here."))


def assessments(
    *,
    year: int | None = None,
    state: str | None = None,
    text: str | None = None,
    overdue_on: date | None = None,
) -> Select[tuple[Assessment]]:
    """Assessments, newest first; ``overdue_on`` keeps the arrears on that day."""
    stmt = select(Assessment).join(Assessment.line)
    if year:
        stmt = stmt.where(RevenueLine.year == year)
    if state:
        stmt = stmt.where(Assessment.state == state)
    if overdue_on is not None:
        stmt = stmt.where(Assessment.state == ISSUED, Assessment.due_on < overdue_on)
    if text:
        pattern = f"%{text.strip()}%"
        stmt = stmt.where(
            or_(
                Assessment.number.ilike(pattern),
                Assessment.debtor.ilike(pattern),
                Assessment.debtor_id.ilike(pattern),
                Assessment.purpose.ilike(pattern),
            )
        )
    return stmt.order_by(Assessment.issued_at.desc(), Assessment.id.desc())


def arrears(on: date) -> Select[tuple[Assessment]]:
    """Assessments past their due date and not collected in full, oldest due first."""
    stmt = select(Assessment).where(Assessment.state == ISSUED, Assessment.due_on < on)
    return stmt.order_by(Assessment.due_on, Assessment.id)


def arrears_total(session: Session, on: date) -> Decimal:
    outstanding = func.coalesce(func.sum(Assessment.amount - Assessment.collected), 0)
    stmt = select(outstanding).where(Assessment.state == ISSUED, Assessment.due_on < on)
    return Decimal(session.execute(stmt).scalar_one())


# --- Collections --------------------------------------------------------------------------


def _locked(session: Session, assessment: Assessment) -> Assessment:
    stmt = (
        select(Assessment)
        .where(Assessment.id == assessment.id)
        .with_for_update(of=Assessment)
        .execution_options(populate_existing=True)
    )
    return session.execute(stmt).scalar_one()


def _next_number(session: Session, line: RevenueLine) -> str:
    """The line's next collection number. The commune's audit chain is taken first: it
    orders the commune's writers, so two collections booked at once count each other
    rather than both taking the same (unique) number."""
    audit.hold_chain(session, line.commune_id)
    count = session.execute(
        select(func.count()).select_from(Collection).where(Collection.line_id == line.id)
    ).scalar_one()
    return f"{line.year}/{line.code}/Q{count + 1:05d}"


def collect(
    session: Session,
    *,
    actor: str,
    commune: Commune,
    amount: Any,
    payer: str | None = None,
    line: RevenueLine | None = None,
    assessment: Assessment | None = None,
    channel: str = COUNTER,
    reference: str | None = None,
) -> Collection:
    """Book money received, on an assessment (its line) or directly on a line."""
    value = money.amount(amount, commune.currency)
    if assessment is not None:
        assessment = _locked(session, assessment)
        if assessment.state != ISSUED:
            raise Conflict(_("This assessment is no longer open for collection."))
        if value > assessment.outstanding:
            raise Conflict(_("The amount is more than what is still owed on this assessment."))
        line = assessment.line
        payer = payer or assessment.debtor
    if line is None:
        raise ValidationFailed(_("Choose the revenue line or the assessment."))
    if not (payer or "").strip():
        raise ValidationFailed(_("Name who paid."), {"payer": _("Name who paid.")})
    collection = Collection(
        commune_id=commune.id,
        number=_next_number(session, line),
        line=line,
        line_id=line.id,
        assessment=assessment,
        channel=channel,
        payer=(payer or "").strip()[:200],
        amount=value,
        reference=reference,
        collected_at=utcnow(),
        collected_by=actor,
    )
    audit.write(
        session,
        collection,
        actor=actor,
        action="budget:collection:recorded",
        object_type="collection",
        changes={
            "amount": [None, value],
            "line": [None, line.code],
            "channel": [None, channel],
            "assessment": [None, assessment.number if assessment else None],
        },
    )
    if assessment is not None:
        _credit(session, actor, assessment, value)
    return collection


def _credit(session: Session, actor: str, assessment: Assessment, value: Decimal) -> None:
    with audit.tracked(
        session,
        assessment,
        actor=actor,
        action="budget:assessment:credited",
        object_type="assessment",
        values=assessment_values,
    ):
        assessment.collected += value
    if assessment.outstanding == 0:
        ASSESSMENT_WORKFLOW.run(session, assessment, "settle", actor=actor, permissions=SYSTEM)


def collect_payment(session: Session, commune: Commune, payment: Collected) -> Collection | None:
    """Book a payment the payments module confirmed, once, on the line of its fee item.

    A payment of a fee no revenue line collects (or of a year with no revenue lines)
    is left out rather than guessed: the execution report then shows it missing.
    """
    if payment.fee_item is None:
        return None
    done = session.execute(
        select(Collection).where(Collection.reference == payment.reference)
    ).scalar_one_or_none()
    if done is not None:
        return done
    line = line_for_fee(session, payment.paid_at.year, payment.fee_item)
    if line is None:
        return None
    return collect(
        session,
        actor=SYSTEM_ACTOR,
        commune=commune,
        amount=payment.amount,
        payer=payment.payer or payment.title,
        line=line,
        channel=PAYMENT,
        reference=payment.reference,
    )


def offset_payment(session: Session, commune: Commune, reference: str) -> Collection | None:
    """Take a reversed payment out of the revenue, once, by an offsetting collection.

    The collection booked for ``reference`` stays as it was (the books keep what was
    collected and when); a collection of the opposite amount on the same line, with the
    reference marked reversed, brings the line's figures back. A payment never booked
    (no revenue line collects its fee) has nothing to offset. Payments are booked on
    lines, never on assessments, so no assessment is touched.
    """
    booked = session.execute(
        select(Collection).where(Collection.reference == reference)
    ).scalar_one_or_none()
    if booked is None:
        return None
    offset_reference = f"{reference}{REVERSAL_SUFFIX}"
    done = session.execute(
        select(Collection).where(Collection.reference == offset_reference)
    ).scalar_one_or_none()
    if done is not None:
        return done
    offset = Collection(
        commune_id=commune.id,
        number=_next_number(session, booked.line),
        line=booked.line,
        line_id=booked.line_id,
        channel=booked.channel,
        payer=booked.payer,
        amount=-booked.amount,
        reference=offset_reference,
        collected_at=utcnow(),
        collected_by=SYSTEM_ACTOR,
    )
    audit.write(
        session,
        offset,
        actor=SYSTEM_ACTOR,
        action="budget:collection:reversed",
        object_type="collection",
        changes={
            "amount": [None, offset.amount],
            "line": [None, booked.line.code],
            "reverses": [None, booked.number],
        },
    )
    return offset


def link_receipt(session: Session, reference: str, receipt: uuid.UUID) -> Collection | None:
    """Link the sealed receipt of the payment ``reference`` to its collection, once.

    The payments module seals an online payment's receipt after booking it; a payment
    no revenue line collects has no collection to link.
    """
    booked = session.execute(
        select(Collection).where(Collection.reference == reference)
    ).scalar_one_or_none()
    if booked is None or booked.receipt_id is not None:
        return booked
    with audit.tracked(
        session,
        booked,
        actor=SYSTEM_ACTOR,
        action="budget:collection:receipted",
        object_type="collection",
        values=lambda c: {"receipt": str(c.receipt_id) if c.receipt_id else None},
    ):
        booked.receipt_id = receipt
    return booked


class RevenueLedger:
    """The budget's :class:`municipality.payables.RevenueLedger` (``Kind.REVENUE_LEDGER``)."""

    def collected(self, session: Session, commune: Commune, payment: Collected) -> None:
        collect_payment(session, commune, payment)

    def receipted(
        self, session: Session, commune: Commune, reference: str, receipt: uuid.UUID
    ) -> None:
        link_receipt(session, reference, receipt)

    def reversed(self, session: Session, commune: Commune, reference: str) -> None:
        offset_payment(session, commune, reference)


LEDGER = RevenueLedger()


def get_collection(session: Session, public_id: str | uuid.UUID) -> Collection:
    return by_public_id(session, Collection, public_id, _("This collection does not exist here."))


def collections(
    *,
    year: int | None = None,
    channel: str | None = None,
    text: str | None = None,
    line: RevenueLine | None = None,
    assessment: Assessment | None = None,
) -> Select[tuple[Collection]]:
    """Collections, newest first, searchable by number, payer or reference."""
    stmt = select(Collection).join(Collection.line)
    if line is not None:
        stmt = stmt.where(Collection.line_id == line.id)
    if assessment is not None:
        stmt = stmt.where(Collection.assessment_id == assessment.id)
    if year:
        stmt = stmt.where(RevenueLine.year == year)
    if channel:
        stmt = stmt.where(Collection.channel == channel)
    if text:
        pattern = f"%{text.strip()}%"
        stmt = stmt.where(
            or_(
                Collection.number.ilike(pattern),
                Collection.payer.ilike(pattern),
                Collection.reference.ilike(pattern),
            )
        )
    return stmt.order_by(Collection.collected_at.desc(), Collection.id.desc())


# --- Execution ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RevenueExecution:
    """One revenue line's year: forecast, assessed (not cancelled), collected."""

    line: RevenueLine
    assessed: Decimal
    collected: Decimal

    @property
    def forecast(self) -> Decimal:
        return self.line.forecast

    @property
    def collection_rate(self) -> Decimal | None:
        """Collected of forecast: how far the year's revenue went."""
        return money.rate(self.collected, self.forecast)

    @property
    def recovery_rate(self) -> Decimal | None:
        """Collected of assessed: how well the assessments are recovered."""
        return money.rate(self.collected, self.assessed)


def revenue_execution(session: Session, year: int) -> list[RevenueExecution]:
    """Every revenue line of the year with its figures, summed by the database."""
    assessed = (
        select(Assessment.line_id, func.sum(Assessment.amount).label("assessed"))
        .where(Assessment.state != "cancelled")
        .group_by(Assessment.line_id)
        .subquery()
    )
    collected = (
        select(Collection.line_id, func.sum(Collection.amount).label("collected"))
        .group_by(Collection.line_id)
        .subquery()
    )
    stmt = (
        select(RevenueLine, assessed.c.assessed, collected.c.collected)
        .outerjoin(assessed, assessed.c.line_id == RevenueLine.id)
        .outerjoin(collected, collected.c.line_id == RevenueLine.id)
        .where(RevenueLine.year == year)
        .order_by(RevenueLine.code)
    )
    return [
        RevenueExecution(line, Decimal(a or 0), Decimal(c or 0))
        for line, a, c in session.execute(stmt).all()
    ]
