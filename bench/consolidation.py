"""``python -m bench consolidation``: a region's returns consolidated, against a bare read.

It builds a SQLite database with two regions (``--small`` and ``--files`` communes), a
set of 60 indicators by the 12 months of a year (720 figures, like the activity
workbooks of Morocco's communes) and a campaign in each, then fills one workbook per
commune, made by the real template code, with deterministic figures. Each run then
measures, each in a fresh process so its peak memory is its own:

- the floor: every cell of every file read with python-calamine, and with openpyxl in
  read-only mode (the fastest raw reader, and the usual one);
- the consolidation, end to end with the real services: recognise, validate and store
  every file (one transaction per ``--batch`` files), then export the regional workbook.

It prints medians of ``--runs`` runs, the ratio of the openpyxl floor to the
consolidation (target: at least 0.5), the peak memory at both sizes (target: flat),
and checks the exported totals against the figures written. It profiles the
consolidation once with ``--profile``. Results go to ``bench/results/consolidation.json``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import transaction
from openpyxl import load_workbook
from pyramid.registry import Registry
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from bench.__main__ import machine_info
from consolidation import export, layout, parsing, services, template
from consolidation.definition import Breakdown, Indicator, Label, SetDefinition
from consolidation.models import Campaign
from municipality.db import make_engine, make_session_factory, session_in_transaction
from municipality.migrate import upgrade
from municipality.models import Region
from tests import factories

TARGET_RATIO = 0.5
RESULTS = Path(__file__).resolve().parent / "results" / "consolidation.json"
ACTOR = "bench"
SET_CODE = "bench-activity"
PERIOD = "2025"
INDICATORS, SECTIONS = 60, 5
SEED = 20261123


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench consolidation", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--files", type=int, default=1500, help="large region (default 1500)")
    parser.add_argument("--small", type=int, default=150, help="small region (default 150)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=100, help="files per transaction")
    parser.add_argument("--profile", action="store_true", help="profile one consolidation")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--region", help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.runs < 1 or args.files < 1 or args.small < 1:
        parser.error("--runs, --files and --small must be at least 1")
    return args


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- The data ---------------------------------------------------------------------------


def bench_definition() -> SetDefinition:
    """60 whole-number indicators in 5 sections, each by the 12 months of the year."""
    sections = tuple(
        Label(f"section_{n}", f"Section {n + 1}", f"القسم {n + 1}") for n in range(SECTIONS)
    )
    per_section = INDICATORS // SECTIONS
    indicators = tuple(
        Indicator(
            code=f"indicator_{n:02d}",
            label_fr=f"Indicateur {n + 1}",
            label_ar=f"المؤشر {n + 1}",
            type="integer",
            section=f"section_{n // per_section}",
            minimum="0",
            maximum="1000000",
            breakdown="month",
        )
        for n in range(INDICATORS)
    )
    return SetDefinition(sections, indicators, (Breakdown("month", "Mois", "الشهر"),))


def seed(url: str, sizes: dict[str, int]) -> None:
    """The regions, their communes, the set and one campaign per region."""
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    manager = transaction.TransactionManager(explicit=True)
    with manager:
        session = session_in_transaction(factory, manager)
        for slug, count in sizes.items():
            region = factories.region(session, slug=slug)
            for n in range(count):
                factories.commune(session, slug=f"{slug}-{n:04d}", region_=region)
            services.create_set(
                session,
                actor=ACTOR,
                region=region,
                code=SET_CODE,
                title_fr="Activité (banc d'essai)",
                title_ar="النشاط (اختبار الأداء)",
                frequency="year",
                definition=bench_definition().to_json(),
            )
            services.create_campaign(
                session,
                actor=ACTOR,
                region=region,
                set_code=SET_CODE,
                period=PERIOD,
                deadline=date(2026, 1, 31),
            )
    engine.dispose()


def _campaign(session: Any, region_slug: str) -> Campaign:
    return session.execute(
        select(Campaign)
        .join(Region, Region.id == Campaign.region_id)
        .where(Region.slug == region_slug)
    ).scalar_one()


def generate(url: str, region_slug: str, directory: Path) -> int:
    """Fill one workbook per commune of the region; returns the sum of every figure."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{SEED}-{region_slug}")
    engine = make_engine(url)
    manager = transaction.TransactionManager(explicit=True)
    total = 0
    with manager:
        session = session_in_transaction(make_session_factory(engine), manager)
        campaign = _campaign(session, region_slug)
        definition, period = services.campaign_layout(campaign)
        for commune in services.region_communes(session, campaign.region_id):
            book = template.build_workbook(campaign, commune)
            for sheet in layout.sheet_layouts(definition, period, commune):
                ws = book[sheet.name]
                for offset in range(len(sheet.cells)):
                    value = rng.randint(0, 500)
                    total += value
                    ws.cell(layout.FIRST_ROW + offset, layout.VALUE_COLUMN, value)
            book.save(directory / template.file_name(campaign, commune))
    engine.dispose()
    return total


