"""The revenue side of the demo year, replayed through the services at each step's date.

The year's revenue lines open in the autumn before it, with their forecast; the officer
issues assessments through the year, the accountant collects them (some in full, some in
part, one cancelled, others left past due as arrears) and takes fees at the counter, each
with its sealed receipt. Payments the payments module's demo confirms later in the year
are booked on the fee lines by themselves.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from random import Random

from sqlalchemy.orm import Session

from budget.permissions import Perm
from budget.revenues import receipts, services
from budget.revenues.models import Assessment, RevenueLine
from municipality.db import clock_at
from municipality.demo import DemoYear
from municipality.models import Commune

DEBTORS = (
    ("Société Immobilière Atlas", "ICE001122334"),
    ("Hôtel Les Palmiers", "ICE002233445"),
    ("Café du Marché", None),
    ("Coopérative Al Amal", "ICE003344556"),
    ("Garage Central", None),
    ("Boulangerie Ennour", None),
    ("Clinique Ibn Sina", "ICE004455667"),
)
# What becomes of each demo assessment: paid off, paid in part, left owing, cancelled.
OUTCOMES = ("paid", "paid", "part", "owing", "paid", "cancelled", "owing")
COUNTER_PAYERS = ("Ahmed Benali", "Fatima Zahra El Idrissi", "Moussa Keita", "Aminata Diallo")


def _moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 11, tzinfo=UTC)


def _forecast(rng: Random, currency: str) -> Decimal:
    if currency == "XOF":
        return Decimal(rng.randrange(2_000, 40_000) * 1_000)
    return Decimal(rng.randrange(10_000, 150_000) * 10)


def _amount(rng: Random, currency: str) -> Decimal:
    if currency == "XOF":
        return Decimal(rng.randrange(50, 900) * 1_000)
    return Decimal(rng.randrange(400, 9_000)) + Decimal(rng.choice((0, 50))) / 100


def load_revenues(
    session: Session,
    commune: Commune,
    actor: str,
    *,
    year: DemoYear,
    opened: datetime,
    rng: Random,
) -> None:
    """Revenue lines, assessments in every state, counter collections with receipts."""
    fiscal = year.end.year
    with clock_at(_moment(date(fiscal - 1, 10, 15))):
        services.open_lines(session, actor=actor, commune=commune, year=fiscal)
        lines = services.lines(session, fiscal)
        for line in lines:
            services.set_forecast(
                session,
                actor=actor,
                commune=commune,
                line=line,
                amount=_forecast(rng, commune.currency),
            )
    taxed = [line for line in lines if not line.fee_items and line.section == "operating"]
    step = (year.end - opened) / (len(OUTCOMES) + 2)
    for n, outcome in enumerate(OUTCOMES):
        when = opened + step * (n + 1)
        with clock_at(when):
            assessment = services.assess(
                session,
                actor=actor,
                commune=commune,
                line=taxed[n % len(taxed)],
                debtor=DEBTORS[n][0],
                debtor_id=DEBTORS[n][1],
                amount=_amount(rng, commune.currency),
                due_on=(when + timedelta(days=30)).date(),
                purpose=f"{taxed[n % len(taxed)].label_fr} {fiscal}",
            )
        _settle(
            session,
            commune,
            actor,
            year=year,
            assessment=assessment,
            outcome=outcome,
            when=when,
        )
    fee_lines = [line for line in lines if line.fee_items]
    for n, payer in enumerate(COUNTER_PAYERS):
        with clock_at(opened + timedelta(days=20 + 37 * n)):
            _counter(
                session,
                commune,
                actor,
                year=year,
                line=fee_lines[n % len(fee_lines)],
                payer=payer,
                rng=rng,
            )


def _settle(
    session: Session,
    commune: Commune,
    actor: str,
    *,
    year: DemoYear,
    assessment: Assessment,
    outcome: str,
    when: datetime,
) -> None:
    """Collect or cancel the assessment a few days after it was issued."""
    later = min(when + timedelta(days=12), year.end - timedelta(hours=1))
    with clock_at(later):
        if outcome == "cancelled":
            services.cancel(
                session,
                actor=actor,
                assessment=assessment,
                permissions=frozenset({Perm.ASSESS}),
                reason="Débiteur déjà imposé sous un autre numéro",
            )
            return
        if outcome == "owing":
            return
        amount = assessment.amount if outcome == "paid" else _half(assessment, commune)
        collection = services.collect(
            session, actor=actor, commune=commune, assessment=assessment, amount=amount
        )
        receipts.issue_receipt(
            session, year.registry, actor=actor, commune=commune, collection=collection
        )


def _half(assessment: Assessment, commune: Commune) -> Decimal:
    places = Decimal(1) if commune.currency == "XOF" else Decimal("0.01")
    return (assessment.amount / 2).quantize(places)


def _counter(
    session: Session,
    commune: Commune,
    actor: str,
    *,
    year: DemoYear,
    line: RevenueLine,
    payer: str,
    rng: Random,
) -> None:
    """Money taken at the treasury's counter on a fee line, with its receipt."""
    collection = services.collect(
        session,
        actor=actor,
        commune=commune,
        line=line,
        amount=_amount(rng, commune.currency),
        payer=payer,
    )
    receipts.issue_receipt(
        session, year.registry, actor=actor, commune=commune, collection=collection
    )
