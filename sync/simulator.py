"""A local stand-in for the national platforms, speaking their contracts over real HTTP.

The real platforms' interfaces are not public, so this small WSGI app (served by
waitress, ``baladiya national-sim``) plays all of them on one port, the way a partner
test environment would: it checks each request's envelope (signature, key rotation),
validates the body against the contract (400 with the reasons when it breaks it),
stores what it accepts and deduplicates by idempotency key, counting the duplicates.

The complaints platform advances each request it received to ``acknowledged`` once
``advance_after`` seconds passed (checked when the commune pulls statuses), and
``POST /_sim/complaints/status`` sets any status, as a national operator would. A JSON
platform that sets statuses (``contracts.STATUS_PULLS``: the civil-status registry's
answer to a forwarded request) serves them at ``GET /{platform}/v1/statuses``, and
``POST /_sim/statuses`` sets one on an object it received a message about.

Faults are injected on demand (``POST /_sim/faults`` or the command's flags), on the
platform endpoints only: added latency, an error rate (503 with ``Retry-After``),
timeouts (an answer held longer than the client waits), dropped connections (the
socket is closed without an answer) and malformed answers (signed, unreadable).

Control endpoints: ``GET /_sim/stats``, ``GET /_sim/received?platform=``,
``POST /_sim/faults``, ``POST /_sim/reset``, ``POST /_sim/complaints/status``,
``POST /_sim/statuses``.
Everything lives in memory behind one lock: a restart starts afresh.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl

from waitress.channel import ClientDisconnected
from webob import Request, Response

from municipality import simulation
from sync import contracts, envelope

log = logging.getLogger(__name__)

DEV_KEY_ID = "dev-1"
DEV_SECRET = "national-sim-development-secret"  # noqa: S105 - a public test key, by design
DEFAULT_PORT = 6560
CLOSED_STATUSES = ("resolved", "closed", "rejected")
MAX_BODY = 2 * 1024 * 1024
JSON_PLATFORMS = tuple(p for p in contracts.PLATFORMS if p != "complaints")
STATUSES_PATH = ["v1", "statuses"]
MAX_STATUSES = 1000
OPEN311 = "/complaints/georeport/v2"

StartResponse = Callable[..., Any]


def complaint_statuses() -> list[str]:
    """The statuses the complaints contract knows (its ``complaint.status_changed`` enum)."""
    schema = contracts.schemas()["complaints.complaint.status_changed"].document
    return list(schema["properties"]["payload"]["properties"]["status"]["enum"])


@dataclass
class Faults(simulation.Faults):
    """The common faults, and answers that are not JSON at all."""

    malformed_rate: float = 0.0


@dataclass
class PlatformStats:
    """Counts per platform: requests taken, distinct events, repeats, refusals."""

    received: int = 0
    distinct: int = 0
    duplicates: int = 0
    invalid: int = 0
    unauthorised: int = 0
    faults: int = 0


@dataclass
class NationalRequest:
    """A complaint as the national platform holds it."""

    service_request_id: str
    jurisdiction: str
    local_id: str
    service_code: str
    status: str = "received"
    notes: str = ""
    received_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    changed_at: datetime | None = None  # last change made nationally (what the pull returns)


@dataclass
class NationalStatus:
    """A status a JSON platform set on one commune's object (what its pull reports)."""

    local_id: str
    status: str
    notes: str
    changed_at: datetime


@dataclass
class _Answer:
    status: int
    body: bytes
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


def _hang_up() -> Iterator[bytes]:
    """An answer that never starts: waitress closes the socket without writing a byte.

    ``ClientDisconnected`` is waitress's own signal for a connection that must end now.
    """
    raise ClientDisconnected("connection dropped on purpose")
    yield b""  # a generator, so waitress meets the error while sending, not before


def _json(value: Any, status: int = 200, **headers: str) -> _Answer:
    return _Answer(status, json.dumps(value, ensure_ascii=False).encode(), headers=headers)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


