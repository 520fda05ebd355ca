"""Log-in, second factor, lock-out, log-out and password reset through the real app."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pyotp
import pytest

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
    spent = app.get(path, status=410)
    assert "deform" not in spent.forms
    assert spent.html.find("a", href="http://localhost/password/reset")


@pytest.mark.parametrize(
    ("language", "heading", "advice"),
    [
        ("ar", "لم يعد بالإمكان استخدام هذا الرابط", "اطلب رابطًا جديدًا"),
        ("fr", "Ce lien ne peut plus être utilisé", "Demander un nouveau lien"),
    ],
)
def test_a_spent_reset_link_says_so_before_any_form(app, db, language, heading, advice):
    with db() as session:
        commune = factories.commune(session, slug="temara")
        user = factories.user(session, role="agent", commune_=commune, email="agent@temara.test")
        token = accounts.request_password_reset(session, user.email)
        accounts.reset_password(session, token, "a-brand-new-password")
    headers = {"Accept-Language": language}
    page = app.get(f"/password/reset/{token}", headers=headers, status=410)
    assert page.html.find("h1").text.strip() == heading
    assert "deform" not in page.forms
    assert page.html.find("a", href="http://localhost/password/reset").text.strip() == advice
    csrf = factories.csrf_token(app, "/password/reset")
    fields = {"csrf_token": csrf, "password": "x" * 12, "password-confirm": "x" * 12}
    posted = app.post(f"/password/reset/{token}", fields, headers=headers, status=410)
    assert posted.html.find("h1").text.strip() == heading


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ar", "يرجى تسجيل الدخول للمتابعة"),
        ("fr", "Veuillez vous connecter pour continuer"),
    ],
)
def test_a_staff_form_sent_without_logging_in_leads_to_log_in(app, db, language, message):
    with db() as session:
        factories.commune(session, slug="temara")
    headers = {"Accept-Language": language}
    csrf = factories.csrf_token(app, "/password/reset")
    sent = app.post(
        "/c/temara/apikeys", {"csrf_token": csrf, "name": "x"}, headers=headers, status=303
    )
    assert sent.location == "http://localhost/login?next=%2Fc%2Ftemara%2Fapikeys"
    login = sent.follow(headers=headers)
    assert message in login.html.find(class_="flash error").text
    assert "Session expired" not in login.text


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
