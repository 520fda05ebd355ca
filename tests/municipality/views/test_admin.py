"""Commune administration pages: modules, API keys, the outbox's dead letters."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from municipality import outbox
from municipality.models import ApiToken, OutboxMessage
from municipality.tenancy import commune_by_slug
from tests import factories


@pytest.fixture
def admin(app, db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "notices")
        factories.user(session, role="commune_admin", commune_=commune, email="admin@sale.test")
        factories.user(session, role="agent", commune_=commune, email="agent@sale.test")
    factories.log_in(app, "admin@sale.test", totp=True)
    return app


def _switch(app, name, action, **extra):
    page = app.get("/c/sale/modules")
    token = page.html.find("input", {"name": "csrf_token"})["value"]
    return app.post(f"/c/sale/modules/{name}", {"csrf_token": token, "action": action, **extra})


def test_disabling_a_module_hides_it_and_its_pages_answer_404(admin):
    assert "/c/sale/notices" in admin.get("/c/sale/").text
    response = _switch(admin, "notices", "disable").follow()
    assert response.html.find(class_="flash success")
    assert "/c/sale/notices" not in response.text
    admin.get("/c/sale/notices", status=404)
    admin.get("/sale/notices", status=404)
    _switch(admin, "notices", "enable").follow()
    assert admin.get("/c/sale/notices").status_int == 200


def test_module_switch_without_csrf_is_refused(admin):
    admin.post("/c/sale/modules/notices", {"action": "disable"}, status=400)
    assert admin.get("/c/sale/notices").status_int == 200


def test_agent_may_not_manage_modules(app, admin):
    factories.log_in(app, "agent@sale.test")
    app.get("/c/sale/modules", status=403)


def test_unknown_module_is_404(admin):
    page = admin.get("/c/sale/modules")
    token = page.html.find("input", {"name": "csrf_token"})["value"]
    admin.post("/c/sale/modules/nope", {"csrf_token": token, "action": "enable"}, status=404)


def test_api_key_created_in_the_ui_is_shown_once_then_revoked(admin, db):
    page = admin.get("/c/sale/apikeys")
    form = page.forms["deform"]
    form["name"] = "Open311 app"
    form.set("checkbox", True, index=0)
    created = form.submit("create")
    secret = created.html.find(class_="secret").find("code").text
    assert secret.startswith("bld_")
    assert admin.get("/c/sale/apikeys").text.count(secret) == 0
    with db() as session:
        token = session.execute(select(ApiToken)).scalar_one()
    listing = admin.get("/c/sale/apikeys")
    revoke = next(f for f in listing.forms.values() if str(token.public_id) in (f.action or ""))
    revoke.submit().follow()
    admin.get("/api/v1/communes/sale", headers={"Authorization": f"Bearer {secret}"}, status=401)


def test_api_key_form_errors_are_shown_and_nothing_is_created(admin, db):
    form = admin.get("/c/sale/apikeys").forms["deform"]
    form["name"] = ""
    response = form.submit("create", status=400)
    assert response.html.find(class_="invalid-feedback")
    with db() as session:
        assert session.execute(select(ApiToken)).first() is None


@pytest.mark.parametrize(
    "permission", ["municipality:platform:manage", "x'; DROP TABLE api_tokens; --"]
)
def test_api_key_form_refuses_a_permission_the_commune_cannot_grant(admin, db, permission):
    page = admin.get("/c/sale/apikeys")
    token = page.html.find("input", {"name": "csrf_token"})["value"]
    fields = [
        ("csrf_token", token),
        ("name", "Intruder"),
        ("__start__", "permissions:sequence"),
        ("checkbox", "municipality:commune:read"),
        ("checkbox", permission),
        ("__end__", "permissions:sequence"),
        ("create", "create"),
    ]
    response = admin.post("/c/sale/apikeys", fields, status=400)
    error = response.html.find(class_="invalid-feedback").text
    assert "Choisissez uniquement parmi les permissions proposées" in error
    assert permission in error
    with db() as session:
        assert session.execute(select(ApiToken)).first() is None


def test_dead_letters_are_listed_and_can_be_replayed(admin, db):
    with db() as session:
        commune = commune_by_slug(session, "sale")
        message = outbox.enqueue(
            session,
            destination="nowhere",
            payload={"x": 1},
            idempotency_key="k1",
            commune_id=commune.id,
        )
        message.state = outbox.DEAD
        message.last_error = "LookupError: no adapter"
    page = admin.get("/c/sale/outbox", {"state": "dead"})
    assert "no adapter" in page.text
    replay = next(f for f in page.forms.values() if "replay" in (f.action or ""))
    replay.submit().follow()
    with db() as session:
        message = session.execute(select(OutboxMessage)).scalar_one()
        assert message.state == outbox.PENDING
    history = admin.get(f"/c/sale/history/outbox_message/{message.public_id}")
    assert "municipality:outbox:replayed" in history.text


def test_history_shows_who_did_what(admin, db):
    _switch(admin, "notices", "disable")
    page = admin.get("/c/sale/history/module/notices")
    assert "modules:module:disabled" in page.text
    assert "admin@sale.test" in page.text


def test_supervisor_sees_the_communes_of_their_region_only(app, db):
    with db() as session:
        region = factories.region(session, slug="rsk")
        factories.commune(session, slug="sale", region_=region)
        factories.commune(session, slug="temara", region_=region)
        factories.commune(session, slug="bamako", country="ML")
        factories.user(session, role="supervisor", region_=region, email="sup@rsk.test")
    factories.log_in(app, "sup@rsk.test")
    home = app.get("/")
    links = {a["href"] for a in home.html.select("ul.tiles a")}
    # The communes, then the region-wide pages modules offer (regional returns).
    assert links == {
        "http://localhost/c/sale/",
        "http://localhost/c/temara/",
        "http://localhost/r/rsk/consolidation",
    }
    assert app.get("/c/sale/").status_int == 200
    app.get("/c/bamako/", status=403)
