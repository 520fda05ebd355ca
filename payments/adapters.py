"""One adapter per payment provider, behind one interface.

An adapter speaks its provider's protocol and nothing else: it starts a payment
(:meth:`Adapter.start`), reads a callback into a :class:`Claim` (which payment it names
and what it says, refusing a forged one with :class:`Forged`), asks the provider what
really happened (:meth:`Adapter.verify`, the server-side confirmation money is credited
on), reverses, and reads the day's statement. It touches no database: the services
decide. A provider that does not answer in time raises :class:`Unreachable`, which the
services turn into "to reconcile", never into a failure.
"""

from __future__ import annotations

import base64
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote, urlencode

import httpx

from municipality.parsing import InputError, loads_json
from payments.signing import API_KEY_HEADER, SIGNATURE_HEADER, api_key, canonical, sign, valid

SUCCESS, FAILURE, PENDING = "success", "failure", "pending"
REVERSED, REFUSED = "reversed", "refused"


class ProviderError(Exception):
    """The provider could not be used; the message is for the operator."""


class Unreachable(ProviderError):
    """No usable answer in time (timeout, dropped connection, 5xx): nobody knows the outcome."""


class Forged(ProviderError):
    """A callback that is not the provider's: bad signature, unknown token, unreadable."""


@dataclass(frozen=True)
class Connection:
    """How a commune reaches a provider: its address, merchant id and shared secret.

    ``client`` is the process's pool of connections (making one costs more than a call).
    """

    base_url: str
    merchant: str
    secret: str
    client: httpx.Client = field(compare=False, repr=False)
    timeout: float = 10.0


@dataclass(frozen=True)
class Order:
    """What the adapter needs of a payment (the services fill it from the row)."""

    reference: str
    amount: Decimal
    currency: str
    payer: str | None = None
    provider_ref: str | None = None
    token: str | None = None
    language: str = "fr"
    # The provider's transaction a callback named: asked about first, when the protocol
    # lets one call say it all (never trusted: the provider's answer must name us).
    transaction: str | None = None


@dataclass(frozen=True)
class Started:
    """The provider took it: its id, the token its notices carry, where the payer goes."""

    provider_ref: str | None = None
    token: str | None = None
    redirect: str | None = None


@dataclass(frozen=True)
class Claim:
    """What a callback says; never credited as such, only after :meth:`Adapter.verify`.

    ``provider_ref`` is the provider's id of the request, when the callback names it:
    a callback may overtake our own record of that id, and the verification asks by it.
    """

    reference: str | None = None
    token: str | None = None
    outcome: str = PENDING
    provider_ref: str | None = None
    transaction: str | None = None
    # A callback about a reversal we asked for, not about the payment itself.
    reversal: bool = False


@dataclass(frozen=True)
class Reversal:
    """Where a reversal stands at the provider: ``REVERSED``, ``REFUSED`` or ``PENDING``,
    under the provider's id of the reversal request, with the provider's reason."""

    outcome: str
    reversal_ref: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Verified:
    """What the provider says when asked: outcome, amount moved, its transaction id."""

    outcome: str
    amount: Decimal | None = None
    transaction: str | None = None


@dataclass(frozen=True)
class StatementLine:
    """One line of the provider's statement."""

    their_ref: str
    our_ref: str
    amount: Decimal
    status: str


