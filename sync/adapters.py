"""One adapter per national platform: an outbox message in, an HTTP request out, an answer read.

An adapter does no I/O. :meth:`Adapter.build` turns an event document (the outbox
payload, see :mod:`sync.events`) into a signed :class:`PreparedRequest`;
:meth:`Adapter.interpret` checks the answer's envelope and reads it into an
:class:`Ack`, or raises :class:`RetryableError` (server errors, 408/429 with their
``Retry-After``, a bad signature, an unreadable answer: try again later) or
:class:`PermanentError` (the platform refused the message as contrary to the contract:
retrying cannot help, a person must look). :func:`send` does the HTTP with an httpx
client and maps transport failures (timeouts, dropped connections) to retries.

Five platforms take JSON event documents at ``POST /v1/events``; the complaints
platform speaks Open311 GeoReport v2 (form-encoded ``POST requests.json``), with status
updates at ``POST request_updates.json`` and a status pull at ``GET requests.json``.
A JSON platform that sets statuses (:data:`sync.contracts.STATUS_PULLS`) answers its
pull at ``GET /v1/statuses`` (:func:`pull_json_statuses`).
"""

from __future__ import annotations

import json
import logging
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx

from sync import contracts, envelope

log = logging.getLogger(__name__)

IDEMPOTENCY_HEADER = "Idempotency-Key"
JSON_TYPE = "application/json"
FORM_TYPE = "application/x-www-form-urlencoded"
# Answers that say "not now" rather than "never": retried like server errors.
RETRYABLE_CLIENT_STATUSES = frozenset({408, 425, 429})


