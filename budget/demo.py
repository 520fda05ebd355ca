"""A year of the commune's budget, replayed through the services at each step's date.

The initial budget is proposed, voted and approved in the autumn before the year; a
supplementary budget waits for its vote; a transfer was authorised and another waits;
expenses sit in every state of the chain, committed and ordered by the demo's budget
officer and paid (or sent back) by its accountant. Revenues follow
(:mod:`budget.revenues.demo`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from html import escape
from pathlib import Path
from random import Random
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from budget import attachments, nomenclature, services
from budget.models import Budget, BudgetLine, Commitment, Supplier
from budget.permissions import ACCOUNTANT, OFFICER
from budget.revenues.demo import load_revenues
from municipality.db import clock_at, scoped_to
from municipality.demo import DemoYear, staff_email
from municipality.files import STORE_KEY, FileStore
from municipality.models import Commune, User
from municipality.pdf import html_to_pdf

OFFICER_PERMS = frozenset(OFFICER)
ACCOUNTANT_PERMS = frozenset(ACCOUNTANT)
SUPPLIERS = (
    ("Sotravo SARL", "Zone industrielle, lot 12"),
    ("Papeterie du Centre", "Avenue principale 45"),
    ("Lumière Services", "Rue des Artisans 8"),
    ("Hydro Forages", "Route nationale, km 4"),
)
PURPOSES = (
    "Rames de papier et fournitures",
    "Carburant des véhicules de service",
    "Remplacement de lampadaires",
    "Entretien des bâtiments communaux",
    "Travaux de voirie, tranche 1",
    "Collecte des déchets, mois courant",
)
# The chain's last state for each demo expense, in the order they are committed.
STATES = (
    "paid", "paid", "paid", "paid", "paid", "ordered", "rejected",
    "liquidated", "committed", "committed", "cancelled",
)  # fmt: skip


# One step of an expense: the action, the permissions and person doing it, its data.
Step = tuple[str, frozenset[str], int | None, dict[str, Any]]


def _credit(rng: Random, currency: str) -> Decimal:
    """A line's credit: a few hundred thousand dirhams, a few tens of millions of francs."""
    if currency == "XOF":
        return Decimal(rng.randrange(5_000, 60_000) * 1_000)
    return Decimal(rng.randrange(20_000, 200_000) * 10)


def _staff(session: Session, role: str, commune: Commune) -> User | None:
    email = staff_email(role, commune.slug)
    return session.execute(select(User).where(User.email == email)).scalar_one_or_none()


def _moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=UTC)


def _fiscal_start(year: DemoYear) -> datetime:
    """When the demo's budget year opens (its budget is voted and approved before): money
    is committed and moved only from then on."""
    return max(year.start, datetime(year.end.year, 1, 1, 9, tzinfo=UTC))


def load_demo(session: Session, commune: Commune, actor: str, year: DemoYear) -> None:
    """The year's budget, a supplementary one, transfers and expenses in every state."""
    with scoped_to(session, commune.id):
        _load(session, commune, actor, year)


def _load(session: Session, commune: Commune, actor: str, year: DemoYear) -> None:
    rng = year.random(commune, "budget")
    fiscal = year.end.year
    autumn = date(fiscal - 1, 10, 15)
    with clock_at(_moment(autumn)):
        nomenclature.load_country_codes(session, actor=actor, commune=commune)
        budget = _initial_budget(session, commune, actor, fiscal, rng)
    lines = [a.line for a in budget.allocations]
    suppliers = _suppliers(session, commune, actor, _fiscal_start(year).date())
    made = _commitments(
        session, commune, actor=actor, year=year, lines=lines, suppliers=suppliers, rng=rng
    )
    _invoices(session, commune, actor=actor, year=year, commitments=made)
    _transfers(session, commune, actor, year, lines)
    load_revenues(session, commune, actor, year=year, opened=_fiscal_start(year), rng=rng)
    with clock_at(year.end - timedelta(days=10)):
        extra = services.create_budget(session, actor=actor, commune=commune, year=fiscal)
        services.allocate(
            session,
            actor=actor,
            commune=commune,
            budget=extra,
            code=lines[-1].code,
            amount=_credit(rng, commune.currency),
        )


def _initial_budget(
    session: Session, commune: Commune, actor: str, fiscal: int, rng: Random
) -> Budget:
    budget = services.create_budget(session, actor=actor, commune=commune, year=fiscal)
    for code in services.codes(session):
        services.allocate(
            session,
            actor=actor,
            commune=commune,
            budget=budget,
            code=code,
            amount=_credit(rng, commune.currency),
        )
    steps = (
        ("vote", date(fiscal - 1, 10, 30), "Délibération du conseil"),
        ("approve", date(fiscal - 1, 12, 15), "Visa de l'autorité de tutelle"),
    )
    for action, day, decision in steps:
        with clock_at(_moment(day)):
            services.act_budget(
                session,
                actor=actor,
                budget=budget,
                action=action,
                permissions=OFFICER_PERMS,
                data={"decision": f"{decision} {fiscal}", "decided_on": day},
            )
    return budget


def _suppliers(session: Session, commune: Commune, actor: str, day: date) -> list[Supplier]:
    with clock_at(_moment(day)):
        return [
            services.create_supplier(
                session,
                actor=actor,
                commune=commune,
                data={"name": name, "tax_id": f"{commune.id:03d}{n:09d}", "address": address},
            )
            for n, (name, address) in enumerate(SUPPLIERS, start=1)
        ]


