"""Database plumbing: the declarative base, engines, sessions and tenant isolation.

Isolation is enforced here, once: a session whose ``info["commune_id"]`` is set only ever
loads, updates or deletes rows of that commune in tables that mix in
:class:`CommuneOwned`, and refuses to insert rows of another commune. Queries in views
and services never filter by commune themselves. Code that must see every commune (jobs,
audit verification, token look-up) says so with the ``all_communes`` execution option or
runs in an unscoped session. Raw ``text()`` SQL is not inspected: it must filter itself.
"""

from __future__ import annotations

import functools
import re
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, cast

import transaction as transaction_module
import zope.sqlalchemy
import zope.sqlalchemy.datamanager
from sqlalchemy import (
    DateTime,
    ForeignKey,
    MetaData,
    Table,
    Uuid,
    create_engine,
    event,
    inspect,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Mapper,
    ORMExecuteState,
    Session,
    declared_attr,
    mapped_column,
    object_session,
    sessionmaker,
    with_loader_criteria,
)
from sqlalchemy.orm.attributes import instance_state
from sqlalchemy.pool import NullPool
from sqlalchemy.sql import Select
from sqlalchemy.sql.cache_key import HasCacheKey
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.sql.selectable import Alias
from transaction._transaction import Status as ZopeStatus

from municipality import revisions

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLITE_BUSY_TIMEOUT_MS = 10_000
ALL_COMMUNES = "all_communes"
_COMMUNE_PARAM = re.compile(r"commune_id(_m\d+)?")


# The time :func:`clock_at` set for the code running in its block (``None``: the real time).
_CLOCK: ContextVar[datetime | None] = ContextVar("baladiya_clock", default=None)


def utcnow() -> datetime:
    """Return the current time in UTC, timezone-aware (or the moment :func:`clock_at` set)."""
    return _CLOCK.get() or datetime.now(UTC)


@contextmanager
def clock_at(moment: datetime) -> Iterator[None]:
    """Within the block, every service reads ``moment`` as the time, in this context only.

    The demo replays a year of a commune through the real services: each step runs at its
    own date, so its rows, audit events (chained in the order they happened), due dates and
    outbox messages are what that day would have written. No request or job sets it.
    """
    token = _CLOCK.set(moment.astimezone(UTC))
    try:
        yield
    finally:
        _CLOCK.reset(token)


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


# A pooled connection idle longer than this is checked before it is lent: the server may
# have closed it (a restart, an idle timeout). One in use moments ago is lent as it is.
IDLE_PING_SECONDS = 10.0
_CHECKED_IN_AT = "baladiya.checked_in_at"
PINGS = "baladiya.pings"


def _note_check_in(_dbapi_connection: Any, record: Any) -> None:
    record.info[_CHECKED_IN_AT] = time.monotonic()


