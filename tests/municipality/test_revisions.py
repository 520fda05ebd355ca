"""Revisions move on when, and only when, a write has committed, here or in another process."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Hashable

import pytest
from sqlalchemy import text

from municipality import revisions
from municipality.db import make_engine, set_commune_scope
from municipality.revisions import EVERYTHING, ListeningFeed, feed_for, write_scope
from notices import services as notices
from tests import factories

SCOPED = {"commune_id": 7}


@pytest.mark.parametrize(
    ("statement", "info", "expected"),
    [
        ("SELECT 1", SCOPED, None),
        ("  select count(*) from notices", SCOPED, None),
        ("SAVEPOINT sa_1", SCOPED, None),
        ("INSERT INTO notices (title) VALUES (?)", SCOPED, 7),
        ('UPDATE "complaints" SET state=%(state)s', SCOPED, 7),
        ("DELETE FROM audit_events WHERE id = 1", SCOPED, 7),
        ("INSERT INTO notices (title) VALUES (?)", {}, EVERYTHING),
        ("UPDATE users SET failed_logins=1", SCOPED, EVERYTHING),
        ("UPDATE api_tokens SET last_used_at=now()", SCOPED, EVERYTHING),
        ("DELETE FROM commune_modules", SCOPED, EVERYTHING),
        ("TRUNCATE notices", SCOPED, EVERYTHING),
        ("WITH x AS (DELETE FROM notices RETURNING id) SELECT * FROM x", SCOPED, EVERYTHING),
        ("CREATE TABLE t (id int)", None, EVERYTHING),
    ],
)
def test_write_scope_names_what_a_statement_changes(statement, info, expected):
    assert write_scope(statement, info) == expected


def _live_token(feed: revisions.RevisionFeed, commune_id: int | None) -> Hashable:
    """The feed's token once its listener is up and the echoes of earlier writes are in.

    On PostgreSQL a process hears its own writes' notifications too, a moment after it
    moved its revisions itself: the token settles when two reads 0.2 s apart agree.
    """
    deadline = time.monotonic() + 10
    previous = None
    while True:
        token = feed.token(commune_id)
        if token is not None and token == previous:
            return token
        assert time.monotonic() < deadline, "the revision feed never settled"
        previous = token
        time.sleep(0.2)


def _eventually(check: Callable[[], bool], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def _publish(session, commune) -> None:
    notices.publish(
        session,
        actor="tests",
        commune=commune,
        data={"title": "Coupure d'eau", "body": "Mardi matin", "language": "fr"},
    )


def test_a_committed_write_moves_its_commune_on_and_no_other(engine, db):
    with db() as session:
        sale = factories.commune(session, slug="sale")
        rabat = factories.commune(session, slug="rabat")
    feed = feed_for(engine)
    before_sale, before_rabat = _live_token(feed, sale.id), _live_token(feed, rabat.id)
    with db() as session:
        set_commune_scope(session, sale.id)
        _publish(session, sale)
    assert feed.token(sale.id) != before_sale
    if engine.dialect.name == "postgresql":
        # SQLite's data_version is one number for the whole file: every commit moves it.
        assert feed.token(rabat.id) == before_rabat


def test_a_rolled_back_write_moves_nothing(engine, db):
    with db() as session:
        sale = factories.commune(session, slug="sale")
    feed = feed_for(engine)
    before = _live_token(feed, sale.id)

    def failing_request() -> None:
        with db() as session:
            set_commune_scope(session, sale.id)
            _publish(session, sale)
            session.flush()
            raise RuntimeError("the request failed")

    with pytest.raises(RuntimeError):
        failing_request()
    time.sleep(0.3)
    assert feed.token(sale.id) == before


CHILD_WRITE = """
import sys
from sqlalchemy import text
from municipality.db import make_engine
engine = make_engine(sys.argv[1])
with engine.begin() as connection:
    connection.execute(text("UPDATE communes SET province = 'Rabat-Salé' WHERE slug = 'sale'"))
"""


def test_a_write_in_another_process_is_seen(engine, db, database_url):
    with db() as session:
        sale = factories.commune(session, slug="sale")
    feed = feed_for(engine)
    before = _live_token(feed, sale.id)
    subprocess.run([sys.executable, "-c", CHILD_WRITE, database_url], check=True, timeout=60)
    assert _eventually(lambda: feed.token(sale.id) not in (before, None))


def test_a_write_by_hand_on_a_raw_connection_is_seen(engine, db):
    with db() as session:
        sale = factories.commune(session, slug="sale")
    feed = feed_for(engine)
    before = _live_token(feed, sale.id)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE communes SET province = 'x' WHERE id = :id"), {"id": sale.id}
        )
    assert feed.token(sale.id) != before


def test_nothing_is_cached_while_the_listener_is_down_and_all_is_forgotten_after(
    engine, db, backend
):
    if backend != "postgresql":
        pytest.skip("only PostgreSQL has a listening connection to lose")
    feed = feed_for(engine)
    assert isinstance(feed, ListeningFeed)
    before = _live_token(feed, None)
    admin = make_engine(engine.url.render_as_string(hide_password=False))
    with admin.begin() as connection:
        killed = (
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = :name AND datname = current_database()"
                ),
                {"name": revisions.LISTENER_NAME},
            )
            .scalars()
            .all()
        )
    admin.dispose()
    assert killed == [True]
    assert _eventually(lambda: feed.token(None) is None, seconds=5)
    after = _live_token(feed, None)
    assert after != before


@pytest.mark.parametrize("payload", ["*", "not a commune"])
def test_an_operator_can_make_every_process_forget(engine, backend, payload):
    if backend != "postgresql":
        pytest.skip("SQLite sees every commit by itself; there is nobody to tell")
    feed = feed_for(engine)
    before = _live_token(feed, None)
    admin = make_engine(engine.url.render_as_string(hide_password=False))
    with admin.connect() as connection:
        connection.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {
                "channel": revisions.CHANNEL,
                "payload": payload,
            },
        )
        connection.commit()
    admin.dispose()
    assert _eventually(lambda: feed.token(None) not in (before, None))
