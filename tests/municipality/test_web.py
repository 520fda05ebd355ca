"""Errors reach people as friendly pages and programs as problem+json, never as traces."""

from __future__ import annotations

import gzip
import time

import pytest
import webob
import webtest
from pyramid import session as pyramid_session

from municipality.app import make_config
from municipality.models import OutboxMessage
from notices.models import Notice
from tests import factories
from tests.conftest import app_settings


def _count_notices(db):
    with db() as session:
        return session.query(Notice).count()


@pytest.fixture
def agent(app, db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "notices")
        factories.user(session, role="agent", commune_=commune, email="agent@sale.test")
    factories.log_in(app, "agent@sale.test")
    return app


def test_unknown_commune_is_a_friendly_404_in_french(app):
    page = app.get("/c/nowhere/", status=404)
    assert page.html.find("html")["lang"] == "fr"
    assert page.html.find("h1").text
    assert "Traceback" not in page.text


def test_forged_csrf_token_is_refused_and_writes_nothing(agent, db):
    form = agent.get("/c/sale/notices/new").forms["deform"]
    form["title"] = "Avis important"
    form["body"] = "Texte"
    form["csrf_token"] = "forged"
    page = form.submit("publish", status=400)
    assert page.html.find("h1").text
    assert _count_notices(db) == 0


def test_expired_session_sends_back_to_log_in_and_writes_nothing(agent, db, monkeypatch):
    form = agent.get("/c/sale/notices/new").forms["deform"]
    form["title"] = "Avis important"
    form["body"] = "Texte"
    later = time.time() + 9 * 3600
    monkeypatch.setattr(pyramid_session.time, "time", lambda: later)
    sent = form.submit("publish", status=303)
    assert sent.location == "http://localhost/login?next=%2Fc%2Fsale%2Fnotices%2Fnew"
    assert sent.follow().html.find(class_="flash error")
    assert _count_notices(db) == 0
    assert "/login" in agent.get("/c/sale/notices", status=302).location


@pytest.fixture
def failing_app(engine, db, tmp_path):
    config = make_config(app_settings(engine, tmp_path))

    def boom(request):
        raise RuntimeError("secret internals")

    config.add_route("boom", "/boom")
    config.add_route("api.boom", "/api/v1/boom")
    config.add_view(boom, route_name="boom")
    config.add_view(boom, route_name="api.boom")
    return webtest.TestApp(config.make_wsgi_app(), extra_environ={"HTTP_HOST": "localhost"})


def test_server_errors_hide_the_trace(failing_app):
    page = failing_app.get("/boom", status=500)
    assert "secret internals" not in page.text
    assert "Traceback" not in page.text
    assert page.html.find("h1").text
    problem = failing_app.get("/api/v1/boom", status=500)
    assert problem.content_type == "application/problem+json"
    assert "secret internals" not in problem.text
    assert problem.json["request_id"] == problem.headers["X-Request-ID"]


