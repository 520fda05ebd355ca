"""``python -m bench budget``: a large commune's year, its execution report against a plain
SQL aggregate.

On a fresh database (SQLite in a scratch directory, and PostgreSQL when reachable) it
makes one commune with the budget module, its country's nomenclature and an approved
budget opening every code, then loads ``--commitments`` commitments (50,000 by default:
a large commune's year) spread over the lines, the months and the chain's states
(committed, liquidated, ordered, paid, cancelled). The budget goes through the services;
the commitments are inserted in bulk, because what is measured is reading them, not
the chain (``tests/budget`` covers the chain and the no-overspend race).

Each run alternates, ``--repeats`` times each:

- **floor**: one plain SQL statement on a connection, the four figures per line summed
  by the database (``GROUP BY`` line over the commune's commitments of the year), rows
  fetched and nothing built;
- **report**: :func:`budget.services.execution` in a session scoped to the commune, as the
  execution page calls it: the lines with their codes as ORM objects and their figures.

It prints the medians of ``--runs`` runs and the ratio report/floor (target at most
:data:`TARGET_RATIO`), with the month-by-month trend's time for information, and writes
``bench/results/budget.json``. It never fails because of a number.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.engine import Engine

from bench import database
from budget import services, trend
from budget.models import BudgetLine, Commitment
from municipality.db import make_session_factory, set_commune_scope
from municipality.models import Commune
from municipality.transactions import unit_of_work
from tests import factories

TARGET_RATIO = 2.0
YEAR = 2026
RESULTS = Path(__file__).resolve().parent / "results" / "budget.json"
STATES = ("committed", "liquidated", "ordered", "paid", "paid", "paid", "cancelled")
BATCH = 5_000
FLOOR_SQL = text(
    """
    SELECT c.line_id,
           SUM(CASE WHEN c.state <> 'cancelled'
                    THEN COALESCE(c.liquidated_amount, c.amount) ELSE 0 END),
           SUM(CASE WHEN c.state IN ('liquidated', 'ordered', 'paid')
                    THEN c.liquidated_amount ELSE 0 END),
           SUM(CASE WHEN c.state IN ('ordered', 'paid') THEN c.liquidated_amount ELSE 0 END),
           SUM(CASE WHEN c.state = 'paid' THEN c.liquidated_amount ELSE 0 END)
      FROM budget_commitments c
      JOIN budget_lines l ON l.id = c.line_id
     WHERE c.commune_id = :commune AND l.year = :year
     GROUP BY c.line_id
    """
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench budget", description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=5, help="alternations a run")
    parser.add_argument("--commitments", type=int, default=50_000)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BALADIYA_BENCH_POSTGRES_URL", database.DEFAULT_POSTGRES_URL),
        help="a benchmark database: dropped and recreated",
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.repeats < 1 or args.commitments < 1:
        parser.error("--runs, --repeats and --commitments must be at least 1")
    return args


def _budget(engine: Engine) -> tuple[int, list[tuple[int, Decimal]], int]:
    """The commune, its lines with their credit, and a user who committed, via services."""
    with unit_of_work(make_session_factory(engine)) as session:
        commune = factories.commune(session, slug="bench-budget")
        factories.enable(session, commune, "budget")
        officer = factories.user(session, role="budget_officer", commune_=commune)
        factories.budget_code(session, commune_=commune)
        set_commune_scope(session, commune.id)
        codes = [c.code for c in services.codes(session)]
        factories.budget(
            session, commune_=commune, year=YEAR, credits=dict.fromkeys(codes, 100_000_000)
        )
        set_commune_scope(session, commune.id)
        lines = [(line.id, line.credit) for line in services.lines(session, YEAR)]
        return commune.id, lines, officer.id


def _row(
    number: int, commune_id: int, line_id: int, supplier_id: int, user_id: int, rng: random.Random
) -> dict[str, Any]:
    """One commitment of the year at a random step of the chain."""
    state = rng.choice(STATES)
    committed_at = datetime(YEAR, 1, 2, 8, tzinfo=UTC) + timedelta(minutes=rng.randrange(520_000))
    amount = Decimal(rng.randrange(10_000, 2_000_000)) / 100
    step = timedelta(days=rng.randrange(1, 20))
    later = state in ("liquidated", "ordered", "paid")
    return {
        "public_id": uuid.uuid4(),
        "commune_id": commune_id,
        "number": f"{YEAR}/{number:06d}",
        "line_id": line_id,
        "supplier_id": supplier_id,
        "purpose": "Fournitures et travaux d'entretien",
        "amount": amount,
        "state": state,
        "liquidated_amount": (amount * Decimal("0.95")).quantize(Decimal("0.01"))
        if later
        else None,
        "invoice_ref": f"F-{number}" if later else None,
        "service_done_on": (committed_at + step).date() if later else None,
        "committed_by_id": user_id,
        "ordered_by_id": user_id if state in ("ordered", "paid") else None,
        "committed_at": committed_at,
        "liquidated_at": committed_at + step if later else None,
        "ordered_at": committed_at + 2 * step if state in ("ordered", "paid") else None,
        "paid_at": committed_at + 3 * step if state == "paid" else None,
        "reason": "Annulé" if state == "cancelled" else None,
        "created_at": committed_at,
        "updated_at": committed_at,
    }


def load(engine: Engine, count: int) -> int:
    """The commune's year: its approved budget and ``count`` commitments; its id."""
    commune_id, lines, user_id = _budget(engine)
    with unit_of_work(make_session_factory(engine)) as session:
        commune = session.get(Commune, commune_id)
        assert commune is not None
        suppliers = [factories.supplier(session, commune_=commune).id for _ in range(50)]
    rng = random.Random(2026)
    rows = [
        _row(n, commune_id, rng.choice(lines)[0], rng.choice(suppliers), user_id, rng)
        for n in range(1, count + 1)
    ]
    with engine.begin() as connection:
        for first in range(0, count, BATCH):
            connection.execute(insert(Commitment), rows[first : first + BATCH])
        if engine.dialect.name == "postgresql":
            connection.execute(text("ANALYZE budget_commitments"))
            connection.execute(text("ANALYZE budget_lines"))
    return commune_id


