"""Revenue lines, assessments, collections (at the counter and from payments), arrears."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
import transaction as transaction_module
from sqlalchemy import select

from budget.permissions import ACCOUNTANT, OFFICER
from budget.revenues import services
from budget.revenues.models import Assessment, Collection
from budget.revenues.workflow import ASSESSMENT_WORKFLOW
from municipality import audit
from municipality.db import (
    make_engine,
    make_session_factory,
    session_in_transaction,
    set_commune_scope,
    utcnow,
)
from municipality.errors import Conflict, InvalidTransition, ValidationFailed
from municipality.models import Commune
from municipality.payables import Collected, Payable
from municipality.providers import Kind, offer
from payments.adapters import REFUSED, REVERSED, SUCCESS, Reversal, Verified
from payments.permissions import Perm as PaymentPerm
from payments.services import counter, intents, reversals
from tests import factories

OFFICER_PERMS = frozenset(OFFICER)
ACCOUNTANT_PERMS = frozenset(ACCOUNTANT)


def _commune(session, country="MA"):
    set_commune_scope(session, None)
    commune = factories.commune(session, country=country)
    factories.enable(session, commune, "budget")
    set_commune_scope(session, commune.id)
    return commune


def test_the_year_opens_the_countrys_revenue_codes_once(db):
    with db() as session:
        commune = _commune(session)
        added = services.open_lines(session, actor="t", commune=commune, year=2026)
        again = services.open_lines(session, actor="t", commune=commune, year=2026)
        lines = services.lines(session, 2026)
        mali = _commune(session, "ML")
        services.open_lines(session, actor="t", commune=mali, year=2026)
        mali_codes = [line.code for line in services.lines(session, 2026)]
    assert added == len(lines) >= 5
    assert again == 0
    stamp = next(line for line in lines if "payments.stamp-duty" in line.fee_items)
    assert stamp.code == "10.20.11"
    assert {line.section for line in lines} == {"operating", "investment"}
    assert "73.731.7311" in mali_codes


def test_an_assessment_is_collected_in_parts_then_settled(db):
    with db() as session:
        line = factories.revenue_line(session)
        commune = session.get(Commune, line.commune_id)
        set_commune_scope(session, commune.id)
        assessment = services.assess(
            session,
            actor="officer",
            commune=commune,
            line=line,
            debtor="Société Atlas",
            debtor_id="ICE000123",
            amount="1500.50",
            due_on=date(2026, 5, 31),
            purpose="Taxe sur les terrains non bâtis 2026",
        )
        services.collect(session, actor="acc", commune=commune, assessment=assessment, amount=500)
        assert assessment.state == "issued"
        assert assessment.outstanding == Decimal("1000.50")
        with pytest.raises(Conflict):
            services.collect(
                session, actor="acc", commune=commune, assessment=assessment, amount="1000.51"
            )
        last = services.collect(
            session, actor="acc", commune=commune, assessment=assessment, amount="1000.50"
        )
        with pytest.raises(Conflict):
            services.collect(session, actor="acc", commune=commune, assessment=assessment, amount=1)
        actions = [
            e.action for e in audit.history(session, "assessment", str(assessment.public_id))
        ]
    assert assessment.state == "collected"
    assert assessment.collected == Decimal("1500.50")
    assert last.payer == "Société Atlas"
    assert last.number.startswith("2026/10.10.11/Q")
    assert assessment.number == "2026/10.10.11/T0001"
    assert actions == [
        "budget:assessment:issued",
        "budget:assessment:credited",
        "budget:assessment:credited",
        "budget:assessment:collected",
    ]


def test_amounts_follow_the_currency_and_bad_input_is_refused(db):
    with db() as session:
        commune = _commune(session, "ML")
        services.open_lines(session, actor="t", commune=commune, year=2026)
        line = services.lines(session, 2026)[0]
        for bad in ("12.5", "-3", "1e13", "abc", "NaN"):
            with pytest.raises(ValidationFailed):
                services.assess(
                    session,
                    actor="t",
                    commune=commune,
                    line=line,
                    debtor="X",
                    amount=bad,
                    due_on=date(2026, 1, 1),
                    purpose="p",
                )
        with pytest.raises(ValidationFailed):
            services.assess(
                session,
                actor="t",
                commune=commune,
                line=line,
                debtor="  ",
                amount=100,
                due_on=date(2026, 1, 1),
                purpose="p",
            )
        with pytest.raises(ValidationFailed):
            services.collect(session, actor="t", commune=commune, line=line, amount=10)
        made = services.collect(
            session, actor="t", commune=commune, line=line, amount=2500, payer="Awa Traoré"
        )
    assert made.amount == Decimal(2500)
    assert made.channel == "counter"


def test_cancelling_needs_a_reason_and_no_money_collected(db):
    with db() as session:
        cancelled = factories.assessment(session)
        paid = factories.collection(session).assessment
        set_commune_scope(session, cancelled.commune_id)
        with pytest.raises(ValidationFailed):
            services.cancel(
                session,
                actor="o",
                assessment=cancelled,
                permissions=OFFICER_PERMS,
                reason=" ",
            )
        services.cancel(
            session,
            actor="o",
            assessment=cancelled,
            permissions=OFFICER_PERMS,
            reason="Erreur de débiteur",
        )
        set_commune_scope(session, paid.commune_id)
        with pytest.raises(ValidationFailed):
            services.cancel(
                session, actor="o", assessment=paid, permissions=OFFICER_PERMS, reason="r"
            )
        set_commune_scope(session, cancelled.commune_id)
        with pytest.raises(InvalidTransition):
            services.cancel(
                session,
                actor="o",
                assessment=cancelled,
                permissions=OFFICER_PERMS,
                reason="r",
            )
        commune = session.get(Commune, cancelled.commune_id)
        with pytest.raises(Conflict):
            services.collect(session, actor="a", commune=commune, assessment=cancelled, amount=1)
    assert cancelled.state == "cancelled"
    assert cancelled.reason == "Erreur de débiteur"


@pytest.mark.parametrize(("action", "permission"), [("cancel", "ASSESS"), ("settle", "COLLECT")])
def test_each_transition_belongs_to_its_side_of_the_chain(action, permission):
    transition = ASSESSMENT_WORKFLOW.table[("issued", action)]
    assert transition.permission in (OFFICER_PERMS if permission == "ASSESS" else ACCOUNTANT_PERMS)
    assert transition.permission not in (
        ACCOUNTANT_PERMS if permission == "ASSESS" else OFFICER_PERMS
    )


def test_arrears_are_the_open_assessments_past_due(db):
    with db() as session:
        line = factories.revenue_line(session)
        late = factories.assessment(session, line=line, amount=1000, due_on=date(2026, 2, 1))
        part = factories.assessment(session, line=line, amount=800, due_on=date(2026, 3, 1))
        factories.collection(session, assessment_=part)
        paid = factories.assessment(session, line=line, amount=300, due_on=date(2026, 1, 1))
        commune = session.get(Commune, line.commune_id)
        set_commune_scope(session, commune.id)
        services.collect(session, actor="a", commune=commune, assessment=paid, amount=300)
        factories.assessment(session, line=line, amount=700, due_on=date(2026, 12, 31))
        listed = list(session.execute(services.arrears(date(2026, 6, 1))).scalars())
        total = services.arrears_total(session, date(2026, 6, 1))
    assert [a.id for a in listed] == [late.id, part.id]
    assert total == Decimal(1400)


def test_the_execution_sets_collected_against_assessed_and_forecast(db):
    with db() as session:
        line = factories.revenue_line(session, forecast=10_000)
        first = factories.assessment(session, line=line, amount=4000)
        factories.collection(session, assessment_=first)
        cancelled = factories.assessment(session, line=line, amount=9000)
        set_commune_scope(session, line.commune_id)
        services.cancel(
            session,
            actor="o",
            assessment=cancelled,
            permissions=OFFICER_PERMS,
            reason="Doublon",
        )
        commune = session.get(Commune, line.commune_id)
        services.collect(session, actor="a", commune=commune, line=line, amount=500, payer="X")
        rows = {r.line.code: r for r in services.revenue_execution(session, 2026)}
    row = rows[line.code]
    assert (row.forecast, row.assessed, row.collected) == (
        Decimal(10_000),
        Decimal(4000),
        Decimal(2500),
    )
    assert row.collection_rate == Decimal("25.0")
    assert row.recovery_rate == Decimal("62.5")
    others = [r for code, r in rows.items() if code != line.code]
    assert all(r.collected == 0 and r.collection_rate is None for r in others)


def _ledger_registry():
    registry = factories.payments_registry()
    offer(registry, Kind.REVENUE_LEDGER, "budget.revenues", services.LEDGER, module="budget")
    return registry


def test_a_confirmed_payment_is_collected_once_on_its_fees_line(db):
    registry = _ledger_registry()
    year = utcnow().year
    with db() as session:
        commune = factories.payments_commune(session)
        factories.enable(session, commune, "budget")
        set_commune_scope(session, commune.id)
        services.open_lines(session, actor="t", commune=commune, year=year)
        payment = factories.payment(session, commune_=commune, provider="cash")
        till = counter.open_till(session, actor="cashier", commune=commune)
        counter.take_cash(
            session,
            actor="cashier",
            registry=registry,
            till=till,
            payment=payment,
            received=payment.amount,
        )
        booked = list(session.execute(select(Collection)).scalars())
        again = services.collect_payment(
            session,
            commune,
            Collected(
                reference=payment.reference,
                title=payment.title,
                amount=payment.confirmed_amount,
                currency=payment.currency,
                paid_at=payment.confirmed_at,
                fee_item="payments.stamp-duty",
            ),
        )
        count = len(list(session.execute(select(Collection)).scalars()))
    assert len(booked) == 1
    assert booked[0].channel == "payment"
    assert booked[0].reference == payment.reference
    assert booked[0].amount == payment.amount
    assert "payments.stamp-duty" in booked[0].line.fee_items
    assert again is not None
    assert again.id == booked[0].id
    assert count == 1


class OnceOnlyFile:
    """A file payable until it is settled, as a copy request or a permit fee is: settled,
    it no longer answers as payable."""

    def __init__(self) -> None:
        self.paid: set[str] = set()

    def find(self, session, reference: str) -> Payable | None:
        if reference in self.paid:
            return None
        return Payable(reference=reference, title="Copy", fee_item="payments.stamp-duty")

    def settled(self, session, reference: str, *, receipt: str) -> None:
        self.paid.add(reference)


def test_a_settled_file_is_collected_on_the_line_of_the_fee_it_was_priced_by(db):
    registry = _ledger_registry()
    offer(registry, Kind.PAYABLE_OBJECT, "tests.file", OnceOnlyFile(), module="payments")
    with db() as session:
        commune = factories.payments_commune(session)
        factories.enable(session, commune, "budget")
        set_commune_scope(session, commune.id)
        services.open_lines(session, actor="t", commune=commune, year=utcnow().year)
        payment = intents.request_payment(
            session,
            actor="resident",
            commune=commune,
            registry=registry,
            kind="tests.file",
            reference="CS-0001",
            provider="gsma",
            payer="+212600000000",
        )
        verified = Verified(SUCCESS, payment.amount, "TX-1")
        intents.apply(session, registry=registry, payment_id=payment.id, verified=verified)
        booked = list(session.execute(select(Collection)).scalars())
    assert payment.state == "confirmed"
    assert [c.reference for c in booked] == [payment.reference]
    assert "payments.stamp-duty" in booked[0].line.fee_items


def test_a_payment_without_a_revenue_line_is_left_out(db):
    registry = _ledger_registry()
    with db() as session:
        commune = factories.payments_commune(session)
        factories.enable(session, commune, "budget")
        set_commune_scope(session, commune.id)
        payment = factories.payment(session, commune_=commune, provider="cash")
        till = counter.open_till(session, actor="cashier", commune=commune)
        counter.take_cash(
            session,
            actor="cashier",
            registry=registry,
            till=till,
            payment=payment,
            received=payment.amount,
        )
        count = len(list(session.execute(select(Collection)).scalars()))
    assert payment.state == "confirmed"
    assert count == 0


TREASURER = frozenset({PaymentPerm.REVERSE})


def _booked(session, registry, provider: str):
    """A payments and budget commune with its lines open, and one credited payment of
    ``provider`` (cash at the counter, or confirmed by the provider) booked as revenue."""
    commune = factories.payments_commune(session)
    factories.enable(session, commune, "budget")
    set_commune_scope(session, commune.id)
    services.open_lines(session, actor="t", commune=commune, year=utcnow().year)
    payment = factories.payment(session, commune_=commune, provider=provider)
    if provider == "cash":
        till = counter.open_till(session, actor="cashier", commune=commune)
        counter.take_cash(
            session,
            actor="cashier",
            registry=registry,
            till=till,
            payment=payment,
            received=payment.amount,
        )
    else:
        verified = Verified(SUCCESS, payment.amount, "TX-1")
        intents.apply(session, registry=registry, payment_id=payment.id, verified=verified)
    assert payment.state == "confirmed"
    return commune, payment


def _collected(session, payment) -> Decimal:
    """The collected total of the line the payment was booked on."""
    booked = session.execute(
        select(Collection).where(Collection.reference == payment.reference)
    ).scalar_one()
    rows = {r.line.id: r for r in services.revenue_execution(session, utcnow().year)}
    return rows[booked.line_id].collected


def _collections(session) -> list[tuple[str | None, Decimal]]:
    stmt = select(Collection.reference, Collection.amount).order_by(Collection.id)
    return [(reference, amount) for reference, amount in session.execute(stmt).all()]


def test_a_cash_reversal_takes_the_money_out_of_the_revenue_line_once(db):
    registry = _ledger_registry()
    with db() as session:
        commune, payment = _booked(session, registry, "cash")
        before = _collected(session, payment)
        reversals.ask(
            session,
            registry=registry,
            actor="treasurer@x",
            commune=commune,
            payment=payment,
            permissions=TREASURER,
        )
        after = _collected(session, payment)
        books = _collections(session)
        services.LEDGER.reversed(session, commune, payment.reference)  # told twice
        again = _collections(session)
        offset = session.execute(select(Collection).where(Collection.amount < 0)).scalar_one()
        events = [e.action for e in audit.history(session, "collection", str(offset.public_id))]
    assert payment.state == "reversed"
    assert before == payment.amount
    assert after == 0
    assert books == [
        (payment.reference, payment.amount),
        (f"{payment.reference}/reversed", -payment.amount),
    ]
    assert again == books
    assert events == ["budget:collection:reversed"]


def test_a_provider_reversal_takes_the_money_out_when_the_provider_reverses(db):
    registry = _ledger_registry()
    with db() as session:
        commune, payment = _booked(session, registry, "gsma")
        reversals.ask(
            session,
            registry=registry,
            actor="treasurer@x",
            commune=commune,
            payment=payment,
            permissions=TREASURER,
        )
        waiting = _collected(session, payment)
        done = reversals.record(session, payment, Reversal(REVERSED, "RV-1"), registry=registry)
        after = _collected(session, payment)
        books = _collections(session)
        repeated = reversals.record(session, payment, Reversal(REVERSED, "RV-1"), registry=registry)
        services.LEDGER.reversed(session, commune, payment.reference)
        again = _collections(session)
    assert waiting == payment.amount  # asked is not yet given back
    assert (done, repeated) == ("reversed", "duplicate")
    assert after == 0
    assert len(books) == 2
    assert again == books


def test_a_refused_reversal_leaves_the_collection(db):
    registry = _ledger_registry()
    with db() as session:
        commune, payment = _booked(session, registry, "gsma")
        reversals.ask(
            session,
            registry=registry,
            actor="treasurer@x",
            commune=commune,
            payment=payment,
            permissions=TREASURER,
        )
        refused = Reversal(REFUSED, reason="insufficient merchant balance")
        outcome = reversals.record(session, payment, refused, registry=registry)
        after = _collected(session, payment)
        books = _collections(session)
    assert outcome == "refused"
    assert payment.state == "confirmed"
    assert after == payment.amount
    assert books == [(payment.reference, payment.amount)]


def test_a_reversed_payment_never_booked_offsets_nothing(db):
    with db() as session:
        commune = _commune(session)
        offset = services.offset_payment(session, commune, "PAY-NEVER-BOOKED")
        count = len(_collections(session))
    assert offset is None
    assert count == 0


def _at_once(engine, commune_id: int, line_id, act) -> None:
    """Four people act on the same line at the same moment, each in its own transaction;
    ``act(session, commune, line, n)`` is what the n-th does. Fails on any error."""
    url = engine.url.render_as_string(hide_password=False)
    workers = 4
    start = threading.Barrier(workers)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        own = make_engine(url, pool_size=1, max_overflow=0)
        try:
            tm = transaction_module.TransactionManager(explicit=True)
            with tm:
                session = session_in_transaction(make_session_factory(own), tm)
                set_commune_scope(session, commune_id)
                commune = session.get(Commune, commune_id)
                line = services.get_line(session, line_id)
                start.wait(timeout=10)
                act(session, commune, line, n)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors


@pytest.mark.parametrize("booked", ["collection", "assessment"])
def test_what_is_booked_at_once_on_a_line_gets_distinct_numbers(db, engine, backend, booked):
    """Four accountants collect, or four officers assess, on the same line at the same
    moment: each is booked, under its own number."""
    if backend != "postgresql":
        pytest.skip("SQLite takes one writer at a time")
    with db() as session:
        line = factories.revenue_line(session)
        line_id, commune_id = line.public_id, line.commune_id

    def collect(session, commune, line, n):
        services.collect(session, actor=f"a{n}", commune=commune, line=line, amount=1, payer="X")

    def assess(session, commune, line, n):
        services.assess(
            session,
            actor=f"o{n}",
            commune=commune,
            line=line,
            debtor="X",
            amount=1,
            due_on=date(2026, 12, 31),
            purpose="Taxe",
        )

    _at_once(engine, commune_id, line_id, collect if booked == "collection" else assess)
    model = Collection if booked == "collection" else Assessment
    with db() as session:
        set_commune_scope(session, commune_id)
        numbers = list(session.execute(select(model.number)).scalars())
    assert len(set(numbers)) == len(numbers) == 4