# --- The measured work, each in its own process -----------------------------------------


def _files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.xlsx"))


def work_calamine(args: argparse.Namespace) -> dict[str, Any]:
    cells = 0
    for path in _files(args.dir):
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False):
                cells += len(row)
    return {"cells": cells}


def work_openpyxl(args: argparse.Namespace) -> dict[str, Any]:
    cells = 0
    for path in _files(args.dir):
        book = load_workbook(path, read_only=True, data_only=True)
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                cells += len(row)
        book.close()
    return {"cells": cells}


def work_consolidate(args: argparse.Namespace) -> dict[str, Any]:
    """Import every file through the real service, then export the regional workbook."""
    engine = make_engine(args.url)
    factory = make_session_factory(engine)
    paths = _files(args.dir)
    accepted = refused = 0
    started = time.perf_counter()
    for first in range(0, len(paths), args.batch):
        manager = transaction.TransactionManager(explicit=True)
        with manager:
            session = session_in_transaction(factory, manager)
            campaign = _campaign(session, args.region)
            files = [(p.name, p.read_bytes()) for p in paths[first : first + args.batch]]
            report = services.import_files(
                session, actor=ACTOR, campaign=campaign, files=files, channel="cli"
            )
            accepted += sum(1 for f in report.files if f.accepted)
            refused += sum(1 for f in report.files if not f.accepted)
    imported = time.perf_counter()
    manager = transaction.TransactionManager(explicit=True)
    with manager, args.out.open("wb") as out:
        session = session_in_transaction(factory, manager)
        campaign = _campaign(session, args.region)
        export.export_campaign(
            session, Registry(), campaign, out, media_type=export.XLSX_TYPE, locale="fr"
        )
    engine.dispose()
    return {
        "pool_peak_rss_mb": pool_peak_mb(),
        "accepted": accepted,
        "refused": refused,
        "import_seconds": imported - started,
        "export_seconds": time.perf_counter() - imported,
    }


WORKERS = {
    "calamine": work_calamine,
    "openpyxl": work_openpyxl,
    "consolidate": work_consolidate,
}


def worker(args: argparse.Namespace) -> int:
    """Run one measured piece of work and print its time and peak memory as JSON."""
    work = WORKERS[args.worker]
    before = memory_mb("VmRSS")
    if args.profile:
        profiler = cProfile.Profile()
        started = time.perf_counter()
        result = profiler.runcall(work, args)
        seconds = time.perf_counter() - started
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(35)
        result["profile"] = buffer.getvalue()
    else:
        started = time.perf_counter()
        result = work(args)
        seconds = time.perf_counter() - started
    result["seconds"] = seconds
    result["peak_rss_mb"] = memory_mb()
    # What the work itself added to the process that imported the application.
    result["work_rss_mb"] = result["peak_rss_mb"] - before
    print(json.dumps(result))
    return 0


