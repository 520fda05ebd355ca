"""Log-in, second-factor and reset limits: per address and per client, alike for all."""

from __future__ import annotations

import json
from pathlib import Path

import pyotp
import pytest
import webtest

from municipality.app import make_config
from municipality.jobs import deliver_outbox
from tests import factories
from tests.conftest import app_settings

REFUSED = "Adresse e-mail ou mot de passe incorrect."
TOO_MANY = "Trop de tentatives."


def _limited_app(engine, tmp_path, client="203.0.113.7", **limits):
    settings = app_settings(
        engine, tmp_path, **{f"baladiya.core.{k}": v for k, v in limits.items()}
    )
    return webtest.TestApp(
        make_config(settings).make_wsgi_app(),
        extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": client},
    )


def _agent(db, email="agent@temara.test"):
    with db() as session:
        commune = factories.commune(session, slug=email.split("@")[0])
        factories.user(session, role="agent", commune_=commune, email=email)
    return email


def _ask_reset(app, email):
    form = app.get("/password/reset").forms["deform"]
    form["email"] = email
    return form.submit("send", status="*")


def _reset_links(app, email):
    deliver_outbox(app.app.registry)
    log = Path(app.app.registry.settings["baladiya.core.message_log"])
    messages = [json.loads(line) for line in log.read_text().splitlines()]
    return [m["body"].replace("http://localhost", "") for m in messages if m["to"] == email]


def _assert_too_many(response):
    assert response.status_int == 429
    assert int(response.headers["Retry-After"]) >= 1
    assert TOO_MANY in response.text


def test_unknown_address_wrong_password_and_locked_account_look_alike(app, db):
    email = _agent(db)
    unknown = factories.log_in(app, "nobody@temara.test", password="wrong-password-here")
    wrong = factories.log_in(app, email, password="wrong-password-here")
    for _ in range(3):  # the test app locks after 3 failures
        factories.log_in(app, email, password="wrong-password-here")
    locked = factories.log_in(app, email)
    for response in (unknown, wrong, locked):
        assert response.status_int == 400
        assert REFUSED in response.text
        assert "verrouillé" not in response.text


@pytest.mark.parametrize("exists", [True, False])
def test_log_in_attempts_per_address_are_limited_alike(engine, db, tmp_path, exists):
    email = _agent(db) if exists else "nobody@temara.test"
    app = _limited_app(engine, tmp_path, login_rate_per_address=2)
    for _ in range(2):
        factories.log_in(app, email, password="wrong-password-here")
    _assert_too_many(factories.log_in(app, email))
    other = factories.log_in(app, _agent(db, "other@temara.test") if exists else "x@y.test")
    assert other.status_int != 429


def test_one_client_trying_many_accounts_is_limited(engine, db, tmp_path):
    app = _limited_app(engine, tmp_path, login_rate_per_client=3)
    for n in range(3):
        factories.log_in(app, f"person{n}@temara.test", password="wrong-password-here")
    _assert_too_many(factories.log_in(app, "person9@temara.test"))
    elsewhere = _limited_app(engine, tmp_path, client="198.51.100.2", login_rate_per_client=3)
    assert factories.log_in(elsewhere, "person9@temara.test").status_int == 400


def test_second_factor_attempts_are_limited(engine, db, tmp_path):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.user(session, role="commune_admin", commune_=commune, email="admin@sale.test")
    app = _limited_app(engine, tmp_path, login_rate_per_address=2)
    page = factories.log_in(app, "admin@sale.test").follow()
    form = page.forms["deform"]
    form["code"] = "000000" if pyotp.TOTP(factories.TOTP_SECRET).now() != "000000" else "111111"
    form.submit("verify", status=400)
    form["code"] = pyotp.TOTP(factories.TOTP_SECRET).now()
    _assert_too_many(form.submit("verify", status="*"))


@pytest.mark.parametrize("exists", [True, False])
def test_reset_requests_per_address_are_limited_alike(engine, db, tmp_path, exists):
    email = _agent(db) if exists else "nobody@temara.test"
    app = _limited_app(engine, tmp_path, reset_rate_per_address=1)
    assert _ask_reset(app, email).status_int == 302
    _assert_too_many(_ask_reset(app, email))
    if exists:
        assert len(_reset_links(app, email)) == 1


def test_a_new_reset_link_replaces_the_old_one(app, db):
    email = _agent(db)
    _ask_reset(app, email)
    _ask_reset(app, email)
    old, new = _reset_links(app, email)[-2:]
    refused = app.get(old, status=410)
    assert "Ce lien ne peut plus être utilisé" in refused.text
    assert "deform" not in refused.forms
    accepted = app.get(new).forms["deform"]
    accepted["password"] = accepted["password-confirm"] = "a-brand-new-password"
    assert accepted.submit("save").status_int == 302
