"""Log-ins kept server-side: ended at once by log-out, password change, deactivation or an
administrator, and ended by themselves when idle or old (sooner for roles that sign)."""

from __future__ import annotations

import pytest
import webtest
from sqlalchemy import select

from municipality import accounts, sessions
from municipality.app import make_config
from municipality.models import AuditEvent, UserSession
from tests import factories
from tests.clock import Clock
from tests.conftest import app_settings

AGENT = "agent@sale.test"
ADMIN = "admin@sale.test"
DASHBOARD = "/c/sale/"


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(sessions, "utcnow", clock)
    return clock


@pytest.fixture
def staff(db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.user(session, role="agent", commune_=commune, email=AGENT)
        factories.user(session, role="agent", commune_=commune, email="other@sale.test")
        factories.user(session, role="commune_admin", commune_=commune, email=ADMIN)


def _browser(app: webtest.TestApp) -> webtest.TestApp:
    """Another browser on the same app: its own cookies."""
    return webtest.TestApp(app.app, extra_environ=app.extra_environ)


def _logged_in(app: webtest.TestApp, email: str, *, totp: bool = False) -> webtest.TestApp:
    browser = _browser(app)
    factories.log_in(browser, email, totp=totp)
    browser.get(DASHBOARD, status=200)
    return browser


def _replaying(app: webtest.TestApp, cookie: str) -> webtest.TestApp:
    """Someone who copied a browser's session cookie."""
    thief = _browser(app)
    thief.set_cookie("baladiya", cookie)
    return thief


def _is_out(browser: webtest.TestApp) -> bool:
    answer = browser.get(DASHBOARD, status="*")
    return answer.status_int == 302 and "/login" in answer.location


def test_the_old_cookie_fails_after_log_out(app, staff, clock):
    browser = _logged_in(app, AGENT)
    cookie = browser.cookies["baladiya"]
    token = factories.csrf_token(browser, DASHBOARD)
    browser.post("/logout", {"csrf_token": token}, status=302)
    assert _is_out(_replaying(app, cookie))
    assert _is_out(browser)


def test_a_log_out_holds_in_every_app_process(app, engine, staff, tmp_path, clock):
    """Each app server keeps its own read cache; an ended log-in fails in all of them."""
    browser = _logged_in(app, AGENT)
    cookie = browser.cookies["baladiya"]
    second_server = make_config(app_settings(engine, tmp_path)).make_wsgi_app()
    elsewhere = webtest.TestApp(second_server, extra_environ=app.extra_environ)
    elsewhere.set_cookie("baladiya", cookie)
    elsewhere.get(DASHBOARD, status=200)
    token = factories.csrf_token(browser, DASHBOARD)
    browser.post("/logout", {"csrf_token": token}, status=302)
    assert _is_out(elsewhere)


def test_a_password_change_ends_every_log_in(app, db, staff, clock):
    browser = _logged_in(app, AGENT)
    with db() as session:
        token = accounts.request_password_reset(session, AGENT)
        assert token is not None
        accounts.reset_password(session, token, "a-brand-new-password")
    assert _is_out(browser)
    with db() as session:
        reasons = session.execute(select(UserSession.end_reason)).scalars().all()
    assert reasons == ["password"]


def test_deactivation_ends_every_log_in(app, db, staff, run, clock):
    browser = _logged_in(app, AGENT)
    status, out, _err = run("user", "deactivate", AGENT)
    assert status == 0
    assert "deactivated" in out
    assert _is_out(browser)
    assert factories.log_in(_browser(app), AGENT).status_int == 400
    assert run("user", "deactivate", AGENT)[0] == 1


def test_log_out_everywhere_ends_that_persons_log_ins_only(app, db, staff, run, clock):
    office = _logged_in(app, AGENT)
    phone = _logged_in(app, AGENT)
    colleague = _logged_in(app, "other@sale.test")
    status, out, _err = run("user", "logout-everywhere", AGENT)
    assert status == 0
    assert "2 log-in(s) ended" in out
    assert _is_out(office)
    assert _is_out(phone)
    colleague.get(DASHBOARD, status=200)
    assert run("user", "logout-everywhere", "nobody@sale.test")[0] == 1
    with db() as session:
        actions = session.execute(select(AuditEvent.action)).scalars().all()
    assert "municipality:user:logged_out_everywhere" in actions
    again = _logged_in(app, AGENT)
    again.get(DASHBOARD, status=200)


def test_a_log_in_ends_when_idle_for_too_long(app, staff, clock):
    browser = _logged_in(app, AGENT)
    clock.advance(hours=1, minutes=50)
    browser.get(DASHBOARD, status=200)
    clock.advance(hours=1, minutes=50)
    browser.get(DASHBOARD, status=200)
    clock.advance(hours=2)
    assert _is_out(browser)


def test_a_log_in_ends_at_its_absolute_lifetime_even_when_in_use(app, staff, clock):
    browser = _logged_in(app, AGENT)
    for _ in range(12):  # 23 hours, never idle for two
        clock.advance(hours=1, minutes=55)
        browser.get(DASHBOARD, status=200)
    clock.advance(hours=1, minutes=30)
    assert _is_out(browser)


def test_roles_that_sign_get_shorter_lifetimes(app, staff, clock):
    admin = _logged_in(app, ADMIN, totp=True)
    agent = _logged_in(app, AGENT)
    clock.advance(minutes=31)
    assert _is_out(admin)
    agent.get(DASHBOARD, status=200)


def test_use_seen_in_another_process_keeps_the_log_in_alive(app, engine, staff, tmp_path, clock):
    """One server's memory of "last seen" is checked against the database before it ends."""
    browser = _logged_in(app, AGENT)
    cookie = browser.cookies["baladiya"]
    second_server = make_config(app_settings(engine, tmp_path)).make_wsgi_app()
    elsewhere = webtest.TestApp(second_server, extra_environ=app.extra_environ)
    elsewhere.set_cookie("baladiya", cookie)
    clock.advance(hours=1, minutes=50)
    elsewhere.get(DASHBOARD, status=200)
    clock.advance(hours=1)
    browser.get(DASHBOARD, status=200)