class Simulator:
    """The platforms' state and the WSGI app that serves them (thread-safe)."""

    def __init__(
        self,
        keys: envelope.KeyRing | None = None,
        *,
        advance_after: float | None = 30.0,
        faults: Faults | None = None,
        seed: int | None = None,
    ) -> None:
        self.keys = keys or envelope.KeyRing.of(DEV_KEY_ID, DEV_SECRET)
        self.advance_after = advance_after
        self.faults = faults or Faults()
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.rng = random.Random(seed)  # fault injection, not security
        self.reset()

    def reset(self) -> None:
        """Forget everything received (faults stay as they are)."""
        with self.lock:
            self.stats = {p: PlatformStats() for p in contracts.PLATFORMS}
            self.seen: dict[tuple[str, str], bytes] = {}
            self.received: dict[str, list[Any]] = {p: [] for p in contracts.PLATFORMS}
            self.requests: dict[tuple[str, str], NationalRequest] = {}
            # (platform, commune, local id) -> the status set nationally
            self.statuses: dict[tuple[str, str, str], NationalStatus] = {}

    # --- WSGI ---------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        if request.path.startswith("/_sim/"):
            return self._control(request)(environ, start_response)
        platform = self._platform_of(request.path)
        if platform is None:
            return Response(status=404, json_body={"title": "no such endpoint"})(
                environ, start_response
            )
        fault = self._draw_fault(platform)
        if fault == "error":  # refused before any processing: nothing is stored
            answer = _json({"title": "service unavailable"}, 503, **{"Retry-After": "1"})
            return self._send(request, answer, start_response)
        # The other faults strike after the platform stored the message, as in real life:
        # the client cannot tell, sends it again, and the repeat is counted as a duplicate.
        answer = self._serve(platform, request)
        if fault == "timeout":
            self.stopping.wait(self.faults.timeout_seconds)
        elif fault == "malformed":
            answer = _Answer(200, b'{"event_id": <truncated', "application/json")
        if fault == "drop":
            return _hang_up()
        return self._send(request, answer, start_response)

    def _platform_of(self, path: str) -> str | None:
        if path.startswith(f"{OPEN311}/"):
            return "complaints"
        parts = path.strip("/").split("/")
        if len(parts) == 3 and parts[0] in JSON_PLATFORMS and parts[1:] == ["v1", "events"]:
            return parts[0]
        if len(parts) == 3 and parts[0] in contracts.STATUS_PULLS and parts[1:] == STATUSES_PATH:
            return parts[0]
        return None

    def _draw_fault(self, platform: str) -> str | None:
        faults = self.faults
        if faults.latency:
            self.stopping.wait(faults.latency)
        with self.lock:
            roll = self.rng.random()
            for name, rate in (
                ("error", faults.error_rate),
                ("timeout", faults.timeout_rate),
                ("drop", faults.drop_rate),
                ("malformed", faults.malformed_rate),
            ):
                if roll < rate:
                    self.stats[platform].faults += 1
                    return name
                roll -= rate
        return None

    def _send(
        self, request: Request, answer: _Answer, start_response: StartResponse
    ) -> Iterable[bytes]:
        message_id = request.headers.get(envelope.MESSAGE_HEADER, "")
        signed = envelope.sign_response(
            self.keys, status=answer.status, message_id=message_id, body=answer.body
        )
        headers = {**answer.headers, **signed, "Content-Type": answer.content_type}
        headers["Content-Length"] = str(len(answer.body))
        start_response(f"{answer.status} {HTTPStatus(answer.status).phrase}", list(headers.items()))
        return [answer.body]

    # --- The platforms ------------------------------------------------------------------

    def _serve(self, platform: str, request: Request) -> _Answer:
        if request.content_length and request.content_length > MAX_BODY:
            return self._refuse(platform, 413, ["body too large"])
        body = request.body
        service = request.path.rsplit("/", 1)[-1].removesuffix(".json")
        if platform != "complaints" and service != "statuses":
            service = "events"
        try:
            verified = envelope.verify_request(
                self.keys,
                method=request.method,
                path=request.path_qs,
                headers=request.headers,
                body=body,
            )
        except envelope.EnvelopeError as exc:
            with self.lock:
                self.stats[platform].unauthorised += 1
            return self._refuse(platform, 401, [str(exc)])
        if verified.service != f"{platform}/{service}":
            return self._refuse(platform, 400, [f"X-Service-Id is not {platform}/{service}"])
        if platform == "complaints":
            return self._open311(request, service)
        if service == "statuses":
            return self._statuses(platform, request)
        if request.method != "POST":
            return self._refuse(platform, 405, ["POST only"])
        return self._event(platform, request)

    def _refuse(self, platform: str, status: int, reasons: list[str]) -> _Answer:
        if platform == "complaints":
            return _json([{"code": status, "description": r} for r in reasons], status)
        problem = {
            "type": "about:blank",
            "title": "the message was refused",
            "status": status,
            "errors": [{"path": "/", "message": r} for r in reasons],
        }
        return _Answer(status, json.dumps(problem).encode(), "application/problem+json")

    def _invalid(self, platform: str, problems: list[dict[str, str]]) -> _Answer:
        with self.lock:
            self.stats[platform].invalid += 1
        if platform == "complaints":
            descriptions = [f"{p['path']}: {p['message']}" for p in problems]
            return _json([{"code": 400, "description": d} for d in descriptions], 400)
        problem = {
            "type": "about:blank",
            "title": "the message breaks the contract",
            "status": 400,
            "errors": problems,
        }
        return _Answer(400, json.dumps(problem).encode(), "application/problem+json")

    def _remember(self, platform: str, key: str, answer: _Answer, document: Any) -> _Answer:
        """Store a new event's answer under its key, or count a repeat and answer it again."""
        with self.lock:
            stats = self.stats[platform]
            stats.received += 1
            earlier = self.seen.get((platform, key))
            if earlier is not None:
                stats.duplicates += 1
                again = json.loads(earlier)
                if isinstance(again, list):
                    again[0]["duplicate"] = True
                else:
                    again["duplicate"] = True
                return _json(again, 200)
            stats.distinct += 1
            self.seen[(platform, key)] = answer.body
            self.received[platform].append(document)
        return answer

    def _event(self, platform: str, request: Request) -> _Answer:
        key = request.headers.get("Idempotency-Key", "")
        try:
            document = json.loads(request.body)
        except ValueError:
            return self._invalid(platform, [{"path": "/", "message": "body is not JSON"}])
        problems = contracts.errors(contracts.EVENT_SCHEMA, document)
        if not problems:
            try:
                name = contracts.message_schema(platform, document["event_type"])
            except LookupError as exc:
                return self._invalid(platform, [{"path": "/event_type", "message": str(exc)}])
            problems = contracts.errors(name, document)
        if problems:
            return self._invalid(platform, problems)
        if key != document["event_id"]:
            return self._invalid(
                platform, [{"path": "/event_id", "message": "differs from Idempotency-Key"}]
            )
        receipt = f"{platform.upper()}-{uuid.uuid4().hex[:16]}"
        answer = _json({"event_id": key, "receipt": receipt, "duplicate": False}, 201)
        return self._remember(platform, key, answer, document)

    # --- JSON status pull ----------------------------------------------------------------

    def _statuses(self, platform: str, request: Request) -> _Answer:
        """The commune's objects whose status changed after ``since``, oldest first."""
        if request.method != "GET":
            return self._refuse(platform, 405, ["GET only"])
        commune = request.GET.get("commune", "")
        try:
            since = datetime.fromisoformat(request.GET.get("since", ""))
        except ValueError:
            return self._refuse(platform, 400, ["since must be an ISO date-time"])
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        with self.lock:
            changed = [
                s
                for (p, c, _local), s in self.statuses.items()
                if p == platform and c == commune and s.changed_at > since
            ]
        changed.sort(key=lambda s: s.changed_at)
        return _json({"statuses": [self._as_status(s) for s in changed[:MAX_STATUSES]]})

    @staticmethod
    def _as_status(item: NationalStatus) -> dict[str, Any]:
        return {
            "local_id": item.local_id,
            "status": item.status,
            "notes": item.notes,
            "updated_at": _iso(item.changed_at),
        }

    # --- Open311 ------------------------------------------------------------------------

    def _open311(self, request: Request, service: str) -> _Answer:
        if request.method == "GET" and service == "requests":
            return self._pull(request)
        if request.method != "POST" or service not in ("requests", "request_updates"):
            return self._refuse("complaints", 405, ["not an endpoint of this contract"])
        form = dict(parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True))
        schema = f"complaints.{service}.form"
        problems = contracts.errors(schema, form)
        if problems:
            return self._invalid("complaints", problems)
        key = request.headers.get("Idempotency-Key", "")
        event_id = form.get("attribute[event_id]") or form.get("event_id")
        if key != event_id:
            return self._invalid(
                "complaints", [{"path": "/event_id", "message": "differs from Idempotency-Key"}]
            )
        if service == "requests":
            return self._file(key, form)
        return self._update(key, form)

    def _file(self, key: str, form: dict[str, str]) -> _Answer:
        """File a request; the same complaint (commune + local id) keeps its national id."""
        where = (form["jurisdiction_id"], form["attribute[local_id]"])
        with self.lock:
            item = self.requests.get(where)
            if item is None:
                number = f"NAT-{len(self.requests) + 1:08d}"
                item = NationalRequest(number, where[0], where[1], form["service_code"])
                self.requests[where] = item
        answer = _json(
            [
                {
                    "service_request_id": item.service_request_id,
                    "service_notice": "",
                    "duplicate": False,
                }
            ],
            201,
        )
        return self._remember("complaints", key, answer, form)

    def _update(self, key: str, form: dict[str, str]) -> _Answer:
        where = (form["jurisdiction_id"], form["local_id"])
        with self.lock:
            known = self.requests.get(where)
        if known is None:
            return self._invalid(
                "complaints", [{"path": "/local_id", "message": "no such request was filed"}]
            )
        answer = _json([{"service_request_id": known.service_request_id, "duplicate": False}])
        answer = self._remember("complaints", key, answer, form)
        with self.lock:
            known.status = form["status"]
        return answer

    def _advance(self, now: datetime) -> None:
        if self.advance_after is None:
            return
        due = now - timedelta(seconds=self.advance_after)
        for item in self.requests.values():
            if item.status == "received" and item.received_at <= due:
                item.status = "acknowledged"
                item.notes = "Acknowledged by the national platform."
                item.changed_at = now

    def _pull(self, request: Request) -> _Answer:
        jurisdiction = request.GET.get("jurisdiction_id", "")
        try:
            since = datetime.fromisoformat(request.GET.get("updated_after", ""))
        except ValueError:
            return self._refuse("complaints", 400, ["updated_after must be an ISO date-time"])
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        with self.lock:
            self._advance(datetime.now(UTC))
            changed = [
                r
                for r in self.requests.values()
                if r.jurisdiction == jurisdiction and r.changed_at and r.changed_at > since
            ]
        changed.sort(key=lambda r: r.changed_at or since)
        return _json([self._as_georeport(r) for r in changed[:1000]])

    @staticmethod
    def _as_georeport(item: NationalRequest) -> dict[str, Any]:
        return {
            "service_request_id": item.service_request_id,
            "status": "closed" if item.status in CLOSED_STATUSES else "open",
            "status_notes": item.notes,
            "service_code": item.service_code,
            "requested_datetime": _iso(item.received_at),
            "updated_datetime": _iso(item.changed_at or item.received_at),
            "extended_attributes": {"local_id": item.local_id, "status": item.status},
        }

    # --- Control ------------------------------------------------------------------------

    def _control(self, request: Request) -> Response:
        route = (request.method, request.path)
        try:
            if route == ("GET", "/_sim/stats"):
                return Response(json_body=self.snapshot())
            if route == ("GET", "/_sim/received"):
                platform = request.GET.get("platform", "")
                with self.lock:
                    return Response(json_body=list(self.received.get(platform, [])))
            if route == ("POST", "/_sim/reset"):
                self.reset()
                return Response(json_body=self.snapshot())
            if route == ("POST", "/_sim/faults"):
                with self.lock:
                    self.faults.update(request.json_body)
                return Response(json_body=asdict(self.faults))
            if route == ("POST", "/_sim/complaints/status"):
                return Response(json_body=self.set_status(**request.json_body))
            if route == ("POST", "/_sim/statuses"):
                return Response(json_body=self.set_object_status(**request.json_body))
        except (ValueError, TypeError, KeyError) as exc:
            return Response(
                status=400, json_body={"title": "bad control request", "detail": str(exc)}
            )
        return Response(status=404, json_body={"title": "no such control endpoint"})

    def snapshot(self) -> dict[str, Any]:
        """The counts per platform and the faults in force."""
        with self.lock:
            return {
                "platforms": {p: asdict(s) for p, s in self.stats.items()},
                "faults": asdict(self.faults),
            }

    def set_status(
        self, jurisdiction_id: str, local_id: str, status: str, notes: str = ""
    ) -> dict[str, Any]:
        """Set a complaint's status as a national operator would; the next pull reports it."""
        if status not in complaint_statuses():
            raise ValueError(f"unknown status {status!r}")
        with self.lock:
            item = self.requests.get((jurisdiction_id, local_id))
            if item is None:
                raise KeyError(f"no request {local_id} in {jurisdiction_id}")
            item.status, item.notes, item.changed_at = status, notes, datetime.now(UTC)
            return self._as_georeport(item)

    def set_object_status(
        self, platform: str, commune: str, local_id: str, status: str, notes: str = ""
    ) -> dict[str, Any]:
        """Set the status of an object a JSON platform received, as a national operator would.

        The platform must set statuses (``contracts.STATUS_PULLS``), know ``status``, and
        have received a message about ``local_id`` from ``commune``; the next pull reports it.
        """
        allowed = contracts.STATUS_PULLS.get(platform)
        if allowed is None:
            raise ValueError(f"platform {platform!r} sets no status")
        if status not in allowed:
            raise ValueError(f"unknown status {status!r}")
        with self.lock:
            if not any(
                d["commune"] == commune and d["object"]["id"] == local_id
                for d in self.received[platform]
            ):
                raise KeyError(f"no message about {local_id} from {commune}")
            item = NationalStatus(local_id, status, notes, datetime.now(UTC))
            self.statuses[(platform, commune, local_id)] = item
            return self._as_status(item)


# --- Serving ------------------------------------------------------------------------------


@dataclass
class Running:
    """A simulator served in a background thread (tests, benchmarks, ``make run``)."""

    simulator: Simulator
    url: str
    server: Any
    thread: threading.Thread

    def stop(self) -> None:
        """Stop at once: held answers end, open connections close, the loop exits."""
        channels = self.server._map  # waitress's socket map: listener, trigger, connections

        def close_everything() -> None:  # runs in the server's own loop thread
            for channel in list(channels.values()):
                channel.close()

        self.server.trigger.pull_trigger(close_everything)
        self.thread.join(timeout=10)
        self.simulator.stopping.set()
        self.server.task_dispatcher.shutdown()


def serve_in_thread(
    simulator: Simulator, host: str = "127.0.0.1", port: int = 0, threads: int = 8
) -> Running:
    """Start waitress on ``host:port`` (0: any free port) without blocking the caller."""
    import waitress.server

    server = waitress.server.create_server(
        simulator, host=host, port=port, threads=threads, clear_untrusted_proxy_headers=True
    )
    thread = threading.Thread(target=server.run, name="national-sim", daemon=True)
    thread.start()
    return Running(simulator, f"http://{host}:{server.effective_port}", server, thread)
