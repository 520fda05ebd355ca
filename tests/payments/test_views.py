"""The payments pages through the real app: paying, waiting, the staff list, the counter.

The commune speaks French first, so its pages answer in French.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from documents import demo as documents_demo
from municipality.db import set_commune_scope
from municipality.jobs import deliver_outbox
from payments.adapters import SUCCESS, Verified
from payments.payables import CatalogueFee, fee_reference
from payments.services import intents
from tests import factories

STAMP = fee_reference("payments.stamp-duty", 1, "T123456")


@pytest.fixture
def commune(db):
    with db() as session:
        made = factories.payments_commune(session, slug="sale")
        factories.user(session, role="treasurer", commune_=made, email="treasurer@sale.test")
        factories.user(session, role="cashier", commune_=made, email="cashier@sale.test")
        return made.id


def pay_url(reference: str = STAMP) -> str:
    return f"/sale/pay/payments.fee/{reference}"


def test_the_payer_sees_what_is_owed_and_goes_to_the_card_gateway(app, db, commune, wsgi_app):
    page = app.get(pay_url())
    assert "20.50 MAD" in page.text
    form = page.forms["deform"]
    form["provider"] = "card"
    answer = form.submit("pay", status=302)
    assert answer.location.startswith("http://127.0.0.1:6570/card/pay?")
    assert "signature=" in answer.location
    with db() as session:
        set_commune_scope(session, commune)
        payment = session.execute(intents.query()).scalars().one()
        public_id, payment_id = payment.public_id, payment.id
    # Coming back proves nothing: the page waits, asking the server again and again.
    waiting = app.get(f"/sale/payments/{public_id}")
    assert waiting.html.find(id="payment-waiting")
    assert "En attente de la confirmation" in waiting.text
    with db() as session:
        set_commune_scope(session, commune)
        intents.apply(
            session,
            registry=wsgi_app.registry,
            payment_id=payment_id,
            verified=Verified(SUCCESS, Decimal("20.50"), "TX1"),
        )
    paid = app.get(f"/sale/payments/{public_id}")
    assert not paid.html.find(id="payment-waiting")
    assert paid.html.find(class_="flash success")


def _paid_for_by_card(app, db, commune) -> str:
    """The status page's path of a stamp duty sent to the card gateway."""
    form = app.get(pay_url()).forms["deform"]
    form["provider"] = "card"
    form.submit("pay", status=302)
    with db() as session:
        set_commune_scope(session, commune)
        payment = session.execute(intents.query()).scalars().one()
        return f"/sale/payments/{payment.public_id}"


def test_the_payer_goes_back_to_the_file_a_module_lets_them_follow(app, db, commune, monkeypatch):
    def follow_url(self, request, reference):
        return request.route_url("home", _query={"file": reference})

    monkeypatch.setattr(CatalogueFee, "follow_url", follow_url, raising=False)
    page = app.get(_paid_for_by_card(app, db, commune))
    link = page.html.find("a", string="Retour à votre demande")
    assert link is not None
    assert link["href"].endswith(f"?file={STAMP.replace(':', '%3A')}")


def test_a_counter_fee_has_no_file_to_go_back_to(app, db, commune):
    page = app.get(_paid_for_by_card(app, db, commune))
    assert "Retour à votre demande" not in page.text


def test_mobile_money_needs_a_phone_and_then_waits_for_the_phone(app, commune):
    form = app.get(pay_url()).forms["deform"]
    form["provider"] = "gsma"
    refused = form.submit("pay", status=400)
    assert "numéro de téléphone" in refused.text
    form = refused.forms["deform"]
    form["phone"] = "+212 600 000 001"
    waiting = form.submit("pay", status=302).follow()
    assert "Approuvez la demande sur votre téléphone" in waiting.text


def test_a_provider_that_does_not_answer_says_so_and_keeps_nothing_started(app, commune):
    form = app.get(pay_url()).forms["deform"]
    form["provider"] = "orange"  # no provider listens in these tests
    page = form.submit("pay", status=409)
    assert "pas répondu" in page.text


def test_an_unknown_reference_is_not_found_in_the_payers_language(app, commune):
    page = app.get(pay_url("payments.stamp-duty:1:x"), status=404)
    assert "rien à payer" in page.text
    arabic = app.get(pay_url("nothing"), headers={"Accept-Language": "ar"}, status=404)
    assert arabic.html.find("html")["dir"] == "rtl"


def test_a_paid_fee_cannot_be_paid_again(app, db, commune, wsgi_app):
    with db() as session:
        set_commune_scope(session, commune)
        made = session.get(factories.Commune, commune)
        payment = intents.request_payment(
            session,
            actor="x",
            commune=made,
            registry=wsgi_app.registry,
            kind="payments.fee",
            reference=STAMP,
            provider="cash",
        )
        intents.apply(
            session,
            registry=wsgi_app.registry,
            payment_id=payment.id,
            verified=Verified(SUCCESS, Decimal("20.50"), None),
        )
    form = app.get(pay_url()).forms["deform"]
    form["provider"] = "card"
    assert "déjà été payé" in form.submit("pay", status=409).text


def test_the_treasurer_filters_searches_and_pages_the_payments(app, db, commune):
    with db() as session:
        set_commune_scope(session, commune)
        made = session.get(factories.Commune, commune)
        for _ in range(27):
            factories.payment(session, commune_=made, provider="card")
        cash = factories.payment(session, commune_=made, provider="cash")
        reference = cash.reference
    factories.log_in(app, "treasurer@sale.test", totp=True)
    first = app.get("/c/sale/payments")
    assert len(first.html.select("ul.list > li")) == 25
    assert len(app.get("/c/sale/payments", {"page": "2"}).html.select("ul.list > li")) == 3
    found = app.get("/c/sale/payments", {"q": reference[-6:]})
    assert len(found.html.select("ul.list > li")) == 1
    assert len(app.get("/c/sale/payments", {"provider": "cash"}).html.select("ul.list > li")) == 1
    assert app.get("/c/sale/payments", {"state": "confirmed"}).html.find(class_="empty")
    assert app.get("/c/sale/payments", {"state": "<script>"}).status_int == 200


def test_the_cashier_opens_takes_cash_and_closes_with_the_difference(app, commune):
    factories.log_in(app, "cashier@sale.test", totp=True)
    page = app.get("/c/sale/counter")
    assert "Votre caisse est fermée" in page.text
    page = page.forms["open"].submit().follow()
    assert page.html.find(class_="flash success")
    for received in ("20.50", "20.5"):
        charge = page.forms["charge"]
        charge["fee"] = "payments.stamp-duty"
        charge["received"] = received
        page = charge.submit("charge").follow()
    assert "41.00 MAD" in page.text
    short = page.forms["charge"]
    short["received"] = "20"
    assert "pas le montant demandé" in short.submit("charge", status=422).text
    wrong = app.get("/c/sale/counter").forms["charge"]
    wrong["received"] = "1e400"
    assert wrong.submit("charge", status=400).html.find(class_="invalid-feedback")
    close = app.get("/c/sale/counter").forms["close"]
    close["counted"] = "40"
    page = close.submit("close").follow()
    assert "-1.00 MAD" in page.text


def test_the_treasurer_reverses_a_cash_payment(app, db, commune, wsgi_app):
    with db() as session:
        set_commune_scope(session, commune)
        made = session.get(factories.Commune, commune)
        payment = factories.payment(session, commune_=made, provider="cash")
        intents.apply(
            session,
            registry=wsgi_app.registry,
            payment_id=payment.id,
            verified=Verified(SUCCESS, Decimal("20.50"), None),
        )
        public_id = payment.public_id
    factories.log_in(app, "treasurer@sale.test", totp=True)
    page = app.get(f"/c/sale/payments/{public_id}")
    page = page.forms["reverse"].submit().follow()
    assert "Remboursé" in page.text


