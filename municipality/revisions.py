"""Change revisions: how a process knows, without asking the database, that data changed.

Read caches (:mod:`municipality.readcache`) keep each value with the revision token it
was read at and use it only while the token is unchanged. Every engine made by
:func:`municipality.db.make_engine` tracks its own writes: once a transaction that wrote
has committed, the revision of the commune its session was scoped to moves on, or every
revision when the session was not scoped or the write touched a table read before the
commune is known (people, memberships, communes, regions, modules, API tokens). Other
processes learn of it too:

- on PostgreSQL the writing transaction sends ``NOTIFY baladiya_revisions``, delivered
  only if it commits, and each process listens on a connection of its own; while that
  connection is down nothing is cached, and everything is forgotten when it comes back;
- on SQLite (one machine) ``PRAGMA data_version`` on a connection of its own changes
  whenever any other connection, in any process, commits.

Writes made outside Baladiya (``psql`` by hand) are not seen; the caches' own expiry
bounds how long they stay invisible (``docs/operate.md``).
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import time
from collections.abc import Hashable
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url

log = logging.getLogger(__name__)

CHANNEL = "baladiya_revisions"
LISTENER_NAME = "baladiya-revisions"
EVERYTHING = "*"
# Tables whose rows every commune's pages depend on: a write to one changes everything.
# (The enabled modules and API tokens are looked up before the commune is known.)
SHARED_TABLES = frozenset(
    {
        "users",
        "memberships",
        "communes",
        "regions",
        "commune_modules",
        "api_tokens",
        "user_sessions",
    }
)
# Execution option of a write no cached value depends on (a log-in's "last seen"): it
# moves no revision, so frequent bookkeeping does not empty every cache.
UNANNOUNCED = "baladiya_unannounced"
_WRITE_TARGET = re.compile(
    r"\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)\"?", re.IGNORECASE
)
_READS = ("SELECT", "SHOW", "PRAGMA", "EXPLAIN", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET")
_PENDING = "baladiya.revisions.pending"
_COMMITTED = "baladiya.revisions.committed"
_SESSION_INFO = "baladiya.revisions.session_info"
# Set in a session's info once it has begun reading the database.
SESSION_BEGUN = "baladiya.revisions.begun"
_RECONNECT_SECONDS = (0.5, 1, 2, 5, 10)

Scope = int | str


def _commune_of(scope: Scope) -> int | None:
    """The commune a scope names; ``None`` for everything (or a payload we cannot read)."""
    if isinstance(scope, int):
        return scope
    return int(scope) if scope.isdigit() else None


class RevisionFeed:
    """Counters that move on when a commune's data (or everything) changed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._everything = 0
        self._communes: dict[int, int] = {}

    def bump(self, scope: Scope) -> None:
        with self._lock:
            commune_id = _commune_of(scope)
            if commune_id is None:
                self._everything += 1
            else:
                self._communes[commune_id] = self._communes.get(commune_id, 0) + 1

    def token(self, commune_id: int | None) -> Hashable | None:
        """What a value read now about ``commune_id`` is valid for; ``None``: cache nothing."""
        return (self._everything, self._communes.get(commune_id, 0) if commune_id else 0)

    def announce(self, connection: Connection, scope: Scope) -> None:
        """Tell other processes, inside the writing transaction, what it changes."""


class PollingFeed(RevisionFeed):
    """SQLite: ``data_version`` of a connection that never writes sees every commit."""

    def __init__(self, path: str | None) -> None:
        super().__init__()
        self._path = path
        self._watcher: sqlite3.Connection | None = None
        self._watch_lock = threading.Lock()

    def _data_version(self) -> int | None:
        with self._watch_lock:
            try:
                if self._watcher is None:
                    self._watcher = sqlite3.connect(self._path or "", check_same_thread=False)
                (version,) = self._watcher.execute("PRAGMA data_version").fetchone()
            except sqlite3.Error:
                return None
            return int(version)

    def token(self, commune_id: int | None) -> Hashable | None:
        version = self._data_version() if self._path else None
        if version is None:
            return None
        local = super().token(commune_id)
        assert isinstance(local, tuple)
        return (version, *local)


