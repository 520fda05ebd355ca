"""The interoperability envelope every national exchange travels in.

Modelled on an information mediator such as X-Road: each request names its client (the
commune's member identifier) and the service it calls, carries a unique message id and
a date, and is signed with HMAC-SHA256 over the method, the path (with its query), the
date, those identifiers and a digest of the body. The answer is signed the same way over
its status, the request's message id, its date and its body, so a proxy that mangles or
forges an answer is caught.

Keys are per platform and rotate: the signature header names the key it used
(``keyId``), and a verifier accepts the current key and the previous one, so both sides
can switch keys without a synchronised restart. A date outside :data:`MAX_SKEW` is
refused, which bounds how long a captured request can be replayed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

ALGORITHM = "hmac-sha256"
MAX_SKEW = timedelta(minutes=5)

CLIENT_HEADER = "X-Client-Id"
SERVICE_HEADER = "X-Service-Id"
MESSAGE_HEADER = "X-Message-Id"
DATE_HEADER = "Date"
SIGNATURE_HEADER = "X-Signature"
DIGEST_HEADER = "Content-Digest"

_SIGNATURE = re.compile(r'^keyId="([^"]+)",\s*algorithm="([^"]+)",\s*signature="([^"]+)"$')


class EnvelopeError(Exception):
    """A missing, malformed, stale or forged envelope; the message says which."""


@dataclass(frozen=True)
class Key:
    """A shared secret and the identifier both sides know it by."""

    id: str
    secret: bytes


@dataclass(frozen=True)
class KeyRing:
    """The key to sign with, and the one it replaces (still accepted while rotating)."""

    current: Key
    previous: Key | None = None

    @classmethod
    def of(
        cls,
        key_id: str,
        secret: str | bytes,
        previous_id: str | None = None,
        previous_secret: str | bytes | None = None,
    ) -> KeyRing:
        """Build a ring from configuration values (text secrets are UTF-8 encoded)."""
        previous = None
        if previous_id and previous_secret:
            previous = Key(previous_id, _bytes(previous_secret))
        return cls(Key(key_id, _bytes(secret)), previous)

    def find(self, key_id: str) -> Key:
        """The key named ``key_id``, if this ring still accepts it."""
        for key in (self.current, self.previous):
            if key is not None and key.id == key_id:
                return key
        raise EnvelopeError(f"unknown or retired key {key_id!r}")


def _bytes(secret: str | bytes) -> bytes:
    return secret.encode() if isinstance(secret, str) else secret


def http_date(moment: datetime | None = None) -> str:
    """An RFC 9110 date (``Mon, 23 Nov 2026 14:00:00 GMT``)."""
    return format_datetime((moment or datetime.now(UTC)).astimezone(UTC), usegmt=True)


def body_digest(body: bytes) -> str:
    """The ``Content-Digest`` value (RFC 9530) of a body."""
    return "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode() + ":"


def _mac(key: Key, lines: list[str]) -> str:
    text = "\n".join(lines).encode()
    return base64.b64encode(hmac.new(key.secret, text, hashlib.sha256).digest()).decode()


def _signature_header(key: Key, mac: str) -> str:
    return f'keyId="{key.id}", algorithm="{ALGORITHM}", signature="{mac}"'


def _header(headers: Mapping[str, str], name: str) -> str:
    lowered = {k.lower(): v for k, v in headers.items()}
    value = lowered.get(name.lower())
    if not value:
        raise EnvelopeError(f"missing {name} header")
    return value


def _parse_signature(value: str) -> tuple[str, str]:
    match = _SIGNATURE.match(value.strip())
    if match is None:
        raise EnvelopeError("malformed X-Signature header")
    key_id, algorithm, mac = match.groups()
    if algorithm != ALGORITHM:
        raise EnvelopeError(f"unsupported algorithm {algorithm!r}")
    return key_id, mac


def _check_date(value: str, now: datetime | None) -> None:
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError) as exc:
        raise EnvelopeError("malformed Date header") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if abs((now or datetime.now(UTC)) - moment) > MAX_SKEW:
        raise EnvelopeError("Date header too far from the current time")


def _check_mac(ring: KeyRing, signature: str, lines: list[str]) -> str:
    key_id, mac = _parse_signature(signature)
    key = ring.find(key_id)
    if not hmac.compare_digest(_mac(key, lines), mac):
        raise EnvelopeError("signature does not match")
    return key_id


def _request_lines(
    method: str, path: str, date: str, ids: tuple[str, str, str], body: bytes
) -> list[str]:
    """What a request signature covers; ``ids`` are the client, service and message ids."""
    return [method.upper(), path, date, *ids, body_digest(body)]


def sign_request(
    ring: KeyRing,
    *,
    method: str,
    path: str,
    body: bytes,
    client: str,
    service: str,
    message_id: str | None = None,
    now: datetime | None = None,
) -> dict[str, str]:
    """The envelope headers of a request; ``path`` includes the query string, if any."""
    date = http_date(now)
    message_id = message_id or str(uuid.uuid4())
    lines = _request_lines(method, path, date, (client, service, message_id), body)
    return {
        CLIENT_HEADER: client,
        SERVICE_HEADER: service,
        MESSAGE_HEADER: message_id,
        DATE_HEADER: date,
        DIGEST_HEADER: body_digest(body),
        SIGNATURE_HEADER: _signature_header(ring.current, _mac(ring.current, lines)),
    }


@dataclass(frozen=True)
class VerifiedRequest:
    """Who called which service, with which message id, and the key that signed it."""

    client: str
    service: str
    message_id: str
    key_id: str


def verify_request(
    ring: KeyRing,
    *,
    method: str,
    path: str,
    headers: Mapping[str, str],
    body: bytes,
    now: datetime | None = None,
) -> VerifiedRequest:
    """Check a request's envelope; raise :class:`EnvelopeError` on any doubt."""
    date = _header(headers, DATE_HEADER)
    _check_date(date, now)
    client = _header(headers, CLIENT_HEADER)
    service = _header(headers, SERVICE_HEADER)
    message_id = _header(headers, MESSAGE_HEADER)
    lines = _request_lines(method, path, date, (client, service, message_id), body)
    key_id = _check_mac(ring, _header(headers, SIGNATURE_HEADER), lines)
    return VerifiedRequest(client, service, message_id, key_id)


def _response_lines(status: int, message_id: str, date: str, body: bytes) -> list[str]:
    return [str(status), message_id, date, body_digest(body)]


def sign_response(
    ring: KeyRing, *, status: int, message_id: str, body: bytes, now: datetime | None = None
) -> dict[str, str]:
    """The envelope headers of an answer to the request ``message_id``."""
    date = http_date(now)
    mac = _mac(ring.current, _response_lines(status, message_id, date, body))
    return {
        MESSAGE_HEADER: message_id,
        DATE_HEADER: date,
        SIGNATURE_HEADER: _signature_header(ring.current, mac),
    }


def verify_response(
    ring: KeyRing,
    *,
    status: int,
    message_id: str,
    headers: Mapping[str, str],
    body: bytes,
    now: datetime | None = None,
) -> str:
    """Check that an answer is the platform's, to our request; return the key id used."""
    if _header(headers, MESSAGE_HEADER) != message_id:
        raise EnvelopeError("the answer is for another message")
    date = _header(headers, DATE_HEADER)
    _check_date(date, now)
    lines = _response_lines(status, message_id, date, body)
    return _check_mac(ring, _header(headers, SIGNATURE_HEADER), lines)
