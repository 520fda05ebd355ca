"""The JSON API: its OpenAPI document, validation, problem+json errors, tokens."""

from __future__ import annotations

import json

import pytest

from municipality import accounts
from notices.models import Notice
from tests import factories

PUBLISH = ["notices:notice:view", "notices:notice:publish"]


@pytest.fixture
def token(db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "notices")
        _token, secret = accounts.create_api_token(
            session, actor="tests", commune=commune, name="client", permissions=PUBLISH
        )
    return secret


def _auth(secret):
    return {"Authorization": f"Bearer {secret}"}


def _notices(db):
    with db() as session:
        return session.query(Notice).count()


GOOD = {"title": "Coupure d'eau", "body": "Mardi de 9 h à 13 h.", "language": "fr"}


def test_openapi_document_describes_every_api_route(app, wsgi_app):
    document = app.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    documented = {"/api/v1" + path for path in document["paths"]}
    routes = {
        route["pattern"]
        for route in (
            r["introspectable"] for r in wsgi_app.registry.introspector.get_category("routes")
        )
        if route["pattern"].startswith("/api/v1/") and not route["pattern"].endswith(".json")
    }
    normalised = {p.replace("{public_id}", "{id}") for p in routes}
    assert normalised == documented


def test_create_then_read_through_the_api(app, db, token):
    created = app.post_json("/api/v1/communes/sale/notices", GOOD, headers=_auth(token), status=201)
    assert created.json["title"] == GOOD["title"]
    assert created.headers["Location"].endswith(created.json["id"])
    listed = app.get("/api/v1/communes/sale/notices", headers=_auth(token)).json
    assert [n["id"] for n in listed["items"]] == [created.json["id"]]
    one = app.get(f"/api/v1/communes/sale/notices/{created.json['id']}", headers=_auth(token))
    assert one.json["body"] == GOOD["body"]


@pytest.mark.parametrize(
    ("body", "content_type", "field"),
    [
        (b"{not json", "application/json", "(body)"),
        (json.dumps({**GOOD, "title": 42}).encode(), "application/json", "title"),
        (json.dumps({**GOOD, "language": "de"}).encode(), "application/json", "language"),
        (json.dumps({"title": "x"}).encode(), "application/json", "(body)"),
        (json.dumps({**GOOD, "extra": 1}).encode(), "application/json", "(body)"),
        (
            json.dumps({**GOOD, "expires_on": "2026-02-31"}).encode(),
            "application/json",
            "expires_on",
        ),
        (b"title=x", "application/x-www-form-urlencoded", "(body)"),
    ],
)
def test_bad_bodies_get_a_problem_and_write_nothing(app, db, token, body, content_type, field):
    response = app.post(
        "/api/v1/communes/sale/notices",
        body,
        headers=_auth(token),
        content_type=content_type,
        status=422,
    )
    assert response.content_type == "application/problem+json"
    assert response.json["status"] == 422
    assert field in response.json["errors"]
    assert "Traceback" not in response.text
    assert _notices(db) == 0


def test_oversized_body_is_refused_before_anything_runs(app, db, token):
    huge = json.dumps({**GOOD, "body": "x" * 2_000_000})
    response = app.post(
        "/api/v1/communes/sale/notices",
        huge,
        headers=_auth(token),
        content_type="application/json",
        status=413,
    )
    assert response.json["status"] == 413
    assert _notices(db) == 0


def test_unknown_commune_is_a_problem_404(app, token):
    response = app.get("/api/v1/communes/nowhere/notices", headers=_auth(token), status=404)
    assert response.content_type == "application/problem+json"


def test_missing_or_wrong_token_is_401(app, db, token):
    assert app.get("/api/v1/communes/sale/notices", status=401).headers["WWW-Authenticate"]
    app.get("/api/v1/communes/sale/notices", headers=_auth("bld_forged"), status=401)
    app.post_json("/api/v1/communes/sale/notices", GOOD, status=401)
    assert _notices(db) == 0


def test_revoked_token_is_refused_and_writes_nothing(app, db, token):
    with db() as session:
        found = accounts.find_api_token(session, token)
        accounts.revoke_api_token(session, actor="tests", token=found)
    app.post_json("/api/v1/communes/sale/notices", GOOD, headers=_auth(token), status=401)
    assert _notices(db) == 0