def _ping_if_idle(idle_seconds: float) -> Any:
    """A check-out listener that pings only connections left idle for a while.

    SQLAlchemy's ``pool_pre_ping`` pings on every check-out: a round trip per request on
    a healthy, busy pool. A connection found dead here is replaced by the pool (it retries
    the check-out on :class:`DisconnectionError`), and a dead connection met in use
    invalidates every older one in the pool, so one failure reconnects the lot.
    """

    def ping(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        checked_in_at = record.info.get(_CHECKED_IN_AT)
        if checked_in_at is None or time.monotonic() - checked_in_at < idle_seconds:
            return
        record.info[PINGS] = record.info.get(PINGS, 0) + 1
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
        except Exception as error:
            raise DisconnectionError(str(error)) from error

    return ping


def make_engine(url: str, *, idle_ping_seconds: float = IDLE_PING_SECONDS, **kwargs: Any) -> Engine:
    """Create an engine, with SQLite's safety pragmas when the URL is SQLite.

    Its committed writes move the revisions that read caches depend on, in this
    process and (announced by the database) in every other.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        engine = create_engine(url, **kwargs)
        event.listen(engine.pool, "checkin", _note_check_in)
        event.listen(engine.pool, "checkout", _ping_if_idle(idle_ping_seconds))
    revisions.track_writes(engine)
    return engine


def make_engine_unpooled(url: str) -> Engine:
    """An engine that keeps no connection open, for short-lived helpers and tests."""
    return make_engine(url, poolclass=NullPool)


def backend_name(engine: Engine) -> str:
    """Name the database backend as operators know it (``sqlite``, ``postgresql``)."""
    return engine.dialect.name


class TenancyViolation(Exception):
    """A session scoped to one commune was asked to touch another commune's rows.

    Always a programming error, never a user's: it ends the request as a logged server
    error and the transaction rolls back.
    """


class TenantSession(Session):
    """A session whose identity map respects the commune scope too.

    Statements get the tenant criteria (see :func:`_scope_statement`), but ``get()`` and
    many-to-one lazy loads look in the identity map first and return what they find
    without any SQL, so an object of another commune loaded earlier (before the scope was
    set, or with ``all_communes``) would come back. Here such an object is treated as
    absent: SQLAlchemy then runs the query, which carries the criteria and finds nothing.
    SQLAlchemy's horizontal-sharding session customises the same method.
    """

    def _identity_lookup(
        self, mapper: Mapper[Any], primary_key_identity: Any, *args: Any, **kwargs: Any
    ) -> Any:
        found = super()._identity_lookup(mapper, primary_key_identity, *args, **kwargs)
        scope = self.info.get("commune_id")
        if scope is None or not isinstance(found, CommuneOwned):
            return found
        if kwargs.get("execution_options", {}).get(ALL_COMMUNES):
            return found
        return found if instance_state(found).dict.get("commune_id") == scope else None


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return a session factory whose sessions apply tenant criteria."""
    return sessionmaker(bind=engine, class_=TenantSession, expire_on_commit=False)


def session_in_transaction(
    factory: sessionmaker[Session], tm: transaction_module.TransactionManager
) -> Session:
    """A session joined to a transaction manager, so it never commits by itself.

    It starts in the "changed" state: a write made with a plain SQL statement must be
    committed like an ORM change, not silently rolled back.
    """
    return factory(info={_TRANSACTION_MANAGER: tm})


_TRANSACTION_MANAGER = "transaction_manager"


class _JoinedTransactionEvents:
    """What zope.sqlalchemy's listeners do, finding the manager in the session's ``info``.

    Registered once on the session class rather than on every session: registering them
    per session (seven listeners) cost a request more than its own SQL statement did. A
    session without a manager in its ``info`` is left alone, as an unregistered one was.
    """

    initial_state = zope.sqlalchemy.datamanager.STATUS_CHANGED

    @staticmethod
    def _manager(session: Session) -> transaction_module.TransactionManager | None:
        return session.info.get(_TRANSACTION_MANAGER)

    def after_begin(self, session: Session, _transaction: Any, _connection: Any) -> None:
        self._join(session)

    def after_attach(self, session: Session, _instance: Any) -> None:
        self._join(session)

    def _join(self, session: Session) -> None:
        manager = self._manager(session)
        if manager is not None:
            zope.sqlalchemy.datamanager.join_transaction(session, self.initial_state, manager)

    def after_flush(self, session: Session, _flush_context: Any) -> None:
        self._mark_changed(session)

    def after_bulk_update(self, update_context: Any) -> None:
        self._mark_changed(update_context.session)

    def after_bulk_delete(self, delete_context: Any) -> None:
        self._mark_changed(delete_context.session)

    def _mark_changed(self, session: Session) -> None:
        manager = self._manager(session)
        if manager is not None:
            zope.sqlalchemy.datamanager.mark_changed(session, manager)

    def before_commit(self, session: Session) -> None:
        manager = self._manager(session)
        if manager is not None and not session.in_nested_transaction():
            assert manager.get().status == ZopeStatus.COMMITTING, (
                "Transaction must be committed using the transaction manager"
            )

    def do_orm_execute(self, execute_state: ORMExecuteState) -> None:
        dml = execute_state.is_update or execute_state.is_insert or execute_state.is_delete
        if execute_state.is_orm_statement and dml:
            self._mark_changed(execute_state.session)


def _listen_for_transactions(events: _JoinedTransactionEvents) -> None:
    for name in (
        "after_begin",
        "after_attach",
        "after_flush",
        "after_bulk_update",
        "after_bulk_delete",
        "before_commit",
        "do_orm_execute",
    ):
        event.listen(TenantSession, name, getattr(events, name))


_listen_for_transactions(_JoinedTransactionEvents())


def insert_for(session: Session, entity: Any) -> Any:
    """An INSERT in the dialect of the session's database, so it can skip conflicting rows.

    Both databases Baladiya runs on offer ``on_conflict_do_nothing``; the generic insert
    does not.
    """
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(entity)


def set_commune_scope(session: Session, commune_id: int | None) -> None:
    """Scope the session to one commune (or lift the scope with ``None``)."""
    if commune_id is None:
        session.info.pop("commune_id", None)
        session.info.pop(_CRITERIA, None)
    else:
        session.info["commune_id"] = commune_id
        session.info[_CRITERIA] = _tenant_criteria(commune_id)


@contextmanager
def scoped_to(session: Session, commune_id: int | None) -> Iterator[None]:
    """Scope the session to ``commune_id`` for the block, then give back the scope it had:
    a job or the demo, whose session serves every commune, runs one commune's services as
    that commune's request would, and the next commune starts clean."""
    before = session.info.get("commune_id")
    set_commune_scope(session, commune_id)
    try:
        yield
    finally:
        set_commune_scope(session, before)


_CRITERIA = "tenant_criteria"


@functools.lru_cache(maxsize=4096)
def _tenant_criteria(commune_id: int) -> Any:
    """The loader option that keeps a statement to one commune's rows.

    Built once per commune and kept (it holds nothing but the id): building it costs
    about as much as running a small query, and every request scoped to the commune
    needs it.
    """
    return with_loader_criteria(
        CommuneOwned,
        lambda cls: cls.commune_id == commune_id,
        include_aliases=True,
        track_closure_variables=True,
    )


_tenant_tables_cache: dict[int, frozenset[str]] = {}


def _tenant_table_names() -> frozenset[str]:
    """Names of the tables that mix in :class:`CommuneOwned` (recomputed as models load)."""
    mappers = Base.registry.mappers
    names = _tenant_tables_cache.get(len(mappers))
    if names is None:
        names = frozenset(
            mapper.local_table.fullname
            for mapper in mappers
            if issubclass(mapper.class_, CommuneOwned) and isinstance(mapper.local_table, Table)
        )
        _tenant_tables_cache.clear()
        _tenant_tables_cache[len(mappers)] = names
    return names


def _tenant_from(element: Any, tenant_tables: frozenset[str]) -> Any:
    """``element`` as a plain tenant table or alias of one, else ``None``."""
    plain = element._deannotate() if hasattr(element, "_deannotate") else element
    table = plain.element if isinstance(plain, Alias) else plain
    if isinstance(table, Table) and table.fullname in tenant_tables:
        return plain
    return None


def _entity_from(clause: Any) -> set[Any]:
    """The FROM of the mapped entity ``clause`` is (or joins along), which gets the criteria."""
    relationship = getattr(clause, "property", None)
    if relationship is not None and hasattr(relationship, "entity"):
        target = getattr(clause, "_of_type", None) or relationship.entity
        return {inspect(target).selectable._deannotate()}
    entity = getattr(clause, "_annotations", {}).get("parententity")
    return {entity.selectable._deannotate()} if entity is not None else set()


def _column_entity_froms(column: Any) -> set[Any]:
    """The FROMs of the entities a columns-clause expression selects from."""
    found = set()
    pending = [column]
    while pending:
        element = pending.pop()
        found |= _entity_from(element)
        # A nested SELECT is a scope of its own, checked on its own.
        pending.extend(c for c in element.get_children() if not isinstance(c, Select))
    return found


def _covered_froms(select_: Select[Any]) -> set[Any]:
    covered: set[Any] = set()
    for column in select_._raw_columns:
        covered |= _column_entity_froms(column)
    for from_ in select_._from_obj:
        covered |= _entity_from(from_)
    for target, onclause, *_rest in select_._setup_joins:
        covered |= _entity_from(target) | _entity_from(onclause)
    return covered


def _unscoped_froms(
    select_: Select[Any], covered: set[Any], tenant_tables: frozenset[str]
) -> set[Any]:
    """Tenant FROMs of one SELECT that the loader criteria will not reach.

    SQLAlchemy adds the criteria for entities in the columns clause, in ``select_from()``
    and as join targets. A table only implied by the WHERE, ORDER BY, GROUP BY or HAVING
    clause (``select(func.count()).where(Notice.state == "x")``), inside a join given to
    ``select_from()``, or named as a table rather than an entity (``Notice.__table__``),
    would be read unfiltered. (This reads SQLAlchemy 2.0's statement attributes;
    ``tests/municipality/test_db.py`` pins what it must accept and refuse.)
    """
    joins = [part for join in select_._setup_joins for part in join[:2] if part is not None]
    clauses = (
        *select_._raw_columns,
        *select_._from_obj,
        *joins,
        *select_._where_criteria,
        *select_._having_criteria,
        *select_._order_by_clauses,
        *select_._group_by_clauses,
    )
    sources = {
        tenant
        for clause in clauses
        for from_ in getattr(clause, "_from_objects", ())
        if (tenant := _tenant_from(from_, tenant_tables)) is not None
    }
    return sources - covered


def _refuse_unscoped_froms(element: Any, outer: frozenset[Any], tenant: frozenset[str]) -> None:
    """Walk the statement; a FROM correlated to an enclosing SELECT counts as covered."""
    if isinstance(element, Select):
        covered = _covered_froms(element) | outer
        uncovered = _unscoped_froms(element, covered, tenant)
        if uncovered:
            names = sorted({getattr(f, "name", str(f)) for f in uncovered})
            raise TenancyViolation(
                f"in a commune-scoped session, {', '.join(names)} must be selected, joined "
                "or named in select_from() as the mapped class, or the query must use the "
                "all_communes execution option"
            )
        outer = frozenset(covered)
    for child in element.get_children():
        _refuse_unscoped_froms(child, outer, tenant)


def _check_references(state: ORMExecuteState) -> None:
    """Refuse statements whose tenant tables the criteria cannot filter."""
    tenant = _tenant_table_names()
    statement = state.statement
    outer: frozenset[Any] = frozenset()
    if isinstance(statement, UpdateBase):
        subject = _tenant_from(statement.table, tenant)
        if subject is not None and not state.is_orm_statement:
            raise TenancyViolation(
                f"a statement on table {subject.name} in a commune-scoped session must use "
                "the mapped class (or the all_communes execution option)"
            )
        outer = frozenset({subject} if subject is not None else ())
    _refuse_unscoped_froms(statement, outer, tenant)


# Statement shapes (SQLAlchemy cache keys) already found safe: a statement is checked the
# first time its shape is seen, not on every execution (the walk costs more than a small
# query's own ORM work). Bounded; forgotten whenever more models are mapped.
_SAFE_SHAPES: dict[Any, int] = {}
_SAFE_SHAPES_LIMIT = 20_000


def _check_references_once(state: ORMExecuteState) -> None:
    """:func:`_check_references`, remembered per statement shape.

    The cache key is the statement's structure without its values, which is all the
    check reads; SQLAlchemy keeps it on the statement, so its own compiled cache reuses it.
    """
    cache_key = cast(HasCacheKey, state.statement)._generate_cache_key()
    shape = None if cache_key is None else (cache_key.key, state.is_orm_statement)
    mapped = len(Base.registry.mappers)
    if shape is not None and _SAFE_SHAPES.get(shape) == mapped:
        return
    _check_references(state)
    if shape is not None:
        if len(_SAFE_SHAPES) >= _SAFE_SHAPES_LIMIT:
            _SAFE_SHAPES.clear()
        _SAFE_SHAPES[shape] = mapped


def _tenant_subject(state: ORMExecuteState) -> bool:
    mapper = state.bind_mapper
    return mapper is not None and issubclass(mapper.class_, CommuneOwned)


def _parameter_sets(parameters: Any) -> list[Mapping[str, Any]]:
    if isinstance(parameters, list | tuple):
        return list(parameters)
    return [parameters] if parameters else []


def _check_insert(state: ORMExecuteState, commune_id: int) -> None:
    """An INSERT statement may only write rows of the session's commune."""
    rows = _parameter_sets(state.parameters)
    if rows:
        owners = {row.get("commune_id") for row in rows}
    else:
        dialect = state.session.get_bind(mapper=state.bind_mapper).dialect
        params = cast(ClauseElement, state.statement).compile(dialect=dialect).params
        owners = {value for key, value in params.items() if _COMMUNE_PARAM.fullmatch(key)}
    if owners != {commune_id}:
        raise TenancyViolation(
            f"an INSERT in a session scoped to commune {commune_id} "
            f"would write rows of communes {sorted(owners, key=str)}"
        )


@event.listens_for(Session, "after_begin")
def _lend_scope(session: Session, _transaction: Any, connection: Connection) -> None:
    """The connection's writes are announced for the commune this session is scoped to."""
    revisions.remember_session(session.info, connection)


@event.listens_for(Session, "do_orm_execute")
def _scope_statement(state: ORMExecuteState) -> None:
    """Add the tenant criteria to every statement of a commune-scoped session.

    Statements the criteria could not filter are refused instead of run unfiltered.
    """
    commune_id = state.session.info.get("commune_id")
    if commune_id is None or state.execution_options.get(ALL_COMMUNES):
        return
    if not (state.is_relationship_load or state.is_column_load):
        _check_references_once(state)
    if not state.is_orm_statement:
        return
    if state.is_insert:
        if _tenant_subject(state):
            _check_insert(state, commune_id)
        return
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if (
        (state.is_update or state.is_delete)
        and isinstance(state.parameters, list)
        and _tenant_subject(state)
    ):
        # "Bulk by primary key" ignores loader criteria: its WHERE is the key alone.
        raise TenancyViolation(
            "bulk UPDATE/DELETE by primary key cannot be scoped to a commune; use a "
            "WHERE-based statement or load the objects"
        )
    criteria = state.session.info.get(_CRITERIA) or _tenant_criteria(commune_id)
    state.statement = state.statement.options(criteria)


def _refuse(target: Any, scope: int) -> None:
    raise TenancyViolation(
        f"cannot write a {type(target).__name__} of commune {target.commune_id} "
        f"in a session scoped to commune {scope}"
    )


def _scope_of(target: Any) -> int | None:
    session = object_session(target)
    return session.info.get("commune_id") if session is not None else None


def _refuse_foreign_rows(_mapper: Mapper[Any], _connection: Connection, target: Any) -> None:
    """A scoped session may not insert a row of another commune, nor move one there.

    Updating other columns of a row of another commune is left alone: such a row can
    only be in the session because it was loaded on purpose (``all_communes``), like the
    API token whose last use is recorded while it knocks at another commune's door.
    """
    scope = _scope_of(target)
    if scope is None or target.commune_id == scope:
        return
    state = inspect(target)
    if state.pending or state.attrs.commune_id.history.has_changes():
        _refuse(target, scope)


def _refuse_foreign_deletes(_mapper: Mapper[Any], _connection: Connection, target: Any) -> None:
    """A scoped session may not delete a row of another commune."""
    scope = _scope_of(target)
    if scope is not None and target.commune_id != scope:
        _refuse(target, scope)


event.listen(CommuneOwned, "before_insert", _refuse_foreign_rows, propagate=True)
event.listen(CommuneOwned, "before_update", _refuse_foreign_rows, propagate=True)
event.listen(CommuneOwned, "before_delete", _refuse_foreign_deletes, propagate=True)
