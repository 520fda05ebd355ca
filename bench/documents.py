"""``python -m bench documents``: certificates issued per second, against WeasyPrint alone.

For each database (a scratch SQLite file; PostgreSQL recreated when reachable) it builds
the application in process, makes a bilingual commune with its document-signer, then in
``--runs`` rounds of ``--documents`` measures, alternately, document by document:

- the floor: WeasyPrint rendering the sheet's HTML of one certificate, alone;
- issuance: :func:`documents.issuance.issue_document`, each in its own committed
  transaction: validation, the numbered counter row, the seal, the same rendering, the
  PDF in the file store, the row and its audit event.

It prints the rates the median times give (documents per second) and their ratio, the
target being 0.8 of the floor, and writes them to ``bench/results/documents.json``. It
never fails because of a number.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from pyramid.registry import Registry

from bench import database
from documents import demo, issuance
from documents.permissions import Perm
from documents.rendering import Sheet, html_to_pdf, sheet_html
from documents.residence import RESIDENCE
from modules import load_registry
from municipality import activation
from municipality.database import ENGINE_KEY
from municipality.db import make_session_factory
from municipality.models import Commune
from municipality.transactions import unit_of_work
from tests import factories

TARGET_RATIO = 0.8
RESULTS = Path(__file__).resolve().parent / "results" / "documents.json"
PERMISSIONS = frozenset({Perm.ISSUE})
DATA = {
    "full_name": "Fatima Zahra Idrissi",
    "full_name_ar": "فاطمة الزهراء الإدريسي",
    "date_of_birth": "1984-05-17",
    "place_of_birth": "Fès",
    "place_of_birth_ar": "فاس",
    "national_id": "AB482913",
    "address": "27, Avenue Mohammed V, Bettana",
    "address_ar": "27، شارع محمد الخامس، بطانة",
    "resident_since": "2011-09-01",
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench documents", description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--runs", type=int, default=5, help="rounds (default 5)")
    parser.add_argument("--documents", type=int, default=20, help="documents a round (default 20)")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BALADIYA_BENCH_POSTGRES_URL", database.DEFAULT_POSTGRES_URL),
        help="a benchmark database: dropped and recreated",
    )
    return parser.parse_args(argv)


def prepare(registry: Registry) -> int:
    """The benchmark commune, bilingual, with documents enabled and its signer."""
    with unit_of_work(make_session_factory(registry.settings[ENGINE_KEY])) as session:
        commune = factories.commune(session, slug="bench-documents", languages="ar fr")
        activation.enable(
            session, load_registry(["documents"]), actor="bench", commune=commune, name="documents"
        )
        demo.signer(session, registry, commune, "bench")
        return commune.id


def floor_html(registry: Registry, commune_id: int) -> str:
    """The HTML of a certificate as issuance renders it (the same sheet, data and seal size)."""
    with unit_of_work(make_session_factory(registry.settings[ENGINE_KEY])) as session:
        commune = session.get(Commune, commune_id)
        assert commune is not None
        document = issue(registry, session, commune)
        values = issuance.validated(RESIDENCE, DATA)
        sheet = Sheet(
            commune=commune,
            title=RESIDENCE.title,
            number=document.number,
            fields=RESIDENCE.printed,
            body=RESIDENCE.body,
            template=RESIDENCE.template,
            data=values,
            language="fr",
            issued_on=date.today(),
            expires_on=document.expires_on,
            seal=document.seal,
            verify_url=issuance.verify_url(registry),
        )
        return sheet_html(sheet)


def issue(registry: Registry, session: Any, commune: Commune) -> Any:
    return issuance.issue_document(
        session,
        registry,
        actor="bench",
        commune=commune,
        type_code=RESIDENCE.code,
        data=DATA,
        lang="fr",
        permissions=PERMISSIONS,
    )


def seconds(step: Callable[[], None]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def measure(registry: Registry, commune_id: int, runs: int, count: int) -> dict[str, Any]:
    """Render alone and issue one after the other, document by document, so a machine
    busy with other work slows both alike; the medians of the times give the rates."""
    factory = make_session_factory(registry.settings[ENGINE_KEY])
    html = floor_html(registry, commune_id)

    def render_one() -> None:
        html_to_pdf(html)

    def issue_one() -> None:
        with unit_of_work(factory) as session:
            commune = session.get(Commune, commune_id)
            issue(registry, session, commune)

    floors, issued = [], []
    for _ in range(runs * count):
        floors.append(seconds(render_one))
        issued.append(seconds(issue_one))
    floor, issuance = 1 / statistics.median(floors), 1 / statistics.median(issued)
    return {
        "floor_per_s": round(floor, 2),
        "issued_per_s": round(issuance, 2),
        "ratio": round(issuance / floor, 3),
        "target_ratio": TARGET_RATIO,
        "documents": runs * count,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results: dict[str, Any] = {}
    for backend, url, work in database.fresh_databases(args.db, args.postgres_url, "documents"):
        registry = database.application(url, work)
        result = measure(registry, prepare(registry), args.runs, args.documents)
        results[backend] = result
        verdict = "meets" if result["ratio"] >= TARGET_RATIO else "below"
        print(
            f"{backend}: WeasyPrint alone {result['floor_per_s']}/s, issued "
            f"{result['issued_per_s']}/s, ratio {result['ratio']} ({verdict} {TARGET_RATIO})"
        )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0
