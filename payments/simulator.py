"""A local stand-in for the payment providers, over real HTTP (``baladiya payments-sim``).

One WSGI app plays three providers and their statements, the way their sandboxes do:

- **GSMA Mobile Money API, merchant payment** (``/gsma``): ``POST
  /transactions/type/merchantpay`` answers 202 with a ``serverCorrelationId``; the payer
  approves on the phone (``/gsma/approve/<id>``, or ``POST /_sim/settle``); the result is
  PUT to the ``X-Callback-URL``; ``GET /requeststates/<id>`` and ``GET
  /transactions/<ref>`` answer polls; ``POST /transactions/<ref>/reversals`` asks for a
  reversal: 202 with its own ``serverCorrelationId``, its result PUT to the callback
  address (``"type": "reversal"``) and readable at ``/requeststates/<its id>``.
- **Orange Money web payment** (``/orange``): an OAuth token, ``POST /webpayment`` gives
  a ``pay_token``, a ``payment_url`` and a ``notif_token``; the payer pays on that page;
  a notification carrying the ``notif_token`` is POSTed to ``notif_url``;
  ``POST /transactionstatus`` says what really happened.
- **A card gateway** (``/card``): the merchant signs the redirect's parameters (HMAC);
  the payer pays on ``/card/pay``; the gateway POSTs a signed callback to the merchant
  and sends the browser back; ``GET /card/orders/<merchant>/<order>`` answers signed.
- **Statements** (``GET /statement/<provider>/<merchant>?day=``): every payment that
  moved money that day, their reference, ours, the amount.

Faults (``POST /_sim/faults`` or the command's flags) strike provider endpoints: added
latency, an error rate (503), timeouts (an answer held longer than the client waits),
dropped connections; and callbacks: repeated, lost, or delayed. ``auto_settle``
(``success`` or ``failure``) settles each new payment at once, without a payer, for
tests and the benchmark; ``reversal_outcome`` ``refused`` makes the providers refuse
reversals (a merchant account without the funds). Everything lives in memory behind
one lock.
"""

from __future__ import annotations

import base64
import html
import json
import logging
import random
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import httpx
from webob import Request, Response

from municipality import simulation
from payments.signing import API_KEY_HEADER, SIGNATURE_HEADER, api_key, canonical, sign, valid

log = logging.getLogger(__name__)

DEFAULT_PORT = 6570
DEV_SECRET = "payments-sim-development-secret"  # noqa: S105 - a public test key, by design
SUCCESS, FAILURE, PENDING = "success", "failure", "pending"
REFUSED = "refused"
CALLBACK_TIMEOUT = 10.0

StartResponse = Callable[..., Any]


@dataclass
class Faults(simulation.Faults):
    """The common faults, callbacks repeated, lost or late, and payers who answer at once."""

    callback_repeats: float = 0.0
    callback_loss_rate: float = 0.0
    callback_delay: float = 0.0
    auto_settle: str = ""
    reversal_outcome: str = ""

    def checked(self, name: str, value: Any) -> Any:
        if name == "auto_settle":
            if value not in ("", SUCCESS, FAILURE):
                raise ValueError("auto_settle is '', 'success' or 'failure'")
            return value
        if name == "reversal_outcome":
            if value not in ("", REFUSED):
                raise ValueError("reversal_outcome is '' or 'refused'")
            return value
        return super().checked(name, value)


@dataclass
class SimPayment:
    """A payment as the provider holds it."""

    provider: str
    key: str  # their id: server correlation id, pay token, or order
    merchant: str
    our_ref: str
    amount: str
    currency: str
    callback_url: str
    return_url: str = ""
    token: str = ""  # Orange's notif_token
    status: str = PENDING
    transaction: str = field(default_factory=lambda: f"TX{uuid.uuid4().hex[:14].upper()}")
    reversed: bool = False
    day: date = field(default_factory=lambda: datetime.now(UTC).date())


@dataclass
class SimReversal:
    """A reversal the merchant asked for: its own id, the payment, how it ended."""

    key: str
    payment: SimPayment
    callback_url: str
    status: str = PENDING


