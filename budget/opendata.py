"""The budget as open data: a Fiscal Data Package and spending as OCDS releases.

**The budget** is one CSV row per line of the year, with its four phases as measures
(``proposed``: what the initial budget asked; ``approved``: what the council voted and
the supervisory authority approved; ``adjusted``: the credit after supplementary budgets
and transfers; ``executed``: what was paid), and its ``datapackage.json`` descriptor in
the Fiscal Data Package profile: the code's section, chapter, article and line as the
economic classification, the functional code as the functional one.

**Spending** is an OCDS release package: one contracting process per commitment, its
supplier, its contract and, once paid, the payment as an ``implementation.transactions``
entry. The budget line it was paid from is the process's ``planning.budget`` (its ``id``
is the line's code, its ``uri`` the budget's data package), and each transaction's
``source`` points to that same data package, as OCDS asks to link spending to a Fiscal
Data Package.

**What the public sees** follows the budget's publication rule, the one its public page
keeps (lines and figures, never a supplier or a person): only years whose budget the
supervisory authority approved; each supplier as a stable opaque identifier, so a
re-user can add up what one supplier received without learning who it is, never its
name, tax identifier, address or bank account; never the staff who signed a step.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from budget import services
from budget.models import Allocation, Budget, BudgetLine, Commitment
from municipality.db import utcnow
from municipality.models import Commune

OCDS_VERSION = "1.1"
# The prefix this installation publishes its OCDS identifiers under, before the
# commune's slug; a commune that registers its own prefix with OCDS changes it here.
OCID_PREFIX = "ocds-baladiya"
PHASES = ("proposed", "approved", "adjusted", "executed")
CLASSIFICATION = ("code", "section", "chapter", "article", "line", "label_fr", "label_ar")
CSV_FIELDS = ("year", *CLASSIFICATION, "functional", *PHASES)
CSV_NAME = "budget.csv"
CONTRACT_STATUS = {
    "committed": "active",
    "liquidated": "active",
    "ordered": "active",
    "paid": "terminated",
    "cancelled": "cancelled",
}


@dataclass(frozen=True)
class BudgetRow:
    """One line of the year in the four phases of the Fiscal Data Package."""

    line: BudgetLine
    proposed: Decimal
    approved: Decimal
    adjusted: Decimal
    executed: Decimal


def published_years(session: Session, *, public: bool) -> list[int]:
    """The years whose budget may be published: approved ones for the public."""
    return services.years(session, approved_only=public)


def budget_rows(session: Session, year: int) -> list[BudgetRow]:
    """Every line of the year with what was proposed, approved, adjusted and executed."""
    stmt = (
        select(Allocation.line_id, func.sum(Allocation.amount))
        .join(Budget, Allocation.budget_id == Budget.id)
        .where(Budget.year == year, Budget.kind == "initial")
        .group_by(Allocation.line_id)
    )
    proposed: dict[int, Decimal] = dict(session.execute(stmt).tuples().all())
    return [
        BudgetRow(
            line=row.line,
            proposed=Decimal(proposed.get(row.line.id) or 0),
            approved=row.line.voted,
            adjusted=row.credit,
            executed=row.paid,
        )
        for row in services.execution(session, year)
    ]


def _figure(value: Decimal, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def budget_csv(rows: Iterable[BudgetRow], *, year: int, decimals: int) -> str:
    """The CSV the data package describes: one row per line, amounts with a dot."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for row in rows:
        code = row.line.code
        writer.writerow(
            [
                year,
                code.code,
                code.section,
                code.chapter,
                code.article,
                code.line,
                code.label_fr,
                code.label_ar,
                code.functional or "",
                *(_figure(getattr(row, phase), decimals) for phase in PHASES),
            ]
        )
    return out.getvalue()


def _field(name: str) -> dict[str, Any]:
    if name in PHASES:
        return {"name": name, "type": "number", "constraints": {"required": True}}
    if name == "year":
        return {"name": name, "type": "year", "constraints": {"required": True}}
    required = name not in ("functional",)
    return {"name": name, "type": "string", "constraints": {"required": required}}


def datapackage(commune: Commune, year: int, *, title: str) -> dict[str, Any]:
    """The Fiscal Data Package descriptor of the year's budget CSV (served beside it)."""
    economic = {
        name: {"source": name, **({"labelfor": "code"} if name.startswith("label") else {})}
        for name in CLASSIFICATION
    }
    for child, parent in (("chapter", "section"), ("article", "chapter"), ("line", "article")):
        economic[child]["parent"] = parent
    # The Fiscal Data Package profile extends the tabular one and keeps its ``profile``
    # value: a fiscal package says so by its ``model``.
    return {
        "profile": "tabular-data-package",
        "name": f"budget-{commune.slug}-{year}".lower(),
        "title": title,
        "countryCode": commune.country_profile,
        "granularity": "transactional",
        "fiscalPeriod": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
        "resources": [
            {
                "name": "budget",
                "path": CSV_NAME,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [_field(name) for name in CSV_FIELDS],
                    "primaryKey": ["year", "code"],
                },
            }
        ],
        "model": {
            "measures": {
                phase: {
                    "source": phase,
                    "currency": commune.currency,
                    "direction": "expenditure",
                    "phase": phase,
                }
                for phase in PHASES
            },
            "dimensions": {
                "economic": {
                    "attributes": economic,
                    "primaryKey": "code",
                    "dimensionType": "classification",
                    "classificationType": "economic",
                },
                "functional": {
                    "attributes": {"functional": {"source": "functional"}},
                    "primaryKey": "functional",
                    "dimensionType": "classification",
                    "classificationType": "functional",
                },
                "date": {
                    "attributes": {"year": {"source": "year"}},
                    "primaryKey": "year",
                    "dimensionType": "datetime",
                },
            },
        },
    }


