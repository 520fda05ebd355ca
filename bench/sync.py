"""``python -m bench sync``: delivery to the national platforms simulator, against its raw rate.

The simulator runs in its own process (``baladiya national-sim``, no faults). For each
platform measured, each run alternates two measurements, ``--slices`` times each:

- **floor**: a minimal client POSTs ``--events`` requests, built and signed beforehand,
  one after the other on one keep-alive connection, and only checks the status code:
  the simulator's raw accept rate (envelope check, contract validation, dedup store);
- **delivery**: ``--events`` events are emitted into the outbox of a scratch SQLite
  database (one commune, its connection configured), then timed from the first claim to
  the last acknowledgement through the real path: :func:`sync.delivery.deliver_platform`
  (lane lock, batch claim, per-object ordering, attempt log), the adapter, the envelope
  and httpx, one worker, rate limit off.

It prints the medians (events/s) and the ratio delivery/floor, target at least
:data:`TARGET_RATIO`, and writes ``bench/results/sync.json``. Never fails on a number.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import transaction
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bench import database
from municipality.db import make_session_factory, session_in_transaction, utcnow
from municipality.models import Commune, OutboxMessage
from sync import adapters, envelope, events, services
from sync.contracts import examples
from sync.delivery import DeliveryPolicy, deliver_platform
from sync.simulator import DEV_KEY_ID, DEV_SECRET
from tests import factories

TARGET_RATIO = 0.5
RESULTS = Path(__file__).resolve().parent / "results" / "sync.json"
APP_SECRET = "bench-app-secret"  # seals the connection's key in the scratch database
MESSAGE_TYPES = {"permits": "permit_application.filed", "complaints": "complaint.filed"}
KEYS = envelope.KeyRing.of(DEV_KEY_ID, DEV_SECRET)
WARMUP_EVENTS = 50


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench sync", description=__doc__)
    parser.add_argument("--events", type=int, default=400, help="events per measurement")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=50, help="delivery batch size")
    parser.add_argument(
        "--slices", type=int, default=4, help="alternations of floor and delivery per run"
    )
    parser.add_argument(
        "--platform", choices=[*MESSAGE_TYPES, "both"], default="both", help="what to measure"
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.runs < 1 or args.slices < 1 or args.events < 10 * args.slices:
        parser.error("--runs and --slices must be at least 1, --events at least 10 a slice")
    return args


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_simulator() -> tuple[subprocess.Popen[bytes], str]:
    """The simulator in its own process, so it does not share our interpreter's lock."""
    port = _free_port()
    command = [
        str(Path(sys.executable).with_name("baladiya")),
        "national-sim",
        "--port",
        str(port),
        "--advance-after",
        "-1",
        "--exit-with",
        str(os.getpid()),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(f"{url}/_sim/stats", timeout=1).raise_for_status()
            return process, url
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the simulator did not start")


def config(url: str, platform: str) -> adapters.PlatformConfig:
    return adapters.PlatformConfig(
        platform=platform,
        commune=database.COMMUNE,
        base_url=f"{url}/{platform}",
        client_id=f"MA/COMMUNE/{database.COMMUNE}",
        keys=KEYS,
    )


def floor_seconds(client: httpx.Client, url: str, platform: str, count: int) -> float:
    """Seconds a minimal client takes: pre-signed requests, status code checked, nothing else."""
    adapter = adapters.ADAPTERS[platform]
    target = config(url, platform)
    prepared = [
        adapter.build(
            examples.document(
                MESSAGE_TYPES[platform], commune=database.COMMUNE, object_id=str(uuid.uuid4())
            ),
            target,
        )
        for _ in range(count)
    ]
    started = time.perf_counter()
    for request in prepared:
        response = client.request(
            request.method, request.url, content=request.body, headers=request.headers
        )
        if response.status_code != 201:
            raise SystemExit(f"floor: HTTP {response.status_code}: {response.text[:300]}")
    return time.perf_counter() - started


def seed(factory: sessionmaker[Session], url: str) -> None:
    """The benchmark commune and its connections to the measured platforms."""
    manager = transaction.TransactionManager(explicit=True)
    with manager:
        session = session_in_transaction(factory, manager)
        commune = factories.commune(session, slug=database.COMMUNE)
        for platform in MESSAGE_TYPES:
            services.configure(
                session,
                actor=database.ACTOR,
                commune=commune,
                platform=platform,
                data={
                    "base_url": f"{url}/{platform}",
                    "client_id": f"MA/COMMUNE/{database.COMMUNE}",
                    "key_id": DEV_KEY_ID,
                    "secret": DEV_SECRET,
                },
                app_secret=APP_SECRET,
            )


def enqueue(factory: sessionmaker[Session], platform: str, count: int) -> None:
    """``count`` events of distinct objects, written through the producers' path."""
    message_type = MESSAGE_TYPES[platform]
    object_type, kind = message_type.split(".")
    manager = transaction.TransactionManager(explicit=True)
    with manager:
        session = session_in_transaction(factory, manager)
        commune = session.execute(
            select(Commune).where(Commune.slug == database.COMMUNE)
        ).scalar_one()
        for _ in range(count):
            local_id = str(uuid.uuid4())
            payload = {**examples.PAYLOADS[message_type], "local_id": local_id}
            events.emit(
                session,
                commune=commune,
                platform=platform,
                object_type=object_type,
                object_id=local_id,
                kind=kind,
                payload=payload,
                occurred_at=utcnow(),
            )


def pending(factory: sessionmaker[Session]) -> int:
    manager = transaction.TransactionManager(explicit=True)
    with manager:
        session = session_in_transaction(factory, manager)
        return session.execute(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.state == "pending")
        ).scalar_one()


