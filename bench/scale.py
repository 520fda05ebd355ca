"""``python -m bench scale``: a national install, measured where a country's size shows.

Morocco has 1,503 communes and Mali 703. This builds ``--communes`` of them on
PostgreSQL (twelve regions of about ten provinces each), every one with the notice board
and complaints enabled, an agent, and a few complaints, through the same services the
application uses. It then serves the app (production-like settings, read cache on) and
reports, for the pages whose size grows with the number of communes, the bytes sent and
the median time of ``--requests`` requests one after the other: the landing page, a
region's page of it, a search, a regional supervisor's home, a platform administrator's
home (all communes, one region, a search), the regional board of a campaign of the first
region (its first page, a search) and a commune's dashboard.
Last it runs every scheduled job's tick once, in this process, and reports how long each
took. It writes ``bench/results/scale.json`` and never fails because of a number.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import transaction
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bench import database
from bench.servers import Reply, Server, log_in, request
from consolidation import services as consolidation
from municipality import accounts
from municipality.db import make_session_factory, session_in_transaction
from municipality.models import Commune, Region, User
from tests import factories

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/baladiya_bench_scale"
RESULTS = Path(__file__).resolve().parent / "results" / "scale.json"
REGIONS = 12
PROVINCES_PER_REGION = 10
COMPLAINTS_PER_COMMUNE = 3
BATCH = 100
MODULES = "notices complaints gis sync consolidation"
# Hashed once: a password hash costs tens of milliseconds on purpose, and 1,500 of them
# would measure Argon2, not the install.
PASSWORD_HASH = accounts.hash_password(factories.PASSWORD)
SUPERVISOR = "supervisor@region-00.example.org"
WEIGHT_LIMIT_KB = 50
PLATFORM_ADMIN = "admin@platform.example.org"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench scale", description=__doc__)
    parser.add_argument("--communes", type=int, default=1500)
    parser.add_argument("--requests", type=int, default=20, help="requests per page")
    parser.add_argument("--url", default=DEFAULT_URL, help="a PostgreSQL database to recreate")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.communes < REGIONS or args.requests < 1:
        parser.error(f"--communes must be at least {REGIONS}, --requests at least 1")
    return args


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def unit(engine: Engine) -> Iterator[Session]:
    manager = transaction.TransactionManager(explicit=True)
    with manager:
        yield session_in_transaction(make_session_factory(engine), manager)


def seed(engine: Engine, communes: int) -> tuple[str, str]:
    """The regions, their communes with modules, agents and complaints; a supervisor of
    the first region, a platform administrator and a campaign of the first region.
    Returns the slug of a commune for the dashboard and the path of the campaign's board."""
    with unit(engine) as session:
        regions = [factories.region(session, slug=f"region-{n:02d}") for n in range(REGIONS)]
        factories.user(session, role="supervisor", region_=regions[0], email=SUPERVISOR, totp=False)
        region_ids = [region.id for region in regions]
    for first in range(0, communes, BATCH):
        with unit(engine) as session:
            for number in range(first, min(first + BATCH, communes)):
                _commune(session, session.get(Region, region_ids[number % REGIONS]), number)
        progress(f"  {min(first + BATCH, communes)} of {communes} communes")
    with unit(engine) as session:
        session.add(
            User(
                email=PLATFORM_ADMIN,
                full_name="Platform administrator",
                password_hash=PASSWORD_HASH,
                is_platform_admin=True,
            )
        )
        first = session.get(Region, region_ids[0])
        assert first is not None
        campaign = consolidation.create_campaign(
            session,
            actor="bench",
            region=first,
            set_code="activity-monthly",
            period="2026-10",
            deadline=date(2026, 11, 15),
        )
        board = f"/r/{first.slug}/consolidation/campaigns/{campaign.public_id}"
    return "commune-0000", board


def _commune(session: Session, region: Region | None, number: int) -> None:
    assert region is not None
    commune = factories.commune(session, slug=f"commune-{number:04d}", region_=region)
    commune.name_fr = f"Commune n° {number}"
    commune.province = f"Province {number // REGIONS % PROVINCES_PER_REGION}"
    factories.enable(session, commune, "notices", "complaints")
    agent = User(
        email=f"agent@commune-{number:04d}.example.org",
        full_name=f"Agent {number}",
        password_hash=PASSWORD_HASH,
    )
    session.add(agent)
    accounts.grant_role(session, actor="bench", user=agent, role="agent", commune=commune)
    category = factories.category(session, commune_=commune)
    for _ in range(COMPLAINTS_PER_COMMUNE):
        factories.complaint(session, category_=category)