class DeliveryError(Exception):
    """A message that did not get through; ``detail`` is what to show an operator."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class RetryableError(DeliveryError):
    """Try again later; ``retry_after`` (seconds) is the platform's wish, when it said one."""

    def __init__(self, detail: str, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class PermanentError(DeliveryError):
    """The platform refused the message for good (a contract violation): dead-letter it."""


@dataclass(frozen=True)
class PlatformConfig:
    """What an adapter needs to know about one commune's link to one platform.

    ``base_url`` includes the platform's prefix (``http://127.0.0.1:6560/complaints``);
    ``client_id`` is the commune's member identifier in the envelope; ``api_key`` is the
    Open311 key, where the platform gave one.
    """

    platform: str
    commune: str
    base_url: str
    client_id: str
    keys: envelope.KeyRing
    api_key: str | None = None
    timeout: float = 10.0


@dataclass(frozen=True)
class PreparedRequest:
    """A signed request, ready for ``client.request(method, url, content=body, headers=...)``."""

    method: str
    url: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def message_id(self) -> str:
        return self.headers[envelope.MESSAGE_HEADER]


@dataclass(frozen=True)
class Ack:
    """The platform took the message; ``duplicate`` when it had it already."""

    event_id: str
    remote_id: str | None
    duplicate: bool


@dataclass(frozen=True)
class StatusChange:
    """A status set on a national platform, to apply to the commune's object ``local_id``."""

    local_id: str
    remote_id: str
    status: str
    notes: str
    updated_at: datetime


def _signed(
    config: PlatformConfig,
    *,
    service: str,
    method: str,
    path: str,
    body: bytes,
    extra: dict[str, str],
) -> PreparedRequest:
    url = config.base_url.rstrip("/") + path
    parts = urlsplit(url)
    signed_path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = envelope.sign_request(
        config.keys,
        method=method,
        path=signed_path,
        body=body,
        client=config.client_id,
        service=f"{config.platform}/{service}",
    )
    return PreparedRequest(method, url, body, {**extra, **headers})


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return max(float(value), 0.0) if value is not None else None
    except ValueError:
        return None


def _check_envelope(
    request: PreparedRequest, response: httpx.Response, config: PlatformConfig
) -> None:
    try:
        envelope.verify_response(
            config.keys,
            status=response.status_code,
            message_id=request.message_id,
            headers=response.headers,
            body=response.content,
        )
    except envelope.EnvelopeError as exc:
        log.warning(
            "answer of %s to message %s has a bad envelope: %s",
            config.platform,
            request.message_id,
            exc,
        )
        raise RetryableError(f"answer with a bad envelope: {exc}") from exc


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise RetryableError(f"unreadable answer (HTTP {response.status_code})") from exc


class Adapter(ABC):
    """How one platform wants its messages; subclasses say the wire format."""

    platform: str = ""

    @abstractmethod
    def build(self, message: Mapping[str, Any], config: PlatformConfig) -> PreparedRequest:
        """A signed request carrying ``message`` (an event document of this platform)."""

    def interpret(
        self, request: PreparedRequest, response: httpx.Response, config: PlatformConfig
    ) -> Ack:
        """Read the answer to ``request``; raise a :class:`DeliveryError` when it is not an ack."""
        if response.status_code >= 500 or response.status_code in RETRYABLE_CLIENT_STATUSES:
            raise RetryableError(
                f"HTTP {response.status_code} from {self.platform}", _retry_after(response)
            )
        _check_envelope(request, response, config)
        if response.status_code >= 400:
            raise PermanentError(self._refusal(response))
        if response.status_code not in (200, 201):
            raise RetryableError(f"unexpected HTTP {response.status_code} from {self.platform}")
        return self._ack(request, _json(response))

    @abstractmethod
    def _refusal(self, response: httpx.Response) -> str:
        """What the platform said when it refused the message, for the operator."""

    @abstractmethod
    def _ack(self, request: PreparedRequest, answer: Any) -> Ack:
        """The acknowledgement in a 200/201 answer; raise :class:`RetryableError` if none."""


class JsonEventsAdapter(Adapter):
    """A platform that takes the event document as JSON at ``POST /v1/events``.

    It answers ``201 {"event_id", "receipt", "duplicate": false}`` for a new event,
    ``200`` with ``"duplicate": true`` for one it had, and an RFC 9457 problem with an
    ``errors`` list when the document breaks the contract.
    """

    path = "/v1/events"

    def __init__(self, platform: str) -> None:
        self.platform = platform

    def build(self, message: Mapping[str, Any], config: PlatformConfig) -> PreparedRequest:
        body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode()
        extra = {"Content-Type": JSON_TYPE, IDEMPOTENCY_HEADER: str(message["event_id"])}
        return _signed(
            config, service="events", method="POST", path=self.path, body=body, extra=extra
        )

    def _refusal(self, response: httpx.Response) -> str:
        try:
            problem = response.json()
            details = "; ".join(f"{e['path']}: {e['message']}" for e in problem.get("errors", []))
            return f"HTTP {response.status_code}: {problem.get('title', '')} {details}".strip()
        except (ValueError, AttributeError, KeyError, TypeError):
            return f"HTTP {response.status_code}: {response.text[:500]}"

    def _ack(self, request: PreparedRequest, answer: Any) -> Ack:
        if not isinstance(answer, dict) or not isinstance(answer.get("event_id"), str):
            raise RetryableError("answer without an event id")
        if answer["event_id"] != request.headers[IDEMPOTENCY_HEADER]:
            raise RetryableError("answer acknowledges another event")
        return Ack(answer["event_id"], answer.get("receipt"), bool(answer.get("duplicate")))


class Open311Adapter(Adapter):
    """The national complaints platform, an Open311 GeoReport v2 server.

    A filed complaint is ``POST requests.json`` (form-encoded as the standard says) with
    the event metadata as service attributes; a status change is ``POST
    request_updates.json``, this contract's extension. Answers are GeoReport lists:
    ``[{"service_request_id", "service_notice", "duplicate"}]``, or
    ``[{"code", "description"}]`` for an error.
    """

    platform = "complaints"
    prefix = "/georeport/v2"

    def build(self, message: Mapping[str, Any], config: PlatformConfig) -> PreparedRequest:
        if message["event_type"] == "complaint.filed":
            service, form = "requests", self.request_form(message, config)
        else:
            service, form = "request_updates", self.update_form(message, config)
        body = urlencode(sorted(form.items())).encode()
        extra = {"Content-Type": FORM_TYPE, IDEMPOTENCY_HEADER: str(message["event_id"])}
        path = f"{self.prefix}/{service}.json"
        return _signed(config, service=service, method="POST", path=path, body=body, extra=extra)

    @staticmethod
    def request_form(message: Mapping[str, Any], config: PlatformConfig) -> dict[str, str]:
        """The GeoReport v2 fields of a filed complaint (validated by the contract's form)."""
        payload = message["payload"]
        form = {
            "jurisdiction_id": message["commune"],
            "service_code": payload["service_code"],
            "description": payload["description"],
            "attribute[event_id]": message["event_id"],
            "attribute[event_time]": message["occurred_at"],
            "attribute[payload_version]": message["payload_version"],
            "attribute[local_id]": payload["local_id"],
            "attribute[kind]": payload["kind"],
            "attribute[channel]": payload["channel"],
            "attribute[requested_at]": payload["requested_at"],
        }
        if "address" in payload:
            form["address_string"] = payload["address"]
        if "lat" in payload:
            form["lat"], form["long"] = repr(payload["lat"]), repr(payload["long"])
        if config.api_key:
            form["api_key"] = config.api_key
        return form

    @staticmethod
    def update_form(message: Mapping[str, Any], config: PlatformConfig) -> dict[str, str]:
        """The fields of a status update (this contract's extension of GeoReport v2)."""
        payload = message["payload"]
        form = {
            "jurisdiction_id": message["commune"],
            "local_id": payload["local_id"],
            "status": payload["status"],
            "previous_status": payload["previous_status"],
            "status_notes": payload.get("status_notes", ""),
            "updated_datetime": payload["updated_at"],
            "event_id": message["event_id"],
            "payload_version": message["payload_version"],
        }
        if config.api_key:
            form["api_key"] = config.api_key
        return form

    def _refusal(self, response: httpx.Response) -> str:
        try:
            errors = response.json()
            text = "; ".join(str(e["description"]) for e in errors)
        except (ValueError, KeyError, TypeError):
            text = response.text[:500]
        return f"HTTP {response.status_code}: {text}"

    def _ack(self, request: PreparedRequest, answer: Any) -> Ack:
        if not (isinstance(answer, list) and answer and isinstance(answer[0], dict)):
            raise RetryableError("answer is not a GeoReport list")
        first = answer[0]
        remote = first.get("service_request_id")
        if remote is not None and not isinstance(remote, str):
            raise RetryableError("answer with a malformed service_request_id")
        return Ack(request.headers[IDEMPOTENCY_HEADER], remote, bool(first.get("duplicate")))

    def pull_request(self, config: PlatformConfig, since: datetime) -> PreparedRequest:
        """The signed ``GET requests.json`` of the requests updated after ``since``."""
        query = urlencode(
            {
                "jurisdiction_id": config.commune,
                "updated_after": since.isoformat(),
                "extensions": "true",
            }
        )
        path = f"{self.prefix}/requests.json?{query}"
        return _signed(config, service="requests", method="GET", path=path, body=b"", extra={})

    def read_pull(
        self, request: PreparedRequest, response: httpx.Response, config: PlatformConfig
    ) -> list[StatusChange]:
        """The status changes of a pull answer (checked against the contract)."""
        if response.status_code != 200:
            raise RetryableError(f"HTTP {response.status_code} from the status pull")
        _check_envelope(request, response, config)
        answer = _json(response)
        problems = contracts.errors("complaints.requests.pull", answer)
        if problems:
            raise RetryableError(f"pull answer breaks the contract: {problems[0]}")
        return [
            StatusChange(
                local_id=item["extended_attributes"]["local_id"],
                remote_id=item["service_request_id"],
                status=item["extended_attributes"]["status"],
                notes=item.get("status_notes") or "",
                updated_at=datetime.fromisoformat(item["updated_datetime"]),
            )
            for item in answer
        ]


ADAPTERS: dict[str, Adapter] = {
    "complaints": Open311Adapter(),
    **{p: JsonEventsAdapter(p) for p in contracts.PLATFORMS if p != "complaints"},
}


def _exchange(client: httpx.Client, request: PreparedRequest, timeout: float) -> httpx.Response:
    """Do the HTTP; a timeout or a broken connection is a retry, like a server error."""
    try:
        return client.request(
            request.method,
            request.url,
            content=request.body or None,
            headers=request.headers,
            timeout=timeout,
        )
    except httpx.TimeoutException as exc:
        raise RetryableError(f"no answer within {timeout:g} s") from exc
    except httpx.TransportError as exc:
        raise RetryableError(f"connection failed: {type(exc).__name__}: {exc}") from exc


def send(client: httpx.Client, message: Mapping[str, Any], config: PlatformConfig) -> Ack:
    """Deliver one event document to its platform: build, exchange, interpret."""
    adapter = ADAPTERS[config.platform]
    request = adapter.build(message, config)
    return adapter.interpret(request, _exchange(client, request, config.timeout), config)


def pull_complaint_statuses(
    client: httpx.Client, config: PlatformConfig, since: datetime
) -> list[StatusChange]:
    """The complaints of ``config.commune`` whose status changed nationally after ``since``."""
    adapter = ADAPTERS["complaints"]
    assert isinstance(adapter, Open311Adapter)
    request = adapter.pull_request(config, since)
    return adapter.read_pull(request, _exchange(client, request, config.timeout), config)


def status_pull_request(config: PlatformConfig, since: datetime) -> PreparedRequest:
    """The signed ``GET /v1/statuses`` of the commune's objects changed after ``since``."""
    query = urlencode({"commune": config.commune, "since": since.isoformat()})
    path = f"/v1/statuses?{query}"
    return _signed(config, service="statuses", method="GET", path=path, body=b"", extra={})


def read_status_pull(
    request: PreparedRequest, response: httpx.Response, config: PlatformConfig
) -> list[StatusChange]:
    """The status changes of a JSON platform's pull answer (checked against the contract)."""
    if response.status_code != 200:
        raise RetryableError(f"HTTP {response.status_code} from the status pull")
    _check_envelope(request, response, config)
    answer = _json(response)
    problems = contracts.errors(contracts.STATUS_PULL_SCHEMA, answer)
    if problems:
        raise RetryableError(f"pull answer breaks the contract: {problems[0]}")
    return [
        StatusChange(
            local_id=item["local_id"],
            remote_id=item["local_id"],
            status=item["status"],
            notes=item.get("notes") or "",
            updated_at=datetime.fromisoformat(item["updated_at"]),
        )
        for item in answer["statuses"]
    ]


def pull_json_statuses(
    client: httpx.Client, config: PlatformConfig, since: datetime
) -> list[StatusChange]:
    """The objects of ``config.commune`` whose status a JSON platform changed after ``since``."""
    request = status_pull_request(config, since)
    return read_status_pull(request, _exchange(client, request, config.timeout), config)
