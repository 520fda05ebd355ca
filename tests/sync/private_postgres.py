"""A throwaway PostgreSQL cluster of a test's own, which the test may stop and restart.

The shared test server cannot be restarted: other test processes use it at the same
time. A private cluster lives in a temporary directory (data, unix socket, log), listens
on a free port of 127.0.0.1 with trust authentication, and is stopped and removed when
the ``private_cluster`` context ends, whatever happened inside. PostgreSQL refuses to
run as root, so under root its programs run as the ``postgres`` user.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy import URL, text

from municipality.db import make_engine_unpooled

BIN_DIR = Path(os.environ.get("BALADIYA_TEST_POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))
OWNER = "postgres"
START_TIMEOUT = 60


def unavailable() -> str | None:
    """Why no private cluster can be started here, or None when one can."""
    for program in ("initdb", "pg_ctl"):
        if not (BIN_DIR / program).is_file():
            return f"PostgreSQL binaries not found: no {BIN_DIR / program}"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(OWNER)
        except KeyError:
            return f"running as root needs a {OWNER!r} user to run PostgreSQL as"
        if shutil.which("runuser") is None:
            return "running as root needs runuser to run PostgreSQL as another user"
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PrivateCluster:
    """One cluster in ``root``: ``data/``, the socket directory and ``server.log``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.log = root / "server.log"
        self.port = free_port()

    def _run(self, program: str, *args: str) -> None:
        command = [str(BIN_DIR / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", OWNER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(
                f"{program} failed ({done.returncode}): {done.stderr.strip()}\n{self.server_log()}"
            )

    def server_log(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def init(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        settings = {
            "port": str(self.port),
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.root}'",
            "max_connections": "50",
            # A test's data need not survive a power cut; a crash of the server (the
            # restart with ``-m immediate``) is still recovered from the WAL.
            "fsync": "off",
        }
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())

    def start(self) -> None:
        self._run(
            "pg_ctl",
            "start",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-t",
            str(START_TIMEOUT),
        )

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: ``fast`` disconnects clients, ``immediate`` is a crash."""
        self._run("pg_ctl", "stop", "-D", str(self.data), "-m", mode, "-w")

    def restart(self, mode: str = "fast") -> None:
        self.stop(mode)
        self.start()

    def halt(self) -> None:
        """Stop the server however it is: a crash stop, else SIGKILL of the postmaster."""
        pid_file = self.data / "postmaster.pid"
        if not pid_file.exists():
            return
        try:
            self.stop("immediate")
        except RuntimeError:
            pid = int(pid_file.read_text().split()[0])
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def url(self, database: str = "postgres") -> str:
        return URL.create(
            "postgresql+psycopg",
            username="postgres",
            host="127.0.0.1",
            port=self.port,
            database=database,
        ).render_as_string(hide_password=False)

    def create_database(self, name: str, extensions: tuple[str, ...] = ()) -> str:
        """Create ``name`` with the given extensions; its URL."""
        admin = make_engine_unpooled(self.url())
        with admin.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        engine = make_engine_unpooled(self.url(name))
        with engine.begin() as connection:
            for extension in extensions:
                connection.execute(text(f'CREATE EXTENSION IF NOT EXISTS "{extension}"'))
        engine.dispose()
        return self.url(name)


@contextmanager
def private_cluster() -> Iterator[PrivateCluster]:
    """A started private cluster; stopped (as a crash if need be) and removed at the end."""
    root = Path(tempfile.mkdtemp(prefix="baladiya-pg-"))
    try:
        if os.geteuid() == 0:
            owner = pwd.getpwnam(OWNER)
            os.chown(root, owner.pw_uid, owner.pw_gid)
        cluster = PrivateCluster(root)
        cluster.init()
        cluster.start()
        try:
            yield cluster
        finally:
            cluster.halt()
    finally:
        shutil.rmtree(root, ignore_errors=True)