class ListeningFeed(RevisionFeed):
    """PostgreSQL: a thread listens for the writers' notifications, from any process."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self._url = url
        self._live = False
        self._started = False
        self._failures = 0
        self._start_lock = threading.Lock()

    def token(self, commune_id: int | None) -> Hashable | None:
        if not self._started:
            self._start()
        return super().token(commune_id) if self._live else None

    def announce(self, connection: Connection, scope: Scope) -> None:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        cursor = raw.cursor()
        try:
            cursor.execute("SELECT pg_notify(%s, %s)", (CHANNEL, str(scope)))
        finally:
            cursor.close()

    def _start(self) -> None:
        with self._start_lock:
            if not self._started:
                self._started = True
                threading.Thread(target=self._listen_forever, name=CHANNEL, daemon=True).start()

    def _listen_forever(self) -> None:
        while True:
            try:
                self._listen()
            except Exception as exc:
                self._live = False
                if self._failures == 0:
                    log.warning("revision feed lost (%s); caches off until it is back", exc)
                delay = _RECONNECT_SECONDS[min(self._failures, len(_RECONNECT_SECONDS) - 1)]
                self._failures += 1
                time.sleep(delay)

    def _listen(self) -> None:
        import psycopg

        url = make_url(self._url).set(drivername="postgresql")
        dsn = url.render_as_string(hide_password=False)
        # Keep-alives: a connection lost without a word (a cut network) is noticed in
        # about 25 s, and until then the caches' own age limits bound what is missed.
        with psycopg.connect(
            dsn,
            autocommit=True,
            connect_timeout=5,
            application_name=LISTENER_NAME,
            keepalives=1,
            keepalives_idle=10,
            keepalives_interval=5,
            keepalives_count=3,
        ) as connection:
            connection.execute(f"LISTEN {CHANNEL}")
            # Whatever changed while nobody listened is unknown: forget everything.
            self.bump(EVERYTHING)
            self._live = True
            self._failures = 0
            for notification in connection.notifies():
                self.bump(notification.payload)


_feeds: dict[str, RevisionFeed] = {}
_feeds_lock = threading.Lock()


def _feed_key(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _new_feed(engine: Engine) -> RevisionFeed:
    if engine.dialect.name == "postgresql":
        return ListeningFeed(_feed_key(engine))
    database = engine.url.database
    in_memory = not database or database == ":memory:" or database.startswith("file:")
    return PollingFeed(None if in_memory else database)


def feed_for(engine: Engine) -> RevisionFeed:
    """The one feed of this process for the engine's database."""
    key = _feed_key(engine)
    feed = _feeds.get(key)
    if feed is None:
        with _feeds_lock:
            feed = _feeds.setdefault(key, _new_feed(engine))
    return feed


def write_scope(statement: str, session_info: dict[str, Any] | None) -> Scope | None:
    """Which revision a statement changes: ``None`` for a read."""
    head = statement.lstrip()[:9].upper()
    if head.startswith(_READS):
        return None
    target = _WRITE_TARGET.match(statement)
    commune_id = (session_info or {}).get("commune_id")
    if target is None or commune_id is None or target.group(1) in SHARED_TABLES:
        return EVERYTHING
    return int(commune_id)


def remember_session(session_info: dict[str, Any], connection: Connection) -> None:
    """Let the connection's writes find the commune scope of the session using it."""
    session_info[SESSION_BEGUN] = True
    connection.info[_SESSION_INFO] = session_info


class _WriteTracker:
    """The engine events that turn committed writes into revisions."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._feed: RevisionFeed | None = None

    @property
    def feed(self) -> RevisionFeed:
        if self._feed is None:
            self._feed = feed_for(self._engine)
        return self._feed

    def after_execute(
        self,
        connection: Connection,
        _cursor: Any,
        statement: str,
        _parameters: Any,
        context: Any,
        _executemany: bool,
    ) -> None:
        """Announced after the write, so that even an autocommitted one is seen in time."""
        scope = write_scope(statement, connection.info.get(_SESSION_INFO))
        if scope is None or (context is not None and context.execution_options.get(UNANNOUNCED)):
            return
        pending: set[Scope] = connection.info.setdefault(_PENDING, set())
        if scope not in pending:
            pending.add(scope)
            self.feed.announce(connection, scope)

    @staticmethod
    def commit(connection: Connection) -> None:
        pending = connection.info.pop(_PENDING, None)
        if pending:
            connection.info.setdefault(_COMMITTED, set()).update(pending)

    @staticmethod
    def rollback(connection: Connection) -> None:
        # An invalidated connection has no info left: its record is dropped with it.
        if not connection.invalidated:
            connection.info.pop(_PENDING, None)

    def publish(self, info: dict[str, Any]) -> None:
        """Move the local revisions on once the commit is done, never before it."""
        for scope in info.pop(_COMMITTED, ()):
            self.feed.bump(scope)

    def begin(self, connection: Connection) -> None:
        self.publish(connection.info)

    def checkin(self, _dbapi_connection: Any, record: Any) -> None:
        # An autocommitted write is done by now; a rolled-back one left nothing pending.
        record.info.setdefault(_COMMITTED, set()).update(record.info.pop(_PENDING, ()))
        self.publish(record.info)
        record.info.pop(_SESSION_INFO, None)


def track_writes(engine: Engine) -> None:
    """Make the engine's committed writes move the revisions on, here and elsewhere."""
    tracker = _WriteTracker(engine)
    event.listen(engine, "after_cursor_execute", tracker.after_execute)
    event.listen(engine, "commit", tracker.commit)
    event.listen(engine, "rollback", tracker.rollback)
    event.listen(engine, "begin", tracker.begin)
    event.listen(engine.pool, "checkin", tracker.checkin)