def memory_mb(field: str = "VmHWM") -> float:
    """This process's peak (``VmHWM``) or current (``VmRSS``) resident memory.

    Not ``getrusage``: Linux keeps ``ru_maxrss`` across ``exec``, so a child would report
    the parent's size. ``VmHWM`` belongs to the new address space.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pool_peak_mb() -> float:
    """The peak memory of the largest of the worker processes that parsed the workbooks.

    The import parses each file in a pool of capped worker processes
    (:mod:`consolidation.parsing`): their memory is not in this process's figure.
    """
    executor = parsing._POOL._executor
    peaks = [0.0]
    for pid in list(getattr(executor, "_processes", {}) or {}):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        peaks.extend(
            int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")
        )
    return max(peaks)


def measure(kind: str, **options: Any) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench", "consolidation", "--worker", kind]
    for name, value in options.items():
        if value is True:
            command.append(f"--{name}")
        elif value is not None:
            command.extend([f"--{name}", str(value)])
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{kind} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- Checking the export ----------------------------------------------------------------


def exported_total(path: Path) -> int:
    """The region's grand total, read back from the exported workbook's Region sheet."""
    book = load_workbook(path, read_only=True, data_only=True)
    sheet = book.worksheets[2]
    total = 0
    for row in sheet.iter_rows(min_row=4, values_only=True):
        label, last = (row[0], row[-1]) if row else (None, None)
        if isinstance(label, str) and label.startswith("Indicateur") and last is not None:
            total += int(last)
    book.close()
    return total


# --- The run ----------------------------------------------------------------------------


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def run_size(
    label: str, directory: Path, seed_db: Path, workdir: Path, args: argparse.Namespace
) -> dict[str, Any]:
    runs: dict[str, list[dict[str, Any]]] = {k: [] for k in WORKERS}
    out = workdir / f"{label}.xlsx"
    for run in range(1, args.runs + 1):
        for kind in WORKERS:
            if kind == "consolidate":
                db = workdir / f"{label}-run.sqlite"
                shutil.copyfile(seed_db, db)
                measured = measure(
                    kind,
                    url=f"sqlite:///{db}",
                    region=label,
                    dir=directory,
                    out=out,
                    batch=args.batch,
                )
            else:
                measured = measure(kind, dir=directory)
            runs[kind].append(measured)
            progress(
                f"  {label} run {run}/{args.runs} {kind:<11} {measured['seconds']:8.2f} s  "
                f"peak {measured['peak_rss_mb']:7.1f} MB"
            )
    median = {
        kind: {
            "seconds": _median([m["seconds"] for m in found]),
            "peak_rss_mb": _median([m["peak_rss_mb"] for m in found]),
            "work_rss_mb": _median([m["work_rss_mb"] for m in found]),
        }
        for kind, found in runs.items()
    }
    for part in ("import_seconds", "export_seconds", "pool_peak_rss_mb"):
        median["consolidate"][part] = _median([m[part] for m in runs["consolidate"]])
    consolidate = median["consolidate"]["seconds"] or 1.0
    return {
        "files": len(_files(directory)),
        "runs": runs,
        "median": median,
        "ratio_openpyxl": round(median["openpyxl"]["seconds"] / consolidate, 3),
        "ratio_calamine": round(median["calamine"]["seconds"] / consolidate, 3),
        "accepted": runs["consolidate"][-1]["accepted"],
        "refused": runs["consolidate"][-1]["refused"],
        "exported_total": exported_total(out),
    }


def render(results: dict[str, Any]) -> str:
    machine = results["machine"]
    lines = [
        f"Machine: {machine['cpu_count']} CPUs, {machine['cpu_model']}; Python {machine['python']}",
        f"Workbooks of {INDICATORS} indicators x 12 months; medians of {results['runs']} runs, "
        "each measurement in a fresh process",
        "",
        f"  {'files':>6} {'calamine s':>11} {'openpyxl s':>11} {'consolidate s':>14}"
        f" {'(import/export)':>16} {'ratio':>6} {'peak MB floor/ours/worker':>26}"
        f" {'accepted':>9} {'totals':>7}",
    ]
    for size in results["sizes"].values():
        m = size["median"]
        ours = m["consolidate"]
        lines.append(
            f"  {size['files']:>6} {m['calamine']['seconds']:>11.2f}"
            f" {m['openpyxl']['seconds']:>11.2f} {ours['seconds']:>14.2f}"
            f" {ours['import_seconds']:>7.1f}/{ours['export_seconds']:<7.1f}"
            f" {size['ratio_openpyxl']:>6.2f}"
            f" {m['openpyxl']['peak_rss_mb']:>10.0f}/{ours['peak_rss_mb']:.0f}"
            f"/{ours['pool_peak_rss_mb']:<6.0f}"
            f" {size['accepted']:>9} {'ok' if size['totals_match'] else 'WRONG':>7}"
        )
        if size["refused"]:
            lines.append(
                f"  WARNING: {size['refused']} files were refused: the times are not a "
                "consolidation"
            )
    lines.append("")
    lines.append(
        f"Target: openpyxl floor / consolidation >= {TARGET_RATIO} at {results['largest']} files: "
        f"{results['verdict']}; peak memory {results['memory']}"
    )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.worker:
        return worker(args)
    sizes = {"small": args.small, "large": args.files}
    results: dict[str, Any] = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "runs": args.runs,
        "batch": args.batch,
        "sizes": {},
    }
    with tempfile.TemporaryDirectory(prefix="baladiya-bench-consolidation-") as scratch:
        workdir = Path(scratch)
        seed_db = workdir / "seed.sqlite"
        progress(f"seeding regions of {args.small} and {args.files} communes")
        seed(f"sqlite:///{seed_db}", sizes)
        expected = {}
        for label in sizes:
            progress(f"filling the {label} region's workbooks")
            expected[label] = generate(f"sqlite:///{seed_db}", label, workdir / label)
        for label in sizes:
            progress(f"measuring the {label} region")
            result = run_size(label, workdir / label, seed_db, workdir, args)
            result["expected_total"] = expected[label]
            result["totals_match"] = result["exported_total"] == expected[label]
            results["sizes"][label] = result
        if args.profile:
            db = workdir / "profile.sqlite"
            shutil.copyfile(seed_db, db)
            profiled = measure(
                "consolidate",
                url=f"sqlite:///{db}",
                region="large",
                dir=workdir / "large",
                out=workdir / "profile.xlsx",
                batch=args.batch,
                profile=True,
            )
            results["profile"] = profiled["profile"]
    large, small = results["sizes"]["large"], results["sizes"]["small"]
    results["largest"] = large["files"]
    results["target_met"] = large["ratio_openpyxl"] >= TARGET_RATIO
    results["verdict"] = "met" if results["target_met"] else "NOT met"
    growth = large["median"]["consolidate"]["peak_rss_mb"] / max(
        small["median"]["consolidate"]["peak_rss_mb"], 1.0
    )
    results["work_memory_mb"] = {
        label: size["median"]["consolidate"]["work_rss_mb"]
        for label, size in results["sizes"].items()
    }
    results["memory_growth"] = round(growth, 2)
    results["memory"] = (
        f"x{growth:.2f} from {small['files']} to {large['files']} files "
        f"({'flat' if growth < 1.5 else 'GROWS'}; the work itself: "
        f"{results['work_memory_mb']['small']:.0f} MB -> "
        f"{results['work_memory_mb']['large']:.0f} MB)"
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(render(results))
    if results.get("profile"):
        print("\nProfile of one consolidation (cumulative):\n" + results["profile"])
    print(f"\nResults written to {args.output}")
    return 0
