"""``python -m bench payments``: confirmed payments per second, against the simulator's raw rate.

The providers' simulator runs in its own process (``baladiya payments-sim``) and the
application in another (``python -m bench.serve app``, documents and payments), on a
scratch SQLite database and on a recreated PostgreSQL one (``--db``, ``--postgres-url``).
The commune has a document-signer, so every credit asks for a sealed receipt. Each run
alternates two measurements, ``--slices`` times each:

- **floor**: a minimal client POSTs ``--payments`` GSMA request-to-pay calls, built
  beforehand, one after the other on one keep-alive connection, and only checks the 202:
  the simulator's raw accept rate;
- **confirmed**: ``--payments`` payment intents are asked and started through the
  services (one outbox message each), then timed from the first outbox claim to the last
  credit: the outbox delivers each request to pay, the simulator settles it at once and
  PUTs its callback to the application over HTTP, which asks the simulator for the
  request's state and the transaction (two more calls) before crediting, under the
  payment's lock, with its audit events, asking for the receipt (an outbox message);
- then **receipts**: ``--receipts`` of the receipts asked for are sealed by the outbox
  (number, seal, PDF, file store, audit), timed apart: the work taken out of the credit.

It prints the medians (payments/s) and the ratio confirmed/floor, target at least
:data:`TARGET_RATIO`, and writes ``bench/results/payments.json``. Never fails on a number.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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
from pyramid.registry import Registry
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bench import database
from bench.serve import SECRET, app_settings
from bench.servers import Server, free_port
from documents import services as documents
from municipality import outbox
from municipality.app import make_config
from municipality.database import ENGINE_KEY
from municipality.db import make_session_factory, session_in_transaction, set_commune_scope
from municipality.tenancy import commune_by_slug
from payments.gateway import Gateway
from payments.models import Payment
from payments.payables import fee_reference
from payments.services import intents, receipts
from payments.signing import API_KEY_HEADER, api_key
from payments.simulator import DEV_SECRET
from tests import factories

TARGET_RATIO = 0.5
MODULES = "documents payments"
RECEIPTS = receipts.DESTINATION
RESULTS = Path(__file__).resolve().parent / "results" / "payments.json"
WARMUP = 30
WAIT_SECONDS = 120.0
STALL_SECONDS = 15.0


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench payments", description=__doc__)
    parser.add_argument("--payments", type=int, default=200, help="payments per measurement")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--slices", type=int, default=2, help="alternations per run")
    parser.add_argument("--batch", type=int, default=10, help="outbox messages a transaction")
    parser.add_argument("--receipts", type=int, default=10, help="receipts sealed a run")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BALADIYA_BENCH_POSTGRES_URL", database.DEFAULT_POSTGRES_URL),
        help="database to drop and recreate (default %(default)s)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.runs < 1 or args.slices < 1 or args.payments < 10 * args.slices:
        parser.error("--runs and --slices must be at least 1, --payments at least 10 a slice")
    if not 1 <= args.receipts <= args.payments:
        parser.error("--receipts must be between 1 and --payments")
    return args


def start_simulator() -> tuple[subprocess.Popen[bytes], str]:
    """The simulator in its own process, stopped with this one."""
    port = free_port()
    command = [sys.executable, "-m", "municipality.cli", "payments-sim", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--exit-with", str(os.getpid())], stdout=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(f"{url}/_sim/stats", timeout=1).raise_for_status()
            return process, url
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the simulator did not start")


def floor_seconds(client: httpx.Client, url: str, count: int) -> float:
    """Seconds a minimal client takes to have ``count`` requests to pay accepted."""
    client.post(f"{url}/_sim/faults", json={"auto_settle": ""})
    headers = {API_KEY_HEADER: api_key(DEV_SECRET), "X-Callback-URL": "http://127.0.0.1:9/"}
    bodies = [
        {
            "amount": "20.50",
            "currency": "MAD",
            "debitParty": [{"key": "msisdn", "value": "+212600000000"}],
            "creditParty": [{"key": "accountid", "value": database.COMMUNE}],
            "requestingOrganisationTransactionReference": uuid.uuid4().hex,
        }
        for _ in range(count)
    ]
    started = time.perf_counter()
    for body in bodies:
        answer = client.post(
            f"{url}/gsma/transactions/type/merchantpay",
            json=body,
            headers={
                **headers,
                "X-CorrelationID": str(body["requestingOrganisationTransactionReference"]),
            },
        )
        if answer.status_code != 202:
            raise SystemExit(f"floor: HTTP {answer.status_code}: {answer.text[:300]}")
    return time.perf_counter() - started


def _unit(factory: sessionmaker[Session]) -> Any:
    manager = transaction.TransactionManager(explicit=True)
    return manager, partial(session_in_transaction, factory, manager)


def seed(factory: sessionmaker[Session]) -> None:
    """The benchmark commune, with payments and a document-signer: every credit has its
    receipt sealed, as in a commune at work (without a signer receipts would wait)."""
    manager, session_of = _unit(factory)
    with manager:
        session = session_of()
        commune = factories.payments_commune(session, slug=database.COMMUNE)
        documents.make_signer(
            session,
            actor=database.ACTOR,
            commune=commune,
            root=factories.seal_root_keys(),
            app_secret=SECRET,
        )


def start_payments(factory: sessionmaker[Session], gateway: Gateway, count: int) -> None:
    """``count`` mobile money payments asked and started (their requests wait in the outbox)."""
    manager, session_of = _unit(factory)
    with manager:
        session = session_of()
        commune = commune_by_slug(session, database.COMMUNE)
        set_commune_scope(session, commune.id)
        for _ in range(count):
            payment = intents.request_payment(
                session,
                actor=database.ACTOR,
                commune=commune,
                registry=factories.payments_registry(),
                kind="payments.fee",
                reference=fee_reference("payments.stamp-duty", 1, uuid.uuid4().hex[:12]),
                provider="gsma",
                payer="+212600000000",
            )
            intents.start(
                session, actor=database.ACTOR, commune=commune, gateway=gateway, payment=payment
            )


def credited(factory: sessionmaker[Session]) -> int:
    manager, session_of = _unit(factory)
    with manager:
        stmt = select(func.count()).select_from(Payment).where(Payment.state == "confirmed")
        return int(session_of().execute(stmt).scalar_one())


def _deliver_starts(factory: sessionmaker[Session], gateway: Gateway, batch: int) -> None:
    """Deliver the requests to pay; the receipts the credits ask for wait (measured apart)."""
    deliverers: dict[str, outbox.Deliverer] = {
        intents.destination("gsma"): partial(intents.deliver_start, gateway)
    }
    policy = outbox.OutboxPolicy(batch=batch)
    while outbox.deliver_batch(factory, deliverers, policy, (RECEIPTS,)).delivered:
        pass


def check_job(factory: sessionmaker[Session], gateway: Gateway, registry: Registry) -> int:
    """What the ``check`` job does for callbacks that never came: ask the provider."""
    manager, session_of = _unit(factory)
    with manager:
        session = session_of()
        commune = commune_by_slug(session, database.COMMUNE)
        set_commune_scope(session, commune.id)
        counts = intents.check_open(
            session, commune=commune, gateway=gateway, registry=registry, after=timedelta(hours=1)
        )
    return counts.get("credited", 0)


def confirmed_seconds(
    factory: sessionmaker[Session],
    client: httpx.Client,
    url: str,
    gateway: Gateway,
    registry: Registry,
    count: int,
    batch: int,
) -> float:
    """Seconds from the first outbox claim to the last payment credited (receipts are
    asked for by then, and sealed after: see :func:`receipts_per_second`).

    A callback lost on a loaded machine (the application too slow to answer the
    simulator in time) is made up as in production: after :data:`STALL_SECONDS` without
    a new credit, the ``check`` job's question to the provider runs, inside the time.
    """
    client.post(f"{url}/_sim/faults", json={"auto_settle": "success"})
    before = credited(factory)
    start_payments(factory, gateway, count)
    started = time.perf_counter()
    # A batch is one transaction: on SQLite the callbacks wait for it to commit.
    _deliver_starts(factory, gateway, batch)
    deadline = started + WAIT_SECONDS
    seen, moved = before, time.perf_counter()
    while (now := credited(factory)) < before + count:
        if time.perf_counter() > deadline:
            raise SystemExit(f"confirmed: {now - before} of {count} credited")
        if now != seen:
            seen, moved = now, time.perf_counter()
        elif time.perf_counter() - moved > STALL_SECONDS:
            print(f"  {check_job(factory, gateway, registry)} credited by the check job")
            moved = time.perf_counter()
        time.sleep(0.05)
    return time.perf_counter() - started


def receipts_per_second(factory: sessionmaker[Session], registry: Registry, count: int) -> float:
    """Receipts sealed a second by the outbox, ``count`` of those the credits asked for."""
    deliverer: outbox.Deliverer = partial(receipts.deliver_receipt, registry)
    started = time.perf_counter()
    outbox.deliver_batch(factory, {RECEIPTS: deliverer}, outbox.OutboxPolicy(batch=count))
    return count / (time.perf_counter() - started)


def document_registry(engine: Engine, scratch: Path) -> Registry:
    """The registry the outbox seals receipts with: the app's document types and secret."""
    settings = {
        **app_settings(str(engine.url), scratch),
        ENGINE_KEY: engine,
        "baladiya.modules.available": MODULES,
    }
    return make_config(settings).registry


def measure(args: argparse.Namespace, sim_url: str, scratch: Path, db_url: str) -> dict[str, Any]:
    engine = database.migrate(db_url)
    factory = make_session_factory(engine)
    seed(factory)
    registry = document_registry(engine, scratch)
    settings = {
        "baladiya.modules.available": MODULES,
        "baladiya.payments.provider_url": sim_url,
    }
    app_args = ["app", "--url", db_url, "--workdir", str(scratch)]
    server = Server("payments-app", app_args, scratch)
    # The server's address, known once it has its port, goes into its own settings: the
    # callbacks come back to it.
    for key, value in {**settings, "baladiya.core.public_url": server.base}.items():
        app_args += ["--setting", f"{key}={value}"]
    gateway = Gateway(sim_url, DEV_SECRET, server.base)
    floors, confirmed, sealed = [], [], []
    with server, httpx.Client(timeout=30) as client:
        floor_seconds(client, sim_url, WARMUP)
        confirmed_seconds(factory, client, sim_url, gateway, registry, WARMUP, args.batch)
        receipts_per_second(factory, registry, 2)
        size = args.payments // args.slices
        for run in range(args.runs):
            floor = done = 0.0
            for _slice in range(args.slices):
                floor += floor_seconds(client, sim_url, size)
                done += confirmed_seconds(
                    factory, client, sim_url, gateway, registry, size, args.batch
                )
            total = size * args.slices
            floors.append(total / floor)
            confirmed.append(total / done)
            sealed.append(receipts_per_second(factory, registry, args.receipts))
            print(
                f"  run {run + 1}: floor {floors[-1]:.0f}/s, confirmed {confirmed[-1]:.0f}/s,"
                f" receipts sealed {sealed[-1]:.2f}/s",
                flush=True,
            )
    gateway.close()
    engine.dispose()
    ratios = [c / f for f, c in zip(floors, confirmed, strict=True)]
    return {
        "floor_payments_per_s": round(statistics.median(floors), 1),
        "confirmed_payments_per_s": round(statistics.median(confirmed), 1),
        "receipts_sealed_per_s": round(statistics.median(sealed), 2),
        "ratio": round(statistics.median(ratios), 3),
        "target": TARGET_RATIO,
        "runs": {
            "floor": [round(f, 1) for f in floors],
            "confirmed": [round(c, 1) for c in confirmed],
            "receipts": [round(r, 2) for r in sealed],
        },
    }


def database_url(backend: str, args: argparse.Namespace, scratch: Path) -> tuple[str | None, str]:
    """A fresh database for ``backend``, or ``None`` and why it is skipped."""
    if backend == "sqlite":
        return database.sqlite_url(scratch), ""
    unreachable = database.postgres_reachable(args.postgres_url)
    if unreachable:
        return None, f"PostgreSQL not reachable at {args.postgres_url}: {unreachable}"
    database.recreate_postgres(args.postgres_url)
    return args.postgres_url, ""


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    process, url = start_simulator()
    found: dict[str, Any] = {}
    try:
        for backend in ("sqlite", "postgresql") if args.db == "both" else (args.db,):
            scratch = Path(tempfile.mkdtemp(prefix=f"baladiya-bench-payments-{backend}-"))
            try:
                db_url, skipped = database_url(backend, args, scratch)
                print(f"{backend}:", skipped or "measuring", flush=True)
                if db_url is not None:
                    found[backend] = measure(args, url, scratch, db_url)
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
        stats = httpx.get(f"{url}/_sim/stats").json()["stats"]
    finally:
        process.terminate()
        process.wait(timeout=10)
    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "payments": args.payments,
        "runs": args.runs,
        "batch": args.batch,
        "databases": found,
        "simulator": stats,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    for backend, result in found.items():
        mark = "" if result["ratio"] >= result["target"] else " (below target)"
        print(
            f"{backend}: floor {result['floor_payments_per_s']:.0f} payments/s, confirmed "
            f"{result['confirmed_payments_per_s']:.0f} payments/s, ratio {result['ratio']:.2f}"
            f"{mark}, target {result['target']:.2f}; receipts sealed "
            f"{result['receipts_sealed_per_s']:.2f}/s"
        )
    print(f"results written to {args.output}")
    return 0
