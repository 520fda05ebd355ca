"""The database layer: SQLite's safety settings, durable commits, and tenant isolation.

Isolation is proved at the ORM level here, without any web request: a session scoped to
commune A runs queries that carry no commune filter at all and must never see, change or
create a row of commune B.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import transaction as transaction_module
from sqlalchemy import (
    ForeignKey,
    MetaData,
    String,
    delete,
    exists,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import NoResultFound, OperationalError
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    aliased,
    mapped_column,
    relationship,
)
from sqlalchemy.orm import join as orm_join

from municipality import accounts
from municipality import db as db_module
from municipality.db import (
    PINGS,
    CommuneOwned,
    TenancyViolation,
    make_engine,
    make_engine_unpooled,
    make_session_factory,
    scoped_to,
    session_in_transaction,
    set_commune_scope,
)
from municipality.models import ApiToken, Commune, Region
from notices import services as notice_services
from notices.models import Notice
from tests import factories

ROOT = Path(__file__).resolve().parents[2]


# --- SQLite opened for safety -------------------------------------------------------------


def _pragmas(engine: Engine) -> dict[str, object]:
    with engine.connect() as connection:
        return {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }


@pytest.mark.parametrize("factory", [make_engine, make_engine_unpooled])
def test_sqlite_is_opened_with_wal_full_sync_foreign_keys_and_a_busy_timeout(tmp_path, factory):
    engine = factory(f"sqlite:///{tmp_path / 'pragmas.sqlite'}")
    try:
        pragmas = _pragmas(engine)
    finally:
        engine.dispose()
    assert pragmas["journal_mode"] == "wal"
    assert pragmas["synchronous"] == 2  # FULL
    assert pragmas["foreign_keys"] == 1
    assert pragmas["busy_timeout"] >= 1000


def test_every_pooled_sqlite_connection_gets_the_pragmas(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'pool.sqlite'}")
    try:
        with engine.connect() as first, engine.connect() as second:
            for connection in (first, second):
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
    finally:
        engine.dispose()


def test_sqlite_refuses_a_row_pointing_nowhere(tmp_path):
    """``foreign_keys=1`` is not just set: SQLite enforces it."""
    engine = make_engine(f"sqlite:///{tmp_path / 'fk.sqlite'}")
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
            connection.exec_driver_sql(
                "CREATE TABLE child (id INTEGER PRIMARY KEY, "
                "parent_id INTEGER NOT NULL REFERENCES parent (id))"
            )
        with pytest.raises(Exception, match="FOREIGN KEY"), engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO child (id, parent_id) VALUES (1, 42)")
    finally:
        engine.dispose()


# --- A commit survives the process being killed ------------------------------------------

CHILD = textwrap.dedent(
    """
    import sys, time
    import transaction
    from municipality import tenants
    from municipality.db import make_engine, make_session_factory, session_in_transaction

    url, slug = sys.argv[1], sys.argv[2]
    factory = make_session_factory(make_engine(url))
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(factory, tm)
        tenants.create_region(session, actor="durability", slug=slug, name_fr="Durable",
                              name_ar="Durable", country="MA")
    print("committed", flush=True)
    time.sleep(120)
    """
)


def test_a_committed_write_survives_sigkill_of_its_process(database_url, engine, db):
    slug = f"durable-{uuid.uuid4().hex[:12]}"
    child = subprocess.Popen(
        [sys.executable, "-W", "ignore", "-c", CHILD, database_url, slug],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        line = child.stdout.readline() if child.stdout else ""
        if line.strip() != "committed":
            child.kill()
            _out, err = child.communicate(timeout=30)
            pytest.fail(f"the writer did not commit: {line!r}\n{err[-3000:]}")
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)
        for stream in (child.stdout, child.stderr):
            if stream:
                stream.close()
    reader = make_engine_unpooled(database_url)
    try:
        with reader.connect() as connection:
            found = connection.execute(
                select(Region.__table__.c.name_fr).where(Region.__table__.c.slug == slug)
            ).scalar_one_or_none()
    finally:
        reader.dispose()
    assert found == "Durable"


# --- Tenant isolation in the ORM ---------------------------------------------------------


@dataclass(frozen=True)
class Two:
    """Two communes with notices and API tokens, as plain ids."""

    a: int
    b: int
    a_notices: frozenset[int]
    b_notices: frozenset[int]
    b_published: int
    b_token: int


@pytest.fixture
def two(db) -> Two:
    with db() as session:
        a = factories.commune(session, slug="alpha")
        b = factories.commune(session, slug="beta")
        a_ids = {
            notice_services.publish(
                session, actor="tests", commune=a, data={"title": t, "body": t, "language": "fr"}
            ).id
            for t in ("Alpha one", "Alpha two")
        }
        published = notice_services.publish(
            session,
            actor="tests",
            commune=b,
            data={"title": "Beta one", "body": "Beta", "language": "fr"},
        )
        withdrawn = notice_services.publish(
            session,
            actor="tests",
            commune=b,
            data={"title": "Beta two", "body": "Beta", "language": "fr"},
        )
        notice_services.act(
            session,
            actor="tests",
            notice=withdrawn,
            action="withdraw",
            permissions=frozenset({"notices:notice:publish"}),
        )
        _token(session, a, "alpha client")
        b_token = _token(session, b, "beta client")
        return Two(
            a=a.id,
            b=b.id,
            a_notices=frozenset(a_ids),
            b_notices=frozenset({published.id, withdrawn.id}),
            b_published=published.id,
            b_token=b_token,
        )


def _token(session: Session, commune: Commune, name: str) -> int:
    token, _secret = accounts.create_api_token(
        session, actor="tests", commune=commune, name=name, permissions=["notices:notice:view"]
    )
    return token.id


@contextmanager
def scoped(engine: Engine, commune_id: int | None) -> Iterator[Session]:
    """A committed unit of work whose session is scoped to one commune."""
    tm = transaction_module.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(make_session_factory(engine), tm)
        set_commune_scope(session, commune_id)
        yield session


def attempt(engine: Engine, commune_id: int, work: Callable[[Session], object]) -> None:
    """Run ``work`` in a unit of work scoped to ``commune_id`` and commit it."""
    with scoped(engine, commune_id) as session:
        work(session)
        session.flush()


def _titles(engine: Engine) -> dict[int, tuple[int, str, str]]:
    table = Notice.__table__
    with engine.connect() as connection:
        rows = connection.execute(
            select(table.c.id, table.c.commune_id, table.c.title, table.c.state)
        )
        return {row.id: (row.commune_id, row.title, row.state) for row in rows}


def test_a_scoped_select_without_any_filter_sees_only_its_commune(engine, two):
    with scoped(engine, two.a) as session:
        assert {n.id for n in session.execute(select(Notice)).scalars()} == two.a_notices
        assert set(session.execute(select(Notice.id)).scalars()) == two.a_notices
        assert session.execute(select(func.count()).select_from(Notice)).scalar_one() == 2
        assert session.execute(select(func.count(Notice.id))).scalar_one() == 2
        as_subquery = select(func.count()).select_from(select(Notice).subquery())
        assert session.execute(as_subquery).scalar_one() == 2
        other = aliased(Notice)
        assert set(session.execute(select(other.id)).scalars()) == two.a_notices
        in_subquery = (
            select(func.count()).select_from(Notice).where(Notice.id.in_(select(other.id)))
        )
        assert session.execute(in_subquery).scalar_one() == 2
        b_exists = select(Notice.id).where(Notice.id.in_(two.b_notices)).exists()
        assert not session.execute(select(b_exists)).scalar()
        assert not session.execute(select(Notice.id).where(Notice.id.in_(two.b_notices))).first()
        tokens = session.execute(select(ApiToken.id)).scalars().all()
        assert len(tokens) == 1
        assert two.b_token not in tokens
    with scoped(engine, two.b) as session:
        assert {n.id for n in session.execute(select(Notice)).scalars()} == two.b_notices
    with scoped(engine, None) as session:
        assert session.execute(select(func.count()).select_from(Notice)).scalar_one() == 4


def test_a_block_scoped_to_a_commune_gives_the_scope_back_even_when_it_fails(engine, two):
    with scoped(engine, None) as session:
        with scoped_to(session, two.a):
            seen = set(session.execute(select(Notice.id)).scalars())
        assert seen == two.a_notices
        assert session.execute(select(func.count()).select_from(Notice)).scalar_one() == 4
        set_commune_scope(session, two.b)
        with pytest.raises(LookupError), scoped_to(session, two.a):
            raise LookupError
        assert set(session.execute(select(Notice.id)).scalars()) == two.b_notices


def test_joins_from_an_unscoped_table_still_stop_at_the_commune(engine, two):
    with scoped(engine, two.a) as session:
        rows = session.execute(
            select(Commune.slug, Notice.id).join(Notice, Notice.commune_id == Commune.id)
        ).all()
        assert {slug for slug, _id in rows} == {"alpha"}
        assert {notice_id for _slug, notice_id in rows} == two.a_notices
        outer = session.execute(
            select(Commune.slug, func.count(Notice.id))
            .outerjoin(Notice, Notice.commune_id == Commune.id)
            .group_by(Commune.slug)
        ).all()
        assert dict(outer) == {"alpha": 2, "beta": 0}


def test_get_never_returns_another_communes_row(engine, two):
    with scoped(engine, two.a) as session:
        assert session.get(Notice, two.b_published) is None
        assert session.get(ApiToken, two.b_token) is None
        with pytest.raises(NoResultFound):
            session.get_one(Notice, two.b_published)
        own = next(iter(two.a_notices))
        assert session.get(Notice, own).id == own


def test_get_ignores_another_communes_row_already_in_the_identity_map(engine, two):
    """Loaded before the scope was set (or with ``all_communes``), it stays invisible."""
    with scoped(engine, None) as session:
        loaded = session.execute(select(Notice).where(Notice.id == two.b_published)).scalar_one()
        token = session.execute(select(ApiToken).where(ApiToken.id == two.b_token)).scalar_one()
        set_commune_scope(session, two.a)
        assert loaded in session
        assert session.get(Notice, two.b_published) is None
        assert session.get(Notice, two.b_published, populate_existing=True) is None
        assert session.get(Notice, two.b_published, with_for_update=True) is None
        assert session.get(ApiToken, two.b_token) is None
        with pytest.raises(NoResultFound):
            session.get_one(ApiToken, token.id)
        # The explicit way to reach across communes still works, so the test can fail.
        anywhere = session.get(Notice, two.b_published, execution_options={"all_communes": True})
        assert anywhere is loaded


def test_refresh_of_another_communes_row_finds_nothing(engine, two):
    with scoped(engine, None) as session:
        loaded = session.execute(select(Notice).where(Notice.id == two.b_published)).scalar_one()
        set_commune_scope(session, two.a)
        session.expire(loaded)
        assert session.get(Notice, two.b_published) is None


def test_bulk_update_from_one_commune_leaves_the_other_untouched(engine, two):
    before = _titles(engine)
    with scoped(engine, two.a) as session:
        changed = session.execute(update(Notice).values(title="Renamed"))
        assert changed.rowcount == 2
        aimed = session.execute(
            update(Notice).where(Notice.id == two.b_published).values(title="Renamed")
        )
        assert aimed.rowcount == 0
        fetched = session.execute(
            update(Notice).values(state="withdrawn").execution_options(synchronize_session="fetch")
        )
        assert fetched.rowcount == 2
    after = _titles(engine)
    for notice_id in two.b_notices:
        assert after[notice_id] == before[notice_id]
    for notice_id in two.a_notices:
        assert after[notice_id][1:] == ("Renamed", "withdrawn")


def test_bulk_delete_from_one_commune_leaves_the_other_untouched(engine, two):
    with scoped(engine, two.a) as session:
        assert session.execute(delete(Notice).where(Notice.id == two.b_published)).rowcount == 0
        assert session.execute(delete(Notice)).rowcount == 2
    remaining = _titles(engine)
    assert set(remaining) == two.b_notices


def test_bulk_update_by_primary_key_cannot_reach_another_commune(engine, two):
    before = _titles(engine)
    bulk = [{"id": two.b_published, "title": "Hacked"}]
    with pytest.raises(TenancyViolation, match="bulk"):
        attempt(engine, two.a, lambda s: s.execute(update(Notice), bulk))
    assert _titles(engine) == before


TABLE = Notice.__table__

# Statements the tenant criteria could not filter: each is refused in a scoped session.
UNFILTERABLE = {
    "select from the table": TABLE.select(),
    "update the table": TABLE.update().values(title="Hacked"),
    "delete from the table": TABLE.delete(),
    "table column": select(TABLE.c.title),
    "count from the table": select(func.count()).select_from(TABLE),
    "table in a subquery": select(Commune.id).where(Commune.id.in_(select(TABLE.c.commune_id))),
    "table joined": select(Commune.slug).join(TABLE, TABLE.c.commune_id == Commune.id),
    "entity only in WHERE": select(func.count()).where(Notice.state == "published"),
    "implicit cross join": select(Commune.slug).where(Commune.id == Notice.commune_id),
    "bare exists": select(exists().where(Notice.id > 0)),
    "join inside select_from": select(Commune.slug).select_from(
        orm_join(Commune, Notice, Notice.commune_id == Commune.id)
    ),
    "alias only in WHERE": select(Notice.id).where(aliased(Notice).id == Notice.id),
}


@pytest.mark.parametrize("name", list(UNFILTERABLE))
def test_statements_the_criteria_cannot_reach_are_refused(engine, two, name):
    before = _titles(engine)
    with pytest.raises(TenancyViolation):
        attempt(engine, two.a, lambda s: s.execute(UNFILTERABLE[name]))
    assert _titles(engine) == before


def test_a_refused_shape_is_refused_every_time_a_safe_one_is_not_walked_again(
    engine, two, monkeypatch
):
    """Verdicts are remembered per statement shape: only safe shapes are remembered."""
    for _ in range(2):
        with pytest.raises(TenancyViolation):
            attempt(engine, two.a, lambda s: s.execute(UNFILTERABLE["entity only in WHERE"]))
    safe = select(func.count()).select_from(Notice).where(Notice.state == "published")
    with scoped(engine, two.a) as session:
        first = session.execute(safe).scalar_one()
        walked: list[object] = []
        monkeypatch.setattr(db_module, "_check_references", walked.append)
        again = session.execute(
            select(func.count()).select_from(Notice).where(Notice.state == "draft")
        ).scalar_one()
    assert walked == []
    assert first >= again


def test_the_explicit_escape_hatch_and_other_tables_still_work(engine, two):
    with scoped(engine, two.a) as session:
        rows = session.execute(TABLE.select().execution_options(all_communes=True)).all()
        assert len(rows) == 4
        assert session.execute(Region.__table__.select()).all()
        assert session.execute(text("SELECT 1")).scalar() == 1
        correlated = select(Notice.id).where(
            exists(select(ApiToken.id).where(ApiToken.commune_id == Notice.commune_id))
        )
        assert set(session.execute(correlated).scalars()) == two.a_notices


def _new_notice(commune_id: int, title: str = "New") -> Notice:
    return Notice(commune_id=commune_id, title=title, body="Body", language="fr")


def test_flushing_a_new_row_of_another_commune_is_refused(engine, two):
    before = _titles(engine)
    with pytest.raises(TenancyViolation, match="Notice of commune"):
        attempt(engine, two.a, lambda s: s.add(_new_notice(two.b, "Planted")))
    assert _titles(engine) == before
    with scoped(engine, two.a) as session:
        session.add(_new_notice(two.a, "Own"))
    with scoped(engine, None) as session:
        session.add(_new_notice(two.b, "Unscoped jobs may write anywhere"))
    titles = {title for _c, title, _s in _titles(engine).values()}
    assert {"Own", "Unscoped jobs may write anywhere"} <= titles
    assert "Planted" not in titles


def test_moving_a_row_to_another_commune_is_refused(engine, two):
    own = next(iter(two.a_notices))
    before = _titles(engine)

    def move(session: Session) -> None:
        session.get(Notice, own).commune_id = two.b

    with pytest.raises(TenancyViolation):
        attempt(engine, two.a, move)
    assert _titles(engine) == before


def test_deleting_another_communes_row_is_refused(engine, two):
    before = _titles(engine)

    def delete_b(session: Session) -> None:
        foreign = session.get(Notice, two.b_published, execution_options={"all_communes": True})
        session.delete(foreign)

    with pytest.raises(TenancyViolation):
        attempt(engine, two.a, delete_b)
    assert _titles(engine) == before


def test_a_row_loaded_on_purpose_across_communes_may_still_be_updated(engine, two):
    """As when an API token of B is used on A's address and its last use is recorded."""
    with scoped(engine, two.a) as session:
        token = session.execute(
            select(ApiToken).where(ApiToken.id == two.b_token).execution_options(all_communes=True)
        ).scalar_one()
        token.name = "used from alpha"
    with scoped(engine, None) as session:
        assert session.get(ApiToken, two.b_token).name == "used from alpha"