def _timed(fetch: Callable[[], Reply], count: int) -> dict[str, Any]:
    """Median and worst time of ``count`` fetches, and the size of the last answer."""
    times, reply = [], None
    for _ in range(count):
        start = time.perf_counter()
        reply = fetch()
        times.append((time.perf_counter() - start) * 1000)
        if reply.status != 200:
            raise RuntimeError(f"answered {reply.status}: {reply.body[:300]!r}")
    assert reply is not None
    return {
        "kilobytes": round(len(reply.body) / 1024, 1),
        "median_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
    }


def measure_pages(url: str, workdir: Path, slug: str, board: str, count: int) -> dict[str, Any]:
    args = ["app", "--url", url, "--workdir", str(workdir)]
    args += ["--setting", f"baladiya.modules.available={MODULES}"]
    with Server("app-scale", args, workdir) as app:
        supervisor = {"Cookie": log_in(app.base, SUPERVISOR, factories.PASSWORD, "/")}
        admin = {"Cookie": log_in(app.base, PLATFORM_ADMIN, factories.PASSWORD, "/")}
        agent = log_in(app.base, f"agent@{slug}.example.org", factories.PASSWORD, f"/c/{slug}/")
        pages = {
            "landing page": ("/", {}),
            "landing page, one region": ("/?region=region-03", {}),
            "landing page, a search": ("/?q=n%C2%B0%2012", {}),
            "supervisor's home": ("/", supervisor),
            "platform admin's home": ("/", admin),
            "platform admin, one region": ("/?region=region-03", admin),
            "platform admin, a search": ("/?q=n%C2%B0%2012", admin),
            "regional board": (board, supervisor),
            "regional board, a search": (f"{board}?q=n%C2%B0%2012", supervisor),
            "dashboard": (f"/c/{slug}/", {"Cookie": agent}),
        }
        return {
            name: _timed(lambda p=path, h=headers: request(app.base, "GET", p, h), count)
            for name, (path, headers) in pages.items()
        }


def measure_jobs(url: str, workdir: Path) -> dict[str, float]:
    """Each scheduled job's tick, run once in this process: seconds."""
    from bench.serve import app_settings
    from municipality.app import make_config
    from municipality.scheduler import build_scheduler

    settings = {**app_settings(url, workdir), "baladiya.modules.available": MODULES}
    config = make_config(settings)
    config.commit()
    durations = {}
    for name, (func, _seconds) in sorted(build_scheduler(config.registry).jobs.items()):
        start = time.perf_counter()
        func(config.registry)
        durations[name] = round(time.perf_counter() - start, 3)
        progress(f"  {name}: {durations[name]} s")
    return durations


def render(results: dict[str, Any]) -> str:
    lines = [
        f"National install: {results['communes']} communes on PostgreSQL "
        f"(seeded in {results['seed_seconds']} s)",
        f"{'page':<28}{'KB':>8}{'median ms':>12}{'max ms':>10}",
    ]
    for name, page in results["pages"].items():
        lines.append(f"{name:<28}{page['kilobytes']:>8}{page['median_ms']:>12}{page['max_ms']:>10}")
    lines.append(f"(every list of communes is to stay under {WEIGHT_LIMIT_KB} KB)")
    lines.append(f"{'scheduled job, one tick':<40}{'seconds':>8}")
    lines += [f"{name:<40}{seconds:>8}" for name, seconds in results["jobs"].items()]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    reason = database.postgres_reachable(args.url)
    if reason:
        progress(f"PostgreSQL is not reachable: {reason}")
        return 2
    database.recreate_postgres(args.url)
    engine = database.migrate(args.url)
    progress(f"seeding {args.communes} communes")
    start = time.perf_counter()
    slug, board = seed(engine, args.communes)
    seed_seconds = round(time.perf_counter() - start, 1)
    with unit(engine) as session:
        assert session.query(Commune).count() == args.communes
    engine.dispose()
    with tempfile.TemporaryDirectory(prefix="baladiya-bench-scale-") as scratch:
        workdir = Path(scratch)
        progress("measuring pages")
        pages = measure_pages(args.url, workdir, slug, board, args.requests)
        progress("running each scheduled job once")
        jobs = measure_jobs(args.url, workdir)
    results = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "communes": args.communes,
        "seed_seconds": seed_seconds,
        "pages": pages,
        "jobs": jobs,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(render(results))
    print(f"\nResults written to {args.output}")
    return 0
