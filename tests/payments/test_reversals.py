"""Reversals go through the outbox and are settled by the provider's answer, over real HTTP.

The treasurer's request is recorded (the payment is ``reversing``, a message waits in
the outbox); the outbox sends it, retrying while the provider fails; the provider's
callback, checked with the provider, or the ``check`` job's polling records the result:
reversed, or refused (credited again). Each step leaves an audit event.
"""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, update

from municipality import audit
from municipality.db import set_commune_scope, utcnow
from municipality.errors import InvalidTransition
from municipality.jobs import deliver_outbox
from municipality.models import OutboxMessage
from municipality.tenancy import commune_by_slug
from payments.jobs import check_open_payments
from payments.permissions import Perm
from payments.services import intents, reversals
from tests.payments.test_callbacks import callback_url
from tests.payments.test_flows import new_payment, state, wait_for

TREASURER = frozenset({Perm.REVERSE})


def _credited(db, served_app, sim, provider: str = "gsma") -> tuple[str, str]:
    slug, reference, redirect = new_payment(db, served_app, provider)
    if provider == "card":  # the payer goes through the gateway's page, signed
        page = httpx.get(redirect, follow_redirects=True)
        httpx.post(str(page.url), data={"outcome": "success"}, follow_redirects=False)
    else:
        sim.control("settle", {"our_ref": reference, "outcome": "success"})
    wait_for(lambda: state(db, reference).state == "confirmed")
    return slug, reference


def _ask(db, served_app, slug: str, reference: str) -> None:
    with db() as session:
        commune = commune_by_slug(session, slug)
        set_commune_scope(session, commune.id)
        payment = intents.by_reference(session, reference)
        reversals.ask(
            session,
            registry=served_app.registry,
            actor="treasurer@x",
            commune=commune,
            payment=payment,
            permissions=TREASURER,
        )


def _actions(db, reference: str) -> list[str]:
    payment = state(db, reference)
    with db() as session:
        set_commune_scope(session, payment.commune_id)
        return [e.action for e in audit.history(session, "payment", str(payment.public_id))]


def _reversal_message(db) -> OutboxMessage:
    with db() as session:
        message = session.execute(
            select(OutboxMessage).where(OutboxMessage.destination == reversals.DESTINATION)
        ).scalar_one()
        session.expunge(message)
        return message


def test_a_reversal_is_sent_by_the_outbox_and_settled_by_the_providers_callback(
    db, served_app, sim
):
    slug, reference = _credited(db, served_app, sim)
    _ask(db, served_app, slug, reference)
    assert state(db, reference).state == "reversing"
    assert _reversal_message(db).state == "pending"
    deliver_outbox(served_app.registry)
    assert _reversal_message(db).state == "delivered", _reversal_message(db).last_error
    wait_for(lambda: state(db, reference).state == "reversed")
    assert state(db, reference).reversal_ref
    actions = _actions(db, reference)
    assert actions[-4:] == [
        "payments:payment:reversing",
        "payments:payment:reversal_sent",
        "payments:payment:reversed",
        "payments:callback:reversed",
    ]
    assert sim.simulator._by_reference(reference).reversed


def test_a_provider_fault_is_retried_until_the_reversal_gets_through(db, served_app, sim):
    slug, reference = _credited(db, served_app, sim)
    _ask(db, served_app, slug, reference)
    sim.control("faults", {"error_rate": 1})
    deliver_outbox(served_app.registry)
    failed = _reversal_message(db)
    assert (failed.state, failed.attempts) == ("pending", 1)
    assert "503" in (failed.last_error or "")
    assert state(db, reference).state == "reversing"
    sim.control("faults", {"error_rate": 0})
    with db() as session:  # the backoff has passed
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == failed.id)
            .values(next_attempt_at=utcnow() - timedelta(seconds=1))
        )
    deliver_outbox(served_app.registry)
    assert _reversal_message(db).state == "delivered"
    wait_for(lambda: state(db, reference).state == "reversed")


