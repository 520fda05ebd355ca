"""Delivery under chaos, with real processes on PostgreSQL and the simulator over HTTP.

- Fifty times, a delivery worker is killed with SIGKILL at a random moment while the
  simulator answers 30 % of requests with 503 and holds 10 % past the client's timeout.
- The database server really restarts during a run, four times (``pg_ctl stop -m fast``
  and ``-m immediate``, a crash recovered from the WAL, then ``start``), while two
  workers deliver and the simulator fails requests. The shared test server cannot be
  restarted without breaking the other test processes, so this test starts a private
  PostgreSQL cluster of its own (``private_postgres.py``: temporary directory, free port,
  always stopped and removed) and restarts that one.
- On the shared server, the worker's connections are cut with ``pg_terminate_backend``
  again and again during a run (only this worker's backends, tagged by
  ``application_name``, in this test's own database).
- Two workers and three schedulers (one of them active) compete for the same lanes.

Each ends the same way: every message is delivered, the simulator counted exactly as
many distinct events as the outbox holds (repeats were absorbed by the idempotency key),
and for every object the creation reached the platform before its decision.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest
import transaction as transaction_module
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from municipality.db import make_engine, make_session_factory, session_in_transaction
from municipality.migrate import upgrade
from municipality.models import JobRun, OutboxMessage
from sync.models import DeliveryAttempt
from sync.simulator import Simulator, serve_in_thread
from tests.sync import private_postgres
from tests.sync.delivery_support import APP_SECRET, connected_commune, queue
from tests.sync.private_postgres import PrivateCluster

pytestmark = pytest.mark.postgres

HELPER = Path(__file__).with_name("delivery_process.py")
APPLICATION_NAME = "baladiya-sync-chaos"
OBJECTS_PER_COMMUNE = 20
KILLS = 50
SETTINGS = {
    "baladiya.sync.batch": 5,
    "baladiya.sync.base_delay_ms": 50,
    "baladiya.sync.timeout_ms": 300,
    "baladiya.sync.rate_per_minute": 600_000,
    "baladiya.sync.breaker_failures": 4,
    "baladiya.sync.breaker_cooldown_ms": 200,
    # Time runs about 300 times faster here than with the defaults (a 200 ms cool-down
    # for 60 s): the longest wait shrinks likewise, from 30 minutes to 6 seconds, or a
    # message unlucky with the faults would wait past the test's minute.
    "baladiya.sync.breaker_max_cooldown_ms": 6_000,
    "baladiya.sync.run_budget_ms": 2_000,
}


@pytest.fixture
def postgresql_only(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("workers in several processes need PostgreSQL's row locks")


class Launcher:
    """The forking launcher of ``delivery_process.py``: workers start in milliseconds."""

    def __init__(self, config: dict[str, Any], tmp: Path) -> None:
        path = tmp / "delivery.json"
        path.write_text(json.dumps(config))
        self.process = subprocess.Popen(
            [sys.executable, str(HELPER), str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parents[2],
        )
        assert self._line() == "ready"

    def _line(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()

    def start(self, kind: str, name: str) -> int:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{kind} {name}\n")
        self.process.stdin.flush()
        answer = self._line()
        assert answer.startswith("pid "), answer
        return int(answer.removeprefix("pid "))

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("quit\n")
        self.process.stdin.close()
        self.process.wait(timeout=30)
        assert self.process.stdout is not None
        self.process.stdout.close()


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return


Units = Callable[[], AbstractContextManager[Session]]


@contextmanager
def _chaos_on(db: Units, engine: Engine, tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Messages queued for three communes, a simulator, and a launcher of processes."""
    running = serve_in_thread(Simulator(advance_after=None, seed=7), threads=16)
    with db() as session:
        for _ in range(3):
            commune = connected_commune(session, base_url=running.url, app_secret=APP_SECRET)
            for number in range(OBJECTS_PER_COMMUNE):
                queue(session, commune, f"P-{number}", kind="filed")
                queue(session, commune, f"P-{number}", kind="decided")
    claims = tmp_path / "claims"
    claims.mkdir()
    config = {
        "url": engine.url.render_as_string(hide_password=False),
        "application_name": APPLICATION_NAME,
        "app_secret": APP_SECRET,
        "settings": SETTINGS,
        "platforms": ["permits"],
        "claim_dir": str(claims),
    }
    launcher = Launcher(config, tmp_path)
    try:
        yield lambda: (running.simulator, launcher, claims)
    finally:
        launcher.close()
        running.stop()


