"""The scheduler: one active scheduler per database, one run per tick, health reporting."""

from __future__ import annotations

import logging
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import webtest
from pyramid.registry import Registry
from sqlalchemy import select as sql_select
from sqlalchemy import text

from municipality.app import make_config
from municipality.db import make_engine, make_session_factory, utcnow
from municipality.models import JobRun
from municipality.scheduler import (
    LEADER_LOCK_ID,
    Leadership,
    Scheduler,
    build_scheduler,
    tick_of,
)
from tests.conftest import app_settings

HELPER = Path(__file__).with_name("scheduler_process.py")
JOB = "tests.heartbeat"


def _skip_unless_postgresql(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("leader election uses PostgreSQL advisory locks; SQLite has one process")


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _runs(db, job: str = JOB) -> list[JobRun]:
    with db() as session:
        return list(
            session.execute(
                sql_select(JobRun).where(JobRun.job == job).order_by(JobRun.tick)
            ).scalars()
        )


def _wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


def test_run_once_runs_a_tick_once_and_refuses_it_afterwards(db, engine):
    calls: list[Registry] = []
    registry = Registry()
    first = Scheduler(registry, engine, make_session_factory(engine))
    other = Scheduler(registry, engine, make_session_factory(engine))
    other.runner = "elsewhere:1"
    tick = tick_of(utcnow(), 60)
    assert first.run_once("tests.count", calls.append, tick) is True
    assert first.run_once("tests.count", calls.append, tick) is False
    assert other.run_once("tests.count", calls.append, tick) is False
    assert calls == [registry]
    assert other.run_once("tests.count", calls.append, tick + timedelta(seconds=60)) is True
    runs = _runs(db, "tests.count")
    assert [(r.runner, r.error) for r in runs] == [(first.runner, None), ("elsewhere:1", None)]
    assert all(r.finished_at is not None for r in runs)


def test_a_failing_job_is_recorded_and_does_not_escape(db, engine):
    def broken(registry: Registry) -> None:
        raise ValueError("no platform today")

    scheduler = Scheduler(Registry(), engine, make_session_factory(engine))
    assert scheduler.run_once("tests.broken", broken, tick_of(utcnow(), 60)) is True
    [run] = _runs(db, "tests.broken")
    assert run.error == "ValueError: no platform today"
    assert run.finished_at is not None


def test_a_job_fires_at_the_start_of_each_tick(db, engine, backend):
    if backend != "sqlite":
        pytest.skip("when a job fires does not depend on the database; run once")
    fired: list = []
    scheduler = Scheduler(Registry(), engine, make_session_factory(engine))
    scheduler.add_job("tests.aligned", lambda registry: fired.append(utcnow()), 1)
    # Start half-way through a second: an interval counted from the start would fire at .5
    time.sleep((1.5 - utcnow().microsecond / 1e6) % 1)
    scheduler.start()
    try:
        _wait_until(lambda: len(fired) >= 2, 5, "two firings")
    finally:
        scheduler.shutdown()
    # Counted from the start, every firing would come at .5 s or later into its second.
    assert all(moment.microsecond < 500_000 for moment in fired), fired
    assert len(_runs(db, "tests.aligned")) == len(fired)


def test_runs_are_not_logged_but_failures_are(db, engine, backend, caplog):
    if backend != "sqlite":
        pytest.skip("what is logged does not depend on the database; run once")
    caplog.set_level(logging.INFO)

    def broken(registry: Registry) -> None:
        raise ValueError("no platform today")

    scheduler = Scheduler(Registry(), engine, make_session_factory(engine))
    scheduler.add_job("tests.quiet", lambda registry: None, 1)
    scheduler.add_job("tests.broken", broken, 1)
    scheduler.start()
    try:
        _wait_until(lambda: len(_runs(db, "tests.quiet")) >= 2, 5, "two runs")
        _wait_until(lambda: len(_runs(db, "tests.broken")) >= 1, 5, "a failed run")
    finally:
        scheduler.shutdown()
    messages = [record.getMessage() for record in caplog.records]
    assert not [m for m in messages if "Running job" in m or "executed successfully" in m]
    failures = [r for r in caplog.records if r.getMessage() == "job tests.broken failed"]
    assert failures
    assert failures[0].levelno == logging.ERROR
    assert "no platform today" in caplog.text


def test_tick_of_is_the_start_of_the_interval():
    moment = utcnow().replace(minute=7, second=41, microsecond=5)
    assert tick_of(moment, 60) == moment.replace(second=0, microsecond=0)
    assert tick_of(moment, 1) == moment.replace(microsecond=0)
    assert tick_of(moment, 3600) == moment.replace(minute=0, second=0, microsecond=0)


def test_a_single_scheduler_is_active_and_gives_its_lock_back(db, engine):
    scheduler = Scheduler(Registry(), engine, make_session_factory(engine))
    assert scheduler.state() == "stopped"
    scheduler.start()
    try:
        assert scheduler.state() == "active"
    finally:
        scheduler.shutdown()
    assert scheduler.state() == "stopped"
    # Another process (its own engine, its own connections) can lead once this one stopped.
    rival_engine = make_engine(_url(engine))
    rival = Leadership(rival_engine)
    try:
        assert rival.is_leader()
    finally:
        rival.release()
        rival_engine.dispose()


def test_only_one_leadership_holds_the_lock_and_release_hands_it_over(engine, backend):
    _skip_unless_postgresql(backend)
    engines = [make_engine(_url(engine)) for _ in range(2)]
    first, second = (Leadership(e) for e in engines)
    try:
        assert first.is_leader()
        assert not second.is_leader()
        assert first.is_leader()
        first.release()
        assert second.is_leader()
        assert not first.is_leader()
    finally:
        first.release()
        second.release()
        for each in engines:
            each.dispose()


def test_a_scheduler_that_cannot_reach_the_database_stands_by():
    unreachable = make_engine("postgresql://baladiya@127.0.0.1:1/nowhere")
    try:
        assert Leadership(unreachable).is_leader() is False
    finally:
        unreachable.dispose()


def test_a_leader_whose_connection_dies_loses_the_lead(engine, backend):
    _skip_unless_postgresql(backend)
    engines = [make_engine(_url(engine)) for _ in range(2)]
    leader, standby = (Leadership(e) for e in engines)
    try:
        assert leader.is_leader()
        assert not standby.is_leader()
        with engine.connect() as admin:
            terminated = (
                admin.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_locks "
                        "WHERE locktype = 'advisory' AND granted "
                        "AND (classid::bigint << 32 | objid::bigint) = :key"
                    ),
                    {"key": LEADER_LOCK_ID},
                )
                .scalars()
                .all()
            )
        assert terminated == [True]
        _wait_until(standby.is_leader, 5, "the standby to take the lock")
        assert not leader.is_leader()
    finally:
        leader.release()
        standby.release()
        for each in engines:
            each.dispose()