def test_token_lacking_the_permission_is_403(app, db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "notices")
        _t, secret = accounts.create_api_token(
            session,
            actor="tests",
            commune=commune,
            name="reader",
            permissions=["notices:notice:view"],
        )
    app.get("/api/v1/communes/sale/notices", headers=_auth(secret))
    response = app.post_json(
        "/api/v1/communes/sale/notices", GOOD, headers=_auth(secret), status=403
    )
    assert response.content_type == "application/problem+json"
    assert _notices(db) == 0


def test_session_cookie_does_not_authenticate_the_api(app, db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "notices")
        factories.user(session, role="agent", commune_=commune, email="agent@sale.test")
    factories.log_in(app, "agent@sale.test")
    assert app.get("/c/sale/notices").status_int == 200
    app.post_json("/api/v1/communes/sale/notices", GOOD, status=401)


def test_disabled_module_api_answers_404(app, db, token):
    with db() as session:
        from modules import load_registry
        from municipality import activation
        from municipality.tenancy import commune_by_slug

        activation.disable(
            session,
            load_registry(["notices"]),
            actor="tests",
            commune=commune_by_slug(session, "sale"),
            name="notices",
        )
    app.get("/api/v1/communes/sale/notices", headers=_auth(token), status=404)


def test_healthz_names_the_backend(app, backend):
    body = app.get("/healthz").json
    assert body["status"] == "ok"
    assert body["database"] == backend


def test_security_headers_on_every_answer(app):
    for path in ("/", "/login", "/api/v1/openapi.json", "/does-not-exist/x/y"):
        response = app.get(path, status="*")
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"]
        assert response.headers["X-Request-ID"]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (json.dumps({**GOOD, "title": "Coupure\x00 d'eau"}).encode(), "NUL"),
        (json.dumps({**GOOD, "title": "Coupure \ud800"}).encode(), "surrogate"),
        (json.dumps({**GOOD, "body": "\ud83d\ude00\x00"}).encode(), "NUL"),
        (b"[" * 10_000 + b"]" * 10_000, "deeper"),
        (
            json.dumps(
                {
                    **GOOD,
                    "extra": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
                }
            ).encode(),
            "deeper",
        ),
        (b'{"title": NaN}', "NaN"),
        (b'{"title": 1e400}', "too large"),
    ],
)
def test_bodies_nothing_can_store_get_a_problem_and_write_nothing(app, db, token, body, says):
    response = app.post(
        "/api/v1/communes/sale/notices",
        body,
        headers=_auth(token),
        content_type="application/json",
        status=422,
    )
    assert response.content_type == "application/problem+json"
    assert says in response.json["errors"]["(body)"]
    assert _notices(db) == 0


def test_nul_in_an_api_address_is_a_problem_400(app, token):
    response = app.get("/api/v1/communes/sa%00le/notices", headers=_auth(token), status=400)
    assert response.content_type == "application/problem+json"
    assert "NUL" in response.json["detail"]
    query = app.get("/api/v1/communes/sale/notices?page=%00", headers=_auth(token), status=400)
    assert query.json["status"] == 400


@pytest.mark.parametrize("method", ["PATCH", "DELETE", "TRACE", "PUT"])
def test_an_undocumented_method_is_405_with_allow(app, token, method):
    response = app.request(
        "/api/v1/communes/sale", method=method, headers=_auth(token), expect_errors=True
    )
    assert response.status_int == 405
    assert response.headers["Allow"] == "GET, HEAD"
    assert response.content_type == "application/problem+json"


def test_a_page_size_over_the_documented_maximum_is_refused(app, token):
    refused = app.get("/api/v1/communes/sale/notices?size=101", headers=_auth(token), status=400)
    assert refused.content_type == "application/problem+json"
    assert "size" in refused.json["errors"]
    app.get("/api/v1/communes/sale/notices?size=abc", headers=_auth(token), status=400)
    largest = app.get("/api/v1/communes/sale/notices?size=100", headers=_auth(token))
    assert largest.json["total"] == 0
