"""The national-platforms pages through the real app: board, messages, settings."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from municipality.db import utcnow
from municipality.models import AuditEvent, Commune, OutboxMessage
from sync.models import PlatformConnection
from tests import factories
from tests.sync.delivery_support import connect, enable_sync, lane, queue

ADMIN = "admin@sale.test"
WRITE_ONLY = "a-brand-new-secret-0123456789"


@pytest.fixture
def sale(db, wsgi_app):
    """Commune "sale" with the module on, permits configured, and messages in each state."""
    secret = wsgi_app.registry.settings["baladiya.core.secret"]
    with db() as session:
        commune = factories.commune(session, slug="sale")
        enable_sync(session, commune)
        connect(session, commune, "permits", app_secret=secret)
        factories.user(session, role="commune_admin", commune_=commune, email=ADMIN)
        factories.user(session, role="agent", commune_=commune, email="agent@sale.test")
        dead = queue(session, commune, "P-1")
        dead.state, dead.attempts, dead.last_error = "dead", 8, "HTTP 503 from permits"
        waiting = queue(session, commune, "P-1", kind="decided")
        delivered = queue(session, commune, "P-2")
        delivered.state = "delivered"
        session.flush()
        return {
            "dead": str(dead.public_id),
            "waiting": str(waiting.public_id),
            "delivered": str(delivered.public_id),
        }


@pytest.fixture
def admin(app, sale):
    factories.log_in(app, ADMIN, totp=True)
    return app


def test_the_board_shows_each_platform_with_its_counts_and_what_is_held_back(admin):
    page = admin.get("/c/sale/national")
    rows = {
        row.th.get_text(strip=True): row
        for row in page.html.select("table:not(.chart-table) tbody tr")
        if row.th
    }
    permits = rows["Plateforme des autorisations d'urbanisme"]
    assert "Active" in permits.get_text()
    assert "Non configurée" in rows["Plateforme des réclamations"].get_text()
    # the decision waits behind the dead filing
    assert "le même objet est abandonné : 1." in page.text


@pytest.mark.parametrize(
    ("locale", "direction", "title"),
    [("ar", "rtl", "منصة رخص التعمير"), ("en", "ltr", "Urban-planning permits platform")],
)
def test_the_board_speaks_the_users_language(app, sale, db, locale, direction, title):
    with db() as session:
        commune = session.execute(select(Commune).where(Commune.slug == "sale")).scalar_one()
        email = f"{locale}@sale.test"
        factories.user(session, role="commune_admin", commune_=commune, email=email, locale=locale)
    factories.log_in(app, email, totp=True)
    page = app.get("/c/sale/national")
    assert page.html.html["dir"] == direction
    assert title in page.text


def test_while_the_platform_is_away_the_board_and_the_message_say_so_and_since_when(
    admin, sale, db
):
    with db() as session:
        commune = session.execute(select(Commune).where(Commune.slug == "sale")).scalar_one()
        the_lane = lane(session, commune)
        the_lane.breaker, the_lane.open_until = "open", utcnow() + timedelta(minutes=30)
        the_lane.failing_since = utcnow() - timedelta(days=2)
        the_lane.last_error = "connection failed: ConnectError: [Errno 111] refused"
    board = admin.get("/c/sale/national")
    note = board.html.find(attrs={"role": "note"})
    assert "aucune réponse exploitable" in note.get_text()
    assert "Plateforme injoignable depuis" in note.get_text()
    assert "[Errno 111] refused" in note.get_text()
    assert len(note.find_all("time")) == 2  # since when, and the next trial
    page = admin.get(f"/c/sale/national/messages/{sale['waiting']}")
    text = page.html.get_text()
    assert "Plateforme injoignable depuis" in text
    assert "Aucun message n'en est pénalisé" in text
    assert "Abandonné s'il n'est pas remis avant le" in text
    with db() as session:
        lane(session, commune).failing_since = None
    calm = admin.get(f"/c/sale/national/messages/{sale['waiting']}")
    assert "Plateforme injoignable depuis" not in calm.html.get_text()


def test_messages_filter_by_platform_and_state_and_say_when_nothing_matches(admin, sale):
    dead = admin.get("/c/sale/national/messages", params={"state": "dead"})
    links = [a["href"] for a in dead.html.select("tbody a")]
    assert [link.rsplit("/", 1)[-1] for link in links] == [sale["dead"]]
    held = admin.get("/c/sale/national/messages", params={"state": "held_back"})
    assert [a["href"].rsplit("/", 1)[-1] for a in held.html.select("tbody a")] == [sale["waiting"]]
    none = admin.get("/c/sale/national/messages", params={"platform": "budget"})
    assert none.html.find(class_="empty")
    paged = admin.get("/c/sale/national/messages", params={"size": "1", "page": "2"})
    assert len(paged.html.select("tbody tr")) == 1
    assert paged.html.find(class_="pager")


def test_a_message_shows_its_payload_error_attempts_and_what_holds_it_back(admin, sale):
    page = admin.get(f"/c/sale/national/messages/{sale['waiting']}")
    assert "permit_application.decided" in page.html.find("pre").text
    assert page.html.find("a", href=lambda h: h and sale["dead"] in h)
    dead = admin.get(f"/c/sale/national/messages/{sale['dead']}")
    assert "HTTP 503 from permits" in dead.text
    assert dead.html.find(class_="empty")  # no attempt recorded


def test_replay_is_audited_and_confirmed(admin, sale, db):
    page = admin.get(f"/c/sale/national/messages/{sale['dead']}")
    form = next(f for f in page.forms.values() if f.action.endswith("/replay"))
    done = form.submit().follow()
    assert done.html.find(class_="flash success")
    with db() as session:
        message = session.execute(
            select(OutboxMessage).where(OutboxMessage.public_id == uuid.UUID(sale["dead"]))
        ).scalar_one()
        assert (message.state, message.attempts) == ("pending", 0)
        actions = session.execute(select(AuditEvent.action)).scalars().all()
        assert "municipality:outbox:replayed" in actions


def test_cancel_asks_for_confirmation_then_is_audited(admin, sale, db):
    page = admin.get(f"/c/sale/national/messages/{sale['dead']}")
    assert not [f for f in page.forms.values() if f.action.endswith("/cancel")]
    confirm = admin.get(f"/c/sale/national/messages/{sale['dead']}", params={"confirm": "cancel"})
    form = next(f for f in confirm.forms.values() if f.action.endswith("/cancel"))
    done = form.submit().follow()
    assert done.html.find(class_="flash success")
    with db() as session:
        states = dict(
            session.execute(select(OutboxMessage.public_id, OutboxMessage.state)).tuples().all()
        )
        assert {str(k): v for k, v in states.items()}[sale["dead"]] == "cancelled"
        assert (
            "municipality:outbox:cancelled"
            in session.execute(select(AuditEvent.action)).scalars().all()
        )
    again = admin.post(
        f"/c/sale/national/messages/{sale['dead']}/cancel",
        {"csrf_token": factories.csrf_token(admin, "/c/sale/national")},
        status=409,
    )
    assert again.status_int == 409


def test_an_unknown_action_or_message_is_not_found(admin, sale):
    token = factories.csrf_token(admin, "/c/sale/national")
    admin.post(
        f"/c/sale/national/messages/{sale['dead']}/delete", {"csrf_token": token}, status=404
    )
    admin.get("/c/sale/national/messages/not-a-uuid", status=404)
    admin.get("/c/sale/national/platforms/weather", status=404)


def test_secrets_are_write_only_and_empty_keeps_them(admin, db):
    page = admin.get("/c/sale/national/platforms/permits")
    form = page.forms["deform"]
    assert form["secret"].value == ""
    with db() as session:
        before = session.execute(select(PlatformConnection.secret_sealed)).scalar_one()
    form["base_url"] = "https://permits.example/v2"
    done = form.submit("save").follow()
    assert done.html.find(class_="flash success")
    with db() as session:
        connection = session.execute(select(PlatformConnection)).scalar_one()
        assert connection.secret_sealed == before
        assert connection.base_url == "https://permits.example/v2"
    page = admin.get("/c/sale/national/platforms/permits")
    form = page.forms["deform"]
    form["key_id"] = "key-2027"
    form["secret"] = WRITE_ONLY
    form["rotate"] = True
    form.submit("save").follow()
    page = admin.get("/c/sale/national/platforms/permits")
    assert WRITE_ONLY not in page.text
    assert "dev-1" in page.text  # the previous key, by its id only
    with db() as session:
        connection = session.execute(select(PlatformConnection)).scalar_one()
        assert (connection.key_id, connection.previous_key_id) == ("key-2027", "dev-1")
        assert WRITE_ONLY not in (connection.secret_sealed or "")
        changes = [e.changes for e in session.execute(select(AuditEvent)).scalars()]
        assert all(WRITE_ONLY not in str(c) for c in changes)


def test_a_new_key_without_its_secret_is_refused_with_a_message(admin, db):
    form = admin.get("/c/sale/national/platforms/permits").forms["deform"]
    form["key_id"] = "key-2027"
    refused = form.submit("save", status=400)
    assert refused.html.find(class_="invalid-feedback") or refused.html.find(class_="error")
    with db() as session:
        assert session.execute(select(PlatformConnection.key_id)).scalar_one() == "dev-1"


def test_a_bad_address_is_refused(admin):
    form = admin.get("/c/sale/national/platforms/budget").forms["deform"]
    form["base_url"] = "ftp://nowhere"
    form["client_id"] = "MA/sale"
    form["key_id"] = "k1"
    form["secret"] = WRITE_ONLY
    assert form.submit("save", status=400).status_int == 400


def test_pause_and_resume_are_confirmed_and_audited(admin, db):
    page = admin.get("/c/sale/national")
    form = next(f for f in page.forms.values() if f.action.endswith("/permits/pause"))
    assert "Suspendue" in form.submit().follow().text
    with db() as session:
        assert session.execute(select(PlatformConnection.paused)).scalar_one() is True
        actions = session.execute(select(AuditEvent.action)).scalars().all()
        assert "sync:platform:paused" in actions


def test_an_agent_sees_nothing_of_it(app, sale):
    factories.log_in(app, "agent@sale.test")
    app.get("/c/sale/national", status=403)
    app.get(f"/c/sale/national/messages/{sale['dead']}", status=403)


def test_platform_admins_see_every_commune_problems_first(app, sale, db):
    with db() as session:
        other = factories.commune(session, slug="temara")
        enable_sync(session, other)
        queue(session, other)
        factories.user(session, email="root@baladiya.test", platform_admin=True, totp=True)
    factories.log_in(app, "root@baladiya.test", totp=True)
    page = app.get("/national")
    communes = [a.get_text(strip=True) for a in page.html.select("tbody th a")]
    assert communes == ["Commune sale", "Commune temara"]  # sale has a dead message
    only_budget = app.get("/national", params={"platform": "budget"})
    assert only_budget.html.find(class_="empty")


def test_the_overview_is_for_platform_admins_only(admin):
    admin.get("/national", status=403)


def test_the_board_draws_how_long_each_platform_has_waited(admin):
    page = admin.get("/c/sale/national")
    (figure,) = page.html.select("figure.chart")
    assert (
        figure.find("svg", role="img").title.get_text() == "Retard de transmission par plateforme"
    )
    rows = [tr.th.get_text(strip=True) for tr in figure.select("tbody tr")]
    assert rows == ["Plateforme des autorisations d'urbanisme"]
