"""``python -m bench gis``: spatial imports and batch rule checks at a country's scale.

(a) Import: a GeoPackage of ``--parcels`` cadastral parcels (100,000 by default) is
written once, then imported ``--import-runs`` times with the real service (read,
validate, reproject, measure every parcel's frontage, store in one transaction) into a
fresh SQLite database, each run in a fresh process so its peak memory (``VmHWM``) is its
own. The frontage measurement (:func:`gis.buildability.frontage`, done once per import
since it depends on the cadastre, not on the rules) is reported on its own too.

(b) Batch check: the buildability of every parcel against ``--zones`` zones (2,000)
and 5 servitude layers, with :func:`gis.buildability.compute` taking the parcels'
stored frontage (as a production run reads it from ``gis_parcels``), measured against

- the floor: a bare ``shapely.STRtree(zones).query(parcels, predicate="intersects")``
  of the same geometries, in the same run (target: within 3x of it);
- a naive Python loop over the zones for each parcel, timed on ``--sample`` parcels
  and extrapolated (target: the engine at least 20x faster).

It prints medians of ``--runs`` runs and the engine's peak traced memory, and writes
everything to ``bench/results/gis.json``. It never fails because of a number.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import shapely
import transaction

from bench.consolidation import memory_mb
from gis import buildability, demo
from gis.imports import ImportOptions, import_file
from municipality.db import (
    make_engine,
    make_session_factory,
    session_in_transaction,
    set_commune_scope,
)
from municipality.migrate import upgrade
from municipality.models import Commune
from tests import factories

RESULTS = Path(__file__).resolve().parent / "results" / "gis.json"
CRS = "EPSG:26191"
SLUG = "sale"
FLOOR_TARGET = 3.0
LOOP_TARGET = 20.0


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench gis", description=__doc__.split("\n")[0])
    parser.add_argument("--parcels", type=int, default=100_000)
    parser.add_argument("--zones", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5, help="runs of the batch check (default 5)")
    parser.add_argument("--import-runs", type=int, default=3, help="runs of the import (default 3)")
    parser.add_argument("--sample", type=int, default=200, help="parcels timed in the naive loop")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--worker", choices=["import"], help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def grid_shape(count: int) -> tuple[int, int]:
    """Columns and rows of a parcel grid of about ``count`` parcels (8 wide for 5 deep)."""
    cols = round((count * 1.25) ** 0.5 / 2) * 2 or 2
    return cols, max(1, count // cols)


def zone_shape(count: int) -> tuple[int, int]:
    nx = max(1, round((count * 1.25) ** 0.5))
    return nx, max(1, count // nx)


def layers(parcels: int, zones: int) -> demo.DemoLayers:
    cols, rows = grid_shape(parcels)
    return demo.layers_for(CRS, demo.CENTRES[SLUG], cols=cols, rows=rows, zones=zone_shape(zones))


def aligned_zones(drawn: demo.DemoLayers, count: int) -> tuple[np.ndarray, list[str]]:
    """About ``count`` zones whose limits run along the streets, as real plans draw them.

    The parcel grid of :func:`gis.demo.parcel_grid` has blocks 6 parcels wide (130 m with
    the street) and 2 deep (60 m); zone edges are put on street centre lines.
    """
    minx, miny, maxx, maxy = shapely.total_bounds(drawn.parcels)
    blocks_x = int(np.ceil((maxx - minx) / 130))
    blocks_y = int(np.ceil((maxy - miny) / 60))
    nx, ny = zone_shape(count)
    xs = np.unique(minx - 5 + 130 * np.round(np.linspace(0, blocks_x, nx + 1)))
    ys = np.unique(miny - 5 + 60 * np.round(np.linspace(0, blocks_y, ny + 1)))
    gx, gy = np.meshgrid(np.arange(len(xs) - 1), np.arange(len(ys) - 1))
    gx, gy = gx.ravel(), gy.ravel()
    zones = shapely.box(xs[gx], ys[gy], xs[gx + 1], ys[gy + 1])
    codes = [demo.ZONE_CODES[(a + b) % len(demo.ZONE_CODES)] for a, b in zip(gx, gy, strict=True)]
    return zones, codes


def servitude_layers(drawn: demo.DemoLayers) -> tuple[np.ndarray, np.ndarray, list[Any]]:
    """Five layers across the parcels: two flood bands, heritage circles, a road widening
    strip and an airport cone, each with its own effect."""
    minx, miny, maxx, maxy = shapely.total_bounds(drawn.parcels)
    width, height = maxx - minx, maxy - miny
    rng = np.random.default_rng(7)
    bands = [
        shapely.LineString([(minx, miny + height * f), (maxx, miny + height * (f + 0.05))]).buffer(
            25
        )
        for f in (0.2, 0.6)
    ]
    circles = shapely.buffer(
        shapely.points(rng.uniform(minx, maxx, 40), rng.uniform(miny, maxy, 40)), 60
    )
    road = [shapely.box(minx + width * 0.5 - 6, miny, minx + width * 0.5 + 6, maxy)]
    cone = [
        shapely.Polygon([(maxx, maxy), (maxx - width * 0.3, maxy), (maxx, maxy - height * 0.3)])
    ]
    groups = [bands[:1], bands[1:], list(circles), road, cone]
    geoms = np.array([g for group in groups for g in group], dtype=object)
    index = np.array([i for i, group in enumerate(groups) for _g in group], dtype=np.int64)
    effects = ["forbid", "require_opinion", "require_opinion", "forbid", "limit_height"]
    table = [
        _Layer(f"layer {i}", effect, 30.0 if effect == "limit_height" else None)
        for i, effect in enumerate(effects)
    ]
    return geoms, index, table


class _Layer:
    def __init__(self, name: str, effect: str, height: float | None) -> None:
        self.name, self.kind, self.effect, self.height_limit_m = name, "flood_risk", effect, height


class _Rule:
    def __init__(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            setattr(self, name, value)


def rules() -> buildability.RuleTable:
    return buildability.rule_table(
        list(demo.ZONE_CODES), {c: _Rule(v) for c, v in demo.DEMO_RULES.items()}
    )


# --- (a) import ---------------------------------------------------------------------------


def prepare_import(directory: Path, parcels: int) -> dict[str, Any]:
    """The GeoPackage to import and a migrated SQLite database with the commune."""
    drawn = layers(parcels, 4)
    path = directory / "parcels.gpkg"
    started = time.perf_counter()
    pyogrio.write_dataframe(
        _frame(drawn),
        path,
        layer="parcels",
        driver="GPKG",
    )
    written = time.perf_counter() - started
    template = directory / "template.sqlite"
    engine = make_engine(f"sqlite:///{template}")
    upgrade(engine)
    manager = transaction.TransactionManager(explicit=True)
    with manager:
        session = session_in_transaction(make_session_factory(engine), manager)
        factories.commune(session, slug=SLUG)
    engine.dispose()
    return {
        "file_mb": round(path.stat().st_size / 1_048_576, 1),
        "features": len(drawn.references),
        "write_seconds": round(written, 2),
    }


def _frame(drawn: demo.DemoLayers) -> Any:
    import geopandas

    return geopandas.GeoDataFrame(
        {"reference": drawn.references, "owner": ["Propriétaire"] * len(drawn.references)},
        geometry=list(drawn.parcels),
        crs=CRS,
    )


def work_import(workdir: Path) -> dict[str, Any]:
    database = workdir / "run.sqlite"
    shutil.copy(workdir / "template.sqlite", database)
    engine = make_engine(f"sqlite:///{database}")
    manager = transaction.TransactionManager(explicit=True)
    with manager:
        session = session_in_transaction(make_session_factory(engine), manager)
        commune = session.query(Commune).filter_by(slug=SLUG).one()
        set_commune_scope(session, commune.id)
        report = import_file(
            session,
            commune=commune,
            actor="bench",
            path=workdir / "parcels.gpkg",
            filename="parcels.gpkg",
            options=ImportOptions(kind="parcels"),
            max_bytes=2_000 * 1_048_576,
        )
    engine.dispose()
    database.unlink()
    return {"stored": report.stored, "frontage_seconds": report.frontage_seconds}


def worker(args: argparse.Namespace) -> int:
    before = memory_mb("VmRSS")
    started = time.perf_counter()
    result = work_import(args.workdir)
    result["seconds"] = time.perf_counter() - started
    result["peak_rss_mb"] = memory_mb()
    result["work_rss_mb"] = result["peak_rss_mb"] - before
    print(json.dumps(result))
    return 0


def measure_import(workdir: Path) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "bench",
        "gis",
        "--worker",
        "import",
        "--workdir",
        str(workdir),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"import failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- (b) batch check ----------------------------------------------------------------------


def floor(parcels: np.ndarray, zones: np.ndarray, servitudes: np.ndarray) -> int:
    """The bare query of the same geometries: parcels against zones and servitudes."""
    found = 0
    for layer in (zones, servitudes):
        found += len(shapely.STRtree(layer).query(parcels, predicate="intersects")[0])
    return found


def engine(parcels: Any, zones: np.ndarray, codes: np.ndarray, table: Any, serv: Any) -> Any:
    """The batch check as a run does it; ``parcels`` are the geometries and their stored
    frontages."""
    geoms, index, layer_list = serv
    shapes, frontages = parcels
    return buildability.compute(
        shapes,
        zones,
        codes,
        table,
        geoms,
        index,
        buildability.layer_table(layer_list),
        frontages=frontages,
    )


def naive(parcels: np.ndarray, zones: np.ndarray, codes: np.ndarray, table: Any) -> float:
    """Seconds for the obvious loop: every zone tested against each parcel."""
    started = time.perf_counter()
    for parcel in parcels:
        footprint = 0.0
        for zone, code in zip(zones, codes, strict=True):
            if parcel.intersects(zone):
                footprint += table.footprint_ratio[code] * parcel.intersection(zone).area
    return time.perf_counter() - started


def _timed(function: Any, *args: Any) -> float:
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def measure_scenario(
    args: argparse.Namespace,
    stored: tuple[np.ndarray, np.ndarray],
    zones: np.ndarray,
    zone_codes: list[str],
    serv: Any,
    *,
    loop: bool,
) -> dict[str, Any]:
    codes = np.array([demo.ZONE_CODES.index(c) for c in zone_codes], dtype=np.int64)
    table = rules()
    parcels = stored[0]
    i, _j = shapely.STRtree(zones).query(parcels, predicate="intersects")
    straddling = int((np.bincount(i, minlength=len(parcels)) > 1).sum())
    floors, engines = [], []
    for run in range(1, args.runs + 1):
        floors.append(_timed(floor, parcels, zones, serv[0]))
        engines.append(_timed(engine, stored, zones, codes, table, serv))
        progress(f"  run {run}/{args.runs}: floor {floors[-1]:.3f} s, engine {engines[-1]:.3f} s")
    floor_s, engine_s = statistics.median(floors), statistics.median(engines)
    tracemalloc.start()
    result = engine(stored, zones, codes, table, serv)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    found: dict[str, Any] = {
        "zones": len(zones),
        "straddling_parcels": straddling,
        "floor_seconds": floors,
        "engine_seconds": engines,
        "floor_median_s": round(floor_s, 4),
        "engine_median_s": round(engine_s, 4),
        "engine_over_floor": round(engine_s / floor_s, 2),
        "engine_peak_traced_mb": round(peak / 1_048_576, 1),
        "buildable": int(result.buildable.sum()),
    }
    if loop:
        sample = parcels[np.linspace(0, len(parcels) - 1, args.sample).astype(int)]
        loop_sample = naive(sample, zones, codes, table)
        loop_total = loop_sample * len(parcels) / len(sample)
        found.update(
            naive_sample_parcels=len(sample),
            naive_sample_s=round(loop_sample, 3),
            naive_extrapolated_s=round(loop_total, 1),
            loop_over_engine=round(loop_total / engine_s, 1),
        )
    return found


def measure_batch(args: argparse.Namespace) -> dict[str, Any]:
    """Two zonings of the same parcels: limits along the streets (what plans do), and a
    grid that ignores them (the worst case: a third of the parcels straddle two zones)."""
    drawn = layers(args.parcels, args.zones)
    parcels = shapely.set_srid(drawn.parcels, 0)
    serv = servitude_layers(drawn)
    aligned, aligned_codes = aligned_zones(drawn, args.zones)
    # Measured once, as the import does; the runs read it like a stored column.
    stored = (parcels, buildability.frontage(parcels))
    progress(f"(b) {len(parcels)} parcels, {len(serv[0])} servitude features in 5 layers")
    progress(f"  zones along the streets ({len(aligned)})")
    streets = measure_scenario(args, stored, aligned, aligned_codes, serv, loop=True)
    progress(f"  zones on a grid across the parcels ({len(drawn.zones)})")
    grid = measure_scenario(args, stored, drawn.zones, drawn.zone_codes, serv, loop=False)
    return {
        "parcels": len(parcels),
        "servitude_layers": 5,
        "servitude_features": len(serv[0]),
        "aligned": streets,
        "grid": grid,
        "targets": {
            "within_3x_of_floor": streets["engine_over_floor"] <= FLOOR_TARGET,
            "20x_faster_than_loop": streets["loop_over_engine"] >= LOOP_TARGET,
        },
    }


def render(results: dict[str, Any]) -> str:
    lines = [f"GIS benchmark ({results['generated_at']})"]
    imported = results.get("import")
    if imported:
        runs = len(imported["runs"])
        lines += [
            f"(a) import of {imported['features']} parcels from a {imported['file_mb']} MB"
            f" GeoPackage into SQLite, median of {runs} runs: {imported['median_s']:.2f} s"
            f" ({imported['features_per_s']:.0f} parcels/s)",
            f"    of which measuring every parcel's frontage {imported['frontage_median_s']:.2f} s",
            f"    peak RSS {imported['peak_rss_mb']:.0f} MB"
            f" (+{imported['work_rss_mb']:.0f} MB for the work)",
        ]
    batch = results["batch"]
    streets, grid = batch["aligned"], batch["grid"]
    runs = len(streets["engine_seconds"])
    lines += [
        f"(b) batch check of {batch['parcels']} parcels (stored frontage) against zones and"
        f" {batch['servitude_layers']} servitude layers, medians of {runs} runs:",
        f"    zone limits along the streets ({streets['zones']} zones,"
        f" {streets['straddling_parcels']} parcels straddling):",
        f"      floor (bare STRtree queries) {streets['floor_median_s']:.3f} s;"
        f" engine {streets['engine_median_s']:.3f} s = {streets['engine_over_floor']:.2f}x"
        f" (target <= {FLOOR_TARGET:g}x)",
        f"      naive loop {streets['naive_extrapolated_s']:.0f} s (from"
        f" {streets['naive_sample_parcels']} parcels) = {streets['loop_over_engine']:.0f}x"
        f" the engine (target >= {LOOP_TARGET:g}x)",
        f"      engine peak traced memory {streets['engine_peak_traced_mb']:.0f} MB",
        f"    worst case, a zone grid across the parcels ({grid['zones']} zones,"
        f" {grid['straddling_parcels']} straddling):",
        f"      floor {grid['floor_median_s']:.3f} s; engine {grid['engine_median_s']:.3f} s"
        f" = {grid['engine_over_floor']:.2f}x; peak traced {grid['engine_peak_traced_mb']:.0f} MB",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.worker:
        return worker(args)
    results: dict[str, Any] = {"generated_at": datetime.now(UTC).isoformat(timespec="seconds")}
    if not args.skip_import:
        with tempfile.TemporaryDirectory(prefix="baladiya-bench-gis-") as scratch:
            workdir = Path(scratch)
            progress(f"(a) writing a GeoPackage of {args.parcels} parcels")
            prepared = prepare_import(workdir, args.parcels)
            runs = []
            for run in range(1, args.import_runs + 1):
                runs.append(measure_import(workdir))
                progress(
                    f"  run {run}/{args.import_runs}: {runs[-1]['seconds']:.2f} s, "
                    f"peak {runs[-1]['peak_rss_mb']:.0f} MB"
                )
            median = statistics.median(r["seconds"] for r in runs)
            results["import"] = {
                **prepared,
                "runs": runs,
                "median_s": round(median, 3),
                "frontage_median_s": statistics.median(r["frontage_seconds"] for r in runs),
                "features_per_s": prepared["features"] / median,
                "peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in runs),
                "work_rss_mb": statistics.median(r["work_rss_mb"] for r in runs),
            }
    results["batch"] = measure_batch(args)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    print(render(results))
    print(f"\nResults written to {args.output}")
    return 0