def test_request_id_is_kept_when_well_formed(app):
    assert app.get("/", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == "abc-123"
    assert app.get("/", headers={"X-Request-ID": "bad id\n"}).headers["X-Request-ID"] != "bad id"


def test_language_switch_follows_the_user_choice(app, db):
    with db() as session:
        factories.commune(session, slug="sale", languages="fr ar")
    token = factories.csrf_token(app, "/sale/")
    app.post("/locale", {"csrf_token": token, "locale": "ar", "next": "/sale/"}, status=302)
    page = app.get("/sale/")
    assert page.html.find("html")["dir"] == "rtl"
    assert page.html.find("html")["lang"] == "ar"
    redirect = app.post(
        "/locale",
        {"csrf_token": token, "locale": "en", "next": "https://evil.example/"},
        status=302,
    )
    assert redirect.location == "http://localhost/"


def test_commune_default_language_applies_without_a_choice(app, db):
    with db() as session:
        factories.commune(session, slug="sale", languages="ar fr")
    assert app.get("/sale/").html.find("html")["dir"] == "rtl"


def test_uploads_get_a_larger_ceiling_than_forms(app):
    small_form = {"csrf_token": "x", "text": "y" * 1_100_000}
    app.post("/locale", small_form, status=413)
    too_big = [("file", "a.bin", b"0" * (42 * 1_048_576 + 1))]
    app.post("/locale", {"csrf_token": "x"}, upload_files=too_big, status=413)
    fits = [("file", "a.bin", b"0" * 2_000_000)]
    app.post("/locale", {"csrf_token": "x"}, upload_files=fits, status=400)


@pytest.mark.parametrize(
    ("language", "title", "advice"),
    [
        ("ar", "ما أرسلته كبير جدًا", "أرسل صورًا أو ملفات أصغر"),
        ("fr", "Votre envoi est trop volumineux", "Envoyez des photos ou des fichiers plus petits"),
    ],
)
def test_an_oversized_body_is_refused_in_the_readers_language(app, language, title, advice):
    too_big = [("photos", "a.jpg", b"0" * (42 * 1_048_576 + 1))]
    page = app.post(
        "/locale",
        {"csrf_token": "x"},
        upload_files=too_big,
        headers={"Accept-Language": language},
        status=413,
    )
    assert page.html.find("html")["lang"] == language
    assert page.html.find("h1").text == title
    assert advice in page.text
    assert "42" in page.text
    assert "44040192" not in page.text


def _raw(wsgi_app, path, **headers):
    """The answer as it leaves the app: webtest would undo the compression."""
    return webob.Request.blank(path, headers=headers).get_response(wsgi_app)


def test_text_answers_are_gzipped_for_clients_that_accept_it(wsgi_app):
    plain = _raw(wsgi_app, "/static/baladiya.css")
    packed = _raw(wsgi_app, "/static/baladiya.css", **{"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert packed.content_length < plain.content_length / 2
    assert gzip.decompress(packed.body) == plain.body


def test_errors_and_small_answers_are_not_compressed(wsgi_app):
    missing = _raw(wsgi_app, "/no-such-page", **{"Accept-Encoding": "gzip"})
    assert missing.status_code == 404
    assert "Content-Encoding" not in missing.headers
    health = _raw(wsgi_app, "/healthz", **{"Accept-Encoding": "gzip"})
    assert health.content_length < 1024
    assert "Content-Encoding" not in health.headers


def test_request_ids_are_unique_without_a_supplied_one(app):
    ids = {app.get("/").headers["X-Request-ID"] for _ in range(20)}
    assert len(ids) == 20
    assert all(len(found) == 32 for found in ids)


def test_prefixes_modules_give_to_programs_answer_problem_json(app):
    """``/open311/`` is registered by the complaints module, ``/api/`` by the core."""
    for path in ("/open311/v2/nothing.json", "/api/v1/nothing"):
        assert app.get(path, status=404).content_type == "application/problem+json", path
    assert app.get("/c/nowhere/at/all", status=404).content_type == "text/html"


PUBLIC = "https://baladiya.example.ma"


@pytest.fixture
def proxied_app(engine, db, tmp_path):
    """The app as deployed: a public URL, and one reverse proxy in front (10.0.0.5)."""
    settings = app_settings(
        engine,
        tmp_path,
        **{
            "baladiya.core.public_url": PUBLIC,
            "baladiya.core.trusted_hosts": "baladiya.example.ma localhost",
            "baladiya.core.trusted_proxies": "10.0.0.5",
        },
    )
    config = make_config(settings)

    def whoami(request):
        return webob.Response(f"{request.client_addr} {request.scheme} {request.host}")

    config.add_route("whoami", "/whoami")
    config.add_view(whoami, route_name="whoami")
    return webtest.TestApp(config.make_wsgi_app(), extra_environ={"HTTP_HOST": "localhost"})


def test_a_reset_link_starts_with_the_public_url_whatever_the_request_said(proxied_app, db):
    with db() as session:
        factories.user(session, email="resident@sale.test")
    form = proxied_app.get("/password/reset").forms["deform"]
    form["email"] = "resident@sale.test"
    form.submit("send", headers={"X-Forwarded-Host": "evil.example"}, status=302)
    with db() as session:
        body = session.query(OutboxMessage).one().payload["body"]
    assert body.startswith(f"{PUBLIC}/password/reset/")


def test_a_request_for_another_host_is_refused_in_the_readers_language(app, db):
    page = app.get("/password/reset", headers={"Host": "evil.example"}, status=400)
    assert "Ce site ne répond pas à cette adresse" in page.text
    assert "evil.example" not in page.html.find("main").text
    for path in ("/api/v1/communes", "/open311/v2/services.json"):
        answer = app.get(path, headers={"Host": "evil.example:6543"}, status=400)
        assert answer.content_type == "application/problem+json", path
    form = app.get("/password/reset").forms["deform"]
    form["email"] = "nobody@sale.test"
    form.submit("send", headers={"Host": "evil.example"}, status=400)
    with db() as session:
        assert session.query(OutboxMessage).count() == 0


def test_forwarding_headers_count_only_from_the_trusted_proxy(proxied_app):
    forged = {
        "X-Forwarded-For": "203.0.113.9",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "baladiya.example.ma",
    }
    direct = proxied_app.get(
        "/whoami", headers=forged, extra_environ={"REMOTE_ADDR": "198.51.100.7"}
    )
    assert direct.text == "198.51.100.7 http localhost"
    proxied = proxied_app.get(
        "/whoami",
        headers={**forged, "X-Forwarded-For": "192.0.2.1, 203.0.113.9"},
        extra_environ={"REMOTE_ADDR": "10.0.0.5"},
    )
    assert proxied.text == "203.0.113.9 https baladiya.example.ma"
    proxied_app.get(
        "/whoami",
        headers={"X-Forwarded-Host": "evil.example"},
        extra_environ={"REMOTE_ADDR": "10.0.0.5"},
        status=400,
    )


SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options")


def _refused_page(response: webtest.TestResponse) -> None:
    """A 400 page in French that names the problem, with the security headers."""
    assert response.status_int == 400
    assert response.content_type == "text/html"
    assert response.html.find("html")["lang"] == "fr"
    assert "Traceback" not in response.text
    assert all(name in response.headers for name in SECURITY_HEADERS)


@pytest.mark.parametrize(
    "path",
    [
        "/c/sa%00le/",
        "/sa%00le/notices",
        "/c/sale/notices?q=a%00b",
        "/c/sale/history/notice/ab%00cd",
    ],
)
def test_nul_and_broken_characters_in_addresses_are_a_400_page(agent, path):
    response = agent.get(path, expect_errors=True)
    _refused_page(response)
    assert "impossible à enregistrer" in response.text


def test_an_address_that_is_not_utf8_is_a_400_page(agent):
    """WebTest cannot send such an address, so the request goes to the WSGI app directly."""
    request = webob.Request.blank("/", environ={"PATH_INFO": "/c/sale/notices/\xff"})
    response = request.get_response(agent.app)
    assert response.status_int == 400
    assert response.content_type == "text/html"
    assert '<html lang="fr"' in response.text
    assert "Cette adresse est illisible" in response.text
    query = agent.get("/c/sale/notices?q=%ED%A0%80", status=400)
    _refused_page(query)
    assert "Cette adresse est illisible" in query.text
    assert all(name in response.headers for name in SECURITY_HEADERS)


def test_nul_in_a_form_is_a_400_page_that_writes_nothing(agent, db):
    form = agent.get("/c/sale/notices/new").forms["deform"]
    form["title"] = "Coupure\x00 d'eau"
    _refused_page(form.submit(expect_errors=True))
    assert _count_notices(db) == 0


@pytest.fixture
def broken_error_page_app(engine, db, tmp_path):
    """An app whose exception views themselves fail, as a last line of defence must expect."""
    config = make_config(app_settings(engine, tmp_path))

    def boom(request):
        raise RuntimeError("secret internals")

    config.add_route("boom", "/boom")
    config.add_view(boom, route_name="boom")
    config.add_exception_view(boom, context=RuntimeError)
    return webtest.TestApp(config.make_wsgi_app(), extra_environ={"HTTP_HOST": "localhost"})


def test_an_error_that_escapes_the_error_views_still_gets_the_security_headers(
    broken_error_page_app,
):
    response = broken_error_page_app.get("/boom", status=500)
    assert "secret internals" not in response.text
    assert all(name in response.headers for name in SECURITY_HEADERS)
