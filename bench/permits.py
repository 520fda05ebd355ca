"""``python -m bench permits``: permit submissions checked per second, end to end, against
the GIS check alone.

For each database (a scratch SQLite file; PostgreSQL recreated when reachable) it builds
the application in process, makes a Moroccan commune with the GIS demo layers (plan in
force, zones, servitudes, parcels) and permits enabled, drafts ``--runs`` x ``--files``
building permits on demo parcels with their checklists attached, then measures,
alternately, file by file:

- the floor: :func:`gis.checks.check` of the file's project on its parcel, alone;
- submission: :func:`permits.services.handling.act` ``submit`` in its own committed
  transaction: the checklist requirement, the same GIS check with its findings stored on
  the file, the state change, its audit event and the applicant's notification.

It prints the rates the median times give (files per second) and their ratio, the target
being 0.5 of the floor, and writes them to ``bench/results/permits.json``. It never fails
because of a number.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pyramid.registry import Registry

from bench import database
from gis import checks
from gis import demo as gis_demo
from municipality.database import ENGINE_KEY
from municipality.db import make_session_factory, set_commune_scope, utcnow
from municipality.demo import DemoYear
from municipality.models import Commune
from municipality.transactions import unit_of_work
from permits.models import PermitFile
from permits.permissions import Perm
from permits.services import handling
from tests import factories

TARGET_RATIO = 0.5
RESULTS = Path(__file__).resolve().parent / "results" / "permits.json"
APPLICANT = frozenset({Perm.APPLY})


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench permits", description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--runs", type=int, default=5, help="rounds (default 5)")
    parser.add_argument("--files", type=int, default=20, help="files a round (default 20)")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BALADIYA_BENCH_POSTGRES_URL", database.DEFAULT_POSTGRES_URL),
        help="a benchmark database: dropped and recreated",
    )
    return parser.parse_args(argv)


def prepare(registry: Registry, count: int) -> tuple[int, list[int]]:
    """The benchmark commune with the GIS demo layers, and ``count`` drafts ready to file,
    each on its own demo parcel."""
    factory = make_session_factory(registry.settings[ENGINE_KEY])
    with unit_of_work(factory) as session:
        commune = factories.permits_commune(session, slug="bench-permits")
        set_commune_scope(session, commune.id)
        gis_demo.load_demo(session, commune, "bench", DemoYear(registry, utcnow(), months=1))
        parcels = gis_demo.layers_for(commune.projected_crs, gis_demo.centre_of(commune)).references
        drafts = []
        for reference in parcels[:count]:
            file = factories.permit_file(session, commune_=commune, parcels=[reference])
            factories.complete_checklist(session, file)
            drafts.append(file.id)
        return commune.id, drafts


def seconds(step: Callable[[], None]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def measure(registry: Registry, commune_id: int, drafts: list[int]) -> dict[str, Any]:
    """Check alone and submit one after the other, file by file, so a machine busy with
    other work slows both alike; the medians of the times give the rates."""
    factory = make_session_factory(registry.settings[ENGINE_KEY])

    def check_one(file_id: int) -> None:
        with unit_of_work(factory) as session:
            set_commune_scope(session, commune_id)
            commune = session.get(Commune, commune_id)
            file = session.get(PermitFile, file_id)
            assert commune is not None
            assert file is not None
            project = checks.Project(
                use=file.use,
                footprint_m2=file.footprint_m2,
                floor_area_m2=file.floor_area_m2,
                height_m=file.height_m,
                floors=file.floors,
            )
            site = checks.site_from_parcels(session, list(file.parcels))
            checks.check(
                session, commune=commune, site=site, project=project, on_date=utcnow().date()
            )

    def submit_one(file_id: int) -> None:
        with unit_of_work(factory) as session:
            set_commune_scope(session, commune_id)
            file = session.get(PermitFile, file_id)
            assert file is not None
            handling.act(session, file, "submit", actor="bench", permissions=APPLICANT)

    floors, submitted = [], []
    for file_id in drafts:
        floors.append(seconds(lambda f=file_id: check_one(f)))
        submitted.append(seconds(lambda f=file_id: submit_one(f)))
    floor, rate = 1 / statistics.median(floors), 1 / statistics.median(submitted)
    return {
        "check_per_s": round(floor, 2),
        "submitted_per_s": round(rate, 2),
        "ratio": round(rate / floor, 3),
        "target_ratio": TARGET_RATIO,
        "files": len(drafts),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results: dict[str, Any] = {}
    for backend, url, work in database.fresh_databases(args.db, args.postgres_url, "permits"):
        registry = database.application(url, work)
        commune_id, drafts = prepare(registry, args.runs * args.files)
        result = measure(registry, commune_id, drafts)
        results[backend] = result
        verdict = "meets" if result["ratio"] >= TARGET_RATIO else "below"
        print(
            f"{backend}: GIS check alone {result['check_per_s']}/s, submitted "
            f"{result['submitted_per_s']}/s, ratio {result['ratio']} ({verdict} {TARGET_RATIO})"
        )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0
