"""Payment intents: asked for a payable, sent to a provider, credited on verified proof only.

A callback is a hint, never proof: it names a payment, then the provider is asked
server to server (:meth:`Adapter.verify`) what really happened, and only that answer
moves money. Each payment is locked while its outcome is applied, so duplicates,
replays and callbacks racing each other credit once; a late failure after a success is
absorbed, a success after a failure is credited (the money did move). Every callback,
whatever it brings, leaves an audit event.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from pyramid.registry import Registry
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, object_session

from municipality import audit, outbox
from municipality.activation import enabled_modules
from municipality.db import ALL_COMMUNES, utcnow
from municipality.errors import Conflict, NotFound, ValidationFailed
from municipality.i18n import _
from municipality.lookup import by_public_id
from municipality.models import Commune, OutboxMessage
from municipality.payables import Payable, PayableObject
from municipality.providers import Kind, enabled_providers
from payments import money
from payments.adapters import (
    FAILURE,
    SUCCESS,
    Claim,
    Forged,
    Order,
    ProviderError,
    Started,
    Verified,
)
from payments.gateway import PROVIDERS, Gateway
from payments.models import Payment
from payments.permissions import Perm
from payments.services import ledgers, receipts
from payments.services.fees import price
from payments.workflow import CREDITED, PAYMENT_WORKFLOW

SYSTEM = frozenset({Perm.CONFIRM, Perm.PAY})
SYSTEM_ACTOR = receipts.SYSTEM_ACTOR
DESTINATION_PREFIX = "payments:"
ONLINE_PROVIDERS = PROVIDERS
CASH = "cash"


@dataclass(frozen=True)
class CallbackResult:
    """How a callback was taken: its outcome (for the audit and the answer) and HTTP status."""

    outcome: str
    status: int
    payment: Payment | None = None


def destination(provider: str) -> str:
    """The outbox destination of a provider's start requests (``payments:gsma``)."""
    return DESTINATION_PREFIX + provider


def payables(registry: Registry, session: Session, commune: Commune) -> dict[str, PayableObject]:
    """The payable kinds the commune's modules offer, by provider name."""
    enabled = enabled_modules(session, commune.id)
    found = enabled_providers(registry, Kind.PAYABLE_OBJECT, enabled)
    return {o.name: o.provider for o in found}


def find_payable(
    registry: Registry, session: Session, commune: Commune, kind: str, reference: str
) -> Payable:
    """What ``reference`` of ``kind`` stands for, or ``NotFound``."""
    offered = payables(registry, session, commune).get(kind)
    found = offered.find(session, reference) if offered is not None else None
    if found is None:
        raise NotFound(_("There is nothing to pay under this reference."))
    return found


def amount_of(session: Session, commune: Commune, payable: Payable) -> Decimal:
    """What ``payable`` costs in the commune now: its own amount, or its catalogue price."""
    if payable.amount is not None:
        return money.exact(payable.amount, commune.currency)
    if payable.fee_item is None:
        raise ValidationFailed("no price", {"reference": _("This item has no price.")})
    return price(session, commune, payable.fee_item, payable.quantity)


def _new_reference() -> str:
    """Our reference, as sent to the provider: short, unambiguous, unguessable."""
    return "PAY-" + secrets.token_hex(8).upper()


def request_payment(
    session: Session,
    *,
    actor: str,
    commune: Commune,
    registry: Registry,
    kind: str,
    reference: str,
    provider: str,
    payer: str | None = None,
) -> Payment:
    """A new payment intent for a payable, at the price it costs now; audited.

    A payable already paid is refused. An open intent for it stays as it is: the payer
    may start again with another provider, and the reconciliation finds any double.
    """
    if provider not in (*ONLINE_PROVIDERS, CASH):
        raise ValidationFailed("unknown provider", {"provider": _("Choose how to pay.")})
    payable = find_payable(registry, session, commune, kind, reference)
    paid = session.execute(
        select(Payment.id).where(
            Payment.payable_kind == kind,
            Payment.payable_ref == payable.reference,
            Payment.state == CREDITED,
        )
    ).first()
    if paid is not None:
        raise Conflict(_("This has already been paid."))
    payment = Payment(
        commune_id=commune.id,
        reference=_new_reference(),
        payable_kind=kind,
        payable_ref=payable.reference,
        title=payable.title[:200],
        amount=amount_of(session, commune, payable),
        currency=commune.currency,
        provider=provider,
        state=PAYMENT_WORKFLOW.initial,
        payer=payer,
    )
    audit.write(
        session,
        payment,
        actor=actor,
        action="payments:payment:created",
        object_type="payment",
        changes={
            "amount": [None, str(payment.amount)],
            "provider": [None, provider],
            "payable": [None, f"{kind}:{payable.reference}"],
        },
    )
    return payment