def delivery_seconds(
    factory: sessionmaker[Session], client: httpx.Client, platform: str, count: int, batch: int
) -> float:
    """Seconds through :func:`sync.delivery.deliver_platform`, first claim to last ack."""
    enqueue(factory, platform, count)
    policy = DeliveryPolicy(
        batch=batch,
        rate_per_minute=10**9,
        run_budget=600.0,
        breaker_cooldown=timedelta(seconds=1),
    )
    started = time.perf_counter()
    report = deliver_platform(
        factory, platform, policy, partial(adapters.send, client), app_secret=APP_SECRET
    )
    elapsed = time.perf_counter() - started
    left = pending(factory)
    if left:
        raise SystemExit(f"delivery: {left} messages still pending ({report})")
    return elapsed


def paired_run(
    factory: sessionmaker[Session],
    client: httpx.Client,
    url: str,
    platform: str,
    args: argparse.Namespace,
) -> tuple[float, float]:
    """Events/s of the floor and of the delivery, measured in alternating slices.

    The machine is shared: alternating slices of ``--events / --slices`` exposes both to
    the same background load, so the ratio means more than either number alone.
    """
    size = args.events // args.slices
    floor = delivery = 0.0
    for _slice in range(args.slices):
        floor += floor_seconds(client, url, platform, size)
        delivery += delivery_seconds(factory, client, platform, size, args.batch)
    total = size * args.slices
    return total / floor, total / delivery


def measure(args: argparse.Namespace, url: str, scratch: Path) -> dict[str, Any]:
    engine = database.migrate(database.sqlite_url(scratch))
    factory = make_session_factory(engine)
    seed(factory, url)
    platforms = list(MESSAGE_TYPES) if args.platform == "both" else [args.platform]
    found: dict[str, Any] = {}
    with httpx.Client(timeout=30) as client:
        for platform in platforms:
            floor_seconds(client, url, platform, WARMUP_EVENTS)  # connection, caches: not counted
            floors, deliveries = [], []
            for run in range(args.runs):
                run_floor, run_delivery = paired_run(factory, client, url, platform, args)
                floors.append(run_floor)
                deliveries.append(run_delivery)
                print(
                    f"  {platform} run {run + 1}: floor {run_floor:.0f}/s, "
                    f"delivery {run_delivery:.0f}/s",
                    flush=True,
                )
            # The ratio is the median of each run's own ratio: both halves of a run saw the
            # same background load, two medians taken apart did not.
            ratios = [d / f for f, d in zip(floors, deliveries, strict=True)]
            found[platform] = {
                "floor_events_per_s": round(statistics.median(floors), 1),
                "delivery_events_per_s": round(statistics.median(deliveries), 1),
                "ratio": round(statistics.median(ratios), 3),
                "target": TARGET_RATIO,
                "runs": {
                    "floor": [round(f, 1) for f in floors],
                    "delivery": [round(d, 1) for d in deliveries],
                },
            }
    engine.dispose()
    return found


def render(found: dict[str, Any]) -> str:
    lines = [
        "| platform | floor (events/s) | delivery (events/s) | ratio | target |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for platform, row in found.items():
        mark = "" if row["ratio"] >= row["target"] else " (below target)"
        lines.append(
            f"| {platform} | {row['floor_events_per_s']:.0f} | {row['delivery_events_per_s']:.0f}"
            f" | {row['ratio']:.2f}{mark} | {row['target']:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    process, url = start_simulator()
    scratch = Path(tempfile.mkdtemp(prefix="baladiya-bench-sync-"))
    try:
        found = measure(args, url, scratch)
        stats = httpx.get(f"{url}/_sim/stats").json()["platforms"]
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(scratch, ignore_errors=True)
    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "events": args.events,
        "runs": args.runs,
        "batch": args.batch,
        "database": "sqlite",
        "platforms": found,
        "simulator": {p: stats[p] for p in found},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    print(render(found))
    print(f"results written to {args.output}")
    return 0