def test_insert_statements_may_only_write_the_scoped_commune(engine, two):
    def row(commune_id: int) -> dict[str, object]:
        return {
            "commune_id": commune_id,
            "title": "Inserted",
            "body": "Body",
            "language": "fr",
            "state": "published",
            "public_id": uuid.uuid4(),
        }

    before = _titles(engine)
    for work in (
        lambda s: s.execute(insert(Notice), [row(two.b)]),
        lambda s: s.execute(insert(Notice), [row(two.a), row(two.b)]),
        lambda s: s.execute(insert(Notice).values(**row(two.b))),
        lambda s: s.execute(TABLE.insert().values(**row(two.a))),
    ):
        with pytest.raises(TenancyViolation):
            attempt(engine, two.a, work)
    assert _titles(engine) == before
    with scoped(engine, two.a) as session:
        session.execute(insert(Notice), [row(two.a)])
        session.execute(insert(Notice).values(**row(two.a)))
    assert len(_titles(engine)) == len(before) + 2


# A pair of commune-owned tables with relationships both ways, mapped on their own metadata
# so they never reach the project's schema or migrations.


class _ProbeBase(DeclarativeBase):
    metadata = MetaData()


Commune.__table__.to_metadata(_ProbeBase.metadata)
Region.__table__.to_metadata(_ProbeBase.metadata)


