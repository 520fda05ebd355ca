"""The envelope: request and answer signatures, tampering, clock skew, key rotation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sync import envelope
from sync.envelope import EnvelopeError, KeyRing

OLD = KeyRing.of("k-2025", "old secret")
NEW = KeyRing.of("k-2026", "new secret", "k-2025", "old secret")
BODY = b'{"event_id": "e1"}'


def _signed(ring: KeyRing = NEW, **overrides: object) -> dict[str, str]:
    fields: dict[str, object] = {
        "method": "POST",
        "path": "/permits/v1/events",
        "body": BODY,
        "client": "MA/COMMUNE/sale",
        "service": "permits/events",
    }
    fields.update(overrides)
    return envelope.sign_request(ring, **fields)  # type: ignore[arg-type]


def _verify(headers: dict[str, str], ring: KeyRing = NEW, **overrides: object):
    fields: dict[str, object] = {"method": "POST", "path": "/permits/v1/events", "body": BODY}
    fields.update(overrides)
    return envelope.verify_request(ring, headers=headers, **fields)  # type: ignore[arg-type]


def test_a_signed_request_verifies_and_names_its_parties() -> None:
    verified = _verify(_signed())
    assert verified.client == "MA/COMMUNE/sale"
    assert verified.service == "permits/events"
    assert verified.key_id == "k-2026"
    assert verified.message_id


@pytest.mark.parametrize(
    "tamper",
    [
        {"body": b'{"event_id": "e2"}'},
        {"path": "/permits/v1/events?x=1"},
        {"method": "PUT"},
    ],
)
def test_any_change_to_what_was_signed_is_caught(tamper: dict[str, object]) -> None:
    with pytest.raises(EnvelopeError, match="signature does not match"):
        _verify(_signed(), **tamper)


@pytest.mark.parametrize("header", ["X-Client-Id", "X-Service-Id", "X-Message-Id"])
def test_a_changed_identifier_header_is_caught(header: str) -> None:
    headers = _signed()
    headers[header] = "someone-else"
    with pytest.raises(EnvelopeError, match="signature does not match"):
        _verify(headers)


def test_a_wrong_secret_is_refused() -> None:
    forged = _signed(KeyRing.of("k-2026", "guessed"))
    with pytest.raises(EnvelopeError, match="signature does not match"):
        _verify(forged)


def test_rotation_accepts_the_previous_key_and_then_retires_it() -> None:
    signed_with_old = _signed(OLD)
    assert _verify(signed_with_old).key_id == "k-2025"
    retired = KeyRing.of("k-2026", "new secret")
    with pytest.raises(EnvelopeError, match="unknown or retired key"):
        _verify(signed_with_old, retired)


def test_an_old_date_is_refused_so_captures_cannot_be_replayed_for_long() -> None:
    stale = _signed(now=datetime.now(UTC) - timedelta(minutes=10))
    with pytest.raises(EnvelopeError, match="too far"):
        _verify(stale)


@pytest.mark.parametrize(
    ("header", "value", "problem"),
    [
        ("X-Signature", "hmac please", "malformed X-Signature"),
        ("X-Signature", 'keyId="k-2026", algorithm="md5", signature="x"', "unsupported"),
        ("Date", "yesterday", "malformed Date"),
    ],
)
def test_malformed_headers_are_named(header: str, value: str, problem: str) -> None:
    headers = _signed()
    headers[header] = value
    with pytest.raises(EnvelopeError, match=problem):
        _verify(headers)


def test_a_missing_header_is_named() -> None:
    headers = _signed()
    del headers["X-Client-Id"]
    with pytest.raises(EnvelopeError, match="missing X-Client-Id"):
        _verify(headers)


def test_header_names_are_case_insensitive() -> None:
    headers = {k.lower(): v for k, v in _signed().items()}
    assert _verify(headers).client == "MA/COMMUNE/sale"


def test_a_signed_answer_verifies_and_a_tampered_one_does_not() -> None:
    headers = envelope.sign_response(NEW, status=201, message_id="m-1", body=b"[]")
    assert (
        envelope.verify_response(NEW, status=201, message_id="m-1", headers=headers, body=b"[]")
        == "k-2026"
    )
    with pytest.raises(EnvelopeError, match="signature does not match"):
        envelope.verify_response(NEW, status=200, message_id="m-1", headers=headers, body=b"[]")
    with pytest.raises(EnvelopeError, match="signature does not match"):
        envelope.verify_response(NEW, status=201, message_id="m-1", headers=headers, body=b"[1]")


def test_an_answer_to_another_message_is_refused() -> None:
    headers = envelope.sign_response(NEW, status=201, message_id="m-1", body=b"[]")
    with pytest.raises(EnvelopeError, match="another message"):
        envelope.verify_response(NEW, status=201, message_id="m-2", headers=headers, body=b"[]")


def test_the_body_digest_header_follows_rfc_9530() -> None:
    assert _signed()["Content-Digest"] == envelope.body_digest(BODY)
    assert envelope.body_digest(b"").startswith(
        "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    )
