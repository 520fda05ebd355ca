"""Fresh benchmark databases and the data every measurement reads.

The data is made through the same services the application and the tests use: one
commune with the notice board enabled, an agent (no second factor, so a log-in is one
form), an API token that may read notices, and the notices themselves; and a second
commune whose complaints inbox that agent works in (more complaints than a page shows).
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import transaction
from pyramid.registry import Registry
from sqlalchemy import make_url, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from municipality import accounts
from municipality.app import make_config
from municipality.database import ENGINE_KEY
from municipality.db import make_engine, make_session_factory, session_in_transaction
from municipality.migrate import upgrade
from municipality.models import Commune, User
from notices import services as notices
from tests import factories

ACTOR = "bench"
COMMUNE = "bench"
AGENT_EMAIL = "agent@bench.example.org"
PASSWORD = factories.PASSWORD
INBOX_COMMUNE = "bench-plaintes"
INBOX_COMPLAINTS = 40
API_PERMISSIONS = ["notices:notice:view"]
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/baladiya_bench"


@dataclass(frozen=True)
class Fixture:
    """What the load generator needs to reach the pages: where, and as whom."""

    commune: str
    email: str
    password: str
    api_secret: str
    inbox_commune: str
    complaint: str


def sqlite_url(directory: Path) -> str:
    return f"sqlite:///{directory / 'bench.sqlite'}"


def _admin_engine(url: str) -> Engine:
    base = make_url(url)
    admin_url = base.set(database="postgres").render_as_string(hide_password=False)
    return make_engine(admin_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})


def postgres_reachable(url: str) -> str | None:
    """``None`` when the server answers, else why not (the benchmark skips it then)."""
    engine = _admin_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as exc:
        return str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    finally:
        engine.dispose()
    return None


def recreate_postgres(url: str) -> None:
    """Drop and create the benchmark database, with PostGIS, as migrations expect."""
    name = make_url(url).database
    if not name or name in {"postgres", "template0", "template1"}:
        raise SystemExit(f"refusing to recreate database {name!r}: name a benchmark database")
    admin = _admin_engine(url)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = make_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
    engine.dispose()


def drop_postgres(url: str) -> None:
    """Drop a scratch benchmark database once measured."""
    name = make_url(url).database
    if not name or name in {"postgres", "template0", "template1"}:
        raise SystemExit(f"refusing to drop database {name!r}: name a benchmark database")
    admin = _admin_engine(url)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def fresh_databases(db: str, postgres_url: str, name: str) -> Iterator[tuple[str, str, Path]]:
    """Each backend ``--db`` asks for (``both``: SQLite, then PostgreSQL) as its name, a
    fresh database's URL and a scratch folder, removed once the body is done. A PostgreSQL
    that does not answer is skipped, and said so."""
    for backend in ("sqlite", "postgresql") if db == "both" else (db,):
        if backend == "postgresql":
            if why := postgres_reachable(postgres_url):
                print(f"postgresql: skipped ({why})")
                continue
            recreate_postgres(postgres_url)
        with tempfile.TemporaryDirectory(prefix=f"bench-{name}-{backend}-") as work:
            url = postgres_url if backend == "postgresql" else sqlite_url(Path(work))
            yield backend, url, Path(work)


def application(url: str, work: Path) -> Registry:
    """The application's registry on a migrated database, files under ``work``."""
    settings = {
        "sqlalchemy.url": url,
        ENGINE_KEY: migrate(url),
        "baladiya.core.message_log": str(work / "messages.log"),
        "baladiya.core.upload_dir": str(work / "uploads"),
        "baladiya.core.scheduler": "false",
    }
    return make_config(settings).registry


def migrate(url: str) -> Engine:
    """An engine on a database brought to the newest migration."""
    engine = make_engine(url)
    upgrade(engine)
    return engine


def _publish(session: Session, commune: Commune, first: int, count: int) -> None:
    for number in range(first, first + count):
        notices.publish(
            session,
            actor=ACTOR,
            commune=commune,
            data={
                "title": f"Avis n° {number}: travaux de voirie",
                "body": "La circulation sera déviée rue des Orangers pendant les travaux. " * 4,
                "language": "fr",
            },
        )


def seed(engine: Engine, notices_count: int) -> Fixture:
    """The commune, the agent, the API token and ``notices_count`` notices."""
    factory = make_session_factory(engine)
    manager = transaction.TransactionManager(explicit=True)
    with manager:
        session = session_in_transaction(factory, manager)
        commune = factories.commune(session, slug=COMMUNE)
        agent = factories.user(
            session, role="agent", commune_=commune, email=AGENT_EMAIL, totp=False
        )
        factories.enable(session, commune, "notices")
        _token, secret = accounts.create_api_token(
            session,
            actor=ACTOR,
            commune=commune,
            name="benchmark",
            permissions=API_PERMISSIONS,
        )
        _publish(session, commune, 1, notices_count)
        complaint = _seed_inbox(session, agent)
    return Fixture(
        commune=COMMUNE,
        email=AGENT_EMAIL,
        password=PASSWORD,
        api_secret=secret,
        inbox_commune=INBOX_COMMUNE,
        complaint=complaint,
    )


def _seed_inbox(session: Session, agent: User) -> str:
    """The complaints commune, the agent's role there; the public id of its last complaint."""
    commune = factories.commune(session, slug=INBOX_COMMUNE)
    factories.enable(session, commune, "complaints")
    accounts.grant_role(session, actor=ACTOR, user=agent, role="agent", commune=commune)
    category = factories.category(session, commune)
    filed = [
        factories.complaint(
            session,
            category_=category,
            description=f"Lampadaire éteint depuis {number} jours, rue des Orangers",
            address=f"{number} rue des Orangers",
        )
        for number in range(1, INBOX_COMPLAINTS + 1)
    ]
    return str(filed[-1].public_id)


def add_notices(engine: Engine, fixture: Fixture, first: int, count: int) -> None:
    """Publish ``count`` more notices on the benchmark commune's board."""
    factory = make_session_factory(engine)
    manager = transaction.TransactionManager(explicit=True)
    with manager:
        session = session_in_transaction(factory, manager)
        commune = session.execute(
            select(Commune).where(Commune.slug == fixture.commune)
        ).scalar_one()
        _publish(session, commune, first, count)


def versions(engine: Engine) -> dict[str, str]:
    """The database server (and PostGIS) versions the numbers were measured on."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            return {
                "sqlite": connection.execute(text("SELECT sqlite_version()")).scalar_one(),
                "python_sqlite3": sqlite3.sqlite_version,
            }
        found = {"postgresql": connection.execute(text("SHOW server_version")).scalar_one()}
        postgis = connection.execute(
            text("SELECT extversion FROM pg_extension WHERE extname = 'postgis'")
        ).scalar()
        if postgis:
            found["postgis"] = postgis
        return found
