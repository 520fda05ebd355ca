"""Scheduled jobs: APScheduler in-process, one active scheduler per database.

Every process may run a scheduler, but only the leader fires jobs. On PostgreSQL the
leader is whoever holds a session-level advisory lock on a dedicated connection; the
others try again at each tick, so when the leader dies another takes over. SQLite
serves one machine, where the single process is the leader. Each firing is recorded
in ``job_runs`` (unique per job and tick), which is what health checks and tests read.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from pyramid.path import DottedNameResolver
from pyramid.registry import Registry
from sqlalchemy import text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from modules import REGISTRY_KEY
from municipality.database import ENGINE_KEY, SESSION_FACTORY_KEY
from municipality.db import utcnow
from municipality.models import JobRun
from municipality.transactions import unit_of_work

log = logging.getLogger(__name__)
# APScheduler's executors announce every run ("Running job", "executed successfully") at
# INFO, which buries the log under jobs firing every few seconds. ``run_once`` logs what
# matters, a failing job; the executors still speak at WARNING (a missed run) and above.
APSCHEDULER_EXECUTORS_LOG = "apscheduler.executors"

SCHEDULER_KEY = "baladiya.scheduler"
LEADER_LOCK_ID = 0x62616C6164  # "balad", the advisory lock every scheduler competes for

JobFunc = Callable[[Registry], None]


class Leadership:
    """Holds, or keeps trying to take, the advisory lock that makes a scheduler active."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection: Connection | None = None
        self._lock = threading.Lock()

    @property
    def shared(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def is_leader(self) -> bool:
        if not self.shared:
            return True
        with self._lock:
            if self._connection is not None and self._still_alive():
                return True
            return self._try_acquire()

    def _still_alive(self) -> bool:
        assert self._connection is not None
        try:
            self._connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            self._drop_connection()
            return False
        return True

    def _try_acquire(self) -> bool:
        """Take the lock on a fresh connection; a database that cannot be reached means no."""
        try:
            connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        except SQLAlchemyError:
            log.warning("scheduler cannot reach the database to take the leader lock")
            return False
        try:
            acquired = connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": LEADER_LOCK_ID}
            ).scalar()
        except SQLAlchemyError:
            connection.invalidate()
            connection.close()
            return False
        if acquired:
            self._connection = connection
            return True
        connection.close()
        return False

    def _drop_connection(self) -> None:
        """Close the lock's connection for good, so the server releases what it held.

        A session-level advisory lock survives the pool's reset-on-return: closing the
        connection normally would park the lock in the pool, and no other process could
        ever lead again while this one lives.
        """
        assert self._connection is not None
        connection, self._connection = self._connection, None
        connection.invalidate()
        connection.close()

    def release(self) -> None:
        with self._lock:
            if self._connection is None:
                return
            try:
                self._connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": LEADER_LOCK_ID}
                )
            except SQLAlchemyError:
                self._drop_connection()
                return
            self._connection.close()
            self._connection = None


class Scheduler:
    """The process's scheduler: runs the registered jobs when this process leads."""

    def __init__(
        self, registry: Registry, engine: Engine, session_factory: sessionmaker[Session]
    ) -> None:
        self.registry = registry
        self.session_factory = session_factory
        self.leadership = Leadership(engine)
        self.runner = f"{socket.gethostname()}:{os.getpid()}"
        self._scheduler = BackgroundScheduler(timezone=UTC)
        self._jobs: dict[str, tuple[JobFunc, int]] = {}
        self.started = False

    def add_job(self, name: str, func: JobFunc, seconds: int) -> None:
        self._jobs[name] = (func, seconds)

    @property
    def jobs(self) -> dict[str, tuple[JobFunc, int]]:
        return dict(self._jobs)

    def start(self) -> None:
        """Fire each job at the boundaries of its ticks, the same instants in every process.

        Aligning the trigger on :func:`tick_of` keeps a slightly late firing inside the
        tick it was meant for; an interval counted from each process's start time would
        straddle tick boundaries, so that now and then two firings fall in one tick and
        the next tick is skipped.
        """
        logging.getLogger(APSCHEDULER_EXECUTORS_LOG).setLevel(logging.WARNING)
        now = utcnow()
        for name, (func, seconds) in self._jobs.items():
            self._scheduler.add_job(
                self._fire,
                "interval",
                seconds=seconds,
                args=(name, func, seconds),
                id=name,
                start_date=tick_of(now, seconds),
                max_instances=1,
                coalesce=True,
                misfire_grace_time=seconds,
            )
        self._scheduler.start()
        self.started = True

    def shutdown(self) -> None:
        if self.started:
            self._scheduler.shutdown(wait=True)
            self.started = False
        self.leadership.release()

    def state(self) -> str:
        if not self.started:
            return "stopped"
        return "active" if self.leadership.is_leader() else "standby"

    def _fire(self, name: str, func: JobFunc, seconds: int) -> None:
        if not self.leadership.is_leader():
            return
        self.run_once(name, func, tick_of(utcnow(), seconds))

    def run_once(self, name: str, func: JobFunc, tick: datetime) -> bool:
        """Record the run for this tick, then run it; ``False`` if the tick already ran."""
        if not self._claim_tick(name, tick):
            return False
        error = None
        try:
            func(self.registry)
        except Exception as exc:  # a failing job must not stop the scheduler
            log.exception("job %s failed", name)
            error = f"{type(exc).__name__}: {exc}"
        self._finish(name, tick, error)
        return True

    def _claim_tick(self, name: str, tick: datetime) -> bool:
        try:
            with unit_of_work(self.session_factory) as session:
                session.add(JobRun(job=name, tick=tick, runner=self.runner))
        except IntegrityError:
            return False
        return True

    def _finish(self, name: str, tick: datetime, error: str | None) -> None:
        with unit_of_work(self.session_factory) as session:
            session.execute(
                update(JobRun)
                .where(JobRun.job == name, JobRun.tick == tick)
                .values(finished_at=utcnow(), error=error)
            )


def tick_of(moment: datetime, seconds: int) -> datetime:
    """The start of the interval ``moment`` falls in, identical in every process."""
    epoch = int(moment.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=UTC)


def scheduler_state(registry: Registry) -> str:
    scheduler: Scheduler | None = registry.get(SCHEDULER_KEY)
    return scheduler.state() if scheduler else "off"


def build_scheduler(registry: Registry) -> Scheduler:
    """A scheduler with the core's jobs and every module's declared jobs."""
    scheduler = Scheduler(registry, registry[ENGINE_KEY], registry[SESSION_FACTORY_KEY])
    for name, (func, seconds) in registry.get("baladiya.core_jobs", {}).items():
        scheduler.add_job(name, func, seconds)
    resolver = DottedNameResolver()
    for manifest in registry[REGISTRY_KEY].manifests():
        for job in manifest.jobs:
            scheduler.add_job(
                f"{manifest.name}.{job.name}", resolver.resolve(job.func), job.seconds
            )
    registry[SCHEDULER_KEY] = scheduler
    return scheduler


def register_core_job(registry: Registry, name: str, func: JobFunc, seconds: int) -> None:
    registry.setdefault("baladiya.core_jobs", {})[name] = (func, seconds)


def describe(scheduler: Scheduler) -> list[dict[str, Any]]:
    return [{"name": n, "seconds": s} for n, (_f, s) in sorted(scheduler.jobs.items())]
