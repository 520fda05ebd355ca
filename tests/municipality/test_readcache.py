"""What is kept in memory dies with its revision; pages kept never outlive a write."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from pyramid import testing
from pyramid.response import Response
from sqlalchemy import event, select
from sqlalchemy.engine.interfaces import CacheStats
from sqlalchemy.orm import Session

from modules import load_registry
from municipality import accounts, activation
from municipality.db import ALL_COMMUNES, set_commune_scope
from municipality.models import ApiToken, User
from municipality.readcache import READ_CACHE_KEY, PageCacheDeriver, ReadCache
from municipality.revisions import RevisionFeed
from municipality.tenancy import commune_by_slug
from notices import services as notices
from tests import factories

ECHO_SECONDS = 10


class SteppedFeed(RevisionFeed):
    """A feed whose token the test moves by hand."""

    def __init__(self) -> None:
        super().__init__()
        self.revision: int | None = 1

    def token(self, commune_id: int | None) -> Hashable | None:
        return None if self.revision is None else (self.revision, commune_id)


def test_an_entry_lives_while_its_token_holds():
    feed = SteppedFeed()
    cache = ReadCache(feed, max_entries=10)
    cache.put("k", feed.token(3), "value", max_age=60)
    assert cache.get("k", 3) == "value"
    feed.revision = 2
    assert cache.get("k", 3) is None
    assert cache.get("k", 3) is None


def test_an_entry_read_before_a_write_is_never_served_after_it():
    feed = SteppedFeed()
    cache = ReadCache(feed, max_entries=10)

    def read_while_someone_writes() -> str:
        feed.revision = 2
        return "read before the write committed"

    cache.fetch("k", 3, 60, read_while_someone_writes)
    assert cache.get("k", 3) is None


def test_an_entry_expires():
    feed = SteppedFeed()
    cache = ReadCache(feed, max_entries=10)
    cache.put("k", feed.token(None), "value", max_age=0.01)
    time.sleep(0.02)
    assert cache.get("k", None) is None


def test_nothing_is_kept_without_a_token_or_when_turned_off():
    feed = SteppedFeed()
    feed.revision = None
    cache = ReadCache(feed, max_entries=10)
    assert cache.fetch("k", None, 60, lambda: "v") == "v"
    assert cache.get("k", None) is None
    off = ReadCache(SteppedFeed(), max_entries=0)
    off.put("k", (1, None), "v", 60)
    assert off.get("k", None) is None


def test_the_oldest_entries_go_first_beyond_the_bound():
    feed = SteppedFeed()
    cache = ReadCache(feed, max_entries=2)
    for key in ("a", "b", "c"):
        cache.put(key, feed.token(None), key, 60)
    assert [cache.get(k, None) for k in ("a", "b", "c")] == [None, "b", "c"]


@contextmanager
def statements(engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _publish(db, slug: str, title: str) -> None:
    with db() as session:
        commune = commune_by_slug(session, slug)
        set_commune_scope(session, commune.id)
        notices.publish(
            session,
            actor="tests",
            commune=commune,
            data={"title": title, "body": "Mardi matin", "language": "fr"},
        )


def _user(session: Session, email: str) -> User:
    return session.execute(select(User).where(User.email == email)).scalar_one()


def _queue_count(page) -> str:
    return page.html.select_one(".queue .count").text


@pytest.fixture
def sale(app, db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "notices")
        factories.user(session, role="agent", commune_=commune, email="agent@sale.test")
        factories.user(session, role="agent", commune_=commune, email="other@sale.test")
    _publish(db, "sale", "Avis n° 1")
    return app


def _served_from_memory(app, engine, path: str) -> str:
    """The page once it comes without a statement.

    PostgreSQL echoes the log-in's own writes back to this process a moment later, and
    each echo forgets the kept page once: under load that moment can last a while.
    """
    deadline = time.monotonic() + ECHO_SECONDS
    while True:
        with statements(engine) as seen:
            page = app.get(path)
        if not seen:
            return page.text
        assert time.monotonic() < deadline, f"{path} still reads the database: {seen}"
        time.sleep(0.1)


def test_the_dashboard_is_served_from_memory_until_the_commune_changes(sale, db, engine):
    factories.log_in(sale, "agent@sale.test")
    first = sale.get("/c/sale/")  # shows the welcome message, so it is not kept
    assert first.html.find(class_="flash success")
    kept = _served_from_memory(sale, engine, "/c/sale/")
    again = sale.get("/c/sale/")
    assert again.text == kept
    assert _queue_count(again) == "1"
    _publish(db, "sale", "Avis n° 2")
    assert _queue_count(sale.get("/c/sale/")) == "2"


def test_a_page_kept_in_one_language_is_not_served_to_a_browser_asking_another(sale, engine):
    factories.log_in(sale, "agent@sale.test")
    sale.get("/c/sale/")
    sale.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "fr"
    french = _served_from_memory(sale, engine, "/c/sale/")
    assert 'lang="fr"' in french
    sale.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "ar"
    assert 'lang="ar"' in sale.get("/c/sale/").text
    assert 'lang="ar"' in _served_from_memory(sale, engine, "/c/sale/")
    assert "Accept-Language" in sale.get("/c/sale/").headers["Vary"]


def test_each_person_gets_their_own_page(sale, app):
    factories.log_in(sale, "agent@sale.test")
    mine = sale.get("/c/sale/")
    factories.log_in(app, "other@sale.test")
    theirs = app.get("/c/sale/")
    assert "agent@sale.test" not in theirs.text
    assert (
        mine.html.select_one("input[name=csrf_token]")["value"]
        != theirs.html.select_one("input[name=csrf_token]")["value"]
    )


def test_a_flash_message_is_never_kept_or_hidden(sale):
    factories.log_in(sale, "agent@sale.test")
    sale.get("/c/sale/")
    form = sale.get("/c/sale/notices/new").forms["deform"]
    form["title"] = "Coupure eau potable"
    form["body"] = "Mardi matin"
    form.submit("publish")
    landed = sale.get("/c/sale/")
    assert landed.html.find(class_="flash success")
    assert _queue_count(landed) == "2"
    assert not sale.get("/c/sale/").html.find(class_="flash success")


def test_a_deactivated_person_is_logged_out_at_once(sale, db):
    factories.log_in(sale, "agent@sale.test")
    sale.get("/c/sale/", status=200)
    with db() as session:
        _user(session, "agent@sale.test").is_active = False
    sale.get("/c/sale/", status=302)


def test_a_lost_role_closes_the_page_at_once(sale, db):
    factories.log_in(sale, "agent@sale.test")
    sale.get("/c/sale/", status=200)
    with db() as session:
        user = _user(session, "agent@sale.test")
        user.memberships.clear()
    sale.get("/c/sale/", status=403)


def test_a_revoked_token_is_refused_although_its_answer_was_kept(sale, db):
    with db() as session:
        commune = commune_by_slug(session, "sale")
        token, secret = accounts.create_api_token(
            session,
            actor="tests",
            commune=commune,
            name="kiosk",
            permissions=["notices:notice:view"],
        )
        token_id = token.id
    headers = {"Authorization": f"Bearer {secret}"}
    listed = sale.get("/api/v1/communes/sale/notices", headers=headers)
    assert listed.json["total"] == 1
    assert sale.get("/api/v1/communes/sale/notices", headers=headers).json == listed.json
    _publish(db, "sale", "Avis n° 2")
    assert sale.get("/api/v1/communes/sale/notices", headers=headers).json["total"] == 2
    with db() as session:
        found = session.get(ApiToken, token_id, execution_options={ALL_COMMUNES: True})
        accounts.revoke_api_token(session, actor="tests", token=found)
    sale.get("/api/v1/communes/sale/notices", headers=headers, status=401)


def test_a_disabled_module_answers_404_at_once(sale, db):
    factories.log_in(sale, "agent@sale.test")
    sale.get("/c/sale/notices", status=200)
    with db() as session:
        commune = commune_by_slug(session, "sale")
        activation.disable(
            session, load_registry(["notices"]), actor="tests", commune=commune, name="notices"
        )
    sale.get("/c/sale/notices", status=404)
    assert "notices" not in sale.get("/c/sale/").text.lower().split("href")[0]


def test_a_page_about_no_commune_is_never_kept():
    calls = []

    def view(_context, _request):
        calls.append(1)
        return Response("the same for everyone")

    info = SimpleNamespace(
        options={"cache_max_age": 60},
        original_view=view,
        settings={"baladiya.core.page_cache": True},
    )
    cached = PageCacheDeriver.derive(view, info)
    request = testing.DummyRequest(path="/regions/north")
    request.registry[READ_CACHE_KEY] = ReadCache(SteppedFeed(), max_entries=10)
    request.tenant = None
    for _ in range(2):
        assert cached(None, request).text == "the same for everyone"
    assert len(calls) == 2


@contextmanager
def round_trips(engine) -> Iterator[Counter]:
    """Connection check-outs and ended transactions while the block runs."""
    seen: Counter = Counter()
    listeners = [
        (engine.pool, "checkout", lambda *_args: seen.update(["checkouts"])),
        (engine, "commit", lambda *_args: seen.update(["transactions"])),
        (engine, "rollback", lambda *_args: seen.update(["transactions"])),
    ]
    for target, name, listener in listeners:
        event.listen(target, name, listener)
    try:
        yield seen
    finally:
        for target, name, listener in listeners:
            event.remove(target, name, listener)


def test_a_request_whose_directory_values_changed_reads_them_on_its_own_connection(
    sale, db, engine
):
    """After a write, the person, the log-in and the commune are read again: in the
    request's one transaction, on its one connection."""
    factories.log_in(sale, "agent@sale.test")
    sale.get("/c/sale/")
    with db() as session:
        _user(session, "agent@sale.test").full_name = "Agent renamed"
    with statements(engine) as seen, round_trips(engine) as trips:
        page = sale.get("/c/sale/")
    assert "Agent renamed" in page.text
    read = " ".join(seen)
    assert "FROM users" in read
    assert "FROM user_sessions" in read
    assert "FROM communes" in read
    assert trips == Counter(checkouts=1, transactions=1)


