"""Production settings: secure cookies, HSTS, a real secret, and the 503 health answer."""

from __future__ import annotations

import pytest
import webtest
from pyramid.exceptions import ConfigurationError

from municipality.app import make_config
from municipality.db import make_engine
from tests import factories
from tests.conftest import app_settings

SECRET = "s" * 40
PUBLIC_URL = "https://localhost"


def test_production_refuses_a_missing_secret(engine, tmp_path):
    with pytest.raises(ConfigurationError, match="secret"):
        make_config(app_settings(engine, tmp_path, **{"baladiya.core.production": "true"}))


def test_production_cookies_are_secure_and_hsts_is_sent(engine, db, tmp_path):
    settings = app_settings(
        engine,
        tmp_path,
        **{
            "baladiya.core.production": "true",
            "baladiya.core.secret": SECRET,
            "baladiya.core.public_url": PUBLIC_URL,
        },
    )
    app = webtest.TestApp(
        make_config(settings).make_wsgi_app(),
        extra_environ={"HTTP_HOST": "localhost", "wsgi.url_scheme": "https"},
    )
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.user(session, role="agent", commune_=commune, email="agent@sale.test")
    response = factories.log_in(app, "agent@sale.test")
    cookie = response.headers["Set-Cookie"]
    assert "; secure" in cookie.lower()
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path):
    dead = make_engine("postgresql://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 1})
    settings = app_settings(dead, tmp_path)
    app = webtest.TestApp(make_config(settings).make_wsgi_app())
    body = app.get("/healthz", status=503).json
    assert body["status"] == "unavailable"
    assert body["database"] == "postgresql"
