"""Odd input on every route: never a server error, always the security headers.

Every route the application registers is called with fuzzed path parts, query parameters
and bodies (forms, JSON for the API), by an anonymous client and by a commune admin with
a valid CSRF token and an API token, so the input gets past the front door. The text
holds what broke things before: NUL bytes, unpaired surrogates (sent as the raw bytes a
client can send), bidi controls, numbers Python reads too generously, huge numbers and
deep nesting. Seeded and bounded: the same examples on every run, a few seconds each.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote_from_bytes

import pytest
import webtest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from municipality import accounts
from municipality.parsing import InputError, loads_json, parse_float, parse_int
from tests import factories
from tests.documents import support as documents_support
from tests.municipality.test_tenancy import registered_routes

SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options")
# A staff client that logs itself out would fuzz the rest anonymously.
STAFF_SKIPS = frozenset({"logout"})
_PLACEHOLDER = re.compile(r"\{(\w+)(?::[^}]*)?\}")
ROUTE_EXAMPLES = 120

SPECIAL = (
    "\x00",
    "a\x00b",
    "\u202eevil\u202c",
    "\u200f\u200e",
    "\ufeff",
    "\ud800",
    "\udfff x",
    "NaN",
    "-inf",
    "1e400",
    "9223372036854775808",
    "-9223372036854775809",
    "1_0",
    "3_4",
    "0x10",
    "١٢٣",
    "%00",
    "../../etc/passwd",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "",
    " ",
    "x" * 5000,
)
odd_text = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=40),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
# Path parts travel in the URL WebTest builds, which must be UTF-8.
path_text = st.one_of(
    st.sampled_from(["\x00", "a\x00b", "\u202e", "1_0", "9223372036854775808", "x" * 300]),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=20),
)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False),
    odd_text,
)
json_documents = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(odd_text, inner, max_size=4),
    max_leaves=12,
)
raw_json = st.sampled_from(
    [
        b"[" * 10_000 + b"]" * 10_000,
        b'{"a":' * 5_000 + b"1" + b"}" * 5_000,
        b"NaN",
        b'{"title": Infinity}',
        b'"\\ud800"',
        b'{"title": "\\u0000"}',
        b"1" + b"0" * 5_000,
        b"\xff\xfe",
    ]
)


def _encode(text: str) -> str:
    """Percent-encoded as a client would send it, unpaired surrogates as their raw bytes."""
    return quote_from_bytes(text.encode("utf-8", "surrogatepass"), safe="")


def _form(fields: dict[str, str]) -> bytes:
    return "&".join(f"{_encode(k)}={_encode(v)}" for k, v in fields.items()).encode()


@dataclass(frozen=True)
class Call:
    route: str
    method: str
    path: str
    query: str
    body: bytes
    content_type: str


@dataclass
class Client:
    app: webtest.TestApp
    routes: dict[str, tuple[str, tuple[str, ...]]]
    csrf: str | None = None
    api_token: str | None = None
    # Path parts not fuzzed: real identifiers, so the input reaches an existing object.
    parts: dict[str, str] = field(default_factory=dict)


def _path(pattern: str, parts: dict[str, str]) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        value = "sale" if name == "commune" and name not in parts else parts.get(name, "x")
        return quote_from_bytes(value.encode(), safe="")

    return _PLACEHOLDER.sub(fill, pattern)


@st.composite
def calls(
    draw: st.DrawFn,
    routes: dict[str, tuple[str, tuple[str, ...]]],
    known: dict[str, str] | None = None,
) -> Call:
    name = draw(st.sampled_from(sorted(routes)))
    pattern, methods = routes[name]
    method = draw(st.sampled_from(methods))
    placeholders = _PLACEHOLDER.findall(pattern)
    fuzzed = draw(st.lists(st.sampled_from(placeholders), unique=True)) if placeholders else []
    parts = {p: draw(path_text) for p in fuzzed}
    query = _form(draw(st.dictionaries(odd_text, odd_text, max_size=4))).decode()
    body, content_type = b"", ""
    if method == "POST" and pattern.startswith("/api/"):
        content_type = "application/json"
        body = draw(raw_json | json_documents.map(lambda d: json.dumps(d).encode()))
    elif method == "POST":
        content_type = "application/x-www-form-urlencoded"
        body = _form(draw(st.dictionaries(odd_text, odd_text, max_size=6)))
    return Call(name, method, _path(pattern, {**(known or {}), **parts}), query, body, content_type)


def _served(wsgi_app: Any, skip: frozenset[str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    routes = registered_routes(wsgi_app)
    served: dict[str, tuple[str, tuple[str, ...]]] = {}
    for name, pattern in routes.patterns.items():
        methods = tuple(m for m in ("GET", "POST") if m in routes.permissions.get(name, {}))
        if methods and name not in skip and pattern.startswith("/"):
            served[name] = (pattern, methods)
    return served


def _send(client: Client, call: Call) -> webtest.TestResponse:
    url = f"{call.path}?{call.query}" if call.query else call.path
    headers = {}
    if client.api_token and call.path.startswith(("/api/", "/ogc/")):
        headers["Authorization"] = f"Bearer {client.api_token}"
    if call.method == "GET":
        return client.app.get(url, headers=headers, expect_errors=True)
    body = call.body
    if client.csrf and call.content_type.endswith("urlencoded"):
        body = (
            body + b"&csrf_token=" + client.csrf.encode()
            if body
            else b"csrf_token=" + client.csrf.encode()
        )
    return client.app.post(
        url, body, headers=headers, content_type=call.content_type, expect_errors=True
    )


def _check(client: Client, call: Call) -> None:
    response = _send(client, call)
    assert response.status_int < 500, (call, response.text[:500])
    missing = [h for h in SECURITY_HEADERS if h not in response.headers]
    assert not missing, (call, missing)


@pytest.fixture
def commune(db, wsgi_app):
    with db() as session:
        sale = factories.commune(session, slug="sale")
        factories.enable(session, sale, "complaints")
        documents_support.enable_documents(session, wsgi_app.registry, sale)
        factories.category(session, sale)
        factories.user(session, role="commune_admin", commune_=sale, email="admin@sale.test")
        _token, secret = accounts.create_api_token(
            session,
            actor="tests",
            commune=sale,
            name="fuzz",
            permissions=["notices:notice:view", "notices:notice:publish"],
        )
    return secret


def _fuzz(client: Client) -> None:
    @settings(
        max_examples=ROUTE_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(call=calls(client.routes, client.parts))
    def every_route(call: Call) -> None:
        _check(client, call)

    every_route()


def test_anonymous_odd_input_never_breaks_a_route(app, wsgi_app, commune):
    _fuzz(Client(app, _served(wsgi_app, frozenset())))


def test_staff_odd_input_never_breaks_a_route(app, wsgi_app, commune):
    factories.log_in(app, "admin@sale.test", totp=True)
    csrf = factories.csrf_token(app, "/c/sale/")
    _fuzz(Client(app, _served(wsgi_app, STAFF_SKIPS), csrf=csrf, api_token=commune))


@pytest.fixture
def civil_status(db, wsgi_app):
    """Sale's civil-status bureau: a register, a signed act, an officer, a document-signer
    for its extracts."""
    with db() as session:
        sale = documents_support.issuing_commune(session, wsgi_app.registry)
        factories.enable(session, sale, "civil_status")
        factories.user(
            session, role="civil_status_officer", commune_=sale, email="officer@sale.test"
        )
        act = factories.signed_act(session, register_=factories.register(session, commune_=sale))
        return {"public_id": str(act.public_id), "candidate_id": str(act.public_id)}


def test_civil_status_odd_input_never_breaks_a_route(app, wsgi_app, civil_status):
    factories.log_in(app, "officer@sale.test", totp=True)
    csrf = factories.csrf_token(app, "/c/sale/")
    routes = {
        name: route
        for name, route in _served(wsgi_app, STAFF_SKIPS).items()
        if name.startswith("civil_status.")
    }
    _fuzz(Client(app, routes, csrf=csrf, parts=civil_status))


# --- The core's parsers, on their own (no database: once) -----------------------------------


def _outcome(parse: Any, raw: str, name: str, **bounds: Any) -> tuple[Any, str | None]:
    """The parsed value, or the refusal's message."""
    try:
        return parse(raw, name, **bounds), None
    except InputError as exc:
        return None, str(exc)


