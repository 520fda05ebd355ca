"""Database plumbing: the declarative base, engines, sessions and tenant isolation.

Isolation is enforced here, once: a session whose ``info["commune_id"]`` is set only ever
loads rows of that commune from tables that mix in :class:`CommuneOwned`. Queries in
views and services never filter by commune themselves.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import transaction as transaction_module
import zope.sqlalchemy
import zope.sqlalchemy.datamanager
from sqlalchemy import (
    DateTime,
    ForeignKey,
    MetaData,
    Uuid,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    ORMExecuteState,
    Session,
    declared_attr,
    mapped_column,
    sessionmaker,
    with_loader_criteria,
)
from sqlalchemy.pool import NullPool

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLITE_BUSY_TIMEOUT_MS = 10_000


def utcnow() -> datetime:
    """Return the current time in UTC, timezone-aware."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """The one declarative base; its naming convention keeps migrations stable."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Timestamped:
    """Creation and update times, always in UTC."""

    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class PublicId:
    """An unguessable identifier for URLs; integer keys never leave the database."""

    public_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True, default=uuid.uuid4)


class CommuneOwned:
    """Marks a table as belonging to one commune; the session filters it automatically."""

    @declared_attr
    def commune_id(cls) -> Mapped[int]:  # noqa: N805 - declared_attr receives the class
        return mapped_column(ForeignKey("communes.id", ondelete="CASCADE"), index=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Open SQLite for safety: WAL, full sync, foreign keys, and a busy timeout."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine, with SQLite's safety pragmas when the URL is SQLite."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def make_engine_unpooled(url: str) -> Engine:
    """An engine that keeps no connection open, for short-lived helpers and tests."""
    return make_engine(url, poolclass=NullPool)


def backend_name(engine: Engine) -> str:
    """Name the database backend as operators know it (``sqlite``, ``postgresql``)."""
    return engine.dialect.name


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return a session factory whose sessions apply tenant criteria."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def session_in_transaction(
    factory: sessionmaker[Session], tm: transaction_module.TransactionManager
) -> Session:
    """A session joined to a transaction manager, so it never commits by itself.

    It starts in the "changed" state: a write made with a plain SQL statement must be
    committed like an ORM change, not silently rolled back.
    """
    session = factory(info={})
    zope.sqlalchemy.register(session, transaction_manager=tm,
                             initial_state=zope.sqlalchemy.datamanager.STATUS_CHANGED)
    return session


def set_commune_scope(session: Session, commune_id: int | None) -> None:
    """Scope the session to one commune (or lift the scope with ``None``)."""
    if commune_id is None:
        session.info.pop("commune_id", None)
    else:
        session.info["commune_id"] = commune_id


@event.listens_for(Session, "do_orm_execute")
def _apply_tenant_criteria(state: ORMExecuteState) -> None:
    commune_id = state.session.info.get("commune_id")
    if commune_id is None or not (state.is_select or state.is_update or state.is_delete):
        return
    if state.execution_options.get("all_communes"):
        return
    state.statement = state.statement.options(
        with_loader_criteria(
            CommuneOwned,
            lambda cls: cls.commune_id == commune_id,
            include_aliases=True,
            track_closure_variables=True,
        )
    )
