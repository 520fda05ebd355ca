"""``python -m bench``: how close Baladiya's pages come to a bare Pyramid app.

For each database (SQLite in a scratch directory, PostgreSQL when reachable) it builds a
fresh database with the migrations and the benchmark data, counts the SQL statements of
each measured page, then serves the floor app and Baladiya from separate waitress
processes and loads (a) the floor, (b) the staff dashboard and (c) an API read in
turn, ``--runs`` times: served from the read cache, then with pages not kept (the first
view after a write; the staff inbox and a complaint page too), then with nothing kept (a
cold process, or the first request after a change to communes or people). It prints the
medians and their ratios to the floor and writes everything to
``bench/results/latest.json``. It never fails because of a number.
``python -m bench open311`` measures Open311 filing instead (:mod:`bench.open311`),
``python -m bench consolidation`` a region's returns (:mod:`bench.consolidation`),
``python -m bench sync`` delivery to the national platforms (:mod:`bench.sync`),
``python -m bench gis`` spatial imports and batch rule checks (:mod:`bench.gis`),
``python -m bench scale`` a national install of 1,500 communes (:mod:`bench.scale`),
``python -m bench backup`` backing up and restoring the demo (:mod:`bench.backup`),
``python -m bench ogc`` OGC API items against a bare PostGIS view (:mod:`bench.ogc`),
``python -m bench verify`` checking document seals (:mod:`bench.verify`),
``python -m bench documents`` issuing certificates against WeasyPrint alone
(:mod:`bench.documents`),
``python -m bench payments`` confirmed payments through the providers' simulator
(:mod:`bench.payments`), ``python -m bench civil_status`` name search over a million
civil-status acts and concurrent registration (:mod:`bench.civil_status`),
``python -m bench budget`` a large commune's execution report against a plain SQL
aggregate (:mod:`bench.budget`), ``python -m bench permits`` permit submissions against
the GIS check alone (:mod:`bench.permits`).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import database, load, report, sqlcount
from bench.load import LoadGenerator, Measurement
from bench.servers import Reply, Server, log_in, request
from municipality.db import make_engine

# The other measurements, each a module of this package with its own ``main(argv)``.
SUBCOMMANDS = (
    "open311",
    "consolidation",
    "sync",
    "gis",
    "scale",
    "backup",
    "ogc",
    "verify",
    "documents",
    "payments",
    "civil_status",
    "budget",
    "permits",
)
TARGET_RATIO = 0.35
# Share of the CPUs used by others, just before a measurement, above which it is flagged.
BUSY_MACHINE = 0.10
# Each measured page: the server that answers it, the fixture's page, the target ratio to
# the floor (``None``: reported, not judged).
MEASURED: dict[str, tuple[str, str | None, float | None]] = {
    "floor": ("floor", None, None),
    "dashboard": ("app", "dashboard", TARGET_RATIO),
    "api": ("app", "api", TARGET_RATIO),
    "dashboard_uncached": ("uncached", "dashboard", 0.10),
    "api_uncached": ("uncached", "api", 0.10),
    "inbox_uncached": ("uncached", "inbox", 0.08),
    "complaint_uncached": ("uncached", "complaint", 0.08),
    "dashboard_cold": ("cold", "dashboard", None),
    "api_cold": ("cold", "api", None),
}
PAGES = tuple(MEASURED)
TARGETS = {page: target for page, (_s, _p, target) in MEASURED.items() if target is not None}
# The servers beside the floor, and their settings.
APP_SERVERS = {
    "app": {},
    "uncached": sqlcount.PAGES_OFF,
    "cold": sqlcount.CACHE_OFF,
}
RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
# The app reads BALADIYA_* variables over its settings; a stray one (a developer's
# BALADIYA_DATABASE_URL) must not point the benchmark at another database.
OWN_VARIABLES = ("BALADIYA_BENCH_",)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--seconds", type=float, default=5.0, help="length of each measurement (default 5)"
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=1.0,
        help="load before each measurement, not counted (default 1)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="interleaved repetitions of the three measurements (default 3)",
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--loadgen",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="auto uses wrk when it is installed",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BALADIYA_BENCH_POSTGRES_URL", database.DEFAULT_POSTGRES_URL),
        help="database to drop and recreate (default %(default)s)",
    )
    parser.add_argument(
        "--profile",
        choices=["auto", "always", "never"],
        default="auto",
        help="profile the pages in-process; auto: when a ratio misses the target",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--print-json", action="store_true", help="print the JSON results after the table"
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.seconds < 1:
        parser.error("--runs and --seconds must be at least 1")
    return args


def _clean_environment() -> None:
    for name in list(os.environ):
        if name.startswith("BALADIYA_") and not name.startswith(OWN_VARIABLES):
            del os.environ[name]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_info() -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
    }


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _size(reply: Reply) -> int:
    """Bytes on the wire, near enough: status line, headers and body."""
    return 17 + sum(len(k) + len(v) + 4 for k, v in reply.headers) + 2 + len(reply.body)


def _check(name: str, reply: Reply, notices: int) -> None:
    """Refuse to measure a page that does not answer what a client expects."""
    if reply.status != 200:
        raise RuntimeError(f"{name} answered {reply.status}: {reply.body[:300]!r}")
    if name == "api" and json.loads(reply.body)["total"] != notices:
        raise RuntimeError(f"API read did not list the {notices} notices")
    if name == "dashboard" and b'class="queues"' not in reply.body:
        raise RuntimeError("the dashboard shows no work queue: is the notice board enabled?")
    if name == "inbox" and reply.body.count(b'<li class="card">') != 25:
        raise RuntimeError("the inbox does not show a full first page of 25 complaints")


def _median(measurements: list[Measurement]) -> dict[str, float]:
    fields = (
        "requests_per_s",
        "p99_ms",
        "p50_ms",
        "server_cpu_ms_per_request",
        "machine_busy",
        "background_busy",
    )
    return {f: round(statistics.median(getattr(m, f) for m in measurements), 3) for f in fields}


def _count_sql(
    engine: Any, fixture: database.Fixture, workdir: Path, notices: int
) -> dict[str, dict[str, Any]]:
    progress(f"  counting SQL statements with {notices} notices")
    return sqlcount.count(engine, fixture, workdir)


def measure_database(
    backend: str, url: str, workdir: Path, args: argparse.Namespace, loadgen: LoadGenerator
) -> dict[str, Any]:
    progress(f"{backend}: migrating a fresh database")
    engine = database.migrate(url)
    fixture = database.seed(engine, 5)
    sql_small = _count_sql(engine, fixture, workdir, 5)
    database.add_notices(engine, fixture, 6, 45)
    sql_large = _count_sql(engine, fixture, workdir, 50)
    result: dict[str, Any] = {
        "versions": database.versions(engine),
        "sql": {page: {"5": sql_small[page], "50": sql_large[page]} for page in sql_small},
        "warnings": [],
    }
    engine.dispose()
    app_args = ["app", "--url", url, "--workdir", str(workdir)]
    servers = {
        name: Server(
            f"app-{backend}-{name}",
            app_args
            + [arg for key, value in settings.items() for arg in ("--setting", f"{key}={value}")],
            workdir,
        )
        for name, settings in APP_SERVERS.items()
    }
    servers["floor"] = Server("floor", ["floor"], workdir)
    with contextlib.ExitStack() as stack:
        for server in servers.values():
            stack.enter_context(server)
        targets = _targets(servers, fixture)
        expected = {}
        for page, (server, path, headers) in targets.items():
            reply = request(server.base, "GET", path, headers)
            _check(MEASURED[page][1] or page, reply, 50)
            expected[page] = _size(reply)
        runs: dict[str, list[Measurement]] = {page: [] for page in PAGES}
        for run in range(1, args.runs + 1):
            for page in PAGES:
                server, path, headers = targets[page]
                measured = loadgen.measure(
                    server.base + path,
                    headers,
                    seconds=args.seconds,
                    warmup=args.warmup,
                    server_pid=server.pid(),
                )
                runs[page].append(measured)
                progress(
                    f"  run {run}/{args.runs} {page:<9} {measured.requests_per_s:8.0f} "
                    f"req/s  p99 {measured.p99_ms:7.1f} ms  failed {measured.failed}  "
                    f"other work {measured.background_busy:.0%}"
                )
                if measured.background_busy > BUSY_MACHINE:
                    result["warnings"].append(
                        f"{page} run {run}: the CPUs were {measured.background_busy:.0%} busy "
                        "with other work just before it; its numbers are low and noisy"
                    )
                drift = abs(measured.bytes_per_request - expected[page]) / expected[page]
                if args.loadgen != "python" and drift > 0.2:
                    result["warnings"].append(
                        f"{page} run {run}: {measured.bytes_per_request:.0f} bytes per answer,"
                        f" expected about {expected[page]}; were the answers the page?"
                    )
    result["runs"] = {page: [m.as_dict() for m in found] for page, found in runs.items()}
    result["median"] = {page: _median(found) for page, found in runs.items()}
    floor_rps = result["median"]["floor"]["requests_per_s"] or 1.0
    result["ratios"] = {
        page: round(result["median"][page]["requests_per_s"] / floor_rps, 3)
        for page in PAGES
        if page != "floor"
    }
    result["targets"] = TARGETS
    result["target_met"] = all(result["ratios"][page] >= TARGETS[page] for page in TARGETS)
    if args.profile == "always" or (args.profile == "auto" and not result["target_met"]):
        progress(f"  profiling the pages in-process ({backend})")
        from bench.profile import profile

        engine = make_engine(url)
        result["profile"] = profile(engine, fixture, workdir)
        engine.dispose()
    return result


def _targets(
    servers: dict[str, Server], fixture: database.Fixture
) -> dict[str, tuple[Server, str, dict[str, str]]]:
    """Each measured page's server, path and headers (a browser's cookie, or the API key)."""
    paths = sqlcount.pages(fixture)
    cookies = {
        name: {
            "Cookie": log_in(server.base, fixture.email, fixture.password, paths["dashboard"][0])
        }
        for name, server in servers.items()
        if name != "floor"
    }
    found: dict[str, tuple[Server, str, dict[str, str]]] = {}
    for page, (server_name, fixture_page, _target) in MEASURED.items():
        if fixture_page is None:
            found[page] = (servers[server_name], "/", {})
            continue
        path, headers = paths[fixture_page]
        found[page] = (servers[server_name], path, headers or cookies[server_name])
    return found


def prepare(backend: str, args: argparse.Namespace, workdir: Path) -> tuple[str | None, str]:
    """The URL of a fresh, empty database for ``backend``, or ``None`` and why not."""
    if backend == "sqlite":
        directory = workdir / "sqlite"
        directory.mkdir()
        return database.sqlite_url(directory), ""
    unreachable = database.postgres_reachable(args.postgres_url)
    if unreachable:
        return None, f"PostgreSQL not reachable at {args.postgres_url}: {unreachable}"
    database.recreate_postgres(args.postgres_url)
    return args.postgres_url, ""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] and argv[0] in SUBCOMMANDS:
        return int(importlib.import_module(f"bench.{argv[0]}").main(argv[1:]))
    args = parse_args(argv)
    _clean_environment()
    tool = args.loadgen
    if tool == "auto":
        tool = "wrk" if shutil.which("wrk") else "python"
    elif tool == "wrk" and not shutil.which("wrk"):
        progress("wrk is not installed (Debian: apt-get install wrk)")
        return 2
    if tool == "python":
        progress(
            "wrk not found: using the Python load generator (lower numbers, same ratios "
            "only roughly comparable)"
        )
    backends = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    results: dict[str, Any] = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "databases": {},
        "skipped": {},
    }
    with tempfile.TemporaryDirectory(prefix="baladiya-bench-") as scratch:
        workdir = Path(scratch)
        loadgen = LoadGenerator(
            tool, args.connections, threads=min(2, os.cpu_count() or 1), workdir=workdir
        )
        results["settings"] = {
            "load_generator": loadgen.describe(),
            "tool": tool,
            "wrk_version": load.wrk_version() if tool == "wrk" else None,
            "connections": args.connections,
            "seconds": args.seconds,
            "warmup": args.warmup,
            "runs": args.runs,
            "server_threads": 4,
        }
        for backend in backends:
            url, reason = prepare(backend, args, workdir)
            if url is None:
                progress(reason)
                results["skipped"][backend] = reason
                continue
            results["databases"][backend] = measure_database(backend, url, workdir, args, loadgen)
    postgres = results["databases"].get("postgresql")
    results["target"] = {
        "ratio": TARGET_RATIO,
        "met": postgres["target_met"] if postgres else None,
        "verdict": (
            "not measured" if postgres is None else "met" if postgres["target_met"] else "NOT met"
        ),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(report.render(results))
    print(f"\nResults written to {args.output}")
    if args.print_json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    if args.db == "postgresql" and "postgresql" in results["skipped"]:
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
