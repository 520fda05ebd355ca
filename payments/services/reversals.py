"""Reversals: the treasurer asks, the outbox sends, the provider's answer decides.

Cash is given back over the counter at once. A payment made through a provider becomes
``reversing`` and its request waits in the outbox, in the same transaction: the outbox
sends it (our request id makes a retry the same request at the provider), retrying
while the provider does not answer. The provider's result (reversed, or refused: the
payment is credited again) comes by its callback, which is only a hint verified with
the provider, or by the ``check`` job asking about reversals still open. Every step
is audited. A payment once reversed is taken out of the commune's revenue ledgers.
"""

from __future__ import annotations

import uuid

from pyramid.registry import Registry
from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from municipality import audit, outbox
from municipality.db import ALL_COMMUNES
from municipality.models import Commune, OutboxMessage
from payments.adapters import PENDING, REFUSED, REVERSED, Claim, ProviderError, Reversal
from payments.gateway import Gateway
from payments.models import Payment
from payments.services import ledgers
from payments.services.intents import CASH, SYSTEM, SYSTEM_ACTOR, order
from payments.workflow import PAYMENT_WORKFLOW, REVERSING

DESTINATION = "payments:reversal"


def ask(
    session: Session,
    *,
    registry: Registry,
    actor: str,
    commune: Commune,
    payment: Payment,
    permissions: frozenset[str],
) -> Payment:
    """Give a credited payment back (the treasurer's decision); audited.

    Cash is reversed at once. Otherwise the request is queued for the provider and the
    payment is ``reversing`` until the provider answers.
    """
    if payment.provider == CASH:
        PAYMENT_WORKFLOW.run(session, payment, "reverse", actor=actor, permissions=permissions)
        ledgers.unbook(registry, session, commune, payment.reference)
        return payment
    PAYMENT_WORKFLOW.run(session, payment, "ask_reversal", actor=actor, permissions=permissions)
    request_id = f"{payment.reference}-R{uuid.uuid4().hex[:8].upper()}"
    outbox.enqueue(
        session,
        destination=DESTINATION,
        payload={"reference": payment.reference, "commune": commune.slug, "request": request_id},
        idempotency_key=f"{DESTINATION}:{request_id}",
        commune_id=commune.id,
    )
    return payment


def deliver(gateway: Gateway, registry: Registry, message: OutboxMessage) -> None:
    """The outbox deliverer of reversal requests; an unreachable provider raises (retry).

    A payment no longer ``reversing`` (the answer came another way) is left alone.
    """
    session = object_session(message)
    assert session is not None
    payment = session.execute(
        select(Payment).where(Payment.reference == message.payload["reference"]),
        execution_options={ALL_COMMUNES: True},
    ).scalar_one()
    if payment.state != REVERSING:
        return
    audit.hold_chain(session, payment.commune_id)  # the head before the payment's row
    slug = message.payload["commune"]
    answer = gateway.adapter(slug, payment.provider).reverse(
        order(payment),
        message.payload["request"],
        gateway.callback_url(slug, payment.provider),
    )
    record(session, payment, answer, registry=registry)


def record(session: Session, payment: Payment, answer: Reversal, *, registry: Registry) -> str:
    """Apply where the provider says the reversal stands; returns what it did.

    ``reversed`` and ``refused`` move the payment (a refusal credits it again, with the
    provider's reason in the audit trail); ``sent``: the provider took the request and
    will answer; ``pending``: nothing new; ``duplicate``: the payment is no longer
    waiting for a reversal.
    """
    if payment.state != REVERSING:
        return "duplicate"
    if answer.outcome == REVERSED:
        action, outcome = "reversal_done", "reversed"
    elif answer.outcome == REFUSED:
        action, outcome = "reversal_refused", "refused"
    elif answer.reversal_ref and answer.reversal_ref != payment.reversal_ref:
        with audit.tracked(
            session,
            payment,
            actor=SYSTEM_ACTOR,
            action="payments:payment:reversal_sent",
            object_type="payment",
            values=lambda p: {"reversal_ref": p.reversal_ref},
        ):
            payment.reversal_ref = answer.reversal_ref
        return "sent"
    else:
        return "pending"
    payment.reversal_ref = answer.reversal_ref or payment.reversal_ref
    PAYMENT_WORKFLOW.run(session, payment, action, actor=SYSTEM_ACTOR, permissions=SYSTEM)
    if outcome == "reversed":
        commune = session.get(Commune, payment.commune_id)
        assert commune is not None
        ledgers.unbook(registry, session, commune, payment.reference)
    if outcome == "refused":
        audit.write(
            session,
            payment,
            actor=SYSTEM_ACTOR,
            action="payments:payment:reversal_refused",
            object_type="payment",
            changes={"reason": [None, answer.reason]},
        )
    return outcome


def take_callback(
    session: Session,
    *,
    gateway: Gateway,
    registry: Registry,
    commune: Commune,
    payment: Payment,
    claim: Claim,
) -> str:
    """A provider's word on a reversal, checked with the provider before it is recorded."""
    audit.hold_chain(session, payment.commune_id)  # the head before the payment's row
    locked = session.execute(
        select(Payment)
        .where(Payment.id == payment.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()
    if locked.state != REVERSING:
        return "duplicate"
    reversal_ref = locked.reversal_ref or claim.provider_ref
    if not reversal_ref:
        return "pending"
    answer = gateway.adapter(commune.slug, locked.provider).reversal_state(
        order(locked), reversal_ref
    )
    return record(session, locked, answer, registry=registry)


def check_open(
    session: Session, *, commune: Commune, gateway: Gateway, registry: Registry
) -> dict[str, int]:
    """Ask the provider about every reversal it took and has not answered (lost callbacks)."""
    counts: dict[str, int] = {}
    waiting = select(Payment).where(Payment.state == REVERSING, Payment.reversal_ref.is_not(None))
    for payment in list(session.execute(waiting).scalars()):
        assert payment.reversal_ref is not None
        try:
            answer = gateway.adapter(commune.slug, payment.provider).reversal_state(
                order(payment), payment.reversal_ref
            )
        except ProviderError:  # unreachable or confused: ask again next time
            answer = Reversal(PENDING)
        outcome = record(session, payment, answer, registry=registry)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts
