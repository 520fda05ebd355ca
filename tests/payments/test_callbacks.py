"""Callbacks are hints: duplicates, replays, out-of-order and forged ones never credit twice
or wrongly, and each one leaves an audit event."""

from __future__ import annotations

import json
import threading

import httpx
import pytest
from sqlalchemy import select

from municipality.models import AuditEvent
from payments.signing import SIGNATURE_HEADER, sign
from payments.simulator import DEV_SECRET
from tests.payments.test_flows import callback_actions, new_payment, state, wait_for


def callback_url(served_app, slug: str, provider: str) -> str:
    return served_app.gateway.callback_url(slug, provider)


def gsma_body(reference: str, status: str) -> bytes:
    return json.dumps(
        {"requestingOrganisationTransactionReference": reference, "transactionStatus": status}
    ).encode()


def test_duplicate_callbacks_credit_once(db, served_app, sim):
    sim.control("faults", {"callback_repeats": 3})
    _slug, reference, _redirect = new_payment(db, served_app, "gsma")
    sim.control("settle", {"our_ref": reference, "outcome": "success"})
    wait_for(lambda: len(callback_actions(db, reference)) == 4)
    actions = callback_actions(db, reference)
    assert actions.count("payments:callback:credited") == 1
    assert actions.count("payments:callback:duplicate") == 3


def test_a_replayed_callback_is_absorbed(db, served_app, sim):
    slug, reference, _redirect = new_payment(db, served_app, "gsma")
    sim.control("settle", {"our_ref": reference, "outcome": "success"})
    wait_for(lambda: state(db, reference).state == "confirmed")
    url = callback_url(served_app, slug, "gsma")
    answer = httpx.put(url, content=gsma_body(reference, "completed"))
    assert (answer.status_code, answer.json()) == (200, {"outcome": "duplicate"})


def test_failure_then_success_out_of_order_is_credited(db, served_app, sim):
    """The callback's word counts for nothing: the provider's answer decides."""
    slug, reference, _redirect = new_payment(db, served_app, "gsma")
    sim.control("faults", {"callback_loss_rate": 1})
    sim.control("settle", {"our_ref": reference, "outcome": "success"})
    url = callback_url(served_app, slug, "gsma")
    first = httpx.put(url, content=gsma_body(reference, "failed"))  # a stale failure first
    assert first.json() == {"outcome": "credited"}
    late = httpx.put(url, content=gsma_body(reference, "failed"))
    assert late.json() == {"outcome": "duplicate"}
    assert state(db, reference).state == "confirmed"


def test_a_success_callback_the_provider_denies_credits_nothing(db, served_app, sim):
    slug, reference, _redirect = new_payment(db, served_app, "gsma")
    sim.control("faults", {"callback_loss_rate": 1})
    sim.control("settle", {"our_ref": reference, "outcome": "failure"})
    url = callback_url(served_app, slug, "gsma")
    answer = httpx.put(url, content=gsma_body(reference, "completed"))
    assert answer.json() == {"outcome": "failed"}
    assert state(db, reference).state == "failed"
    assert state(db, reference).confirmed_amount is None


def test_a_card_callback_with_a_bad_signature_is_refused_and_logged(db, served_app, sim):
    slug, reference, _redirect = new_payment(db, served_app, "card")
    body = json.dumps({"order": reference, "status": "approved", "amount": "20.50"}).encode()
    answer = httpx.post(
        callback_url(served_app, slug, "card"),
        content=body,
        headers={SIGNATURE_HEADER: sign("not-the-secret", body)},
    )
    assert (answer.status_code, answer.json()) == (403, {"outcome": "forged"})
    assert state(db, reference).state == "pending"
    with db() as session:
        actions = [e.action for e in session.execute(select(AuditEvent)).scalars()]
    assert "payments:callback:forged" in actions


def test_a_signed_card_callback_is_still_checked_with_the_gateway(db, served_app, sim):
    """Even a correctly signed 'approved' is not proof when the gateway says otherwise."""
    slug, reference, _redirect = new_payment(db, served_app, "card")
    body = json.dumps({"order": reference, "status": "approved", "amount": "20.50"}).encode()
    answer = httpx.post(
        callback_url(served_app, slug, "card"),
        content=body,
        headers={SIGNATURE_HEADER: sign(DEV_SECRET, body)},
    )
    assert answer.json() == {"outcome": "pending"}  # the payer never paid
    assert state(db, reference).state == "pending"


def test_an_orange_notification_with_an_unknown_token_is_refused(db, served_app, sim):
    slug, reference, _redirect = new_payment(db, served_app, "orange")
    body = json.dumps({"status": "SUCCESS", "notif_token": "f" * 32, "txnid": "MP1"})
    answer = httpx.post(callback_url(served_app, slug, "orange"), content=body)
    assert (answer.status_code, answer.json()) == (404, {"outcome": "unknown"})
    assert state(db, reference).state == "pending"