def _amount(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


class Adapter(ABC):
    """The interface every provider's adapter implements."""

    name: str
    # Whether starting is a call that may wait (sent through the outbox), or the
    # payer's own redirect (done at once, in the payer's request).
    asynchronous = False

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        url = self.connection.base_url.rstrip("/") + path
        try:
            answer = self.connection.client.request(
                method, url, timeout=self.connection.timeout, **kwargs
            )
        except httpx.HTTPError as exc:
            raise Unreachable(f"{self.name}: {type(exc).__name__}") from exc
        if answer.status_code >= 500 or answer.status_code in (408, 429):
            raise Unreachable(f"{self.name}: HTTP {answer.status_code}")
        return answer

    def _json(self, answer: httpx.Response, *expected: int) -> Any:
        if answer.status_code not in expected:
            raise ProviderError(f"{self.name}: HTTP {answer.status_code} {answer.text[:200]}")
        try:
            return loads_json(answer.content)
        except InputError as exc:
            raise Unreachable(f"{self.name}: unreadable answer") from exc

    def _headers(self) -> dict[str, str]:
        return {API_KEY_HEADER: api_key(self.connection.secret)}

    @abstractmethod
    def start(self, order: Order, callback_url: str, return_url: str) -> Started:
        """Ask the provider to take ``order``."""

    @abstractmethod
    def claim(self, headers: Mapping[str, str], body: bytes) -> Claim:
        """Read a callback; :class:`Forged` when it cannot be the provider's."""

    @abstractmethod
    def verify(self, order: Order) -> Verified:
        """Ask the provider, server to server, what happened to ``order``."""

    @abstractmethod
    def reverse(self, order: Order, request_id: str, callback_url: str) -> Reversal:
        """Ask the provider to give the money back; ``request_id`` makes a retry the same
        request. Raises :class:`Unreachable` when nobody knows whether it was taken."""

    def reversal_state(self, order: Order, reversal_ref: str) -> Reversal:
        """Where a reversal asked earlier stands (polling, for a lost callback)."""
        return Reversal(PENDING, reversal_ref)

    def _refused(self, answer: httpx.Response) -> Reversal:
        """A 4xx answer to a reversal: the provider's definite no, with its reason."""
        try:
            detail = loads_json(answer.content)
        except InputError:
            detail = None
        reason = detail.get("detail") if isinstance(detail, dict) else None
        return Reversal(REFUSED, reason=str(reason or f"HTTP {answer.status_code}")[:200])

    def statement(self, day: date) -> list[StatementLine]:
        """Every payment the provider moved for us on ``day``."""
        answer = self._call(
            "GET",
            f"/statement/{self.name}/{self.connection.merchant}",
            params={"day": day.isoformat()},
            headers=self._headers(),
        )
        lines = self._json(answer, 200)
        return [
            StatementLine(
                str(line["their_ref"]),
                str(line["our_ref"]),
                _amount(line["amount"]) or Decimal(0),
                str(line["status"]),
            )
            for line in lines
        ]


def _read_json(body: bytes) -> dict[str, Any]:
    try:
        value = loads_json(body)
    except InputError as exc:
        raise Forged("the callback is not JSON") from exc
    if not isinstance(value, dict):
        raise Forged("the callback is not a JSON object")
    return value


class GsmaAdapter(Adapter):
    """GSMA Mobile Money API merchant payment: request to pay, 202, callback, polling."""

    name = "gsma"
    asynchronous = True

    def start(self, order: Order, callback_url: str, return_url: str) -> Started:
        body = {
            "amount": str(order.amount),
            "currency": order.currency,
            "debitParty": [{"key": "msisdn", "value": order.payer or ""}],
            "creditParty": [{"key": "accountid", "value": self.connection.merchant}],
            "requestingOrganisationTransactionReference": order.reference,
        }
        headers = {
            **self._headers(),
            "X-CorrelationID": order.reference,
            "X-Callback-URL": callback_url,
        }
        answer = self._call(
            "POST", "/gsma/transactions/type/merchantpay", json=body, headers=headers
        )
        value = self._json(answer, 202)
        return Started(provider_ref=str(value["serverCorrelationId"]))

    def claim(self, headers: Mapping[str, str], body: bytes) -> Claim:
        """The callback is not signed: it only says which payment to ask about."""
        value = _read_json(body)
        reference = value.get("requestingOrganisationTransactionReference")
        if not isinstance(reference, str):
            raise Forged("the callback names no payment")
        status = value.get("transactionStatus")
        if value.get("type") == "reversal":
            correlation = value.get("serverCorrelationId")
            return Claim(
                reference=reference,
                outcome={"reversed": REVERSED, "failed": REFUSED}.get(str(status), PENDING),
                provider_ref=correlation if isinstance(correlation, str) else None,
                reversal=True,
            )
        outcome = {"completed": SUCCESS, "failed": FAILURE}.get(str(status), PENDING)
        correlation = value.get("serverCorrelationId")
        transaction = value.get("transactionReference")
        return Claim(
            reference=reference,
            outcome=outcome,
            provider_ref=correlation if isinstance(correlation, str) else None,
            transaction=transaction
            if isinstance(transaction, str) and outcome == SUCCESS
            else None,
        )

    def _completed(self, order: Order, transaction: str) -> Verified | None:
        """The transaction's own record, when it is ours and completed; else ``None``."""
        answer = self._call(
            "GET", f"/gsma/transactions/{quote(transaction, safe='')}", headers=self._headers()
        )
        if answer.status_code != 200:
            return None
        value = self._json(answer, 200)
        if not isinstance(value, dict) or value.get("transactionStatus") != "completed":
            return None
        if value.get("requestingOrganisationTransactionReference") != order.reference:
            return None
        return Verified(SUCCESS, _amount(value.get("amount")), transaction)

    def verify(self, order: Order) -> Verified:
        """One call when a success callback named its transaction (the provider's record
        of it, ours and completed, is the proof); otherwise the request's state, then the
        transaction it names."""
        if order.transaction:
            found = self._completed(order, order.transaction)
            if found is not None:
                return found
        if not order.provider_ref:
            return Verified(PENDING)
        state = self._json(
            self._call("GET", f"/gsma/requeststates/{order.provider_ref}", headers=self._headers()),
            200,
        )
        if state["status"] == "failed":
            return Verified(FAILURE)
        if state["status"] != "completed":
            return Verified(PENDING)
        transaction = str(state["objectReference"])
        value = self._json(
            self._call("GET", f"/gsma/transactions/{transaction}", headers=self._headers()), 200
        )
        if value.get("requestingOrganisationTransactionReference") != order.reference:
            raise ProviderError("gsma: the transaction is another payment's")
        return Verified(SUCCESS, _amount(value.get("amount")), transaction)

    def reverse(self, order: Order, request_id: str, callback_url: str) -> Reversal:
        """A reversal request on the request's transaction: 202 with its own correlation
        id, its result called back."""
        state = self._json(
            self._call(
                "GET",
                f"/gsma/requeststates/{quote(order.provider_ref or '', safe='')}",
                headers=self._headers(),
            ),
            200,
        )
        transaction = str(state.get("objectReference") or "") if isinstance(state, dict) else ""
        if not transaction:
            return Reversal(REFUSED, reason="the provider knows no transaction for this payment")
        headers = {
            **self._headers(),
            "X-CorrelationID": request_id,
            "X-Callback-URL": callback_url,
        }
        answer = self._call(
            "POST", f"/gsma/transactions/{quote(transaction, safe='')}/reversals", headers=headers
        )
        if 400 <= answer.status_code < 500:
            return self._refused(answer)
        value = self._json(answer, 202)
        return Reversal(PENDING, str(value["serverCorrelationId"]))

    def reversal_state(self, order: Order, reversal_ref: str) -> Reversal:
        answer = self._call(
            "GET", f"/gsma/requeststates/{quote(reversal_ref, safe='')}", headers=self._headers()
        )
        value = self._json(answer, 200)
        status = value.get("status") if isinstance(value, dict) else None
        outcome = {"completed": REVERSED, "failed": REFUSED}.get(str(status), PENDING)
        reason = "refused by the provider" if outcome == REFUSED else ""
        return Reversal(outcome, reversal_ref, reason)


class OrangeAdapter(Adapter):
    """Orange Money web payment: token, payment URL, notification, status query."""

    name = "orange"

    def _token(self) -> str:
        credentials = f"{self.connection.merchant}:{self.connection.secret}".encode()
        answer = self._call(
            "POST",
            "/orange/oauth/v3/token",
            data={"grant_type": "client_credentials"},
            headers={"Authorization": "Basic " + base64.b64encode(credentials).decode()},
        )
        return str(self._json(answer, 200)["access_token"])

    def start(self, order: Order, callback_url: str, return_url: str) -> Started:
        body = {
            "merchant_key": self.connection.merchant,
            "currency": order.currency,
            "order_id": order.reference,
            "amount": str(order.amount),
            "return_url": return_url,
            "cancel_url": return_url,
            "notif_url": callback_url,
            "lang": order.language,
            "reference": order.reference,
        }
        answer = self._call(
            "POST",
            "/orange/webpayment",
            json=body,
            headers={"Authorization": f"Bearer {self._token()}"},
        )
        value = self._json(answer, 201)
        return Started(
            provider_ref=str(value["pay_token"]),
            token=str(value["notif_token"]),
            redirect=str(value["payment_url"]),
        )

    def claim(self, headers: Mapping[str, str], body: bytes) -> Claim:
        """Matched by its ``notif_token``; the services check it is one they handed out."""
        value = _read_json(body)
        token = value.get("notif_token")
        if not isinstance(token, str) or not token:
            raise Forged("the notification carries no notif_token")
        outcome = {"SUCCESS": SUCCESS, "FAILED": FAILURE}.get(str(value.get("status")), PENDING)
        return Claim(token=token, outcome=outcome)

    def verify(self, order: Order) -> Verified:
        if not order.provider_ref:
            return Verified(PENDING)
        body = {
            "order_id": order.reference,
            "amount": str(order.amount),
            "pay_token": order.provider_ref,
        }
        answer = self._call(
            "POST",
            "/orange/transactionstatus",
            json=body,
            headers={"Authorization": f"Bearer {self._token()}"},
        )
        value = self._json(answer, 200)
        outcome = {"SUCCESS": SUCCESS, "FAILED": FAILURE}.get(str(value["status"]), PENDING)
        # The status query is keyed by amount: a success means that amount moved.
        return Verified(outcome, order.amount if outcome == SUCCESS else None, value.get("txnid"))

    def reverse(self, order: Order, request_id: str, callback_url: str) -> Reversal:
        """Orange's web payment has no refund call: the treasurer refunds from its portal."""
        return Reversal(REFUSED, reason="web payments are refunded from the merchant portal")


class CardAdapter(Adapter):
    """A card gateway: a signed redirect, a signed server callback, a signed status answer."""

    name = "card"

    def start(self, order: Order, callback_url: str, return_url: str) -> Started:
        params = {
            "merchant": self.connection.merchant,
            "order": order.reference,
            "amount": str(order.amount),
            "currency": order.currency,
            "return_url": return_url,
            "callback_url": callback_url,
        }
        params["signature"] = sign(self.connection.secret, canonical(params))
        base = self.connection.base_url.rstrip("/")
        return Started(redirect=f"{base}/card/pay?{urlencode(params)}")

    def _signed(self, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
        if not valid(self.connection.secret, body, headers.get(SIGNATURE_HEADER, "")):
            raise Forged("bad signature")
        return _read_json(body)

    def claim(self, headers: Mapping[str, str], body: bytes) -> Claim:
        value = self._signed(headers, body)
        outcome = {"approved": SUCCESS, "declined": FAILURE}.get(str(value.get("status")), PENDING)
        return Claim(reference=str(value.get("order")), outcome=outcome)

    def verify(self, order: Order) -> Verified:
        answer = self._call("GET", f"/card/orders/{self.connection.merchant}/{order.reference}")
        if answer.status_code == 404:
            return Verified(PENDING)
        if answer.status_code != 200:
            raise ProviderError(f"card: HTTP {answer.status_code}")
        value = self._signed(answer.headers, answer.content)
        outcome = {"approved": SUCCESS, "declined": FAILURE}.get(str(value["status"]), PENDING)
        return Verified(outcome, _amount(value.get("amount")), value.get("transaction_id"))

    def reverse(self, order: Order, request_id: str, callback_url: str) -> Reversal:
        """The gateway refunds its transaction at once (202) or says no (4xx)."""
        transaction = quote(order.provider_ref or "", safe="")
        answer = self._call("POST", f"/card/orders/{transaction}/refund", headers=self._headers())
        if 400 <= answer.status_code < 500:
            return self._refused(answer)
        value = self._json(answer, 202)
        return Reversal(REVERSED, str(value.get("refund_id") or request_id))


ADAPTERS: dict[str, type[Adapter]] = {a.name: a for a in (GsmaAdapter, OrangeAdapter, CardAdapter)}