# --- Spending as OCDS -------------------------------------------------------------------


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def _amount(value: Decimal, currency: str) -> dict[str, Any]:
    return {"amount": float(value), "currency": currency}


def _last_step(commitment: Commitment) -> datetime:
    steps = (
        commitment.committed_at,
        commitment.liquidated_at,
        commitment.ordered_at,
        commitment.paid_at,
    )
    return max(moment for moment in steps if moment is not None)


@dataclass(frozen=True)
class Publisher:
    """Who publishes the releases and where the budget they point to can be read."""

    commune: Commune
    name: str
    package_uri: Callable[[int], str]
    public: bool


def _supplier_party(commitment: Commitment, public: bool) -> dict[str, Any]:
    """The supplier as an OCDS party: for the public, a stable opaque identifier only."""
    supplier = commitment.supplier
    party: dict[str, Any] = {"id": f"supplier-{supplier.public_id}", "roles": ["supplier", "payee"]}
    if not public:
        party["name"] = supplier.name
        party["identifier"] = {"id": supplier.tax_id, "legalName": supplier.name}
        if supplier.address:
            party["address"] = {"streetAddress": supplier.address}
    return party


def release(commitment: Commitment, publisher: Publisher) -> dict[str, Any]:
    """One commitment as an OCDS release: planning (its budget line), award, contract and,
    once paid, the payment as a transaction linked to that line."""
    commune = publisher.commune
    currency = commune.currency
    line = commitment.line
    budget_uri = publisher.package_uri(line.year)
    buyer = {"id": f"commune-{commune.public_id}", "name": publisher.name}
    supplier = _supplier_party(commitment, publisher.public)
    supplier_ref = {k: v for k, v in supplier.items() if k in ("id", "name")}
    due = commitment.liquidated_amount or commitment.amount
    label = line.code.label_fr
    contract: dict[str, Any] = {
        "id": commitment.number,
        "awardID": commitment.number,
        "title": commitment.purpose,
        "status": CONTRACT_STATUS[commitment.state],
        "value": _amount(due, currency),
        "dateSigned": _stamp(commitment.committed_at),
    }
    if commitment.state == "paid" and commitment.paid_at is not None:
        contract["implementation"] = {
            "transactions": [
                {
                    "id": f"{commitment.number}/payment",
                    "source": budget_uri,
                    "date": _stamp(commitment.paid_at),
                    "value": _amount(due, currency),
                    "payer": buyer,
                    "payee": supplier_ref,
                }
            ]
        }
    return {
        "ocid": f"{OCID_PREFIX}-{commune.slug}-{commitment.public_id}",
        "id": f"{commitment.public_id}-{commitment.state}",
        "date": _stamp(_last_step(commitment)),
        "tag": ["contractTermination"]
        if commitment.state in ("paid", "cancelled")
        else ["contract", "implementation"],
        "initiationType": "tender",
        "language": "fr",
        "buyer": buyer,
        "parties": [{**buyer, "roles": ["buyer", "payer"]}, supplier],
        "planning": {
            "budget": {
                "id": line.code.code,
                "description": label,
                "amount": _amount(line.credit, currency),
                "uri": budget_uri,
            }
        },
        "awards": [
            {
                "id": commitment.number,
                "status": "cancelled" if commitment.state == "cancelled" else "active",
                "value": _amount(commitment.amount, currency),
                "suppliers": [supplier_ref],
                "date": _stamp(commitment.committed_at),
            }
        ],
        "contracts": [contract],
    }


def spending_commitments(session: Session, year: int) -> list[Commitment]:
    """The year's commitments, in the order they were made."""
    stmt = (
        select(Commitment)
        .join(BudgetLine, Commitment.line_id == BudgetLine.id)
        .where(BudgetLine.year == year)
        .order_by(Commitment.committed_at, Commitment.id)
    )
    return list(session.execute(stmt).scalars())


def release_package(
    session: Session, year: int, publisher: Publisher, *, uri: str
) -> dict[str, Any]:
    """The year's spending as one OCDS release package."""
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": _stamp(utcnow()),
        "publisher": {"name": publisher.name},
        "releases": [
            release(commitment, publisher) for commitment in spending_commitments(session, year)
        ],
    }
