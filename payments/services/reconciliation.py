"""The daily reconciliation: our records against the provider's statement, line by line.

A line matches when both sides know the payment (our reference, theirs) with the same
amount and both say the money moved. Every other line is a difference the treasurer
sees: money the provider moved that we never credited (``missing_ours``), money we
credited that the provider does not show (``missing_theirs``), another amount
(``amount``), a reversal on one side only (``reversed``). Running a day again replaces
its differences, so the page always shows the latest statement.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from municipality import audit
from municipality.models import Commune
from payments import money
from payments.adapters import ProviderError, StatementLine
from payments.gateway import PROVIDERS, Gateway
from payments.models import Difference, Payment, Reconciliation
from payments.workflow import CREDITED, REVERSING

MOVED = (CREDITED, REVERSING, "reversed")


def _ours(session: Session, provider: str, day: date) -> dict[str, Payment]:
    start = datetime.combine(day, time.min, tzinfo=UTC)
    found = session.execute(
        select(Payment).where(
            Payment.provider == provider,
            Payment.created_at >= start,
            Payment.created_at < start + timedelta(days=1),
        )
    ).scalars()
    return {p.reference: p for p in found}


def _compare(ours: dict[str, Payment], theirs: list[StatementLine]) -> tuple[int, list[Difference]]:
    matched = 0
    found: list[Difference] = []
    seen: set[str] = set()
    for line in theirs:
        seen.add(line.our_ref)
        payment = ours.get(line.our_ref)
        common = {"our_ref": line.our_ref, "their_ref": line.their_ref, "their_amount": line.amount}
        if payment is None:
            found.append(Difference(kind="missing_ours", **common))
        elif not money.same(payment.amount, line.amount):
            found.append(Difference(kind="amount", our_amount=payment.amount, **common))
        elif payment.state not in MOVED:
            found.append(Difference(kind="missing_ours", our_amount=payment.amount, **common))
        elif (payment.state == "reversed") != (line.status == "reversed"):
            found.append(Difference(kind="reversed", our_amount=payment.amount, **common))
        else:
            matched += 1
    for reference, payment in ours.items():
        if reference not in seen and payment.state in MOVED:
            found.append(
                Difference(
                    kind="missing_theirs",
                    our_ref=reference,
                    their_ref=payment.provider_ref,
                    our_amount=payment.amount,
                )
            )
    return matched, found


def reconcile(
    session: Session, *, commune: Commune, gateway: Gateway, provider: str, day: date, actor: str
) -> Reconciliation:
    """Match one provider's statement of ``day``; audited with its counts."""
    theirs = gateway.adapter(commune.slug, provider).statement(day)
    matched, found = _compare(_ours(session, provider, day), theirs)
    run = session.execute(
        select(Reconciliation).where(Reconciliation.provider == provider, Reconciliation.day == day)
    ).scalar_one_or_none()
    if run is None:
        run = Reconciliation(commune_id=commune.id, provider=provider, day=day)
        session.add(run)
        session.flush()
    else:
        session.execute(delete(Difference).where(Difference.reconciliation_id == run.id))
    run.matched, run.differences = matched, len(found)
    for difference in found:
        difference.commune_id = commune.id
        difference.reconciliation_id = run.id
        session.add(difference)
    audit.write(
        session,
        run,
        actor=actor,
        action="payments:reconciliation:ran",
        object_type="reconciliation",
        changes={"matched": [None, matched], "differences": [None, len(found)]},
    )
    return run


def reconcile_day(
    session: Session, *, commune: Commune, gateway: Gateway, day: date, actor: str
) -> list[str]:
    """Every online provider's statement of ``day``; returns the providers that did not answer.

    One provider down leaves the others matched; its day is matched at the next run.
    """
    unanswered = []
    for provider in PROVIDERS:
        try:
            with session.begin_nested():
                reconcile(
                    session,
                    commune=commune,
                    gateway=gateway,
                    provider=provider,
                    day=day,
                    actor=actor,
                )
        except ProviderError:
            unanswered.append(provider)
    return unanswered


def differences(
    session: Session, provider: str | None = None
) -> list[tuple[Reconciliation, Difference]]:
    """Every difference found, latest day first, with its reconciliation."""
    stmt = (
        select(Reconciliation, Difference)
        .join(Difference, Difference.reconciliation_id == Reconciliation.id)
        .order_by(Reconciliation.day.desc(), Difference.id)
    )
    if provider:
        stmt = stmt.where(Reconciliation.provider == provider)
    return [(r, d) for r, d in session.execute(stmt).tuples()]


def runs(session: Session) -> list[Reconciliation]:
    """The reconciliations run, latest day first."""
    return list(
        session.execute(
            select(Reconciliation).order_by(Reconciliation.day.desc(), Reconciliation.provider)
        ).scalars()
    )