@settings(max_examples=300, derandomize=True, database=None)
@given(st.one_of(odd_text, st.floats().map(str)))
def test_parse_float_gives_a_finite_number_in_range_or_refuses(raw):
    value, refusal = _outcome(parse_float, raw, "lat", minimum=-90, maximum=90)
    if refusal is not None:
        assert "lat" in refusal
    else:
        assert math.isfinite(value)
        assert -90 <= value <= 90
        assert "_" not in raw


@settings(max_examples=300, derandomize=True, database=None)
@given(odd_text)
def test_parse_int_gives_a_bounded_integer_or_refuses(raw):
    value, refusal = _outcome(parse_int, raw, "offset", minimum=0, maximum=2**31 - 1)
    if refusal is not None:
        assert "offset" in refusal
    else:
        assert 0 <= value < 2**31
        assert "_" not in raw


@settings(max_examples=200, derandomize=True, database=None)
@given(raw_json | json_documents.map(lambda d: json.dumps(d).encode()))
def test_loads_json_gives_storable_documents_or_refuses(body):
    try:
        document = loads_json(body)
    except InputError:
        return
    # Whatever passes can be written back as UTF-8 JSON (and so stored and sent back).
    json.dumps(document, ensure_ascii=False, allow_nan=False).encode("utf-8")


