"""Every provider's flow, end to end over real HTTP: the app, the simulator, the callbacks.

The payer's part (approving on the phone or the payment page) is played by the
simulator's control endpoint or its payer page; everything else is what production does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import select

from municipality import audit
from municipality.db import set_commune_scope
from municipality.jobs import deliver_outbox
from municipality.models import AuditEvent, OutboxMessage
from municipality.tenancy import commune_by_slug
from payments.models import Payment
from payments.services import intents
from tests import factories

WAIT_SECONDS = 10


def wait_for(check: Callable[[], bool]) -> None:
    """Poll until ``check()`` holds (callbacks arrive from the simulator's own thread)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


def new_payment(db, served_app, provider: str, country: str = "MA") -> tuple[str, str, str]:
    """A started payment; returns (commune slug, our reference, where the payer goes)."""
    with db() as session:
        commune = factories.payments_commune(session, country=country)
        payment = factories.payment(session, commune_=commune, provider=provider)
        redirect = intents.start(
            session,
            actor="resident@x",
            commune=commune,
            gateway=served_app.gateway,
            payment=payment,
        )
        slug, reference = commune.slug, payment.reference
    if provider == "gsma":
        deliver_outbox(served_app.registry)
    return slug, reference, redirect or ""


def state(db, reference: str) -> Payment:
    with db() as session:
        payment = session.execute(
            select(Payment).where(Payment.reference == reference),
            execution_options={"all_communes": True},
        ).scalar_one()
        session.expunge(payment)
        return payment


def callback_actions(db, reference: str) -> list[str]:
    with db() as session:
        payment = state(db, reference)
        set_commune_scope(session, payment.commune_id)
        return [
            e.action
            for e in audit.history(session, "payment", str(payment.public_id))
            if e.action.startswith("payments:callback:")
        ]


def test_gsma_request_to_pay_goes_through_the_outbox_and_is_credited_on_the_callback(
    db, served_app, sim
):
    _slug, reference, redirect = new_payment(db, served_app, "gsma")
    assert redirect == ""
    sent = state(db, reference)
    assert sent.state == "pending"
    assert sent.provider_ref
    with db() as session:
        message = session.execute(select(OutboxMessage)).scalars().one()
        assert (message.destination, message.state) == ("payments:gsma", "delivered")
    sim.control("settle", {"our_ref": reference, "outcome": "success"})
    wait_for(lambda: state(db, reference).state == "confirmed")
    credited = state(db, reference)
    assert credited.confirmed_amount == Decimal("20.50")
    assert callback_actions(db, reference) == ["payments:callback:credited"]


def test_orange_web_payment_is_matched_by_its_token_and_confirmed_by_a_status_query(
    db, served_app, sim
):
    _slug, reference, redirect = new_payment(db, served_app, "orange", country="ML")
    assert redirect.startswith(f"{sim.url}/orange/pay/")
    # The payer pays on Orange's page and is sent back: the browser's return credits nothing.
    answer = httpx.post(redirect, data={"outcome": "success"}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].endswith(str(state(db, reference).public_id))
    wait_for(lambda: state(db, reference).state == "confirmed")
    assert state(db, reference).confirmed_amount == Decimal("500")
    assert state(db, reference).currency == "XOF"


def test_card_gateway_signed_redirect_and_signed_callback(db, served_app, sim):
    _slug, reference, redirect = new_payment(db, served_app, "card")
    page = httpx.get(redirect, follow_redirects=True)
    assert page.status_code == 200
    assert reference in page.text
    tampered = redirect.replace("amount=20.50", "amount=0.50")
    assert httpx.get(tampered).status_code == 400  # the gateway checks our signature
    httpx.post(str(page.url), data={"outcome": "success"}, follow_redirects=False)
    wait_for(lambda: state(db, reference).state == "confirmed")


def test_a_declined_payment_fails(db, served_app, sim):
    _slug, reference, redirect = new_payment(db, served_app, "card")
    page = httpx.get(redirect, follow_redirects=True)
    httpx.post(str(page.url), data={"outcome": "failure"}, follow_redirects=False)
    wait_for(lambda: state(db, reference).state == "failed")


@pytest.mark.parametrize("provider", ["gsma", "orange", "card"])
def test_a_provider_that_does_not_answer_leaves_the_payment_to_reconcile(
    db, served_app, sim, provider
):
    slug, reference, redirect = new_payment(db, served_app, provider)
    if redirect:
        httpx.get(redirect, follow_redirects=True)
    sim.control("faults", {"timeout_rate": 1, "timeout_seconds": 3})
    with db() as session:
        commune = commune_by_slug(session, slug)
        set_commune_scope(session, commune.id)
        counts = intents.check_open(
            session,
            commune=commune,
            gateway=served_app.gateway,
            registry=served_app.registry,
            after=timedelta(0),
        )
    assert counts == {"to_reconcile": 1}
    assert state(db, reference).state == "to_reconcile"
    # Once the provider answers again, the next check credits what it confirms.
    sim.control("faults", {"timeout_rate": 0})
    sim.control("settle", {"our_ref": reference, "outcome": "success"})
    wait_for(lambda: state(db, reference).state == "confirmed")


def test_outbox_retries_a_request_to_pay_the_provider_refused(db, served_app, sim):
    sim.control("faults", {"error_rate": 1})
    _slug, reference, _redirect = new_payment(db, served_app, "gsma")
    with db() as session:
        message = session.execute(select(OutboxMessage)).scalars().one()
        assert message.state == "pending"
        assert "503" in (message.last_error or "")
    assert state(db, reference).provider_ref is None


def test_every_callback_is_audited(db, served_app, sim):
    _slug, reference, _redirect = new_payment(db, served_app, "gsma")
    sim.control("settle", {"our_ref": reference, "outcome": "success"})
    wait_for(lambda: state(db, reference).state == "confirmed")
    with db() as session:
        actions = [e.action for e in session.execute(select(AuditEvent)).scalars()]
    assert "payments:callback:credited" in actions
    assert "payments:payment:confirmed" in actions