def test_an_api_read_is_one_transaction_on_one_connection(sale, db, engine):
    with db() as session:
        commune = commune_by_slug(session, "sale")
        _token, secret = accounts.create_api_token(
            session,
            actor="tests",
            commune=commune,
            name="kiosk",
            permissions=["notices:notice:view"],
        )
    _publish(db, "sale", "Avis n° 2")
    with round_trips(engine) as trips:
        sale.get("/api/v1/communes/sale/notices", headers={"Authorization": f"Bearer {secret}"})
    assert trips == Counter(checkouts=1, transactions=1)


def test_with_pages_off_a_view_runs_each_time():
    def view(_context, _request):
        return Response("fresh")

    info = SimpleNamespace(
        options={"cache_max_age": 60},
        original_view=view,
        settings={"baladiya.core.page_cache": False},
    )
    assert PageCacheDeriver.derive(view, info) is view


def test_a_page_shown_again_compiles_no_statement(sale, db, engine):
    """The directory look-ups and the tenant criteria are built once: the second time a
    page is read, every statement comes from SQLAlchemy's compiled cache."""
    factories.log_in(sale, "agent@sale.test")
    sale.get("/c/sale/")
    compiled: list[str] = []

    def note(_conn, _cursor, statement, _params, context, _many) -> None:
        if context.cache_hit is not CacheStats.CACHE_HIT:
            compiled.append(statement)

    with db() as session:
        _user(session, "agent@sale.test").full_name = "Agent renamed"
    event.listen(engine, "before_cursor_execute", note)
    try:
        with statements(engine) as seen:
            sale.get("/c/sale/")
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert any("FROM users" in statement for statement in seen)
    assert compiled == []
