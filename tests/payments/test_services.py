"""The fee catalogue, amounts in each currency, intents, the counter and reconciliation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from municipality import audit
from municipality.db import set_commune_scope
from municipality.errors import Conflict, NotFound, ValidationFailed
from municipality.jobs import deliver_outbox
from municipality.models import AuditEvent
from municipality.tenancy import commune_by_slug
from payments import money
from payments.models import Difference, Payment
from payments.payables import fee_reference
from payments.services import counter, fees, intents, reconciliation
from payments.workflow import PAYMENT_WORKFLOW
from tests import factories
from tests.payments.test_flows import new_payment, state, wait_for

ACTOR = "cashier@x"
PAYMENT_WORKFLOW_PERMISSIONS = {t.permission for t in PAYMENT_WORKFLOW.table.values()}


def test_amounts_follow_the_currency_coin():
    assert money.exact("12.5", "MAD") == Decimal("12.50")
    assert money.exact("500", "XOF") == Decimal("500")
    with pytest.raises(ValidationFailed):
        money.exact("500.5", "XOF")  # the CFA franc has no centimes
    with pytest.raises(ValidationFailed):
        money.exact("1.005", "MAD")
    for bad in ("NaN", "-1", "1e40", "abc", "", "Infinity"):
        with pytest.raises(ValidationFailed):
            money.exact(bad, "MAD")
    assert money.rounded(Decimal("2.005"), "MAD") == Decimal("2.01")
    assert money.rounded(Decimal("250.5"), "XOF") == Decimal("251")


def test_the_catalogue_prices_fixed_and_per_unit_fees(db):
    registry = factories.payments_registry()
    with db() as session:
        commune = factories.payments_commune(session)
        fees.set_fee(
            session,
            actor="admin@x",
            commune=commune,
            registry=registry,
            code="payments.market-stall",
            fixed_amount="5",
            unit_amount="12.25",
        )
        assert fees.price(session, commune, "payments.market-stall", 3) == Decimal("41.75")
        assert fees.price(session, commune, "payments.stamp-duty") == Decimal("20.50")
        fees.set_fee(
            session,
            actor="admin@x",
            commune=commune,
            registry=registry,
            code="payments.stamp-duty",
            fixed_amount="25",
        )
        assert fees.price(session, commune, "payments.stamp-duty") == Decimal("25.00")
        actions = [e.action for e in session.execute(select(AuditEvent)).scalars()]
        assert actions.count("payments:fee:created") == 2
        assert "payments:fee:changed" in actions
        with pytest.raises(ValidationFailed):
            fees.set_fee(
                session,
                actor="admin@x",
                commune=commune,
                registry=registry,
                code="permits.unknown",
                fixed_amount="1",
            )
        with pytest.raises(NotFound):
            fees.price(session, commune, "payments.legalisation")
        with pytest.raises(ValidationFailed):
            fees.price(session, commune, "payments.stamp-duty", 0)


def test_a_commune_in_mali_prices_in_cfa_francs(db):
    with db() as session:
        commune = factories.payments_commune(session, country="ML")
        payment = factories.payment(session, commune_=commune)
        assert (payment.amount, payment.currency) == (Decimal("500"), "XOF")


def test_an_intent_needs_a_payable_and_cannot_pay_twice(db):
    registry = factories.payments_registry()
    with db() as session:
        commune = factories.payments_commune(session)
        with pytest.raises(NotFound):
            intents.request_payment(
                session,
                actor=ACTOR,
                commune=commune,
                registry=registry,
                kind="payments.fee",
                reference="not a reference",
                provider="gsma",
            )
        with pytest.raises(ValidationFailed):
            factories.payment(session, commune_=commune, provider="bitcoin")
        reference = fee_reference("payments.stamp-duty", 1, "TICKET1")
        payment = intents.request_payment(
            session,
            actor=ACTOR,
            commune=commune,
            registry=registry,
            kind="payments.fee",
            reference=reference,
            provider="cash",
        )
        till = counter.open_till(session, actor=ACTOR, commune=commune)
        counter.take_cash(
            session, actor=ACTOR, registry=registry, till=till, payment=payment, received="20.50"
        )
        with pytest.raises(Conflict):
            intents.request_payment(
                session,
                actor=ACTOR,
                commune=commune,
                registry=registry,
                kind="payments.fee",
                reference=reference,
                provider="gsma",
            )


def test_the_workflow_credits_only_the_amount_asked(db):
    with db() as session:
        payment = factories.payment(session)
        with pytest.raises(ValidationFailed):
            PAYMENT_WORKFLOW.run(
                session,
                payment,
                "confirm",
                actor="x",
                permissions=intents.SYSTEM,
                data={"amount": Decimal("20.49")},
            )
        assert payment.state == "created"


@pytest.mark.parametrize(
    ("state", "action", "after"),
    [(t.state, t.action, t.next_state) for t in PAYMENT_WORKFLOW.table.values()],
)
def test_every_transition_of_the_table(db, state, action, after):
    with db() as session:
        payment = factories.payment(session)
        payment.state = state
        PAYMENT_WORKFLOW.run(
            session,
            payment,
            action,
            actor="x",
            permissions=frozenset(PAYMENT_WORKFLOW_PERMISSIONS),
            data={"amount": payment.amount},
        )
        assert payment.state == after
        assert audit.history(session, "payment", str(payment.public_id))[-1].action == (
            f"payments:payment:{after}"
        )


def test_a_cashier_session_counts_the_cash_and_keeps_the_difference(db):
    registry = factories.payments_registry()
    with db() as session:
        commune = factories.payments_commune(session)
        till = counter.open_till(session, actor=ACTOR, commune=commune)
        with pytest.raises(Conflict):
            counter.open_till(session, actor=ACTOR, commune=commune)
        for _ in range(3):
            payment = factories.payment(session, commune_=commune, provider="cash")
            counter.take_cash(
                session,
                actor=ACTOR,
                registry=registry,
                till=till,
                payment=payment,
                received="20.50",
            )
            assert payment.state == "confirmed"
            assert payment.cash_session_id == till.id
        short = factories.payment(session, commune_=commune, provider="cash")
        with pytest.raises(ValidationFailed):
            counter.take_cash(
                session, actor=ACTOR, registry=registry, till=till, payment=short, received="20"
            )
        online = factories.payment(session, commune_=commune, provider="gsma")
        with pytest.raises(Conflict):
            counter.take_cash(
                session, actor=ACTOR, registry=registry, till=till, payment=online, received="20.50"
            )
        with pytest.raises(Conflict):
            counter.close_till(
                session, actor="someone@else", commune=commune, till=till, counted="61.50"
            )
        counter.close_till(session, actor=ACTOR, commune=commune, till=till, counted="60.00")
        assert till.state == "closed"
        assert (till.expected_total, till.counted_total, till.difference) == (
            Decimal("61.50"),
            Decimal("60.00"),
            Decimal("-1.50"),
        )
        actions = [e.action for e in audit.history(session, "till", str(till.public_id))]
        assert actions == [
            "payments:till:opened",
            *["payments:till:took"] * 3,
            "payments:till:closed",
        ]


def test_reconciliation_lists_every_difference(db, served_app, sim):
    matched_slug, matched, _ = new_payment(db, served_app, "gsma")
    sim.control("settle", {"our_ref": matched, "outcome": "success"})
    wait_for(lambda: _state(db, matched) == "confirmed")
    # Three more in the same commune: one the provider moved but we never heard of, one
    # it moved for another amount, and one we credited that it never saw.
    with db() as session:
        commune = _commune(session, matched_slug)
        unseen = factories.payment(session, commune_=commune)
        wrong = factories.payment(session, commune_=commune)
        ours_only = factories.payment(session, commune_=commune)
        for payment in (unseen, wrong, ours_only):
            intents.start(
                session, actor=ACTOR, commune=commune, gateway=served_app.gateway, payment=payment
            )
        references = unseen.reference, wrong.reference, ours_only.reference
    deliver_outbox(served_app.registry)
    sim.control("faults", {"callback_loss_rate": 1})
    for reference in references[:2]:
        sim.control("settle", {"our_ref": reference, "outcome": "success"})
    key = next(p for p in sim.simulator.payments.values() if p.our_ref == references[1]).key
    sim.simulator.payments[key].amount = "19.50"
    with db() as session:
        commune = _commune(session, matched_slug)
        payment = session.execute(
            select(Payment).where(Payment.reference == references[2])
        ).scalar_one()
        payment.state = "confirmed"  # a slip the statement must reveal
        run = reconciliation.reconcile(
            session,
            commune=commune,
            gateway=served_app.gateway,
            provider="gsma",
            day=date.today(),
            actor="treasurer@x",
        )
        found = {(d.kind, d.our_ref) for d in session.execute(select(Difference)).scalars()}
        assert run.matched == 1
        assert found == {
            ("missing_ours", references[0]),
            ("amount", references[1]),
            ("missing_theirs", references[2]),
        }
        again = reconciliation.reconcile(
            session,
            commune=commune,
            gateway=served_app.gateway,
            provider="gsma",
            day=date.today(),
            actor="treasurer@x",
        )
        assert again.id == run.id
        assert len(session.execute(select(Difference)).all()) == 3


def _commune(session, slug):
    commune = commune_by_slug(session, slug)
    set_commune_scope(session, commune.id)
    return commune


def _state(db, reference):
    return state(db, reference).state