def test_a_wrong_amount_is_not_credited_and_waits_for_the_treasurer(db, served_app, sim):
    slug, reference, _redirect = new_payment(db, served_app, "gsma")
    sim.control("faults", {"callback_loss_rate": 1})
    settled = sim.control("settle", {"our_ref": reference, "outcome": "success"})
    sim.simulator.payments[settled["key"]].amount = "2.05"  # the provider moved less
    answer = httpx.put(callback_url(served_app, slug, "gsma"), content=gsma_body(reference, "x"))
    assert (answer.status_code, answer.json()) == (409, {"outcome": "wrong_amount"})
    assert state(db, reference).state == "to_reconcile"
    assert state(db, reference).confirmed_amount is None


@pytest.mark.parametrize("body", [b"", b"\x00\xff", b"[1]", b'{"a": "\\ud800"}', b"9" * 5000])
def test_unreadable_callbacks_are_refused(db, served_app, sim, body):
    slug, _reference, _redirect = new_payment(db, served_app, "gsma")
    for provider in ("gsma", "orange", "card"):
        answer = httpx.post(callback_url(served_app, slug, provider), content=body)
        assert answer.status_code == 403, (provider, answer.text)


def test_callbacks_for_an_unknown_provider_or_commune_are_not_found(db, served_app, sim):
    slug, _reference, _redirect = new_payment(db, served_app, "gsma")
    assert httpx.post(callback_url(served_app, slug, "paypal"), content=b"{}").status_code == 404
    assert httpx.post(callback_url(served_app, "nowhere", "gsma"), content=b"{}").status_code == 404


def test_ten_concurrent_duplicate_callbacks_credit_once(db, served_app, sim, backend):
    """Ten threads, ten connections, the same callback at once: one credit."""
    if backend != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite writes one at a time anyway")
    slug, reference, _redirect = new_payment(db, served_app, "gsma")
    sim.control("faults", {"callback_loss_rate": 1})
    sim.control("settle", {"our_ref": reference, "outcome": "success"})
    url = callback_url(served_app, slug, "gsma")
    start = threading.Barrier(10)
    outcomes: list[str] = []

    def send() -> None:
        with httpx.Client(timeout=30) as client:
            start.wait()
            answer = client.put(url, content=gsma_body(reference, "completed"))
            outcomes.append(answer.json()["outcome"])

    threads = [threading.Thread(target=send) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["credited"] + ["duplicate"] * 9
    actions = callback_actions(db, reference)
    assert actions.count("payments:callback:credited") == 1
    with db() as session:
        confirmations = session.execute(
            select(AuditEvent).where(AuditEvent.action == "payments:payment:confirmed")
        ).all()
    assert len(confirmations) == 1


def _named_callback(reference: str, transaction: str) -> bytes:
    """A success callback naming the provider's transaction, as the GSMA API sends it."""
    return json.dumps(
        {
            "requestingOrganisationTransactionReference": reference,
            "transactionStatus": "completed",
            "transactionReference": transaction,
        }
    ).encode()


def test_a_callback_naming_its_transaction_is_verified_in_one_call(db, served_app, sim):
    slug, reference, _redirect = new_payment(db, served_app, "gsma")
    sim.control("faults", {"callback_loss_rate": 1})
    settled = sim.control("settle", {"our_ref": reference, "outcome": "success"})
    transaction = sim.simulator.payments[settled["key"]].transaction
    asked = sim.stats()["requests"]
    answer = httpx.put(
        callback_url(served_app, slug, "gsma"), content=_named_callback(reference, transaction)
    )
    assert answer.json() == {"outcome": "credited"}
    assert sim.stats()["requests"] - asked == 1
    assert state(db, reference).provider_ref is not None


def test_a_callback_naming_another_payments_transaction_credits_nothing(db, served_app, sim):
    _slug, paid, _redirect = new_payment(db, served_app, "gsma")
    slug, unpaid, _redirect = new_payment(db, served_app, "gsma")
    sim.control("faults", {"callback_loss_rate": 1})
    settled = sim.control("settle", {"our_ref": paid, "outcome": "success"})
    transaction = sim.simulator.payments[settled["key"]].transaction
    answer = httpx.put(
        callback_url(served_app, slug, "gsma"), content=_named_callback(unpaid, transaction)
    )
    assert answer.json() == {"outcome": "pending"}
    assert state(db, unpaid).state == "pending"
    assert state(db, unpaid).confirmed_amount is None