def test_a_refused_reversal_leaves_the_payment_credited_with_the_reason(db, served_app, sim):
    slug, reference = _credited(db, served_app, sim)
    sim.control("faults", {"reversal_outcome": "refused"})
    _ask(db, served_app, slug, reference)
    deliver_outbox(served_app.registry)
    wait_for(lambda: "payments:callback:refused" in _actions(db, reference))
    assert state(db, reference).state == "confirmed"
    assert "payments:payment:reversal_refused" in _actions(db, reference)
    assert not sim.simulator._by_reference(reference).reversed


def test_a_card_gateway_refusal_is_recorded_at_once(db, served_app, sim):
    slug, reference = _credited(db, served_app, sim, "card")
    sim.control("faults", {"reversal_outcome": "refused"})
    _ask(db, served_app, slug, reference)
    deliver_outbox(served_app.registry)
    assert state(db, reference).state == "confirmed"
    payment = state(db, reference)
    with db() as session:
        set_commune_scope(session, payment.commune_id)
        refused = [
            e
            for e in audit.history(session, "payment", str(payment.public_id))
            if e.action == "payments:payment:reversal_refused"
        ]
    assert "insufficient merchant balance" in refused[0].changes["reason"][1]


def test_a_card_refund_is_reversed_at_once(db, served_app, sim):
    slug, reference = _credited(db, served_app, sim, "card")
    _ask(db, served_app, slug, reference)
    deliver_outbox(served_app.registry)
    assert state(db, reference).state == "reversed", _actions(db, reference)


def test_duplicates_reverse_once(db, served_app, sim):
    """A second request is refused, repeated callbacks and a redelivery change nothing."""
    slug, reference = _credited(db, served_app, sim)
    _ask(db, served_app, slug, reference)
    with pytest.raises(InvalidTransition):
        _ask(db, served_app, slug, reference)
    sim.control("faults", {"callback_repeats": 3})
    deliver_outbox(served_app.registry)
    wait_for(lambda: _actions(db, reference).count("payments:callback:duplicate") == 3)
    actions = _actions(db, reference)
    assert actions.count("payments:payment:reversed") == 1
    assert actions.count("payments:callback:reversed") == 1
    with db() as session:  # the message delivered again by hand: nothing moves
        message = session.get(OutboxMessage, _reversal_message(db).id)
        reversals.deliver(served_app.gateway, served_app.registry, message)
    assert _actions(db, reference) == actions
    with db() as session:
        commune = commune_by_slug(session, slug)
        set_commune_scope(session, commune.id)
        payment = intents.by_reference(session, reference)
        with pytest.raises(InvalidTransition):
            reversals.ask(
                session,
                registry=served_app.registry,
                actor="t@x",
                commune=commune,
                payment=payment,
                permissions=TREASURER,
            )


def test_a_lost_reversal_callback_is_made_up_by_polling(db, served_app, sim):
    slug, reference = _credited(db, served_app, sim)
    sim.control("faults", {"callback_loss_rate": 1})
    _ask(db, served_app, slug, reference)
    deliver_outbox(served_app.registry)
    assert state(db, reference).state == "reversing"
    assert check_open_payments(served_app.registry) == []
    assert state(db, reference).state == "reversed", _actions(db, reference)


def test_a_forged_reversal_callback_reverses_nothing(db, served_app, sim):
    slug, reference = _credited(db, served_app, sim)
    _ask(db, served_app, slug, reference)
    body = (
        b'{"type": "reversal", "requestingOrganisationTransactionReference": "'
        + reference.encode()
        + b'", "transactionStatus": "reversed", "serverCorrelationId": "made-up"}'
    )
    answer = httpx.put(callback_url(served_app, slug, "gsma"), content=body)
    assert (answer.status_code, answer.json()) == (503, {"outcome": "unverified"})
    assert state(db, reference).state == "reversing"