def seconds(step: Callable[[], object]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def one_run(engine: Engine, commune_id: int, repeats: int) -> dict[str, float]:
    """Median times of the floor, the report and the trend, alternating in one run."""
    factory = make_session_factory(engine)

    def floor() -> object:
        with engine.connect() as connection:
            return connection.execute(FLOOR_SQL, {"commune": commune_id, "year": YEAR}).all()

    def report() -> object:
        with unit_of_work(factory) as session:
            set_commune_scope(session, commune_id)
            return services.execution(session, YEAR)

    def monthly() -> object:
        with unit_of_work(factory) as session:
            set_commune_scope(session, commune_id)
            return trend.monthly(session, YEAR, "Africa/Casablanca")

    times: dict[str, list[float]] = {"floor": [], "report": [], "trend": []}
    for _ in range(repeats):
        times["floor"].append(seconds(floor))
        times["report"].append(seconds(report))
        times["trend"].append(seconds(monthly))
    return {name: statistics.median(values) for name, values in times.items()}


def _cents(value: object) -> Decimal:
    """A sum as the database returned it (SQLite's are floats), to the centime."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def check(engine: Engine, commune_id: int) -> None:
    """The report and the floor add up to the same figures, or the comparison means nothing."""
    with engine.connect() as connection:
        floor = {
            row[0]: tuple(_cents(v) for v in row[1:])
            for row in connection.execute(FLOOR_SQL, {"commune": commune_id, "year": YEAR})
        }
    with unit_of_work(make_session_factory(engine)) as session:
        set_commune_scope(session, commune_id)
        report = {
            r.line.id: tuple(_cents(v) for v in (r.committed, r.liquidated, r.ordered, r.paid))
            for r in services.execution(session, YEAR)
            if r.line.id in floor or r.committed
        }
        count = session.execute(select(BudgetLine.id)).all()
    if floor != report:
        raise SystemExit("the report and the plain aggregate disagree: not measuring")
    print(f"  {len(count)} lines, figures agree with the plain aggregate")


def measure(url: str, args: argparse.Namespace) -> dict[str, Any]:
    engine = database.migrate(url)
    started = time.perf_counter()
    commune_id = load(engine, args.commitments)
    loaded = time.perf_counter() - started
    check(engine, commune_id)
    runs = [one_run(engine, commune_id, args.repeats) for _ in range(args.runs)]
    versions = database.versions(engine)
    engine.dispose()
    medians = {name: statistics.median(r[name] for r in runs) for name in runs[0]}
    return {
        "commitments": args.commitments,
        "load_s": round(loaded, 1),
        "floor_ms": round(medians["floor"] * 1000, 1),
        "report_ms": round(medians["report"] * 1000, 1),
        "trend_ms": round(medians["trend"] * 1000, 1),
        "ratio": round(medians["report"] / medians["floor"], 2),
        "target_ratio": TARGET_RATIO,
        "runs": [{k: round(v * 1000, 1) for k, v in r.items()} for r in runs],
        "versions": versions,
        "measured_on": date.today().isoformat(),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results: dict[str, Any] = {}
    for backend, url, _work in database.fresh_databases(args.db, args.postgres_url, "budget"):
        print(f"{backend}: loading {args.commitments} commitments")
        result = measure(url, args)
        results[backend] = result
        verdict = "meets" if result["ratio"] <= TARGET_RATIO else "above"
        print(
            f"{backend}: plain aggregate {result['floor_ms']} ms, execution report "
            f"{result['report_ms']} ms, ratio {result['ratio']} ({verdict} {TARGET_RATIO}x); "
            f"monthly trend {result['trend_ms']} ms; loaded in {result['load_s']} s"
        )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0