class District(CommuneOwned, _ProbeBase):
    __tablename__ = "tenancy_test_districts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    streets: Mapped[list[Street]] = relationship(back_populates="district")


class Street(CommuneOwned, _ProbeBase):
    __tablename__ = "tenancy_test_streets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    district_id: Mapped[int] = mapped_column(ForeignKey("tenancy_test_districts.id"))
    district: Mapped[District] = relationship(back_populates="streets")


PROBE_TABLES = [District.__table__, Street.__table__]


@pytest.fixture
def linked(engine, two) -> Iterator[dict[str, int]]:
    """A district of each commune, and streets wrongly linked across the two."""
    _ProbeBase.metadata.create_all(engine, tables=PROBE_TABLES)
    try:
        with scoped(engine, None) as session:
            a_district = District(commune_id=two.a, name="A centre")
            b_district = District(commune_id=two.b, name="B centre")
            session.add_all([a_district, b_district])
            session.flush()
            a_street = Street(commune_id=two.a, name="A street", district_id=b_district.id)
            b_street = Street(commune_id=two.b, name="B street", district_id=a_district.id)
            session.add_all([a_street, b_street])
            session.flush()
            ids = {
                "a_district": a_district.id,
                "b_district": b_district.id,
                "a_street": a_street.id,
                "b_street": b_street.id,
            }
        yield ids
    finally:
        _ProbeBase.metadata.drop_all(engine, tables=PROBE_TABLES)


