"""``python -m bench ogc``: OGC API items against a bare WSGI view of the same PostGIS query.

On PostgreSQL it builds a fresh database (migrations, the benchmark commune with the GIS
module, ``--parcels`` parcels: the demo's parcel grid near Salé, about 20,000), then
serves Baladiya and the read floor (:mod:`bench.ogcfloor`: the same ``ST_Intersects``
query, ``ST_AsGeoJSON`` and ``json.dumps``, no framework) from separate waitress
processes, and loads ``/ogc/bench/collections/parcels/items?bbox=...&limit=100`` on
both with ``wrk``, a random 0.004 degree box inside the parcels for every request,
``--runs`` times in turn. Both answers to one box are compared first (same parcels,
same properties, same count). It prints requests per second, p50 and p99, the server
CPU per request, the ratio of the medians (Baladiya / floor, which the target judges) and
that of the CPU per answer (floor / Baladiya, steadier on a shared machine), and writes
everything to ``bench/results/ogc.json``. It never fails because of a number.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import shapely
import transaction
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from bench import database, load
from bench.gis import CRS, layers
from bench.load import LoadGenerator, Measurement
from bench.servers import Server, request
from gis.geometry import encode_many, to_wgs84
from gis.models import Parcel
from municipality.db import make_session_factory, session_in_transaction
from municipality.models import Commune
from tests import factories

TARGET_RATIO = 0.6
PAGES = ("floor", "ogc")
RESULTS = Path(__file__).resolve().parent / "results" / "ogc.json"
PATH = f"/ogc/{database.COMMUNE}/collections/parcels/items"
BOX_DEGREES = 0.004
LIMIT = 100
# A box drawn at random inside the parcels for every request, the same draws for both.
LUA = """\
math.randomseed(15)
request = function()
  local west = {west} + math.random() * {width}
  local south = {south} + math.random() * {height}
  local path = string.format("{path}?bbox=%.6f,%.6f,%.6f,%.6f&limit={limit}",
    west, south, west + {box}, south + {box})
  return wrk.format("GET", path)