def test_healthz_says_off_when_no_scheduler_is_built(app):
    response = app.get("/healthz")
    assert response.json["scheduler"] == "off"
    assert response.json["status"] == "ok"


def test_healthz_reports_the_scheduler_state(db, engine, backend, tmp_path):
    config = make_config(app_settings(engine, tmp_path))
    scheduler = build_scheduler(config.registry)
    client = webtest.TestApp(config.make_wsgi_app(), extra_environ={"HTTP_HOST": "localhost"})
    assert client.get("/healthz").json["scheduler"] == "stopped"
    rival_engine = make_engine(_url(engine))
    rival = Leadership(rival_engine)
    try:
        if backend == "postgresql":
            assert rival.is_leader()
            scheduler.start()
            assert client.get("/healthz").json["scheduler"] == "standby"
            rival.release()
        else:
            scheduler.start()
        assert client.get("/healthz").json["scheduler"] == "active"
    finally:
        scheduler.shutdown()
        rival.release()
        rival_engine.dispose()
    assert client.get("/healthz").json["scheduler"] == "stopped"


class SchedulerProcess:
    """A scheduler in an OS process of its own, started through the helper script."""

    def __init__(self, url: str, workdir: Path, number: int) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("BALADIYA_")}
        self.log = workdir / f"scheduler-{number}.log"
        with self.log.open("wb") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, str(HELPER), url, str(workdir / "messages.log"), JOB],
                stdout=subprocess.PIPE,
                stderr=stderr,
                env=env,
                cwd=workdir,
            )
        self.runner = ""

    def wait_ready(self, deadline: float) -> str:
        assert self.process.stdout is not None
        remaining = deadline - time.monotonic()
        readable, _w, _x = select.select([self.process.stdout], [], [], max(remaining, 0))
        line = self.process.stdout.readline().decode() if readable else ""
        assert line.startswith("ready "), f"no start: {line!r} {self.log.read_text()[-2000:]}"
        self.runner = line.split(maxsplit=1)[1].strip()
        assert self.runner.endswith(f":{self.process.pid}")
        return self.runner

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()
        finally:
            assert self.process.stdout is not None
            self.process.stdout.close()


def test_three_processes_fire_each_tick_once_and_fail_over(db, engine, backend, tmp_path):
    _skip_unless_postgresql(backend)
    processes = [SchedulerProcess(_url(engine), tmp_path, n) for n in range(3)]
    try:
        deadline = time.monotonic() + 30
        by_runner = {p.wait_ready(deadline): p for p in processes}
        assert len(by_runner) == 3

        _wait_until(lambda: len(_runs(db)) >= 5, 15, "five ticks")
        runs = _runs(db)
        runners = {r.runner for r in runs}
        assert len(runners) == 1, runners
        [leader] = runners
        assert leader in by_runner
        ticks = [r.tick for r in runs]
        assert len(ticks) == len(set(ticks)) >= 3
        assert all(r.finished_at is not None and r.error is None for r in runs[:-1])

        by_runner[leader].process.kill()
        by_runner[leader].process.wait(timeout=10)
        last_of_leader = _runs(db)[-1].tick

        def taken_over() -> bool:
            return sum(r.runner != leader for r in _runs(db)) >= 3

        _wait_until(taken_over, 15, "another process to take over")
        runs = _runs(db)
        successors = {r.runner for r in runs if r.runner != leader}
        assert len(successors) == 1, successors
        assert successors <= set(by_runner) - {leader}
        assert all(r.tick > last_of_leader for r in runs if r.runner != leader)
        assert len({r.tick for r in runs}) == len(runs)
    finally:
        codes = {p.runner: p.stop() for p in processes}
    assert [code for runner, code in codes.items() if runner != leader] == [0, 0]