def _commitments(
    session: Session,
    commune: Commune,
    *,
    actor: str,
    year: DemoYear,
    lines: list[BudgetLine],
    suppliers: list[Supplier],
    rng: Random,
) -> list[Commitment]:
    officer = _staff(session, "budget_officer", commune)
    accountant = _staff(session, "accountant", commune)
    officer_id = officer.id if officer else None
    accountant_id = accountant.id if accountant else None
    opened = _fiscal_start(year)
    step = (year.end - opened) / (len(STATES) + 2)
    made = []
    for n, final in enumerate(STATES):
        when = opened + step * (n + 1)
        line = lines[n % len(lines)]
        amount = (line.credit / 20).quantize(Decimal(1))
        with clock_at(when):
            commitment = services.commit(
                session,
                actor=actor,
                commune=commune,
                user_id=officer_id,
                line=line,
                supplier=suppliers[n % len(suppliers)],
                amount=amount,
                purpose=PURPOSES[n % len(PURPOSES)],
            )
        _advance(
            session,
            commune,
            actor=actor,
            commitment=commitment,
            final=final,
            when=when,
            people=(officer_id, accountant_id),
        )
        made.append(commitment)
    return made


def _invoice_pdf(commitment: Commitment) -> bytes:
    """A supplier's invoice for the expense, as the officer would scan or receive it."""
    supplier = commitment.supplier
    html = (
        "<html lang='fr'><body style='font-family: \"Noto Sans\", sans-serif'>"
        f"<h1>{escape(supplier.name)}</h1><p>{escape(supplier.address or '')}</p>"
        f"<h2>Facture {escape(commitment.invoice_ref or '')}</h2>"
        f"<p>{escape(commitment.purpose)}</p>"
        f"<p>Montant dû : {commitment.liquidated_amount}</p></body></html>"
    )
    return html_to_pdf(html, Path(__file__).resolve().parent / "templates" / "council")


def _invoices(
    session: Session,
    commune: Commune,
    *,
    actor: str,
    year: DemoYear,
    commitments: list[Commitment],
) -> None:
    """The invoice of every expense whose service was recorded as done, attached on the
    day the service was done (when the application has a file store)."""
    store: FileStore | None = year.registry.get(STORE_KEY)
    if store is None:
        return
    officer = _staff(session, "budget_officer", commune)
    for commitment in commitments:
        if commitment.liquidated_at is None or commitment.state == "cancelled":
            continue
        with clock_at(commitment.liquidated_at):
            attachments.attach(
                session,
                actor=actor,
                user_id=officer.id if officer else None,
                commitment=commitment,
                kind="invoice",
                filename=f"facture-{commitment.invoice_ref}.pdf",
                data=_invoice_pdf(commitment),
                store=store,
            )


def _advance(
    session: Session,
    commune: Commune,
    *,
    actor: str,
    commitment: Commitment,
    final: str,
    when: datetime,
    people: tuple[int | None, int | None],
) -> None:
    """Take one expense along the chain to ``final``, a few days per step."""
    officer_id, accountant_id = people
    due = commitment.amount - (commitment.amount / 10).quantize(Decimal(1))
    service_done = {
        "invoice_ref": f"F-{commitment.number[-4:]}",
        "service_done_on": (when + timedelta(days=12)).date(),
        "liquidated_amount": due,
    }
    plans: dict[str, list[Step]] = {
        "committed": [],
        "cancelled": [("cancel", OFFICER_PERMS, officer_id, {"reason": "Besoin couvert"})],
        "liquidated": [("liquidate", OFFICER_PERMS, officer_id, service_done)],
        "ordered": [
            ("liquidate", OFFICER_PERMS, officer_id, service_done),
            ("order", OFFICER_PERMS, officer_id, {}),
        ],
        "rejected": [
            ("liquidate", OFFICER_PERMS, officer_id, service_done),
            ("order", OFFICER_PERMS, officer_id, {}),
            ("reject", ACCOUNTANT_PERMS, accountant_id, {"reason": "RIB du fournisseur absent"}),
        ],
    }
    plans["paid"] = [*plans["ordered"], ("pay", ACCOUNTANT_PERMS, accountant_id, {})]
    for days, (action, permissions, user_id, data) in enumerate(plans[final], start=1):
        with clock_at(when + timedelta(days=14 * days)):
            services.act(
                session,
                actor=actor,
                commune=commune,
                user_id=user_id,
                commitment=commitment,
                action=action,
                permissions=permissions,
                data=data,
            )


def _transfers(
    session: Session, commune: Commune, actor: str, year: DemoYear, lines: list[BudgetLine]
) -> None:
    """One authorised transfer within a chapter, and one that waits for its decision."""
    source, target = lines[1], lines[2]
    amount = (target.voted / 10).quantize(Decimal(1))
    opened = _fiscal_start(year)
    middle = opened + (year.end - opened) / 2
    with clock_at(middle):
        done = services.request_transfer(
            session,
            actor=actor,
            commune=commune,
            source=source,
            target=target,
            amount=amount,
            reason="Hausse du prix du carburant",
        )
    with clock_at(middle + timedelta(days=20)):
        services.act_transfer(
            session,
            actor=actor,
            transfer=done,
            action="authorise",
            permissions=OFFICER_PERMS,
            data={
                "decision": "Arrêté de virement",
                "decided_on": (middle + timedelta(days=20)).date(),
            },
        )
    with clock_at(year.end - timedelta(days=5)):
        services.request_transfer(
            session,
            actor=actor,
            commune=commune,
            source=lines[0],
            target=lines[-1],
            amount=(lines[-1].voted / 20).quantize(Decimal(1)),
            reason="Travaux urgents",
        )