def order(payment: Payment, language: str = "fr") -> Order:
    """What an adapter is told of a payment."""
    return Order(
        reference=payment.reference,
        amount=money.rounded(payment.amount, payment.currency),
        currency=payment.currency,
        payer=payment.payer,
        provider_ref=payment.provider_ref,
        token=payment.token,
        language=language,
    )


def start(
    session: Session,
    *,
    actor: str,
    commune: Commune,
    gateway: Gateway,
    payment: Payment,
    language: str = "fr",
) -> str | None:
    """Send the payment to its provider; returns where to send the payer, if anywhere.

    A provider that calls the payer's phone (GSMA) is asked through the outbox, so the
    request is retried until it gets through; a web payment (Orange, card) is asked at
    once, the payer waiting for its page. A provider that does not answer leaves the
    payment as it was, to be started again.
    """
    if payment.provider == CASH or payment.state != PAYMENT_WORKFLOW.initial:
        raise Conflict(_("This payment has already been started."))
    adapter = gateway.adapter(commune.slug, payment.provider)
    if adapter.asynchronous:
        outbox.enqueue(
            session,
            destination=destination(payment.provider),
            payload={"reference": payment.reference, "commune": commune.slug},
            idempotency_key=f"payments:start:{payment.reference}",
            commune_id=commune.id,
        )
        started = Started()
    else:
        try:
            started = adapter.start(
                order(payment, language),
                gateway.callback_url(commune.slug, payment.provider),
                gateway.return_url(commune.slug, payment.public_id),
            )
        except ProviderError as exc:
            raise Conflict(
                _("The payment service did not answer; please try again in a moment.")
            ) from exc
    payment.provider_ref = started.provider_ref
    payment.token = started.token
    payment.submitted_at = utcnow()
    PAYMENT_WORKFLOW.run(session, payment, "submit", actor=actor, permissions=SYSTEM)
    return started.redirect


def deliver_start(gateway: Gateway, message: OutboxMessage) -> None:
    """The outbox deliverer of asynchronous starts: ask the provider, keep its id.

    The request carries our reference as its correlation id, so a retry after a lost
    answer finds the same request at the provider instead of asking twice.
    """
    session = object_session(message)
    assert session is not None
    payment = session.execute(
        select(Payment).where(Payment.reference == message.payload["reference"]),
        execution_options={ALL_COMMUNES: True},
    ).scalar_one()
    if payment.provider_ref is not None or payment.state != "pending":
        return
    audit.hold_chain(session, payment.commune_id)  # before the payment's row: see _locked
    slug = message.payload["commune"]
    started = gateway.adapter(slug, payment.provider).start(
        order(payment), gateway.callback_url(slug, payment.provider), ""
    )
    with audit.tracked(
        session,
        payment,
        actor=SYSTEM_ACTOR,
        action="payments:payment:sent",
        object_type="payment",
        values=lambda p: {"provider_ref": p.provider_ref},
    ):
        payment.provider_ref = started.provider_ref