def test_relationship_loads_stop_at_the_commune(engine, two, linked):
    with scoped(engine, two.a) as session:
        district = session.get(District, linked["a_district"])
        assert district.streets == []  # the only street pointing here is B's
        street = session.get(Street, linked["a_street"])
        assert street.district is None  # its district belongs to B
        joined = session.execute(select(District.name).join(District.streets)).all()
        assert joined == []
    with scoped(engine, None) as session:
        assert session.get(Street, linked["a_street"]).district.name == "B centre"


def test_many_to_one_lazy_load_ignores_an_identity_mapped_row_of_another_commune(
    engine, two, linked
):
    with scoped(engine, None) as session:
        foreign = session.get(District, linked["b_district"])
        street = session.execute(select(Street).where(Street.id == linked["a_street"])).scalar_one()
        set_commune_scope(session, two.a)
        assert foreign in session
        assert street.district is None


# --- A healthy pool lends connections without a round trip; a dead one is replaced --------


def _own_postgres_engine(engine: Engine, **kwargs: object) -> Engine:
    if engine.dialect.name != "postgresql":
        pytest.skip("the connection check concerns pooled server connections")
    return make_engine(engine.url.render_as_string(hide_password=False), pool_size=1, **kwargs)


def _pings(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.connection._connection_record.info.get(PINGS, 0)


def test_a_connection_in_steady_use_is_lent_without_a_ping(engine):
    own = _own_postgres_engine(engine)
    try:
        for _ in range(5):
            with own.connect() as connection:
                connection.execute(text("SELECT 1"))
        assert _pings(own) == 0
    finally:
        own.dispose()


def test_a_connection_closed_by_the_server_while_idle_is_replaced(engine):
    own = _own_postgres_engine(engine, idle_ping_seconds=0)
    try:
        with own.connect() as connection:
            backend_pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with engine.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": backend_pid})
            admin.commit()
        with own.connect() as connection:
            replaced_by = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        assert replaced_by != backend_pid
        assert _pings(own) >= 1
    finally:
        own.dispose()


def test_a_dead_connection_met_in_use_renews_the_whole_pool(engine):
    """Without a ping, the request that meets the dead connection fails; the next does not."""
    own = _own_postgres_engine(engine, max_overflow=0)
    try:
        with own.connect() as connection:
            backend_pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with engine.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": backend_pid})
            admin.commit()
        with pytest.raises(OperationalError), own.connect() as connection:
            connection.execute(text("SELECT 1"))
        with own.connect() as connection:
            assert connection.execute(text("SELECT 1")).scalar_one() == 1
    finally:
        own.dispose()