# --- Payments: its pages as the treasurer, and its providers' callbacks --------------------


@pytest.fixture
def paying_commune(db):
    with db() as session:
        sale = factories.payments_commune(session, slug="sale")
        factories.user(session, role="treasurer", commune_=sale, email="treasurer@sale.test")
        factories.payment(session, commune_=sale, provider="card")


def test_treasurer_odd_input_never_breaks_a_payments_page(app, wsgi_app, paying_commune):
    routes = {
        name: route
        for name, route in _served(wsgi_app, STAFF_SKIPS).items()
        if name.startswith("payments.")
    }
    factories.log_in(app, "treasurer@sale.test", totp=True)
    _fuzz(Client(app, routes, csrf=factories.csrf_token(app, "/c/sale/payments")))


@settings(
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    provider=st.sampled_from(["gsma", "orange", "card"]),
    method=st.sampled_from(["POST", "PUT"]),
    body=raw_json | json_documents.map(lambda d: json.dumps(d).encode()),
)
def test_odd_callbacks_are_refused_never_a_server_error(
    app, wsgi_app, paying_commune, provider, method, body
):
    response = app.request(
        f"/payments/callbacks/{provider}/sale",
        method=method,
        body=body,
        content_type="application/json",
        expect_errors=True,
    )
    assert response.status_int in (403, 404, 413), response.text[:300]
    assert response.json["outcome"]


@pytest.fixture
def permits(db, wsgi_app):
    """Sale's permits service: a draft file on a parcel and a file under review, a planner
    who also gives opinions and decides (a commune admin)."""
    with db() as session:
        sale = documents_support.issuing_commune(session, wsgi_app.registry)
        factories.enable(session, sale, "permits")
        factories.user(session, role="commune_admin", commune_=sale, email="admin@sale.test")
        draft = factories.permit_file(session, commune_=sale)
        draft.applicant_email = "admin@sale.test"
        return {"public_id": str(draft.public_id)}


def test_permits_odd_input_never_breaks_a_route(app, wsgi_app, permits):
    factories.log_in(app, "admin@sale.test", totp=True)
    csrf = factories.csrf_token(app, "/c/sale/")
    routes = {
        name: route
        for name, route in _served(wsgi_app, STAFF_SKIPS).items()
        if name.startswith("permits.")
    }
    _fuzz(Client(app, routes, csrf=csrf, parts=permits))
