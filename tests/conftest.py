"""Fixtures shared by the whole suite: one database per backend, the real WSGI app.

Every database test runs on SQLite and, when ``BALADIYA_TEST_POSTGRES_URL`` is set, on
PostgreSQL + PostGIS too. Under CI (``CI=true``) that URL is required: a run that would
skip PostgreSQL fails instead. Each pytest-xdist worker gets its own PostgreSQL database
so workers never see each other's rows or advisory locks.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest
import transaction as transaction_module
import webtest
from sqlalchemy import make_url, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from municipality import cli
from municipality.app import make_config
from municipality.database import ENGINE_KEY
from municipality.db import make_engine, make_session_factory, session_in_transaction
from municipality.metadata import load_metadata
from municipality.migrate import upgrade

POSTGRES_URL = os.environ.get("BALADIYA_TEST_POSTGRES_URL")
IN_CI = os.environ.get("CI", "").lower() == "true"
BACKENDS = ("sqlite", "postgresql")
KEEP_TABLES = {"alembic_version", "spatial_ref_sys"}


def pytest_configure(config: pytest.Config) -> None:
    if IN_CI and not POSTGRES_URL:
        raise pytest.UsageError(
            "CI must set BALADIYA_TEST_POSTGRES_URL: PostgreSQL tests may not be skipped"
        )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say on which databases the suite ran, and fail CI if PostgreSQL was skipped."""
    passed = terminalreporter.stats.get("passed", [])
    counts = {
        b: sum(1 for r in passed if f"[{b}" in r.nodeid or f"-{b}" in r.nodeid) for b in BACKENDS
    }
    terminalreporter.write_line(
        f"database tests passed: sqlite={counts['sqlite']} postgresql={counts['postgresql']}"
    )


def worker_id() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _postgres_admin(action: str, name: str) -> None:
    assert POSTGRES_URL
    base = make_url(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    admin = make_engine(
        base.set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if action == "create":
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def postgres_worker_url() -> str:
    """A database of this test process's own, created fresh with PostGIS."""
    assert POSTGRES_URL
    base = make_url(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"{base.database}_{worker_id()}_{os.getpid()}"
    _postgres_admin("create", name)
    url = base.set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
    engine.dispose()
    return url


def backend_url(backend: str, tmp_dir: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_dir / 'test.sqlite'}"
    return postgres_worker_url()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and not POSTGRES_URL:
        pytest.skip("PostgreSQL tests need BALADIYA_TEST_POSTGRES_URL")
    return request.param


@pytest.fixture(scope="session")
def database_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = backend_url(backend, tmp_path_factory.mktemp(backend))
    yield url
    if backend == "postgresql":
        _postgres_admin("drop", make_url(url).database or "")


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def fresh_engine(backend: str, tmp_path: Path) -> Iterator[Engine]:
    """An empty database of the backend under test, dropped afterwards."""
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
        yield engine
        engine.dispose()
        return
    assert POSTGRES_URL
    base = make_url(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"{base.database}_{worker_id()}_{os.getpid()}_fresh"
    _postgres_admin("create", name)
    engine = make_engine(base.set(database=name).render_as_string(hide_password=False))
    with engine.begin() as connection:
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
    try:
        yield engine
    finally:
        engine.dispose()
        _postgres_admin("drop", name)


def wipe(engine: Engine) -> None:
    """Empty every table, keeping the schema (faster than recreating it)."""
    tables = [t for t in reversed(load_metadata().sorted_tables) if t.name not in KEEP_TABLES]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def db(engine: Engine) -> Iterator[Callable[[], AbstractContextManager[Session]]]:
    """Open committed units of work on a database emptied after the test."""
    factory = make_session_factory(engine)

    @contextmanager
    def unit() -> Iterator[Session]:
        tm = transaction_module.TransactionManager(explicit=True)
        with tm:
            yield session_in_transaction(factory, tm)

    yield unit
    wipe(engine)


def app_settings(engine: Engine, tmp_dir: Path, **overrides: Any) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "sqlalchemy.url": engine.url.render_as_string(hide_password=False),
        ENGINE_KEY: engine,
        "baladiya.core.message_log": str(tmp_dir / "messages.log"),
        "baladiya.core.upload_dir": str(tmp_dir / "uploads"),
        "baladiya.core.scheduler": "false",
        "baladiya.core.login_max_failures": "3",
        # WebTest's host: links sent away start with it, as they would with the real one.
        "baladiya.core.public_url": "http://localhost",
        # One app serves the whole run, from one client with the same few addresses: the
        # tests of these limits build their own app.
        "baladiya.core.login_rate_per_address": "0",
        "baladiya.core.login_rate_per_client": "0",
        "baladiya.core.reset_rate_per_address": "0",
        "baladiya.core.reset_rate_per_client": "0",
        "baladiya.core.places_rate_per_client": "0",
    }
    settings.update(overrides)
    return settings


@pytest.fixture(scope="session")
def wsgi_app(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("app")
    return make_config(app_settings(engine, tmp)).make_wsgi_app()


@pytest.fixture
def app(wsgi_app: Any, db: Callable[[], AbstractContextManager[Session]]) -> webtest.TestApp:
    """The real WSGI app behind WebTest, on a database emptied after the test."""
    return webtest.TestApp(wsgi_app, extra_environ={"HTTP_HOST": "localhost"})


@pytest.fixture
def run(
    database_url: str,
    db: Callable[[], AbstractContextManager[Session]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Callable[..., tuple[int, str, str]]:
    """Call ``baladiya ...`` in-process with an ini on the test database.

    Returns a function giving (exit status, standard output, standard error). Files the
    command writes (messages, uploads) stay in the test's own directory.
    """
    ini = tmp_path / "test.ini"
    ini.write_text(
        "[app:main]\nuse = egg:baladiya\n"
        f"baladiya.core.message_log = {tmp_path}/m.log\n"
        f"baladiya.core.upload_dir = {tmp_path}/uploads\n"
    )
    monkeypatch.setenv("BALADIYA_DATABASE_URL", database_url)

    def call(*argv: str) -> tuple[int, str, str]:
        status = cli.main(["--ini", str(ini), *argv])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return call
