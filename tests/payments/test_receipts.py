"""Receipts: a confirmed payment gets a sealed receipt whose paper verifies; others get none.

The seal is read off the PDF as a phone would (page rasterised with PDFium, QR decoded
with zxing-cpp) and checked against the server's trust list.
"""

from __future__ import annotations

from decimal import Decimal
from threading import Lock

import pytest
from sqlalchemy import select

from documents import demo as documents_demo
from documents import issuance, services
from documents.services import RevokedInDatabase, server_trust_list
from documents.verification import Status, verify
from municipality.db import set_commune_scope, utcnow
from municipality.jobs import deliver_outbox
from municipality.models import Commune, OutboxMessage
from municipality.outbox import state_counts as outbox_states
from payments import money
from payments.adapters import FAILURE, SUCCESS, Verified
from payments.jobs import issue_waiting_receipts
from payments.models import Payment
from payments.services import counter, intents, receipts
from payments.workflow import PAYMENT_WORKFLOW
from tests import factories
from tests.documents.support import qr_text

CASHIER = "cashier@sale.test"


@pytest.fixture(autouse=True)
def fresh_trust_cache(monkeypatch):
    """Each test empties the database, so trust list ids repeat with another signer."""
    monkeypatch.setattr(services, "_TRUST_CACHE", services._TrustCache(Lock()))


def _commune(session, registry, *, signer: bool = True, country: str = "MA") -> Commune:
    commune = factories.payments_commune(session, slug="sale", country=country)
    if signer:
        documents_demo.signer(session, registry, commune, "tests")
    set_commune_scope(session, commune.id)
    return commune


def _confirmed_online(session, registry, commune: Commune) -> Payment:
    payment = factories.payment(session, commune_=commune, provider="gsma")
    intents.apply(
        session,
        registry=registry,
        payment_id=payment.id,
        verified=Verified(SUCCESS, payment.amount, "TX0001"),
    )
    return payment


def _verified_fields(session, registry, payment: Payment) -> tuple[str, dict[str, str]]:
    text = qr_text(receipts.pdf(session, registry, payment) or b"")
    verdict = verify(text, server_trust_list(session), RevokedInDatabase(session), utcnow().date())
    assert verdict.status == Status.VALID, verdict.reason
    assert verdict.claims is not None
    assert verdict.claims.type_code == "RCP"
    return verdict.claims.number, dict(verdict.claims.fields)


@pytest.mark.parametrize("country", ["MA", "ML"])
def test_a_payment_confirmed_by_the_provider_has_a_receipt_that_verifies(db, wsgi_app, country):
    registry = wsgi_app.registry
    with db() as session:
        commune = _commune(session, registry, country=country)
        payment = _confirmed_online(session, registry, commune)
        assert payment.state == "confirmed"
        assert payment.receipt_id is None  # asked for, sealed by the outbox after the credit
        commune_id, payment_id = commune.id, payment.id
    deliver_outbox(registry)  # the core's job, as the scheduler runs it
    with db() as session:
        set_commune_scope(session, commune_id)
        payment = session.get(Payment, payment_id)
        document = issuance.get(session, payment.receipt_id)
        number, fields = _verified_fields(session, registry, payment)
        paid_on = payment.confirmed_at.date().isoformat()
        amount = money.text(payment.amount, payment.currency)
    assert amount == {"MA": "20.50 MAD", "ML": "500 XOF"}[country]
    assert number == document.number
    assert number.startswith(f"RCP-{utcnow().year}-")
    assert fields == {"am": amount, "rf": payment.reference, "dt": paid_on}
    assert document.holder_name == "+212600000000"
    assert (document.data["provider"], document.data["provider_ar"]) == (
        "Paiement mobile",
        "الأداء عبر الهاتف",
    )


def test_a_cash_payment_at_the_counter_has_its_receipt(db, wsgi_app):
    registry = wsgi_app.registry
    with db() as session:
        commune = _commune(session, registry)
        till = counter.open_till(session, actor=CASHIER, commune=commune)
        payment = factories.payment(session, commune_=commune, provider="cash", payer=None)
        counter.take_cash(
            session, actor=CASHIER, registry=registry, till=till, payment=payment, received="20.50"
        )
        number, fields = _verified_fields(session, registry, payment)
        document = issuance.get(session, payment.receipt_id)
    assert fields["am"] == "20.50 MAD"
    assert fields["rf"] == payment.reference
    assert document.issued_by == CASHIER
    assert document.number == number


def test_failed_and_pending_payments_have_no_receipt(db, wsgi_app):
    registry = wsgi_app.registry
    with db() as session:
        commune = _commune(session, registry)
        failed = factories.payment(session, commune_=commune)
        PAYMENT_WORKFLOW.run(session, failed, "submit", actor="t", permissions=intents.SYSTEM)
        intents.apply(session, registry=registry, payment_id=failed.id, verified=Verified(FAILURE))
        pending = factories.payment(session, commune_=commune)
        wrong = factories.payment(session, commune_=commune)
        intents.apply(
            session,
            registry=registry,
            payment_id=wrong.id,
            verified=Verified(SUCCESS, Decimal("1.00"), "TX0002"),
        )
        assert (failed.state, pending.state, wrong.state) == ("failed", "created", "to_reconcile")
        assert [p.receipt_id for p in (failed, pending, wrong)] == [None, None, None]
        assert all(receipts.pdf(session, registry, p) is None for p in (failed, pending, wrong))
        assert issuance.issued_count(session) == 0


def test_without_a_signer_the_payment_confirms_and_the_receipt_follows(db, wsgi_app):
    registry = wsgi_app.registry
    with db() as session:
        commune = _commune(session, registry, signer=False)
        payment = _confirmed_online(session, registry, commune)
        assert payment.state == "confirmed"
        assert payment.receipt_id is None
        assert issuance.issued_count(session) == 0
        commune_id, payment_id = commune.id, payment.id
    deliver_outbox(registry)  # nothing to seal with: the payment keeps waiting, no dead letter
    with db() as session:
        set_commune_scope(session, commune_id)
        assert session.get(Payment, payment_id).receipt_id is None
        assert outbox_states(session, commune_id) == {"delivered": 1}
        documents_demo.signer(session, registry, session.get(Commune, commune_id), "tests")
    assert issue_waiting_receipts(registry) == []
    with db() as session:
        set_commune_scope(session, commune_id)
        payment = session.get(Payment, payment_id)
        _number, fields = _verified_fields(session, registry, payment)
    assert fields["rf"] == payment.reference


def test_a_receipt_asked_twice_is_sealed_once(db, wsgi_app):
    registry = wsgi_app.registry
    with db() as session:
        commune = _commune(session, registry)
        payment = _confirmed_online(session, registry, commune)
        again = intents.apply(
            session,
            registry=registry,
            payment_id=payment.id,
            verified=Verified(SUCCESS, payment.amount, "TX0001"),
        )
        assert again == "duplicate"
        commune_id = commune.id
    deliver_outbox(registry)
    with db() as session:
        set_commune_scope(session, commune_id)
        message = session.execute(
            select(OutboxMessage).where(OutboxMessage.destination == receipts.DESTINATION)
        ).scalar_one()
        receipts.deliver_receipt(registry, message)  # a replay by hand after it was delivered
        assert issuance.issued_count(session) == 1
