"""``python -m bench open311``: Open311 ``POST requests.json`` against the write floor.

For each database it builds a fresh one (migrations, one commune with complaints
enabled, a category and an API key that may file), serves three apps from separate
waitress processes and loads, ``--runs`` times in turn, with ``wrk`` and a Lua script
that makes it POST: (a) the bare floor, (b) the write floor (:mod:`bench.writefloor`, the
same rows written by a bare view through the driver alone) and (c) Baladiya's filing of
a service request with the same form body (rate limit off). Every filing writes the
complaint, its audit event and one outbox message (the reporter leaves an e-mail); the
rows are counted around each measurement to prove it. The target judges (c)/(b), the
share of what this machine allows one transaction per filing that the application keeps
(docs/decisions/0003-filing-throughput.md); (c)/(a) and (b)/(a) are reported beside it.
Results go to ``bench/results/open311.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import transaction
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from bench import database, load
from bench.load import LoadGenerator, Measurement
from bench.servers import Server, request
from bench.writefloor import CATEGORY
from complaints.models import Complaint
from municipality import accounts
from municipality.db import make_engine, make_session_factory, session_in_transaction
from municipality.models import AuditEvent, Commune, OutboxMessage
from tests import factories

# Decision 0003: a filing keeps the audit chain in its transaction, so it is judged against
# the write floor (one transaction per filing, through the driver alone), not a bare view.
TARGET_OF_WRITE_FLOOR = 0.25
PAGES = ("floor", "write_floor", "open311")
WRITING = ("write_floor", "open311")
# Longer than any filing takes under load (p99 stays well under a second).
SETTLE_SECONDS = 1.5
RESULTS = Path(__file__).resolve().parent / "results" / "open311.json"
PATH = "/open311/v2/requests.json"
FORM = "application/x-www-form-urlencoded"
LUA = """\
wrk.method = "POST"
wrk.body = "{body}"
wrk.headers["Content-Type"] = "{form}"
"""


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench open311", description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
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


def seed(engine: Engine) -> str:
    """Complaints enabled on the benchmark commune, a category, and a filing key."""
    fixture = database.seed(engine, 0)
    factory = make_session_factory(engine)
    manager = transaction.TransactionManager(explicit=True)
    with manager:
        session = session_in_transaction(factory, manager)
        commune = session.execute(
            select(Commune).where(Commune.slug == fixture.commune)
        ).scalar_one()
        factories.enable(session, commune, "complaints")
        factories.category(session, commune, code=CATEGORY)
        _token, secret = accounts.create_api_token(
            session,
            actor=database.ACTOR,
            commune=commune,
            name="open311 benchmark",
            permissions=["complaints:request:file"],
        )
    return secret


def form_body(secret: str) -> str:
    return urlencode(
        {
            "jurisdiction_id": database.COMMUNE,
            "api_key": secret,
            "service_code": CATEGORY,
            "lat": "34.0531",
            "long": "-6.7985",
            "description": "Nid-de-poule profond devant l'école primaire.",
            "email": "resident@example.org",
            "attribute[landmark]": "École primaire",
        }
    )


def written(url: str) -> dict[str, int]:
    """Complaints, their audit events and outbox messages now in the database."""
    engine = make_engine(url)
    with engine.connect() as connection:
        counts = {
            "complaints": connection.execute(select(func.count()).select_from(Complaint)),
            "audit_received": connection.execute(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "complaints:request:received")
            ),
            "outbox": connection.execute(select(func.count()).select_from(OutboxMessage)),
        }
        found = {name: result.scalar_one() for name, result in counts.items()}
    engine.dispose()
    return found


def _median(measurements: list[Measurement]) -> dict[str, float]:
    fields = ("requests_per_s", "p99_ms", "p50_ms", "server_cpu_ms_per_request", "failed")
    return {f: round(statistics.median(getattr(m, f) for m in measurements), 3) for f in fields}


def _check_filing(server: Server, body: str) -> None:
    reply = request(server.base, "POST", PATH, {"Content-Type": FORM}, body.encode())
    if reply.status != 200 or "service_request_id" not in json.loads(reply.body)[0]:
        raise RuntimeError(
            f"{server.name}: POST {PATH} answered {reply.status}: {reply.body[:300]!r}"
        )


def _added(url: str, before: dict[str, int], into: dict[str, int]) -> None:
    """Rows written since ``before``, once the filings still in flight have committed."""
    time.sleep(SETTLE_SECONDS)
    for name, count in written(url).items():
        into[name] = into.get(name, 0) + count - before[name]


def measure(
    backend: str, url: str, workdir: Path, args: argparse.Namespace, loadgen: LoadGenerator
) -> dict[str, Any]:
    from bench.__main__ import progress

    progress(f"{backend}: migrating a fresh database")
    engine = database.migrate(url)
    secret = seed(engine)
    versions = database.versions(engine)
    engine.dispose()
    body = form_body(secret)
    loadgen.script.write_text(LUA.format(body=body, form=FORM) + load.WRK_SCRIPT)
    settings = ["--setting", "baladiya.modules.available=notices complaints"]
    settings += ["--setting", "baladiya.complaints.rate_per_minute=0"]
    app_args = ["app", "--url", url, "--workdir", str(workdir), *settings]
    runs: dict[str, list[Measurement]] = {page: [] for page in PAGES}
    rows: dict[str, dict[str, int]] = {page: {} for page in WRITING}
    with (
        Server("floor", ["floor"], workdir) as floor,
        Server(f"write-floor-{backend}", ["write-floor", "--url", url], workdir) as write_floor,
        Server(f"app-{backend}", app_args, workdir) as app,
    ):
        servers = {"floor": floor, "write_floor": write_floor, "open311": app}
        targets = {page: servers[page].base + PATH for page in WRITING}
        targets["floor"] = floor.base + "/"
        for page in WRITING:
            _check_filing(servers[page], body)
        for run in range(1, args.runs + 1):
            for page in PAGES:
                before = written(url) if page in WRITING else {}
                measured = loadgen.measure(
                    targets[page],
                    {},
                    seconds=args.seconds,
                    warmup=args.warmup,
                    server_pid=servers[page].pid(),
                )
                if page in WRITING:
                    _added(url, before, rows[page])
                runs[page].append(measured)
                progress(
                    f"  run {run}/{args.runs} {page:<11} {measured.requests_per_s:8.0f} req/s"
                    f"  p99 {measured.p99_ms:7.1f} ms  failed {measured.failed}"
                )
    median = {page: _median(found) for page, found in runs.items()}
    return {
        "versions": versions,
        "runs": {page: [m.as_dict() for m in found] for page, found in runs.items()},
        "median": median,
        **judge({page: median[page]["requests_per_s"] for page in PAGES}),
        "rows_written": rows,
    }


def judge(rates: dict[str, float]) -> dict[str, Any]:
    """The filing's share of the write floor, which the target judges, and the shares of
    the bare floor that the filing and the write floor reach, for information."""
    rate = {page: rates[page] or 1.0 for page in PAGES}
    of_write_floor = round(rate["open311"] / rate["write_floor"], 3)
    return {
        "of_write_floor": of_write_floor,
        "of_floor": round(rate["open311"] / rate["floor"], 3),
        "write_floor_of_floor": round(rate["write_floor"] / rate["floor"], 3),
        "target_met": of_write_floor >= TARGET_OF_WRITE_FLOOR,
    }


def render(results: dict[str, Any]) -> str:
    lines = [f"Open311 POST requests.json vs the write floor ({results['settings']['tool']})"]
    for name, found in results["databases"].items():
        lines.append(f"{name}:")
        for page in PAGES:
            m = found["median"][page]
            lines.append(
                f"  {page:<11} {m['requests_per_s']:8.0f} req/s  p99 {m['p99_ms']:7.1f} ms"
                f"  p50 {m['p50_ms']:6.1f} ms  CPU {m['server_cpu_ms_per_request']:5.2f} ms/req"
                f"  failed {m['failed']:g}"
            )
        lines.append(
            f"  filing / write floor {found['of_write_floor']:.3f} (target "
            f"{TARGET_OF_WRITE_FLOOR}: {'met' if found['target_met'] else 'NOT met'}); "
            f"for information, of the bare floor: the filing {found['of_floor']:.3f}, "
            f"the write floor {found['write_floor_of_floor']:.3f}"
        )
        for page, counts in found["rows_written"].items():
            lines.append(
                f"  rows written by {page} while loaded: "
                + ", ".join(f"{k} {v}" for k, v in counts.items())
            )
    for name, reason in results["skipped"].items():
        lines.append(f"{name}: skipped ({reason})")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    from bench.__main__ import _clean_environment, machine_info, prepare, progress

    args = parse_args(argv)
    _clean_environment()
    if not shutil.which("wrk"):
        progress("wrk is not installed (Debian: apt-get install wrk); it is needed to POST")
        return 2
    backends = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    results: dict[str, Any] = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "databases": {},
        "skipped": {},
    }
    with tempfile.TemporaryDirectory(prefix="baladiya-bench-open311-") as scratch:
        workdir = Path(scratch)
        loadgen = LoadGenerator(
            "wrk", args.connections, threads=min(2, os.cpu_count() or 1), workdir=workdir
        )
        loadgen.script = workdir / "open311.lua"
        results["settings"] = {
            "tool": loadgen.describe(),
            "connections": args.connections,
            "seconds": args.seconds,
            "warmup": args.warmup,
            "runs": args.runs,
        }
        for backend in backends:
            url, reason = prepare(backend, args, workdir)
            if url is None:
                progress(reason)
                results["skipped"][backend] = reason
                continue
            results["databases"][backend] = measure(backend, url, workdir, args, loadgen)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(render(results))
    print(f"\nResults written to {args.output}")
    return 0
