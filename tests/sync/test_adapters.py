"""Adapters: how each answer is read, transport failures, and the complaints status pull."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy.orm import Session

from complaints.feeds import FEED
from complaints.permissions import Perm
from complaints.services import categories, filing, handling
from municipality.db import set_commune_scope
from municipality.tenancy import commune_by_slug
from sync import adapters, envelope, feeds
from sync.adapters import PermanentError, RetryableError, StatusChange
from sync.contracts import examples
from tests import factories

KEYS = envelope.KeyRing.of("k1", "secret")
Unit = Callable[[], AbstractContextManager[Session]]


def _config(platform: str, keys: envelope.KeyRing = KEYS) -> adapters.PlatformConfig:
    return adapters.PlatformConfig(
        platform=platform,
        commune="sale",
        base_url=f"http://platform.test/{platform}",
        client_id="MA/COMMUNE/sale",
        keys=keys,
        timeout=2.0,
    )


def _answer(
    request: adapters.PreparedRequest,
    status: int,
    body: object,
    *,
    keys: envelope.KeyRing = KEYS,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    signed = envelope.sign_response(
        keys, status=status, message_id=request.message_id, body=content
    )
    return httpx.Response(status, content=content, headers={**signed, **(headers or {})})


def _prepared(platform: str = "permits", message_type: str = "permit_application.filed"):
    adapter = adapters.ADAPTERS[platform]
    document = examples.document(message_type)
    return adapter, document, adapter.build(document, _config(platform))


def test_a_created_event_is_acknowledged_with_its_receipt() -> None:
    adapter, document, request = _prepared()
    answer = {"event_id": document["event_id"], "receipt": "R-1", "duplicate": False}
    ack = adapter.interpret(request, _answer(request, 201, answer), _config("permits"))
    assert ack == adapters.Ack(document["event_id"], "R-1", duplicate=False)


def test_a_repeat_is_acknowledged_as_a_duplicate() -> None:
    adapter, document, request = _prepared()
    answer = {"event_id": document["event_id"], "receipt": "R-1", "duplicate": True}
    assert adapter.interpret(request, _answer(request, 200, answer), _config("permits")).duplicate


def test_a_contract_violation_is_permanent_and_says_where() -> None:
    adapter, _document, request = _prepared()
    problem = {"title": "breaks the contract", "errors": [{"path": "/payload", "message": "bad"}]}
    with pytest.raises(PermanentError, match="/payload: bad"):
        adapter.interpret(request, _answer(request, 400, problem), _config("permits"))


@pytest.mark.parametrize(("status", "retry_after"), [(503, "7"), (500, None), (429, "30")])
def test_server_errors_and_throttling_are_retried(status: int, retry_after: str | None) -> None:
    adapter, _document, request = _prepared()
    headers = {"Retry-After": retry_after} if retry_after else {}
    response = httpx.Response(status, content=b"busy", headers=headers)
    with pytest.raises(RetryableError) as caught:
        adapter.interpret(request, response, _config("permits"))
    assert caught.value.retry_after == (float(retry_after) if retry_after else None)


def test_an_answer_with_a_bad_signature_is_retried_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    adapter, document, request = _prepared()
    forged = _answer(
        request, 201, {"event_id": document["event_id"]}, keys=envelope.KeyRing.of("k1", "x")
    )
    with caplog.at_level(logging.WARNING, "sync.adapters"), pytest.raises(RetryableError):
        adapter.interpret(request, forged, _config("permits"))
    assert "bad envelope" in caplog.text


def test_a_refusal_with_a_bad_signature_does_not_dead_letter_the_message() -> None:
    adapter, _document, request = _prepared()
    forged = httpx.Response(400, json={"title": "no"})
    with pytest.raises(RetryableError):
        adapter.interpret(request, forged, _config("permits"))


@pytest.mark.parametrize(
    "body", [b"{not json", {"receipt": "R-1"}, [1, 2], {"event_id": "another-event"}]
)
def test_malformed_answers_are_retried(body: object) -> None:
    adapter, _document, request = _prepared()
    with pytest.raises(RetryableError):
        adapter.interpret(request, _answer(request, 201, body), _config("permits"))


def test_an_open311_answer_gives_the_national_request_id() -> None:
    adapter, document, request = _prepared("complaints", "complaint.filed")
    answer = [{"service_request_id": "NAT-1", "service_notice": "", "duplicate": False}]
    ack = adapter.interpret(request, _answer(request, 201, answer), _config("complaints"))
    assert (ack.event_id, ack.remote_id, ack.duplicate) == (document["event_id"], "NAT-1", False)


def test_an_open311_error_is_permanent_with_its_description() -> None:
    adapter, _document, request = _prepared("complaints", "complaint.filed")
    answer = [{"code": 400, "description": "/service_code: unknown"}]
    with pytest.raises(PermanentError, match="unknown"):
        adapter.interpret(request, _answer(request, 400, answer), _config("complaints"))


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (httpx.ReadTimeout("slow"), "no answer within 2 s"),
        (httpx.ConnectError("refused"), "connection failed"),
        (httpx.RemoteProtocolError("cut"), "connection failed"),
    ],
)
def test_transport_failures_are_retried(failure: Exception, message: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise failure

    client = httpx.Client(transport=httpx.MockTransport(handler))
    with pytest.raises(RetryableError, match=message):
        adapters.send(client, examples.document("document.issued"), _config("documents"))


def test_send_signs_what_it_sends() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        envelope.verify_request(
            KEYS,
            method=request.method,
            path=request.url.raw_path.decode(),
            headers=dict(request.headers),
            body=request.content,
        )
        document = json.loads(request.content)
        body = json.dumps({"event_id": document["event_id"], "receipt": "R"}).encode()
        message_id = request.headers["X-Message-Id"]
        signed = envelope.sign_response(KEYS, status=201, message_id=message_id, body=body)
        return httpx.Response(201, content=body, headers=signed)

    client = httpx.Client(transport=httpx.MockTransport(handler))
    ack = adapters.send(client, examples.document("payment.recorded"), _config("spending"))
    assert ack.remote_id == "R"
    assert seen[0].headers["X-Service-Id"] == "spending/events"


def _pull_answer(items: list[dict[str, object]]):
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.params["jurisdiction_id"] == "sale"
        assert request.url.params["updated_after"].startswith("2026-11-01T00:00:00")
        envelope.verify_request(
            KEYS,
            method="GET",
            path=request.url.raw_path.decode(),
            headers=dict(request.headers),
            body=b"",
        )
        body = json.dumps(items).encode()
        message_id = request.headers["X-Message-Id"]
        signed = envelope.sign_response(KEYS, status=200, message_id=message_id, body=body)
        return httpx.Response(200, content=body, headers=signed)

    return httpx.Client(transport=httpx.MockTransport(handler))


SINCE = datetime(2026, 11, 1, tzinfo=UTC)


def test_the_status_pull_reads_the_changes() -> None:
    item = {
        "service_request_id": "NAT-1",
        "status": "open",
        "status_notes": "Vu",
        "updated_datetime": "2026-11-23T10:00:00+00:00",
        "extended_attributes": {
            "local_id": "3f2b8c1e-6d4a-4e9b-8a7c-5b1d2e3f4a5b",
            "status": "acknowledged",
        },
    }
    [change] = adapters.pull_complaint_statuses(_pull_answer([item]), _config("complaints"), SINCE)
    assert (change.remote_id, change.status, change.notes) == ("NAT-1", "acknowledged", "Vu")


def test_a_pull_answer_that_breaks_the_contract_is_retried() -> None:
    client = _pull_answer([{"service_request_id": "NAT-1", "status": "pending"}])
    with pytest.raises(RetryableError, match="breaks the contract"):
        adapters.pull_complaint_statuses(client, _config("complaints"), SINCE)


# --- Applying national statuses to complaints -----------------------------------------


@pytest.fixture
def filed(db: Unit) -> str:
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.category(session, commune)
        set_commune_scope(session, commune.id)
        complaint = filing.file_complaint(
            session,
            actor="public",
            commune=commune,
            data={
                "category": categories.categories(session)[0],
                "description": "Nid-de-poule",
                "address": "Av. Hassan II",
            },
        )
        return str(complaint.public_id)


def _change(local_id: str, status: str, minute: int, notes: str = "") -> StatusChange:
    return StatusChange(
        local_id, "NAT-1", status, notes, datetime(2026, 11, 23, 10, minute, tzinfo=UTC)
    )


def _apply(db: Unit, changes: list[StatusChange]):
    with db() as session:
        commune = commune_by_slug(session, "sale")
        set_commune_scope(session, commune.id)
        return feeds.apply_status_changes(session, commune, "complaints", FEED, changes)


def test_national_statuses_move_the_complaint_along_its_workflow(db: Unit, filed: str) -> None:
    report = _apply(
        db, [_change(filed, "rejected", 2, "Doublon"), _change(filed, "acknowledged", 1)]
    )
    assert (report.applied, report.noted, report.skipped) == (2, 0, 0)
    assert report.newest == datetime(2026, 11, 23, 10, 2, tzinfo=UTC)
    with db() as session:
        complaint = filing.get(session, filed)
        assert complaint.state == "rejected"
        assert complaint.rejection_reason == "Doublon"


def test_a_status_the_workflow_cannot_reach_is_kept_as_a_note(db: Unit, filed: str) -> None:
    report = _apply(db, [_change(filed, "resolved", 1, "Réparé")])
    assert report.noted == 1
    with db() as session:
        complaint = filing.get(session, filed)
        assert complaint.state == "received"
        [note] = [e for e in complaint.events if e.kind == "note"]
        assert "resolved" in note.body
        assert "Réparé" in note.body
        assert "plateforme nationale" in note.body  # in the commune's first language
        assert note.author == feeds.national_actor("complaints")


def test_repeats_and_unknown_complaints_are_skipped(db: Unit, filed: str) -> None:
    _apply(db, [_change(filed, "acknowledged", 1)])
    report = _apply(
        db,
        [
            _change(filed, "acknowledged", 2),
            _change(filed, "received", 3),
            _change("00000000-0000-4000-8000-000000000000", "closed", 4),
        ],
    )
    assert (report.applied, report.noted, report.skipped) == (0, 0, 3)


def test_a_status_one_step_ahead_is_applied(db: Unit, filed: str) -> None:
    with db() as session:
        complaint = filing.get(session, filed)
        handling.act(
            session,
            actor="agent",
            complaint=complaint,
            action="acknowledge",
            permissions=frozenset(Perm),
        )
    report = _apply(db, [_change(filed, "assigned", 1)])
    assert report.applied == 1