def _locked(session: Session, payment_id: int) -> Payment:
    """The payment, locked until the transaction ends and read afresh.

    The commune's audit chain is taken first (:func:`audit.hold_chain`): an outbox batch
    holds it while it writes payments, so the head always comes before a payment's row.
    """
    commune_id = session.execute(
        select(Payment.commune_id).where(Payment.id == payment_id),
        execution_options={ALL_COMMUNES: True},
    ).scalar_one()
    audit.hold_chain(session, commune_id)
    return session.execute(
        select(Payment)
        .where(Payment.id == payment_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


def _log_callback(
    session: Session,
    commune: Commune,
    *,
    provider: str,
    outcome: str,
    payment: Payment | None,
    detail: dict[str, Any],
) -> None:
    audit.record(
        session,
        commune_id=commune.id,
        actor=f"provider:{provider}",
        action=f"payments:callback:{outcome}",
        object_type="payment" if payment is not None else "payment_callback",
        object_id=str(payment.public_id) if payment is not None else provider,
        changes={k: [None, v] for k, v in detail.items()},
    )


def _claimed(session: Session, provider: str, claim: Claim) -> Payment | None:
    if claim.token is not None:
        where = Payment.token == claim.token
    else:
        where = Payment.reference == (claim.reference or "")
    return session.execute(
        select(Payment).where(where, Payment.provider == provider)
    ).scalar_one_or_none()


def take_callback(
    session: Session,
    *,
    commune: Commune,
    gateway: Gateway,
    registry: Registry,
    provider: str,
    headers: Any,
    body: bytes,
) -> CallbackResult:
    """Take a provider's callback: identify, verify with the provider, apply once; logged.

    Nothing is raised: a refused callback must still leave its audit event, so the
    caller answers with the returned status inside a committed transaction.
    """
    adapter = gateway.adapter(commune.slug, provider)
    try:
        claim = adapter.claim(headers, body)
    except Forged as exc:
        _log_callback(
            session,
            commune,
            provider=provider,
            outcome="forged",
            payment=None,
            detail={"reason": str(exc)},
        )
        return CallbackResult("forged", 403)
    payment = _claimed(session, provider, claim)
    if payment is None:
        detail = {"reference": claim.reference, "token": claim.token}
        _log_callback(
            session, commune, provider=provider, outcome="unknown", payment=None, detail=detail
        )
        return CallbackResult("unknown", 404)
    if claim.reversal:
        return _reversal_callback(
            session,
            commune=commune,
            gateway=gateway,
            registry=registry,
            provider=provider,
            payment=payment,
            claim=claim,
        )
    asked = order(payment)
    if asked.provider_ref is None and claim.provider_ref:  # the callback overtook our record
        asked = replace(asked, provider_ref=claim.provider_ref)
    if claim.transaction:
        asked = replace(asked, transaction=claim.transaction)
    try:
        verified = adapter.verify(asked)
    except ProviderError as exc:
        _log_callback(
            session,
            commune,
            provider=provider,
            outcome="unverified",
            payment=payment,
            detail={"reason": str(exc)},
        )
        return CallbackResult("unverified", 503, payment)
    outcome = apply(session, registry=registry, payment_id=payment.id, verified=verified)
    detail = {"claimed": claim.outcome, "verified": verified.outcome}
    _log_callback(
        session, commune, provider=provider, outcome=outcome, payment=payment, detail=detail
    )
    return CallbackResult(outcome, 409 if outcome == "wrong_amount" else 200, payment)


def _reversal_callback(
    session: Session,
    *,
    commune: Commune,
    gateway: Gateway,
    registry: Registry,
    provider: str,
    payment: Payment,
    claim: Claim,
) -> CallbackResult:
    """A callback about a reversal we asked for: checked with the provider, then recorded."""
    from payments.services import reversals  # reversals build on this module

    try:
        outcome = reversals.take_callback(
            session,
            gateway=gateway,
            registry=registry,
            commune=commune,
            payment=payment,
            claim=claim,
        )
    except ProviderError as exc:
        detail = {"reason": str(exc)}
        _log_callback(
            session,
            commune,
            provider=provider,
            outcome="unverified",
            payment=payment,
            detail=detail,
        )
        return CallbackResult("unverified", 503, payment)
    detail = {"claimed": f"reversal:{claim.outcome}"}
    _log_callback(
        session, commune, provider=provider, outcome=outcome, payment=payment, detail=detail
    )
    return CallbackResult(outcome, 200, payment)


def apply(session: Session, *, registry: Registry, payment_id: int, verified: Verified) -> str:
    """Apply what the provider said, under the payment's lock; returns what it did.

    ``credited``, ``failed``: the payment moved. ``duplicate``: it already had that
    outcome. ``late_failure``: a failure after a success, absorbed. ``wrong_amount``:
    money moved but not the amount asked: to reconcile, for the treasurer. ``pending``:
    nothing known yet.
    """
    payment = _locked(session, payment_id)
    if verified.outcome == SUCCESS:
        if payment.state == CREDITED:
            return "duplicate"
        if verified.amount is None or not money.same(verified.amount, payment.amount):
            if payment.state in ("pending", "created"):
                leave_to_reconcile(session, payment)
            return "wrong_amount"
        credit(session, registry=registry, payment=payment, verified=verified, actor=SYSTEM_ACTOR)
        return "credited"
    if verified.outcome == FAILURE:
        if payment.state == CREDITED:
            return "late_failure"
        if payment.state == "failed":
            return "duplicate"
        PAYMENT_WORKFLOW.run(session, payment, "fail", actor=SYSTEM_ACTOR, permissions=SYSTEM)
        return "failed"
    return "pending"


def leave_to_reconcile(session: Session, payment: Payment) -> None:
    """Stop waiting: nobody can tell whether the money moved, so the statement will say."""
    if payment.state == "created":
        PAYMENT_WORKFLOW.run(session, payment, "submit", actor=SYSTEM_ACTOR, permissions=SYSTEM)
    PAYMENT_WORKFLOW.run(session, payment, "time_out", actor=SYSTEM_ACTOR, permissions=SYSTEM)


def credit(
    session: Session, *, registry: Registry, payment: Payment, verified: Verified, actor: str
) -> None:
    """Credit a verified payment, seal or ask for its receipt, tell the payable's module.

    A provider's callback only asks for the receipt (the outbox seals it moments later):
    rendering its PDF in the callback's transaction held every other callback of the
    commune behind the document counter's lock.
    """
    payment.confirmed_amount = verified.amount
    payment.confirmed_at = utcnow()
    if verified.transaction:
        payment.provider_ref = payment.provider_ref or verified.transaction
    PAYMENT_WORKFLOW.run(
        session,
        payment,
        "confirm",
        actor=actor,
        permissions=SYSTEM,
        data={"amount": verified.amount},
    )
    commune = session.get(Commune, payment.commune_id)
    assert commune is not None
    offered = payables(registry, session, commune).get(payment.payable_kind)
    payable = offered.find(session, payment.payable_ref) if offered is not None else None
    if offered is not None:
        offered.settled(session, payment.payable_ref, receipt=payment.reference)
    ledgers.book(registry, session, commune, payment, payable)
    if payment.provider == CASH:  # the cashier hands the paper over at once
        receipts.issue_receipt(session, registry, actor=actor, commune=commune, payment=payment)
    else:
        receipts.queue_receipt(session, payment)


def check_open(
    session: Session, *, commune: Commune, gateway: Gateway, registry: Registry, after: timedelta
) -> dict[str, int]:
    """Ask the provider about every payment still open; past ``after``, leave it to reconcile.

    The job's safety net for callbacks that never came: what the provider confirms is
    credited, what it refused fails, and a payment nobody can tell about after ``after``
    waits for the reconciliation rather than failing.
    """
    counts: dict[str, int] = {}
    open_ = select(Payment).where(
        Payment.state.in_(("pending", "to_reconcile")), Payment.provider != CASH
    )
    late = set(
        session.execute(
            select(Payment.id).where(
                Payment.state == "pending", Payment.submitted_at <= utcnow() - after
            )
        ).scalars()
    )
    for payment in list(session.execute(open_).scalars()):
        try:
            verified = gateway.adapter(commune.slug, payment.provider).verify(order(payment))
        except ProviderError:  # unreachable or confused: ask again next time
            verified = Verified("pending")
        outcome = apply(session, registry=registry, payment_id=payment.id, verified=verified)
        if outcome == "pending" and payment.state == "pending" and payment.id in late:
            leave_to_reconcile(session, payment)
            outcome = "to_reconcile"
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def get(session: Session, public_id: str | uuid.UUID) -> Payment:
    """A payment of the session's commune."""
    return by_public_id(session, Payment, public_id, _("This payment does not exist here."))


def by_reference(session: Session, reference: str) -> Payment:
    """A payment of the session's commune by our reference (what a receipt or a payer quotes)."""
    found = session.execute(
        select(Payment).where(Payment.reference == reference)
    ).scalar_one_or_none()
    if found is None:
        raise NotFound(_("No payment has this reference here."))
    return found


def query(
    *, state: str | None = None, provider: str | None = None, text: str | None = None
) -> Select[tuple[Payment]]:
    """Payments of the session's commune, newest first, filtered."""
    stmt = select(Payment)
    if state:
        stmt = stmt.where(Payment.state == state)
    if provider:
        stmt = stmt.where(Payment.provider == provider)
    if text:
        pattern = f"%{text.strip()}%"
        stmt = stmt.where(
            or_(
                Payment.reference.ilike(pattern),
                Payment.title.ilike(pattern),
                Payment.payable_ref.ilike(pattern),
                Payment.payer.ilike(pattern),
            )
        )
    return stmt.order_by(Payment.created_at.desc(), Payment.id.desc())


def state_counts(session: Session) -> dict[str, int]:
    """How many payments of the session's commune are in each state."""
    stmt = select(Payment.state, func.count()).group_by(Payment.state)
    return dict(session.execute(stmt).tuples().all())