def test_the_treasurer_asks_the_provider_to_reverse_a_mobile_money_payment(
    app, db, commune, wsgi_app
):
    public_id = _credited(db, commune, wsgi_app.registry, signer=False)
    factories.log_in(app, "treasurer@sale.test", totp=True)
    page = app.get(f"/c/sale/payments/{public_id}")
    page = page.forms["reverse"].submit().follow()
    assert "Le remboursement a été demandé au prestataire" in page.text
    assert "Remboursement demandé" in page.text
    assert "reverse" not in page.forms  # asked once: nothing more to press
    payer = app.get(f"/sale/payments/{public_id}")
    assert "Remboursement demandé" in payer.text
    assert "payment-waiting" not in payer.text


def test_the_cashier_may_not_reverse_nor_reconcile(app, db, commune):
    with db() as session:
        set_commune_scope(session, commune)
        payment = factories.payment(session, commune_=session.get(factories.Commune, commune))
        public_id = payment.public_id
    factories.log_in(app, "cashier@sale.test", totp=True)
    app.get("/c/sale/reconciliation", status=403)
    token = factories.csrf_token(app, "/c/sale/counter")
    app.post(f"/c/sale/payments/{public_id}/reverse", {"csrf_token": token}, status=403)


def test_reconciling_with_providers_down_says_which(app, commune):
    factories.log_in(app, "treasurer@sale.test", totp=True)
    page = app.get("/c/sale/reconciliation")
    assert page.html.find(class_="empty")
    form = page.forms["deform"]
    form["date"] = "2026-01-05"
    page = form.submit("reconcile").follow()
    assert "n'ont pas répondu" in page.html.find(class_="flash error").text


def test_the_commune_admin_prices_the_fees(app, db, commune):
    with db() as session:
        made = session.get(factories.Commune, commune)
        factories.user(session, role="commune_admin", commune_=made, email="admin@sale.test")
    factories.log_in(app, "admin@sale.test", totp=True)
    page = app.get("/c/sale/fees")
    assert "20.50 MAD" in page.text
    form = page.forms["deform"]
    form["code"] = "payments.market-stall"
    form["fixed_amount"] = "5"
    form["unit_amount"] = "7.5"
    page = form.submit("save").follow()
    assert page.html.find(class_="flash success")
    assert "7.50 MAD" in page.text
    form = page.forms["deform"]
    form["code"] = "payments.legalisation"
    form["fixed_amount"] = "-3"
    assert form.submit("save", status=400).html.find(class_="invalid-feedback")
    factories.log_in(app, "cashier@sale.test", totp=True)
    app.get("/c/sale/fees", status=403)


def _credited(db, commune, registry, *, signer: bool):
    with db() as session:
        made = session.get(factories.Commune, commune)
        if signer:
            documents_demo.signer(session, registry, made, "tests")
        set_commune_scope(session, commune)
        payment = factories.payment(session, commune_=made)
        intents.apply(
            session,
            registry=registry,
            payment_id=payment.id,
            verified=Verified(SUCCESS, Decimal("20.50"), "TX0001"),
        )
        public_id = payment.public_id
    deliver_outbox(registry)  # the receipt asked for by the credit is sealed
    return public_id


def test_the_payer_and_the_treasurer_open_the_sealed_receipt(app, db, commune, wsgi_app):
    public_id = _credited(db, commune, wsgi_app.registry, signer=True)
    page = app.get(f"/sale/payments/{public_id}")
    receipt = page.click(href=f"/sale/payments/{public_id}/receipt")
    assert receipt.content_type == "application/pdf"
    assert receipt.body.startswith(b"%PDF")
    assert "/login" in app.get(f"/c/sale/payments/{public_id}/receipt", status=302).location
    factories.log_in(app, "treasurer@sale.test", totp=True)
    page = app.get(f"/c/sale/payments/{public_id}")
    staff = page.click(href=f"/c/sale/payments/{public_id}/receipt")
    assert staff.body == receipt.body


def test_without_a_signer_the_pages_say_the_receipt_will_follow(app, db, commune, wsgi_app):
    public_id = _credited(db, commune, wsgi_app.registry, signer=False)
    page = app.get(f"/sale/payments/{public_id}")
    assert "Payé" in page.text
    assert "/receipt" not in page.text
    missing = app.get(f"/sale/payments/{public_id}/receipt", status=404)
    assert "pas encore prêt" in missing.text
