"""``Idempotency-Key`` on creating API requests, through the real WSGI app."""

from __future__ import annotations

import hashlib
import http.client
import json
import threading
from dataclasses import dataclass

import pytest
import webtest
from pyramid.request import Request
from pyramid.response import Response
from sqlalchemy import func, select
from webtest.http import StopableWSGIServer

from municipality import accounts
from municipality.app import make_config
from municipality.models import IdempotencyRecord
from notices.models import Notice
from tests import factories
from tests.conftest import app_settings

URL = "/api/v1/communes/sale/notices"
PERMISSIONS = ["notices:notice:view", "notices:notice:publish"]
GOOD = {"title": "Coupure d'eau", "body": "Mardi de 9 h à 13 h.", "language": "fr"}


@dataclass(frozen=True)
class Client:
    secret: str
    public_id: str

    def headers(self, key: str | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.secret}"}
        if key is not None:
            headers["Idempotency-Key"] = key
        return headers


def _client(session, commune, name: str) -> Client:
    token, secret = accounts.create_api_token(
        session, actor="tests", commune=commune, name=name, permissions=PERMISSIONS
    )
    session.flush()
    return Client(secret, str(token.public_id))


@pytest.fixture
def clients(db) -> tuple[Client, Client]:
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "notices")
        return _client(session, commune, "first"), _client(session, commune, "second")


@pytest.fixture
def client(clients) -> Client:
    return clients[0]


def _notices(db) -> list[str]:
    with db() as session:
        return sorted(str(n) for n in session.execute(select(Notice.public_id)).scalars())


def _records(db) -> int:
    with db() as session:
        return session.execute(select(func.count()).select_from(IdempotencyRecord)).scalar_one()


def _body(payload: dict) -> bytes:
    return json.dumps(payload).encode()


def test_same_key_and_payload_replays_the_first_answer(app, db, client):
    first = app.post(
        URL,
        _body(GOOD),
        headers=client.headers("order-1"),
        content_type="application/json",
        status=201,
    )
    assert "Idempotent-Replayed" not in first.headers
    again = app.post(
        URL,
        _body(GOOD),
        headers=client.headers("order-1"),
        content_type="application/json",
        status=201,
    )
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Location"] == first.headers["Location"]
    assert again.json == first.json
    assert again.text == first.text
    assert _notices(db) == [first.json["id"]]


def test_same_key_with_another_payload_is_refused(app, db, client):
    first = app.post(
        URL,
        _body(GOOD),
        headers=client.headers("order-2"),
        content_type="application/json",
        status=201,
    )
    changed = app.post(
        URL,
        _body({**GOOD, "title": "Coupure d'électricité"}),
        headers=client.headers("order-2"),
        content_type="application/json",
        status=422,
    )
    assert changed.content_type == "application/problem+json"
    assert changed.json["status"] == 422
    assert changed.json["title"] == "Idempotency key reused"
    assert "Idempotent-Replayed" not in changed.headers
    assert _notices(db) == [first.json["id"]]


def test_requests_without_a_key_each_create_a_notice(app, db, client):
    one = app.post_json(URL, GOOD, headers=client.headers(), status=201)
    two = app.post_json(URL, GOOD, headers=client.headers(), status=201)
    assert one.json["id"] != two.json["id"]
    assert "Idempotent-Replayed" not in two.headers
    assert _notices(db) == sorted([one.json["id"], two.json["id"]])
    assert _records(db) == 0


def test_a_key_belongs_to_the_client_that_sent_it(app, db, clients):
    first, second = clients
    mine = app.post(
        URL,
        _body(GOOD),
        headers=first.headers("shared"),
        content_type="application/json",
        status=201,
    )
    theirs = app.post(
        URL,
        _body(GOOD),
        headers=second.headers("shared"),
        content_type="application/json",
        status=201,
    )
    assert "Idempotent-Replayed" not in theirs.headers
    assert _notices(db) == sorted([mine.json["id"], theirs.json["id"]])


@pytest.mark.parametrize("key", ["", "k" * 201])
def test_an_invalid_key_is_a_problem(app, db, client, key):
    response = app.post(
        URL, _body(GOOD), headers=client.headers(key), content_type="application/json", status=422
    )
    assert response.content_type == "application/problem+json"
    assert "Idempotency-Key" in response.json["errors"]
    assert _notices(db) == []


def test_a_failed_first_request_leaves_the_key_free(app, db, client):
    app.post(
        URL,
        _body({**GOOD, "language": "de"}),
        headers=client.headers("order-3"),
        content_type="application/json",
        status=422,
    )
    assert _records(db) == 0
    created = app.post(
        URL,
        _body(GOOD),
        headers=client.headers("order-3"),
        content_type="application/json",
        status=201,
    )
    assert "Idempotent-Replayed" not in created.headers
    assert _notices(db) == [created.json["id"]]


def test_a_request_still_in_progress_is_a_conflict(app, db, client):
    body = _body(GOOD)
    with db() as session:
        session.add(
            IdempotencyRecord(
                client=f"token:{client.public_id}",
                key="order-4",
                request_hash=hashlib.sha256(b"POST\n" + URL.encode() + b"\n" + body).hexdigest(),
            )
        )
    response = app.post(
        URL, body, headers=client.headers("order-4"), content_type="application/json", status=409
    )
    assert response.content_type == "application/problem+json"
    assert response.json["title"] == "Request in progress"
    assert _notices(db) == []
    # Nothing the conflicting request did may finish or forget the first one's marker.
    with db() as session:
        record = session.execute(select(IdempotencyRecord)).scalar_one()
        assert (record.key, record.status) == ("order-4", None)


def _doomed(request: Request) -> Response:
    """A creating view whose transaction is vetoed after it answered."""
    request.tm.doom()
    return Response(json_body={"created": False}, status=201)


def test_a_request_whose_transaction_aborts_leaves_the_key_free(db, engine, client, tmp_path):
    config = make_config(app_settings(engine, tmp_path))
    config.add_route("tests.doomed", "/api/v1/communes/{commune}/doomed")
    config.add_view(
        _doomed,
        route_name="tests.doomed",
        request_method="POST",
        permission="notices:notice:publish",
        require_csrf=False,
        idempotent=True,
    )
    doomed = webtest.TestApp(config.make_wsgi_app(), extra_environ={"HTTP_HOST": "localhost"})
    for _ in range(2):
        response = doomed.post(
            "/api/v1/communes/sale/doomed",
            b"{}",
            headers=client.headers("order-5"),
            content_type="application/json",
            status=201,
        )
        assert "Idempotent-Replayed" not in response.headers
        assert _records(db) == 0


def _post(port: int, body: bytes, headers: dict[str, str]) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST", URL, body=body, headers={**headers, "Content-Type": "application/json"}
        )
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_simultaneous_requests_with_one_key_create_one_notice(db, wsgi_app, client, backend):
    if backend != "postgresql":
        pytest.skip("concurrent API servers share a PostgreSQL database; SQLite has one")
    parallel = 8
    server = StopableWSGIServer.create(wsgi_app, host="127.0.0.1", threads=parallel)
    answers: list[tuple[int, dict, bytes]] = []
    failures: list[BaseException] = []
    start = threading.Barrier(parallel)
    body = _body(GOOD)

    def fire() -> None:
        try:
            start.wait(timeout=10)
            answers.append(_post(server.adj.port, body, client.headers("burst")))
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)

    try:
        threads = [threading.Thread(target=fire) for _ in range(parallel)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        server.shutdown()
        server.runner.join(timeout=10)
    assert not failures
    assert len(answers) == parallel
    notices = _notices(db)
    assert len(notices) == 1
    created = [a for a in answers if a[0] == 201 and "Idempotent-Replayed" not in a[1]]
    assert len(created) == 1
    assert json.loads(created[0][2])["id"] == notices[0]
    for status, headers, payload in answers:
        assert status in {201, 409}, (status, payload)
        if headers.get("Idempotent-Replayed") == "true":
            assert (status, payload) == (201, created[0][2])
        if status == 409:
            assert headers["Content-Type"].startswith("application/problem+json")
