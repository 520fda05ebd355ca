"""Counter collections get a sealed receipt whose paper verifies; without a signer it
waits, and the job seals it once there is one. Payments keep their own receipt, linked
once it is sealed: at once at the counter, by the outbox moments later when paid online."""

from __future__ import annotations

from threading import Lock

import pytest
from sqlalchemy import select

from budget.jobs import issue_waiting_receipts
from budget.revenues import receipts
from budget.revenues import services as revenues
from budget.revenues.models import Collection
from documents import demo as documents_demo
from documents import issuance, services
from documents.services import RevokedInDatabase, server_trust_list
from documents.verification import Status, verify
from municipality.db import set_commune_scope, utcnow
from municipality.jobs import deliver_outbox
from payments.adapters import SUCCESS, Verified
from payments.models import Payment
from payments.services import counter, intents
from tests import factories
from tests.documents.support import qr_text


@pytest.fixture(autouse=True)
def fresh_trust_cache(monkeypatch):
    """Each test empties the database, so trust list ids repeat with another signer."""
    monkeypatch.setattr(services, "_TRUST_CACHE", services._TrustCache(Lock()))


def _commune(session, registry, *, signer=True, country="MA"):
    commune = factories.payments_commune(session, slug="sale", country=country)
    factories.enable(session, commune, "budget")
    if signer:
        documents_demo.signer(session, registry, commune, "tests")
    set_commune_scope(session, commune.id)
    revenues.open_lines(session, actor="t", commune=commune, year=utcnow().year)
    return commune


def _collect(session, registry, commune, amount):
    assessment = revenues.assess(
        session,
        actor="officer",
        commune=commune,
        line=revenues.lines(session, utcnow().year)[0],
        debtor="Société Atlas",
        amount=amount,
        due_on=utcnow().date(),
        purpose="Taxe de services communaux",
    )
    collection = revenues.collect(
        session, actor="accountant", commune=commune, assessment=assessment, amount=amount
    )
    issued = receipts.issue_receipt(
        session, registry, actor="accountant", commune=commune, collection=collection
    )
    return collection, issued


def _fields(session, registry, collection):
    text = qr_text(receipts.pdf(session, registry, collection) or b"")
    verdict = verify(text, server_trust_list(session), RevokedInDatabase(session), utcnow().date())
    assert verdict.status == Status.VALID, verdict.reason
    assert verdict.claims is not None
    return verdict.claims.type_code, dict(verdict.claims.fields)


@pytest.mark.parametrize(("country", "amount"), [("MA", "350.50"), ("ML", "5000")])
def test_a_counter_collection_has_a_receipt_that_verifies(db, wsgi_app, country, amount):
    registry = wsgi_app.registry
    with db() as session:
        commune = _commune(session, registry, country=country)
        collection, issued = _collect(session, registry, commune, amount)
        code, fields = _fields(session, registry, collection)
        document = issuance.get(session, collection.receipt_id)
    assert issued
    assert code == "QTC"
    assert fields == {
        "am": f"{amount} {commune.currency}",
        "rf": collection.number,
        "dt": collection.collected_at.date().isoformat(),
    }
    assert document.holder_name == "Société Atlas"
    assert document.issued_by == "accountant"


def test_without_a_signer_the_receipt_waits_for_the_job(db, wsgi_app):
    registry = wsgi_app.registry
    with db() as session:
        commune = _commune(session, registry, signer=False)
        collection, issued = _collect(session, registry, commune, "120.00")
        assert not issued
        assert receipts.pdf(session, registry, collection) is None
        set_commune_scope(session, None)
        documents_demo.signer(session, registry, commune, "tests")
    assert issue_waiting_receipts(registry) == []
    with db() as session:
        set_commune_scope(session, commune.id)
        (waited,) = session.execute(select(Collection)).scalars()
        code = _fields(session, registry, waited)[0]
    assert code == "QTC"


def test_a_payment_is_collected_with_the_payments_receipt(db, wsgi_app):
    registry = wsgi_app.registry
    with db() as session:
        commune = _commune(session, registry)
        till = counter.open_till(session, actor="cashier", commune=commune)
        payment = factories.payment(session, commune_=commune, provider="cash")
        counter.take_cash(
            session,
            actor="cashier",
            registry=registry,
            till=till,
            payment=payment,
            received=payment.amount,
        )
        (booked,) = session.execute(select(Collection)).scalars()
        code, fields = _fields(session, registry, booked)
        assert not receipts.issue_receipt(
            session, registry, actor="a", commune=commune, collection=booked
        )
    assert booked.receipt_id == payment.receipt_id
    assert code == "RCP"
    assert fields["rf"] == payment.reference


def test_a_payment_confirmed_online_is_linked_to_its_receipt_once_sealed(db, wsgi_app):
    registry = wsgi_app.registry
    with db() as session:
        commune = _commune(session, registry)
        payment = factories.payment(session, commune_=commune, provider="gsma")
        verified = Verified(SUCCESS, payment.amount, "TX0001")
        intents.apply(session, registry=registry, payment_id=payment.id, verified=verified)
        (booked,) = session.execute(select(Collection)).scalars()
        assert booked.receipt_id is None  # the outbox seals it after the credit
        commune_id, payment_id = commune.id, payment.id
    deliver_outbox(registry)
    with db() as session:
        set_commune_scope(session, commune_id)
        (booked,) = session.execute(select(Collection)).scalars()
        sealed = session.get(Payment, payment_id).receipt_id
        assert sealed is not None
        assert booked.receipt_id == sealed
        code, fields = _fields(session, registry, booked)
    assert (code, fields["rf"]) == ("RCP", booked.reference)