end
"""
INSERT_CHUNK = 2_000


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench ogc", description=__doc__)
    parser.add_argument("--parcels", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BALADIYA_BENCH_POSTGRES_URL", database.DEFAULT_POSTGRES_URL),
        help="database to drop and recreate (default %(default)s)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.runs < 1 or args.seconds < 1:
        parser.error("--runs and --seconds must be at least 1")
    return args


def seed(engine: Engine, count: int) -> tuple[int, tuple[float, float, float, float]]:
    """The commune with the GIS module and about ``count`` parcels; how many, and their
    bounds in longitude/latitude."""
    database.seed(engine, 0)
    drawn = layers(count, 4)
    lonlat = to_wgs84(drawn.parcels, CRS)
    manager = transaction.TransactionManager(explicit=True)
    with manager:
        session = session_in_transaction(make_session_factory(engine), manager)
        commune = session.execute(
            select(Commune).where(Commune.slug == database.COMMUNE)
        ).scalar_one()
        commune.projected_crs = CRS
        factories.enable_gis(session, commune)
        native = encode_many(drawn.parcels, 26191, "postgresql")
        wgs84 = encode_many(lonlat, 4326, "postgresql")
        areas = shapely.area(drawn.parcels)
        rows = [
            {
                "commune_id": commune.id,
                "reference": reference,
                "area_m2": round(float(area), 2),
                "owner": "Propriétaire",
                "geom": geom,
                "geom_4326": geom_4326,
            }
            for reference, area, geom, geom_4326 in zip(
                drawn.references, areas, native, wgs84, strict=True
            )
        ]
        for start in range(0, len(rows), INSERT_CHUNK):
            session.execute(insert(Parcel), rows[start : start + INSERT_CHUNK])
    west, south, east, north = (float(v) for v in shapely.total_bounds(lonlat))
    return len(rows), (west, south, east, north)


def lua(bounds: tuple[float, float, float, float]) -> str:
    west, south, east, north = bounds
    return LUA.format(
        west=west,
        south=south,
        width=max(0.0, east - west - BOX_DEGREES),
        height=max(0.0, north - south - BOX_DEGREES),
        path=PATH,
        limit=LIMIT,
        box=BOX_DEGREES,
    )


def _page(server: Server, query: str) -> dict[str, Any]:
    reply = request(server.base, "GET", f"{PATH}?{query}", {"Accept": "application/geo+json"})
    if reply.status != 200:
        raise RuntimeError(f"{server.name} answered {reply.status}: {reply.body[:300]!r}")
    return dict(json.loads(reply.body))


def check_same_answer(floor: Server, app: Server, bounds: tuple[float, float, float, float]) -> int:
    """Refuse to measure two servers that do not answer the same parcels for one box."""
    west, south, east, north = bounds
    centre_x, centre_y = (west + east) / 2, (south + north) / 2
    box = (centre_x, centre_y, centre_x + BOX_DEGREES, centre_y + BOX_DEGREES)
    query = "bbox=" + ",".join(f"{v:.6f}" for v in box) + f"&limit={LIMIT}"
    answers = [_page(server, query) for server in (floor, app)]
    found = [
        (
            [f["id"] for f in a["features"]],
            [f["properties"] for f in a["features"]],
            a["numberMatched"],
        )
        for a in answers
    ]
    if found[0] != found[1]:
        raise RuntimeError("the floor and Baladiya do not answer the same parcels for one box")
    return int(answers[1]["numberReturned"])


def _median(measurements: list[Measurement]) -> dict[str, float]:
    fields = (
        "requests_per_s",
        "p50_ms",
        "p99_ms",
        "server_cpu_ms_per_request",
        "bytes_per_request",
        "failed",
        "background_busy",
    )
    return {f: round(statistics.median(getattr(m, f) for m in measurements), 3) for f in fields}


def measure(
    url: str, workdir: Path, args: argparse.Namespace, loadgen: LoadGenerator
) -> dict[str, Any]:
    from bench.__main__ import BUSY_MACHINE, progress

    progress("postgresql: migrating a fresh database")
    engine = database.migrate(url)
    progress(f"  storing {args.parcels} parcels")
    stored, bounds = seed(engine, args.parcels)
    versions = database.versions(engine)
    engine.dispose()
    loadgen.script.write_text(lua(bounds) + load.WRK_SCRIPT)
    settings = ["--setting", "baladiya.modules.available=notices gis"]
    app_args = ["app", "--url", url, "--workdir", str(workdir), *settings]
    runs: dict[str, list[Measurement]] = {page: [] for page in PAGES}
    warnings: list[str] = []
    with (
        Server("ogc-floor", ["ogc-floor", "--url", url], workdir) as floor,
        Server("app-postgresql", app_args, workdir) as app,
    ):
        returned = check_same_answer(floor, app, bounds)
        servers = {"floor": floor, "ogc": app}
        for run in range(1, args.runs + 1):
            for page in PAGES:
                server = servers[page]
                measured = loadgen.measure(
                    server.base + PATH,
                    {"Accept": "application/geo+json"},
                    seconds=args.seconds,
                    warmup=args.warmup,
                    server_pid=server.pid(),
                )
                runs[page].append(measured)
                progress(
                    f"  run {run}/{args.runs} {page:<5} {measured.requests_per_s:8.0f} req/s"
                    f"  p99 {measured.p99_ms:7.1f} ms  failed {measured.failed}"
                    f"  other work {measured.background_busy:.0%}"
                )
                if measured.background_busy > BUSY_MACHINE:
                    warnings.append(
                        f"{page} run {run}: the CPUs were {measured.background_busy:.0%} busy "
                        "with other work just before it; its numbers are low and noisy"
                    )
    median = {page: _median(found) for page, found in runs.items()}
    floor_rps = median["floor"]["requests_per_s"] or 1.0
    ratio = round(median["ogc"]["requests_per_s"] / floor_rps, 3)
    # Server CPU per answer is steadier than throughput on a shared machine.
    app_cpu = median["ogc"]["server_cpu_ms_per_request"] or 1.0
    cpu_ratio = round(median["floor"]["server_cpu_ms_per_request"] / app_cpu, 3)
    return {
        "versions": versions,
        "parcels": stored,
        "bounds": bounds,
        "features_per_page": returned,
        "runs": {page: [m.as_dict() for m in found] for page, found in runs.items()},
        "median": median,
        "ratio": ratio,
        "cpu_ratio": cpu_ratio,
        "target_met": ratio >= TARGET_RATIO,
        "warnings": warnings,
    }


def render(results: dict[str, Any]) -> str:
    lines = [f"OGC API items vs the read floor ({results['settings']['tool']})"]
    found = results.get("postgresql")
    if found is None:
        lines.append(f"postgresql: skipped ({results['skipped']})")
        return "\n".join(lines)
    lines.append(
        f"postgresql: {found['parcels']} parcels, {found['features_per_page']} features a page"
    )
    for page in PAGES:
        m = found["median"][page]
        lines.append(
            f"  {page:<5} {m['requests_per_s']:8.0f} req/s  p50 {m['p50_ms']:6.1f} ms"
            f"  p99 {m['p99_ms']:7.1f} ms  CPU {m['server_cpu_ms_per_request']:5.2f} ms/req"
            f"  {m['bytes_per_request']:7.0f} B  failed {m['failed']:g}"
        )
    lines.append(
        f"  items / floor {found['ratio']:.3f} (target {TARGET_RATIO}: "
        f"{'met' if found['target_met'] else 'NOT met'}); server CPU per answer, "
        f"floor / items: {found['cpu_ratio']:.3f}"
    )
    lines += [f"  warning: {w}" for w in found["warnings"]]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    from bench.__main__ import _clean_environment, machine_info, progress

    args = parse_args(argv)
    _clean_environment()
    if not shutil.which("wrk"):
        progress("wrk is not installed (Debian: apt-get install wrk); it draws the boxes")
        return 2
    results: dict[str, Any] = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
    }
    with tempfile.TemporaryDirectory(prefix="baladiya-bench-ogc-") as scratch:
        workdir = Path(scratch)
        loadgen = LoadGenerator(
            "wrk", args.connections, threads=min(2, os.cpu_count() or 1), workdir=workdir
        )
        loadgen.script = workdir / "ogc.lua"
        results["settings"] = {
            "tool": loadgen.describe(),
            "connections": args.connections,
            "seconds": args.seconds,
            "warmup": args.warmup,
            "runs": args.runs,
            "box_degrees": BOX_DEGREES,
            "limit": LIMIT,
        }
        unreachable = database.postgres_reachable(args.postgres_url)
        if unreachable:
            results["skipped"] = f"PostgreSQL not reachable at {args.postgres_url}: {unreachable}"
            progress(results["skipped"])
        else:
            database.recreate_postgres(args.postgres_url)
            results["postgresql"] = measure(args.postgres_url, workdir, args, loadgen)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(render(results))
    print(f"\nResults written to {args.output}")
    return 0