@pytest.fixture
def chaos(postgresql_only, db, engine, tmp_path) -> Iterator[Callable[..., Any]]:
    """The chaos set-up on the shared test database."""
    with _chaos_on(db, engine, tmp_path) as start:
        yield start


def _units(engine: Engine) -> Units:
    """Committed units of work on ``engine``, like the suite's ``db`` fixture."""
    factory = make_session_factory(engine)

    @contextmanager
    def unit() -> Iterator[Session]:
        tm = transaction_module.TransactionManager(explicit=True)
        with tm:
            yield session_in_transaction(factory, tm)

    return unit


@pytest.fixture
def private_server(postgresql_only) -> Iterator[tuple[PrivateCluster, Engine]]:
    """A migrated database on a PostgreSQL server of this test's own, free to restart."""
    reason = private_postgres.unavailable()
    if reason:
        pytest.skip(reason)
    with private_postgres.private_cluster() as cluster:
        engine = make_engine(cluster.create_database("baladiya_chaos", extensions=("postgis",)))
        try:
            upgrade(engine)
            yield cluster, engine
        finally:
            engine.dispose()


def _count_undelivered(db) -> int:
    with db() as session:
        return session.execute(
            select(func.count()).where(OutboxMessage.state != "delivered")
        ).scalar_one()


def _undelivered(db) -> int:
    """Messages not delivered yet. The test's own pool does not ping a connection in steady
    use, so its first look after a restart may meet a dead one, which renews the pool: it
    asks again, as the next request of an application would."""
    try:
        return _count_undelivered(db)
    except OperationalError:
        return _count_undelivered(db)


