"""Log-in, second factor, lock-out, log-out and password reset through the real app."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pyotp

from municipality import accounts
from municipality.db import utcnow
from tests import factories


def _admin(db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "notices")
        user = factories.user(
            session, role="commune_admin", commune_=commune, email="admin@sale.test"
        )
        return user.email


def test_staff_who_signs_must_pass_totp_before_the_dashboard(app, db):
    email = _admin(db)
    response = factories.log_in(app, email)
    assert response.status_int == 302
    assert response.location.endswith("/login/code")
    assert app.get("/c/sale/", status=302).location.startswith("http://localhost/login")
    code_page = response.follow()
    form = code_page.forms["deform"]
    form["code"] = pyotp.TOTP(factories.TOTP_SECRET).now()
    dashboard = form.submit("verify").follow().follow()
    assert "Dashboard" in dashboard.text or "Tableau de bord" in dashboard.text
    assert dashboard.request.path == "/c/sale/"


def test_wrong_totp_code_keeps_the_user_out(app, db):
    email = _admin(db)
    code_page = factories.log_in(app, email).follow()
    form = code_page.forms["deform"]
    form["code"] = "000000" if pyotp.TOTP(factories.TOTP_SECRET).now() != "000000" else "111111"
    response = form.submit("verify", status=400)
    assert response.forms["deform"]
    app.get("/c/sale/", status=302)


def test_repeated_failures_lock_the_account(app, db):
    email = _admin(db)
    for _ in range(3):
        factories.log_in(app, email, password="wrong-password-here")
    locked = factories.log_in(app, email)
    assert locked.status_int == 400
    app.get("/c/sale/", status=302)


def test_agent_without_second_factor_logs_in_directly(app, db):
    with db() as session:
        commune = factories.commune(session, slug="temara")
        factories.user(session, role="agent", commune_=commune, email="agent@temara.test")
    response = factories.log_in(app, "agent@temara.test")
    assert response.location.endswith("/")
    assert app.get("/c/temara/").status_int == 200


def test_logout_requires_csrf_and_ends_the_session(app, db):
    with db() as session:
        commune = factories.commune(session, slug="temara")
        factories.user(session, role="agent", commune_=commune, email="agent@temara.test")
    factories.log_in(app, "agent@temara.test")
    app.post("/logout", status=400)
    assert app.get("/c/temara/").status_int == 200
    token = factories.csrf_token(app, "/c/temara/")
    app.post("/logout", {"csrf_token": token}, status=302)
    app.get("/c/temara/", status=302)


def test_password_reset_link_works_once(app, db, tmp_path):
    with db() as session:
        commune = factories.commune(session, slug="temara")
        factories.user(session, role="agent", commune_=commune, email="agent@temara.test")
    form = app.get("/password/reset").forms["deform"]
    form["email"] = "agent@temara.test"
    form.submit("send").follow()
    from municipality.jobs import deliver_outbox

    deliver_outbox(app.app.registry)
    log = Path(app.app.registry.settings["baladiya.core.message_log"])
    messages = [json.loads(line) for line in log.read_text().splitlines()]
    link = next(m["body"] for m in reversed(messages) if m["to"] == "agent@temara.test")
    path = link.replace("http://localhost", "")
    form = app.get(path).forms["deform"]
    form["password"] = "a-brand-new-password"
    form["password-confirm"] = "a-brand-new-password"
    form.submit("save").follow()
    assert (
        factories.log_in(app, "agent@temara.test", password="a-brand-new-password").status_int
        == 302
    )
    form = app.get(path).forms["deform"]
    form["password"] = "another-new-password"
    form["password-confirm"] = "another-new-password"
    assert form.submit("save", status=422)


def _code_page(app, email):
    """A fresh browser that gave the right password and now faces the code page."""
    app.reset()
    return factories.log_in(app, email).follow()


def _submit_code(page, code, status):
    form = page.forms["deform"]
    form["code"] = code
    return form.submit("verify", status=status)


def test_a_totp_code_opens_one_log_in_only(app, db):
    email = _admin(db)
    code = pyotp.TOTP(factories.TOTP_SECRET).now()
    _submit_code(_code_page(app, email), code, 302)
    again = _submit_code(_code_page(app, email), code, 400)
    assert "déjà été utilisé" in again.text
    app.get("/c/sale/", status=302)


def test_wrong_codes_lock_the_second_step_until_the_lock_out_ends(app, db, monkeypatch):
    email = _admin(db)
    page = _code_page(app, email)
    wrong = "000000" if pyotp.TOTP(factories.TOTP_SECRET).now() != "000000" else "111111"
    for _ in range(3):  # the test app locks after 3 failures
        _submit_code(page, wrong, 400)
    locked = _submit_code(page, pyotp.TOTP(factories.TOTP_SECRET).now(), 429)
    assert "verrouillé" in locked.text
    app.get("/c/sale/", status=302)
    later = utcnow() + timedelta(seconds=901)
    monkeypatch.setattr(accounts, "utcnow", lambda: later)
    _submit_code(page, pyotp.TOTP(factories.TOTP_SECRET).at(later), 302)
    assert app.get("/c/sale/").status_int == 200