@dataclass
class Stats:
    """What the providers took and gave back."""

    requests: int = 0
    accepted: int = 0
    settled: int = 0
    callbacks_sent: int = 0
    callbacks_failed: int = 0
    faults: int = 0


def _hang_up() -> Iterator[bytes]:
    """An answer that never starts: waitress closes the socket (its own disconnect signal)."""
    from waitress.channel import ClientDisconnected

    raise ClientDisconnected("connection dropped on purpose")
    yield b""


def _json(value: Any, status: int = 200) -> Response:
    return Response(status=status, json_body=value)


def _problem(status: int, detail: str) -> Response:
    return _json({"title": "refused", "detail": detail}, status)


class Simulator:
    """The providers' state and the WSGI app that serves them (thread-safe)."""

    def __init__(
        self, secret: str = DEV_SECRET, faults: Faults | None = None, seed: int | None = None
    ) -> None:
        self.secret = secret
        self.faults = faults or Faults()
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.rng = random.Random(seed)  # fault injection, not security
        self.client = httpx.Client(timeout=CALLBACK_TIMEOUT)  # callbacks, kept alive
        self.reset()

    def close(self) -> None:
        """Stop: held answers end, no callback is sent any more, connections close."""
        self.stopping.set()
        self.client.close()

    def reset(self) -> None:
        """Forget every payment (faults stay)."""
        with self.lock:
            self.payments: dict[str, SimPayment] = {}
            self.reversals: dict[str, SimReversal] = {}
            self.by_client: dict[str, str] = {}
            self.tokens: set[str] = set()
            self.stats = Stats()

    # --- WSGI ---------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        if request.path.startswith("/_sim/"):
            return self._control(request)(environ, start_response)
        fault = None if self._payer_page(request) else self._draw_fault()
        if fault == "error":
            answer = _problem(503, "service unavailable")
            answer.headers["Retry-After"] = "1"
            return answer(environ, start_response)
        answer = self._route(request)
        if fault == "timeout":
            self.stopping.wait(self.faults.timeout_seconds)
        if fault == "drop":
            return _hang_up()
        return answer(environ, start_response)

    @staticmethod
    def _payer_page(request: Request) -> bool:
        """The payer's own pages are never faulted: faults are the merchant's problem."""
        parts = request.path.strip("/").split("/")
        return len(parts) >= 2 and parts[1] in ("approve", "pay")

    def _draw_fault(self) -> str | None:
        if self.faults.latency:
            self.stopping.wait(self.faults.latency)
        with self.lock:
            self.stats.requests += 1
            roll = self.rng.random()
            for name, rate in (
                ("error", self.faults.error_rate),
                ("timeout", self.faults.timeout_rate),
                ("drop", self.faults.drop_rate),
            ):
                if roll < rate:
                    self.stats.faults += 1
                    return name
                roll -= rate
        return None

    def _route(self, request: Request) -> Response:
        parts = request.path.strip("/").split("/")
        handlers: dict[str, Callable[[Request, list[str]], Response]] = {
            "gsma": self._gsma,
            "orange": self._orange,
            "card": self._card,
            "statement": self._statement,
        }
        handler = handlers.get(parts[0])
        if handler is None:
            return _problem(404, "no such endpoint")
        try:
            return handler(request, parts[1:])
        except (ValueError, KeyError, TypeError) as exc:
            return _problem(400, f"bad request: {exc}")

    def _authorised(self, request: Request) -> bool:
        return request.headers.get(API_KEY_HEADER, "") == api_key(self.secret)

    def _find(self, provider: str, key: str) -> SimPayment | None:
        with self.lock:
            found = self.payments.get(key)
        return found if found is not None and found.provider == provider else None

    def _accept(self, payment: SimPayment, client_key: str) -> tuple[SimPayment, bool]:
        """Store a new payment, or return the one a repeated client key already made."""
        with self.lock:
            earlier = self.by_client.get(client_key)
            if earlier is not None:
                return self.payments[earlier], False
            self.by_client[client_key] = payment.key
            self.payments[payment.key] = payment
            self.stats.accepted += 1
        if self.faults.auto_settle:
            self.settle(payment.key, self.faults.auto_settle)
        return payment, True

    # --- GSMA ---------------------------------------------------------------------------

    def _gsma(self, request: Request, parts: list[str]) -> Response:
        if parts and parts[0] == "approve":
            return self._payer_page_answer(request, "gsma", parts[1])
        if not self._authorised(request):
            return _problem(401, "bad API key")
        if request.method == "POST" and parts == ["transactions", "type", "merchantpay"]:
            return self._gsma_pay(request)
        if request.method == "GET" and len(parts) == 2 and parts[0] == "requeststates":
            with self.lock:
                reversal = self.reversals.get(parts[1])
            if reversal is not None:
                return _json(self._reversal_body(reversal))
            found = self._find("gsma", parts[1])
            if found is None:
                return _problem(404, "no such request")
            done = found.status != PENDING
            return _json(
                {
                    "serverCorrelationId": found.key,
                    "status": {SUCCESS: "completed", FAILURE: "failed"}.get(found.status, PENDING),
                    "objectReference": found.transaction if done else None,
                }
            )
        if request.method == "GET" and len(parts) == 2 and parts[0] == "transactions":
            return self._gsma_transaction(parts[1])
        if request.method == "POST" and len(parts) == 3 and parts[2] == "reversals":
            return self._gsma_reversal(request, parts[1])
        return _problem(404, "no such endpoint")

    def _gsma_reversal(self, request: Request, transaction: str) -> Response:
        """Take a reversal (once per correlation id), answer 202, settle it and call back."""
        client_key = "gsma-reversal:" + request.headers.get("X-CorrelationID", uuid.uuid4().hex)
        with self.lock:
            earlier = self.by_client.get(client_key)
            reversal = self.reversals.get(earlier or "")
            if reversal is None:
                paid = [
                    p
                    for p in self.payments.values()
                    if p.provider == "gsma" and p.transaction == transaction
                ]
                if not paid or paid[0].status != SUCCESS:
                    return _problem(404, "no such transaction")
                reversal = SimReversal(
                    str(uuid.uuid4()), paid[0], request.headers.get("X-Callback-URL", "")
                )
                self.reversals[reversal.key] = reversal
                self.by_client[client_key] = reversal.key
                self._settle_reversal(reversal)
        if reversal.callback_url:
            self._schedule(self._reversal_callback(reversal))
        return _json({"serverCorrelationId": reversal.key, "status": PENDING}, 202)

    def _settle_reversal(self, reversal: SimReversal) -> None:
        """Called under the lock: the provider reverses, or refuses when told to."""
        if reversal.status != PENDING:
            return
        if self.faults.reversal_outcome == REFUSED or reversal.payment.reversed:
            reversal.status = FAILURE
        else:
            reversal.status = SUCCESS
            reversal.payment.reversed = True

    def _reversal_body(self, reversal: SimReversal) -> dict[str, Any]:
        status = {SUCCESS: "completed", FAILURE: "failed"}.get(reversal.status, PENDING)
        return {
            "serverCorrelationId": reversal.key,
            "status": status,
            "objectReference": reversal.payment.transaction,
        }

    def _reversal_callback(self, reversal: SimReversal) -> tuple[str, str, bytes, dict[str, str]]:
        status = {SUCCESS: "reversed", FAILURE: "failed"}.get(reversal.status, PENDING)
        body = {
            "type": "reversal",
            "serverCorrelationId": reversal.key,
            "originalTransactionReference": reversal.payment.transaction,
            "requestingOrganisationTransactionReference": reversal.payment.our_ref,
            "transactionStatus": status,
        }
        headers = {"Content-Type": "application/json"}
        return "PUT", reversal.callback_url, json.dumps(body).encode(), headers

    def _gsma_pay(self, request: Request) -> Response:
        body = request.json_body
        payment = SimPayment(
            provider="gsma",
            key=str(uuid.uuid4()),
            merchant=str(body["creditParty"][0]["value"]),
            our_ref=str(body["requestingOrganisationTransactionReference"]),
            amount=str(body["amount"]),
            currency=str(body["currency"]),
            callback_url=request.headers["X-Callback-URL"],
        )
        payment, _new = self._accept(payment, "gsma:" + request.headers["X-CorrelationID"])
        return _json(
            {
                "serverCorrelationId": payment.key,
                "status": PENDING,
                "notificationMethod": "callback",
                "objectReference": None,
            },
            202,
        )

    def _gsma_body(self, payment: SimPayment) -> dict[str, Any]:
        status = {SUCCESS: "completed", FAILURE: "failed"}.get(payment.status, PENDING)
        return {
            "transactionReference": payment.transaction,
            "serverCorrelationId": payment.key,
            "requestingOrganisationTransactionReference": payment.our_ref,
            "transactionStatus": "reversed" if payment.reversed else status,
            "amount": payment.amount,
            "currency": payment.currency,
        }

    def _gsma_transaction(self, reference: str) -> Response:
        with self.lock:
            found = [p for p in self.payments.values() if p.transaction == reference]
        if not found or found[0].status != SUCCESS:
            return _problem(404, "no such transaction")
        return _json(self._gsma_body(found[0]))

    def _refund(self, reference: str) -> Response:
        """The card gateway refunds at once, or refuses (409) when told to."""
        with self.lock:
            found = [
                p
                for p in self.payments.values()
                if p.provider == "card" and p.transaction == reference and p.status == SUCCESS
            ]
            refused = self.faults.reversal_outcome == REFUSED
            if found and not refused:
                found[0].reversed = True
        if not found:
            return _problem(404, "no such transaction")
        if refused:
            return _problem(409, "refund refused: insufficient merchant balance")
        return _json({"refund_id": str(uuid.uuid4()), "status": "refunded"}, 202)

    # --- Orange Money -------------------------------------------------------------------

    def _orange(self, request: Request, parts: list[str]) -> Response:
        if parts and parts[0] == "pay":
            return self._payer_page_answer(request, "orange", parts[1])
        if parts == ["oauth", "v3", "token"] and request.method == "POST":
            return self._orange_token(request)
        bearer = request.headers.get("Authorization", "").removeprefix("Bearer ")
        with self.lock:
            known = bearer in self.tokens
        if not known:
            return _problem(401, "bad access token")
        if parts == ["webpayment"] and request.method == "POST":
            return self._orange_pay(request)
        if parts == ["transactionstatus"] and request.method == "POST":
            body = request.json_body
            found = self._find("orange", str(body["pay_token"]))
            if found is None or found.our_ref != body["order_id"] or found.amount != body["amount"]:
                return _problem(404, "no such payment")
            status = {SUCCESS: "SUCCESS", FAILURE: "FAILED"}.get(found.status, "PENDING")
            return _json({"status": status, "order_id": found.our_ref, "txnid": found.transaction})
        return _problem(404, "no such endpoint")

    def _orange_token(self, request: Request) -> Response:
        credentials = request.headers.get("Authorization", "").removeprefix("Basic ")
        try:
            _merchant, secret = base64.b64decode(credentials).decode().split(":", 1)
        except ValueError:
            return _problem(401, "bad credentials")
        if secret != self.secret:
            return _problem(401, "bad credentials")
        token = uuid.uuid4().hex
        with self.lock:
            self.tokens.add(token)
        return _json({"token_type": "Bearer", "access_token": token, "expires_in": 7776000})

    def _orange_pay(self, request: Request) -> Response:
        body = request.json_body
        payment = SimPayment(
            provider="orange",
            key=uuid.uuid4().hex,
            merchant=str(body["merchant_key"]),
            our_ref=str(body["order_id"]),
            amount=str(body["amount"]),
            currency=str(body["currency"]),
            callback_url=str(body["notif_url"]),
            return_url=str(body["return_url"]),
            token=uuid.uuid4().hex,
        )
        payment, _new = self._accept(payment, f"orange:{payment.merchant}:{payment.our_ref}")
        return _json(
            {
                "status": 201,
                "message": "OK",
                "pay_token": payment.key,
                "payment_url": f"{request.host_url}/orange/pay/{payment.key}",
                "notif_token": payment.token,
            },
            201,
        )

    # --- Card gateway -------------------------------------------------------------------

    def _card(self, request: Request, parts: list[str]) -> Response:
        if parts == ["pay"] and request.method == "GET":
            return self._card_start(request)
        if len(parts) == 2 and parts[0] == "pay":
            return self._payer_page_answer(request, "card", parts[1])
        if len(parts) == 3 and parts[0] == "orders" and request.method == "GET":
            found = [
                p
                for p in list(self.payments.values())
                if p.provider == "card" and p.merchant == parts[1] and p.our_ref == parts[2]
            ]
            if not found:
                return _problem(404, "no such order")
            return self._signed(self._card_body(found[0]))
        if len(parts) == 3 and parts[2] == "refund" and request.method == "POST":
            if not self._authorised(request):
                return _problem(401, "bad API key")
            return self._refund(parts[1])
        return _problem(404, "no such endpoint")

    def _card_start(self, request: Request) -> Response:
        params = {k: request.GET.get(k, "") for k in request.GET}
        if not valid(self.secret, canonical(params), params.get("signature", "")):
            return _problem(400, "bad signature")
        payment = SimPayment(
            provider="card",
            key=uuid.uuid4().hex,
            merchant=params["merchant"],
            our_ref=params["order"],
            amount=params["amount"],
            currency=params["currency"],
            callback_url=params["callback_url"],
            return_url=params["return_url"],
        )
        payment, _new = self._accept(payment, f"card:{payment.merchant}:{payment.our_ref}")
        return Response(status=303, location=f"{request.host_url}/card/pay/{payment.key}")

    def _card_body(self, payment: SimPayment) -> dict[str, Any]:
        status = {SUCCESS: "approved", FAILURE: "declined"}.get(payment.status, PENDING)
        return {
            "merchant": payment.merchant,
            "order": payment.our_ref,
            "amount": payment.amount,
            "currency": payment.currency,
            "status": "refunded" if payment.reversed else status,
            "transaction_id": payment.transaction,
        }

    def _signed(self, value: dict[str, Any]) -> Response:
        body = json.dumps(value).encode()
        answer = Response(body=body, content_type="application/json")
        answer.headers[SIGNATURE_HEADER] = sign(self.secret, body)
        return answer

    # --- The payer's page, settling, callbacks ------------------------------------------

    def _payer_page_answer(self, request: Request, provider: str, key: str) -> Response:
        found = self._find(provider, key)
        if found is None:
            return Response(status=404, body=b"no such payment", content_type="text/plain")
        if request.method == "POST":
            outcome = SUCCESS if request.POST.get("outcome") == SUCCESS else FAILURE
            self.settle(key, outcome)
            if found.return_url:
                return Response(status=303, location=found.return_url)
            return Response(body=b"done", content_type="text/plain")
        page = (
            "<!doctype html><html lang='fr'><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width'>"
            f"<title>{provider} simulator</title><main><h1>{html.escape(provider)}</h1>"
            f"<p>{html.escape(found.amount)} {html.escape(found.currency)}"
            f" - {html.escape(found.our_ref)}</p><form method='post'>"
            "<button name='outcome' value='success'>Approve</button> "
            "<button name='outcome' value='failure'>Decline</button></form></main></html>"
        )
        return Response(body=page.encode(), content_type="text/html", charset="utf-8")

    def settle(self, key: str, outcome: str) -> SimPayment:
        """The payer approved or declined: the provider records it and calls the merchant back."""
        with self.lock:
            payment = self.payments[key]
            if payment.status == PENDING:
                payment.status = outcome
                self.stats.settled += 1
        self._schedule(self._callback(payment))
        return payment

    def _callback(self, payment: SimPayment) -> tuple[str, str, bytes, dict[str, str]]:
        """What the provider sends: method, URL, body, headers."""
        if payment.provider == "gsma":
            body = json.dumps(self._gsma_body(payment)).encode()
            return "PUT", payment.callback_url, body, {"Content-Type": "application/json"}
        if payment.provider == "orange":
            status = "SUCCESS" if payment.status == SUCCESS else "FAILED"
            value = {"status": status, "notif_token": payment.token, "txnid": payment.transaction}
            body = json.dumps(value).encode()
            return "POST", payment.callback_url, body, {"Content-Type": "application/json"}
        body = json.dumps(self._card_body(payment)).encode()
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(self.secret, body)}
        return "POST", payment.callback_url, body, headers

    def _schedule(self, message: tuple[str, str, bytes, dict[str, str]]) -> None:
        """Send a callback from a thread of its own, with the callback faults in force."""
        faults = self.faults
        with self.lock:
            lost = self.rng.random() < faults.callback_loss_rate
        if lost:
            return
        copies = 1 + int(faults.callback_repeats)
        thread = threading.Thread(
            target=self._send_callbacks, args=(message, copies, faults.callback_delay), daemon=True
        )
        thread.start()

    def _send_callbacks(
        self, message: tuple[str, str, bytes, dict[str, str]], copies: int, delay: float
    ) -> None:
        method, url, body, headers = message
        if delay and self.stopping.wait(delay):
            return
        for _copy in range(copies):
            try:
                self.client.request(method, url, content=body, headers=headers)
                sent = True
            except httpx.HTTPError as exc:
                log.info("callback to %s failed: %s", url, exc)
                sent = False
            with self.lock:
                if sent:
                    self.stats.callbacks_sent += 1
                else:
                    self.stats.callbacks_failed += 1

    # --- Statements ---------------------------------------------------------------------

    def _statement(self, request: Request, parts: list[str]) -> Response:
        if len(parts) != 2 or request.method != "GET":
            return _problem(404, "no such endpoint")
        if not self._authorised(request):
            return _problem(401, "bad API key")
        provider, merchant = parts
        day = date.fromisoformat(request.GET["day"])
        with self.lock:
            lines = [
                {
                    "their_ref": p.transaction,
                    "our_ref": p.our_ref,
                    "amount": p.amount,
                    "currency": p.currency,
                    "status": "reversed" if p.reversed else "completed",
                }
                for p in self.payments.values()
                if p.provider == provider
                and p.merchant == merchant
                and p.day == day
                and p.status == SUCCESS
            ]
        return _json(lines)

    # --- Control ------------------------------------------------------------------------

    def _control(self, request: Request) -> Response:
        route = (request.method, request.path)
        try:
            if route == ("GET", "/_sim/stats"):
                return _json(self.snapshot())
            if route == ("POST", "/_sim/reset"):
                self.reset()
                return _json(self.snapshot())
            if route == ("POST", "/_sim/faults"):
                with self.lock:
                    self.faults.update(request.json_body)
                return _json(asdict(self.faults))
            if route == ("POST", "/_sim/settle"):
                body = request.json_body
                payment = self._by_reference(str(body["our_ref"]))
                if body["outcome"] not in (SUCCESS, FAILURE):
                    raise ValueError("outcome is 'success' or 'failure'")
                settled = self.settle(payment.key, body["outcome"])
                return _json({"key": settled.key, "status": settled.status})
        except (ValueError, TypeError, KeyError, LookupError) as exc:
            return _problem(400, str(exc))
        return _problem(404, "no such control endpoint")

    def _by_reference(self, our_ref: str) -> SimPayment:
        with self.lock:
            for payment in self.payments.values():
                if payment.our_ref == our_ref:
                    return payment
        raise LookupError(f"no payment {our_ref}")

    def snapshot(self) -> dict[str, Any]:
        """Counts and the faults in force."""
        with self.lock:
            return {"stats": asdict(self.stats), "faults": asdict(self.faults)}
