"""The database part of a backup: a snapshot of one instant, and its restore.

SQLite is copied with its own backup API, PostgreSQL dumped with ``pg_dump -Fc`` and
restored with ``pg_restore``; both are counted table by table so a restore can prove it
brought back every row.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, inspect, select, table, text
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.pool import NullPool

from municipality.backup.errors import BackupError

# Tables an extension owns and fills itself (PostGIS's spatial reference systems): an
# empty install already has them, and they are not the application's data.
EXTENSION_TABLES = frozenset({"spatial_ref_sys"})


@dataclass(frozen=True)
class Snapshot:
    """A database dump in a file, and what was in the database at that instant."""

    path: Path
    backend: str
    tables: dict[str, int]
    heads: list[str]
    tool_major: int | None = None

    @property
    def member(self) -> str:
        return f"database/{self.backend}.{'db' if self.backend == 'sqlite' else 'dump'}"


def application_tables(connection: Connection) -> list[str]:
    """The tables of the application in the database (an extension's own left out)."""
    return sorted(set(inspect(connection).get_table_names()) - EXTENSION_TABLES)


def table_counts(connection: Connection) -> dict[str, int]:
    """The row count of every application table, read in ``connection``'s transaction."""
    return {
        name: connection.execute(select(func.count()).select_from(table(name))).scalar_one()
        for name in application_tables(connection)
    }


def alembic_heads(connection: Connection) -> list[str]:
    """The migrations the database is at (one per package's branch)."""
    if "alembic_version" not in inspect(connection).get_table_names():
        return []
    rows = connection.execute(text("SELECT version_num FROM alembic_version"))
    return sorted(row[0] for row in rows)


def snapshot_database(engine: Engine, work: Path) -> Snapshot:
    """Dump the database into ``work`` as of one instant, with its row counts of then.

    SQLite: the backup API copies every page in one step under a read lock, so writers
    wait and the copy is one instant's database; the copy is then made standalone
    (journal mode DELETE) and counted. PostgreSQL: ``pg_dump -Fc``, which restores with
    ``pg_restore`` into a newer server too and compresses; it runs on a snapshot this
    function exports from a REPEATABLE READ transaction in which it also counts the rows,
    so the counts in the manifest are exactly those of the dump, however busy the server.
    """
    backend = engine.dialect.name
    if backend == "sqlite":
        return _sqlite_snapshot(engine, work / "sqlite.db")
    if backend == "postgresql":
        return _postgres_snapshot(engine, work / "postgresql.dump")
    raise BackupError(f"cannot back up a {backend} database (SQLite or PostgreSQL only)")


def _sqlite_snapshot(engine: Engine, target: Path) -> Snapshot:
    with engine.connect() as connection:
        copy = sqlite3.connect(target)
        try:
            connection.connection.dbapi_connection.backup(copy)  # type: ignore[union-attr]
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    with _sqlite_file(target) as connection:
        return Snapshot(target, "sqlite", table_counts(connection), alembic_heads(connection))


@contextmanager
def _sqlite_file(path: Path) -> Iterator[Connection]:
    """A plain connection to a SQLite file (no pragmas: the file is only read)."""
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def _postgres_snapshot(engine: Engine, target: Path) -> Snapshot:
    pg_dump = client_tool("pg_dump")
    with engine.connect() as plain:
        server = server_major(plain)
    if pg_dump.major < server:
        raise BackupError(
            f"pg_dump {pg_dump.major} cannot dump a PostgreSQL {server} server: install the "
            f"client tools of version {server} or newer ({pg_dump.path})"
        )
    dsn, env = libpq_target(engine.url)
    with (
        engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection,
        connection.begin(),
    ):
        exported = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        tables, heads = table_counts(connection), alembic_heads(connection)
        pg_dump.run(["--format=custom", f"--snapshot={exported}", f"--file={target}", dsn], env)
    return Snapshot(target, "postgresql", tables, heads, pg_dump.major)


@dataclass(frozen=True)
class ClientTool:
    """A PostgreSQL client program found on the ``PATH``, and its major version."""

    name: str
    path: str
    major: int

    def run(self, arguments: list[str], env: Mapping[str, str]) -> str:
        """Run it; its last error line becomes a :class:`BackupError` if it fails."""
        done = subprocess.run(  # noqa: S603 - a program found by name, arguments of ours
            [self.path, *arguments], env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines() or [f"exit status {done.returncode}"]
            raise BackupError(f"{self.name} failed: {lines[-1]}")
        return done.stdout


def client_tool(name: str) -> ClientTool:
    """``pg_dump`` or ``pg_restore``, or a :class:`BackupError` saying how to get it."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on the PATH: install the PostgreSQL client tools "
            "(e.g. the postgresql-client package) of the server's version or newer"
        )
    answer = subprocess.run(  # noqa: S603 - the program found above
        [path, "--version"], capture_output=True, text=True, check=False
    ).stdout
    found = re.search(r"\)\s+(\d+)", answer)
    if found is None:
        raise BackupError(f"cannot tell the version of {path} from {answer.strip()!r}")
    return ClientTool(name, path, int(found.group(1)))


def server_major(connection: Connection) -> int:
    """The PostgreSQL server's major version (15 for 15.4)."""
    return int(connection.execute(text("SHOW server_version_num")).scalar_one()) // 10000


def libpq_target(url: URL) -> tuple[str, dict[str, str]]:
    """A connection string for the client tools, and their environment.

    The password goes in ``PGPASSWORD``, never on a command line other users can read.
    """
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    dsn = url.set(drivername="postgresql", password=None)
    return dsn.render_as_string(hide_password=False), env


def restore_database(engine: Engine, dump: Path, manifest: Mapping[str, Any]) -> None:
    """Load a verified dump into the empty database ``engine`` reaches, all or nothing.

    SQLite: the backup API, the other way round (one transaction). PostgreSQL:
    ``pg_restore --single-transaction``, keeping the target's owner and privileges
    (``--no-owner --no-privileges``) and leaving out comments on extensions, which only
    their owner (often not the application's role) may set.
    """
    if engine.dialect.name == "sqlite":
        source = sqlite3.connect(dump)
        try:
            with engine.connect() as connection:
                source.backup(connection.connection.dbapi_connection)  # type: ignore[arg-type]
        finally:
            source.close()
        return
    pg_restore = client_tool("pg_restore")
    dumped_with = manifest["database"].get("tool_major") or 0
    if pg_restore.major < dumped_with:
        raise BackupError(
            f"pg_restore {pg_restore.major} cannot read a dump of pg_dump {dumped_with}: "
            f"install the client tools of version {dumped_with} or newer"
        )
    dsn, env = libpq_target(engine.url)
    listing = pg_restore.run(["--list", str(dump)], env)
    wanted = dump.with_suffix(".list")
    wanted.write_text(
        "".join(line for line in listing.splitlines(True) if " COMMENT - EXTENSION " not in line)
    )
    pg_restore.run(
        [
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--use-list={wanted}",
            f"--dbname={dsn}",
            str(dump),
        ],
        env,
    )