def _wait_until_delivered(db, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while _undelivered(db):
        if time.monotonic() > deadline:
            pytest.fail(f"{_undelivered(db)} messages still undelivered after {timeout} s")
        time.sleep(0.2)


def _assert_exactly_once_in_effect(db, simulator: Simulator) -> dict[str, int]:
    stats = simulator.snapshot()["platforms"]["permits"]
    received = simulator.received["permits"]
    with db() as session:
        sent = session.execute(select(OutboxMessage)).scalars().all()
        assert {m.state for m in sent} == {"delivered"}
        assert stats["distinct"] == len(sent) == 3 * 2 * OBJECTS_PER_COMMUNE
        assert {d["event_id"] for d in received} == {m.payload["event_id"] for m in sent}
    first_seen = {
        (d["commune"], d["object"]["id"], d["event_type"]): i for i, d in enumerate(received)
    }
    for (commune, object_id, event_type), position in first_seen.items():
        if event_type == "permit_application.decided":
            filed = first_seen[(commune, object_id, "permit_application.filed")]
            assert filed < position, f"{commune}/{object_id}: decision before creation"
    return stats


def test_fifty_kills_of_the_worker_lose_nothing_and_deliver_once_in_effect(
    chaos, db, record_property
):
    simulator, launcher, _claims = chaos()
    simulator.faults.update({"error_rate": 0.3, "timeout_rate": 0.1, "timeout_seconds": 0.6})
    rng = random.Random(2026)
    for number in range(KILLS):
        pid = launcher.start("worker", f"w{number}")
        time.sleep(rng.uniform(0.05, 0.5))
        _kill(pid)
    survivor = launcher.start("worker", "survivor")
    try:
        _wait_until_delivered(db, 60)
    finally:
        _kill(survivor)
    stats = _assert_exactly_once_in_effect(db, simulator)
    record_property("simulator", stats)
    assert stats["faults"] > 0  # the faults really struck
    assert stats["received"] > stats["distinct"]  # repeats reached the platform, absorbed


def test_cut_database_connections_lose_nothing_and_deliver_once_in_effect(
    chaos, db, engine, record_property
):
    simulator, launcher, _claims = chaos()
    simulator.faults.update({"error_rate": 0.3, "timeout_rate": 0.1, "timeout_seconds": 0.6})
    stop = threading.Event()
    cut: list[int] = []

    def terminate_backends() -> None:
        admin = make_engine(engine.url.render_as_string(hide_password=False))
        try:
            while not stop.wait(0.15):
                with admin.connect() as connection:
                    killed = connection.execute(
                        text(
                            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND application_name = :name"
                        ),
                        {"name": APPLICATION_NAME},
                    ).scalar_one()
                    connection.commit()
                cut.append(killed)
        finally:
            admin.dispose()

    cutter = threading.Thread(target=terminate_backends)
    worker = launcher.start("worker", "cut-off")
    cutter.start()
    try:
        time.sleep(5)
        stop.set()
        cutter.join()
        _wait_until_delivered(db, 60)
    finally:
        stop.set()
        _kill(worker)
    assert sum(cut) > 5  # the worker's connections were cut again and again
    stats = _assert_exactly_once_in_effect(db, simulator)
    record_property("simulator", stats)
    record_property("backends_terminated", sum(cut))


RESTARTS = ("fast", "immediate", "fast", "immediate")


def test_restarts_of_the_database_server_lose_nothing_and_deliver_once_in_effect(
    private_server, tmp_path, record_property
):
    cluster, engine = private_server
    db = _units(engine)
    with _chaos_on(db, engine, tmp_path) as start:
        simulator, launcher, claims = start()
        simulator.faults.update({"error_rate": 0.3, "timeout_rate": 0.1, "timeout_seconds": 0.6})
        rng = random.Random(15)
        workers = [launcher.start("worker", f"restarted-{n}") for n in range(2)]
        in_flight: list[int] = []
        try:
            for mode in RESTARTS:
                time.sleep(rng.uniform(0.4, 1.2))
                in_flight.append(_undelivered(db))
                cluster.stop(mode)
                time.sleep(rng.uniform(0.2, 0.8))  # the workers meet a server that is down
                cluster.start()
            _wait_until_delivered(db, 60)
        finally:
            for pid in workers:
                _kill(pid)
        stats = _assert_exactly_once_in_effect(db, simulator)
    assert in_flight[0] > 0  # the first restart struck in the middle of the run
    assert _database_errors(claims) > 0  # the workers met the restarts
    assert stats["faults"] > 0
    record_property("simulator", stats)
    record_property("undelivered_at_restarts", in_flight)


def _database_errors(claims: Path) -> int:
    """How often the workers lost the database (batches rolled back, lanes not listed)."""
    return sum(
        1
        for log in claims.glob("*.log")
        for line in log.read_text().splitlines()
        if not line.startswith("claim ")
    )


def _claimed_by(claims: Path) -> dict[int, set[str]]:
    """Message id -> the workers that claimed it, from every process's claim log."""
    owners: dict[int, set[str]] = {}
    for log in claims.glob("*.log"):
        for line in log.read_text().splitlines():
            if not line.startswith("claim "):
                continue
            _word, worker, _lane, *ids = line.split()
            for message_id in ids:
                owners.setdefault(int(message_id), set()).add(worker)
    return owners


def _wait_for_a_job_run(db, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with db() as session:
            if session.execute(
                select(func.count()).where(JobRun.job == "sync.deliver.permits")
            ).scalar_one():
                return
        time.sleep(0.1)
    pytest.fail("no scheduler became active")


def test_two_workers_and_three_schedulers_never_deliver_a_message_twice(chaos, db, record_property):
    simulator, launcher, claims = chaos()
    simulator.faults.update({"latency": 0.02})
    pids = [launcher.start("scheduler", f"scheduler-{n}") for n in range(3)]
    try:
        _wait_for_a_job_run(db)  # the active scheduler delivers; the workers join it
        pids += [launcher.start("worker", f"worker-{n}") for n in range(2)]
        _wait_until_delivered(db, 60)
    finally:
        for pid in pids:
            _kill(pid)
    stats = _assert_exactly_once_in_effect(db, simulator)
    assert (stats["duplicates"], stats["received"]) == (0, stats["distinct"])
    owners = _claimed_by(claims)
    assert all(len(workers) == 1 for workers in owners.values())
    with db() as session:
        attempts = Counter(session.execute(select(DeliveryAttempt.outbox_id)).scalars())
        by_worker = set(session.execute(select(DeliveryAttempt.worker)).scalars())
    assert set(attempts.values()) == {1}
    assert set(owners) == set(attempts)
    assert len(by_worker) >= 2  # the work really was shared
    record_property("workers", sorted(by_worker))
