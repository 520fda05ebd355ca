"""Budgets, credits, transfers and the expenditure chain, each step audited."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
import transaction as transaction_module

from budget import services
from budget.permissions import ACCOUNTANT, OFFICER
from budget.workflow import COMMITMENT_WORKFLOW
from municipality import audit
from municipality.db import make_engine, make_session_factory, session_in_transaction
from municipality.errors import Conflict, Forbidden, InvalidTransition, ValidationFailed
from municipality.models import Commune
from tests import factories

OFFICER_PERMS = frozenset(OFFICER)
ACCOUNTANT_PERMS = frozenset(ACCOUNTANT)
DECISION = {"decision": "Délibération 3", "decided_on": date(2025, 10, 30)}
SERVICE_DONE = {
    "invoice_ref": "F-2026-118",
    "service_done_on": date(2026, 3, 2),
    "liquidated_amount": "800.50",
}


def _text(error):
    """The error's message as a reader sees it (in English, its mapping filled in)."""
    return error.detail.interpolate() if hasattr(error.detail, "interpolate") else error.detail


def _commune(session, country="MA"):
    commune = factories.commune(session, country=country)
    factories.enable(session, commune, "budget")
    services_codes(session, commune)
    return commune


def services_codes(session, commune):
    from budget.nomenclature import load_country_codes

    load_country_codes(session, actor="t", commune=commune)


def test_credits_open_only_when_the_budget_is_approved(db):
    with db() as session:
        commune = _commune(session)
        budget = factories.budget(session, commune_=commune, approved=False)
        line = budget.allocations[0].line
        assert services.available(session, line) == 0
        for action in ("vote", "approve"):
            services.act_budget(
                session,
                actor="t",
                budget=budget,
                action=action,
                permissions=OFFICER_PERMS,
                data=DECISION,
            )
        assert services.available(session, line) == Decimal(100_000)
        actions = [e.action for e in audit.history(session, "budget", str(budget.public_id))]
    assert actions == [
        "budget:budget:proposed",
        "budget:budget:allocated",
        "budget:budget:voted",
        "budget:budget:approved",
    ]


def test_a_vote_needs_the_decision_and_a_line(db):
    with db() as session:
        commune = _commune(session)
        empty = services.create_budget(session, actor="t", commune=commune, year=2027)
        with pytest.raises(ValidationFailed):
            services.act_budget(
                session,
                actor="t",
                budget=empty,
                action="vote",
                permissions=OFFICER_PERMS,
                data=DECISION,
            )
        budget = factories.budget(session, commune_=commune, year=2028, approved=False)
        with pytest.raises(ValidationFailed):
            services.act_budget(
                session, actor="t", budget=budget, action="vote", permissions=OFFICER_PERMS, data={}
            )


def test_a_supplementary_budget_adds_credit_and_waits_for_the_initial(db):
    with db() as session:
        commune = _commune(session)
        code = services.codes(session)[0]
        initial = factories.budget(session, commune_=commune, approved=False)
        with pytest.raises(Conflict):
            services.create_budget(session, actor="t", commune=commune, year=2026)
        for action in ("vote", "approve"):
            services.act_budget(
                session,
                actor="t",
                budget=initial,
                action=action,
                permissions=OFFICER_PERMS,
                data=DECISION,
            )
        factories.budget(session, commune_=commune, credits={code.code: "2500.25"})
        line = initial.allocations[0].line
        assert line.credit == Decimal("102500.25")
        assert line.voted == Decimal(100_000)
        assert [b.kind for b in session.execute(services.budgets(2026)).scalars()] == [
            "initial",
            "supplementary",
        ]


@pytest.mark.parametrize(
    ("country", "value", "problem"),
    [
        ("MA", "12.345", "decimals"),
        ("ML", "1000.5", "decimals"),
        ("MA", "-5", "above zero"),
        ("MA", "0", "above zero"),
        ("MA", "1e15", "above zero"),
        ("MA", "NaN", "above zero"),
        ("MA", "douze", "number"),
    ],
)
def test_amounts_follow_the_currency(db, country, value, problem):
    with db() as session:
        commune = _commune(session, country)
        budget = services.create_budget(session, actor="t", commune=commune, year=2026)
        with pytest.raises(ValidationFailed) as raised:
            services.allocate(
                session,
                actor="t",
                commune=commune,
                budget=budget,
                code=services.codes(session)[0],
                amount=value,
            )
        assert problem in _text(raised.value)


def test_a_commitment_never_exceeds_the_available_credit(db):
    with db() as session:
        line = factories.budget_line(session)
        factories.commitment(session, line=line, amount=60_000)
        with pytest.raises(Conflict) as raised:
            factories.commitment(session, line=line, amount="40000.01")
        assert "40\u202f000.00" in _text(raised.value)
        factories.commitment(session, line=line, amount=40_000)
        assert services.available(session, line) == 0


def _chain_to(session, commitment, state, officer_id):
    steps = {
        "liquidated": [("liquidate", SERVICE_DONE)],
        "ordered": [("liquidate", SERVICE_DONE), ("order", {})],
    }
    commune = session.get(Commune, commitment.commune_id)
    for action, data in steps.get(state, []):
        services.act(
            session,
            actor="officer",
            commune=commune,
            user_id=officer_id,
            commitment=commitment,
            action=action,
            permissions=OFFICER_PERMS,
            data=data,
        )
    return commune


def test_the_whole_chain_and_its_figures(db):
    with db() as session:
        officer = factories.user(session)
        accountant = factories.user(session)
        line = factories.budget_line(session)
        commitment = factories.commitment(session, line=line, user_id=officer.id)
        commune = _chain_to(session, commitment, "ordered", officer.id)
        services.act(
            session,
            actor="accountant",
            commune=commune,
            user_id=accountant.id,
            commitment=commitment,
            action="pay",
            permissions=ACCOUNTANT_PERMS,
        )
        assert commitment.state == "paid"
        (row,) = services.execution(session, 2026)
        assert (row.credit, row.committed, row.liquidated, row.ordered, row.paid) == (
            Decimal(100_000),
            Decimal("800.50"),
            Decimal("800.50"),
            Decimal("800.50"),
            Decimal("800.50"),
        )
        assert row.available == Decimal("99199.50")
        assert row.payment_rate == Decimal("0.8")
        history = audit.history(session, "commitment", str(commitment.public_id))
    assert [e.action for e in history] == [
        "budget:commitment:committed",
        "budget:commitment:liquidated",
        "budget:commitment:ordered",
        "budget:commitment:paid",
    ]


def test_whoever_committed_or_ordered_cannot_pay(db):
    with db() as session:
        officer = factories.user(session)
        commitment = factories.commitment(session, user_id=officer.id)
        commune = _chain_to(session, commitment, "ordered", officer.id)
        with pytest.raises(ValidationFailed) as raised:
            services.act(
                session,
                actor="officer",
                commune=commune,
                user_id=officer.id,
                commitment=commitment,
                action="pay",
                permissions=OFFICER_PERMS | ACCOUNTANT_PERMS,
            )
        assert "another person" in _text(raised.value)
        assert commitment.state == "ordered"


def test_the_officer_cannot_pay_and_the_accountant_cannot_order(db):
    with db() as session:
        officer = factories.user(session)
        commitment = factories.commitment(session, user_id=officer.id)
        commune = _chain_to(session, commitment, "liquidated", officer.id)
        with pytest.raises(Forbidden):
            services.act(
                session,
                actor="accountant",
                commune=commune,
                user_id=None,
                commitment=commitment,
                action="order",
                permissions=ACCOUNTANT_PERMS,
            )
        other = factories.commitment(session, line=commitment.line)
        _chain_to(session, other, "ordered", None)
        with pytest.raises(Forbidden):
            services.act(
                session,
                actor="officer",
                commune=commune,
                user_id=officer.id,
                commitment=other,
                action="pay",
                permissions=OFFICER_PERMS,
            )


def test_a_rejected_order_goes_back_with_its_reason(db):
    with db() as session:
        officer = factories.user(session)
        commitment = factories.commitment(session, user_id=officer.id)
        commune = _chain_to(session, commitment, "ordered", officer.id)
        kwargs = {
            "actor": "accountant",
            "commune": commune,
            "user_id": None,
            "commitment": commitment,
            "action": "reject",
            "permissions": ACCOUNTANT_PERMS,
        }
        with pytest.raises(ValidationFailed):
            services.act(session, **kwargs, data={"reason": "  "})
        services.act(session, **kwargs, data={"reason": "RIB absent"})
        assert (commitment.state, commitment.reason, commitment.ordered_by_id) == (
            "liquidated",
            "RIB absent",
            None,
        )
        last = audit.history(session, "commitment", str(commitment.public_id))[-1]
        assert last.action == "budget:commitment:rejected"


def test_cancelling_frees_the_credit(db):
    with db() as session:
        line = factories.budget_line(session)
        commitment = factories.commitment(session, line=line, amount=100_000)
        commune = session.get(Commune, line.commune_id)
        services.act(
            session,
            actor="o",
            commune=commune,
            user_id=None,
            commitment=commitment,
            action="cancel",
            permissions=OFFICER_PERMS,
            data={"reason": "Marché annulé"},
        )
        assert services.available(session, line) == Decimal(100_000)


def test_liquidation_cannot_exceed_the_commitment(db):
    with db() as session:
        commitment = factories.commitment(session, amount=500)
        with pytest.raises(ValidationFailed):
            _chain_to(session, commitment, "liquidated", None)


@pytest.mark.parametrize(
    ("state", "action"), [(t.state, t.action) for t in COMMITMENT_WORKFLOW.table.values()]
)
def test_no_action_outside_its_state(db, state, action):
    others = {s for s in COMMITMENT_WORKFLOW.states if (s, action) not in COMMITMENT_WORKFLOW.table}
    with db() as session:
        commitment = factories.commitment(session)
        commune = session.get(Commune, commitment.commune_id)
        for other in sorted(others):
            commitment.state = other
            with pytest.raises(InvalidTransition):
                services.act(
                    session,
                    actor="o",
                    commune=commune,
                    user_id=None,
                    commitment=commitment,
                    action=action,
                    permissions=OFFICER_PERMS | ACCOUNTANT_PERMS,
                    data={"reason": "r"},
                )


def _two_lines(session, country, credits):
    commune = _commune(session, country)
    codes = services.codes(session)
    budget = factories.budget(
        session, commune_=commune, credits={c.code: a for c, a in zip(codes, credits, strict=False)}
    )
    return commune, codes, [a.line for a in budget.allocations]


@pytest.mark.parametrize(
    ("country", "pair", "authority"),
    [
        ("MA", (1, 2), "officer"),
        ("MA", (0, 1), "council"),
        ("MA", (0, 5), "supervisor"),
        ("ML", (0, 1), "council"),
        ("ML", (0, 2), "supervisor"),
    ],
)
def test_a_transfer_needs_the_authority_its_lines_call_for(db, country, pair, authority):
    with db() as session:
        commune, _codes, lines = _two_lines(session, country, [10_000] * 6)
        transfer = services.request_transfer(
            session,
            actor="o",
            commune=commune,
            source=lines[pair[0]],
            target=lines[pair[1]],
            amount=1_000,
            reason="Besoin",
        )
        assert transfer.authority == authority


def test_an_authorised_transfer_moves_the_credit_and_a_refused_one_does_not(db):
    with db() as session:
        commune, _codes, (source, target) = _two_lines(session, "MA", [10_000, 10_000])
        kwargs = {"actor": "o", "commune": commune, "source": source, "target": target}
        first = services.request_transfer(session, **kwargs, amount=3_000, reason="Panne")
        second = services.request_transfer(session, **kwargs, amount=2_000, reason="Panne")
        services.act_transfer(
            session,
            actor="o",
            transfer=first,
            action="authorise",
            permissions=OFFICER_PERMS,
            data=DECISION,
        )
        services.act_transfer(
            session,
            actor="o",
            transfer=second,
            action="refuse",
            permissions=OFFICER_PERMS,
            data={"reason": "Pas urgent"},
        )
        assert (source.credit, target.credit) == (Decimal(7_000), Decimal(13_000))
        assert [e.action for e in audit.history(session, "transfer", str(first.public_id))] == [
            "budget:transfer:requested",
            "budget:transfer:authorised",
        ]


def test_a_transfer_cannot_take_committed_credit(db):
    with db() as session:
        commune, _codes, (source, target) = _two_lines(session, "MA", [10_000, 10_000])
        factories.commitment(session, line=source, amount=9_500)
        with pytest.raises(Conflict):
            services.request_transfer(
                session,
                actor="o",
                commune=commune,
                source=source,
                target=target,
                amount=600,
                reason="x",
            )


def test_mali_caps_what_an_article_receives_at_a_fifth_of_its_vote(db):
    with db() as session:
        commune, _codes, lines = _two_lines(session, "ML", [50_000, 10_000])
        kwargs = {"actor": "o", "commune": commune, "source": lines[0], "target": lines[1]}
        services.request_transfer(session, **kwargs, amount=1_500, reason="a")
        with pytest.raises(ValidationFailed) as raised:
            services.request_transfer(session, **kwargs, amount=501, reason="b")
        assert "20\u00a0%" in _text(raised.value)
        services.request_transfer(session, **kwargs, amount=500, reason="c")


def test_concurrent_commitments_never_overspend(db, engine, backend):
    """Eight officers commit 30,000 each on a line of 100,000 at once: three succeed."""
    if backend != "postgresql":
        pytest.skip("SQLite takes one writer at a time; the row lock is PostgreSQL's")
    with db() as session:
        line = factories.budget_line(session)
        supplier = factories.supplier(session, commune_=session.get(Commune, line.commune_id))
        line_id, supplier_id, commune_id = line.public_id, supplier.public_id, line.commune_id
    url = engine.url.render_as_string(hide_password=False)
    workers = 8
    start = threading.Barrier(workers)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def work() -> None:
        own = make_engine(url, pool_size=1, max_overflow=0)
        try:
            tm = transaction_module.TransactionManager(explicit=True)
            with tm:
                session = session_in_transaction(make_session_factory(own), tm)
                commune = session.get(Commune, commune_id)
                line = services.get_line(session, line_id)
                supplier = services.get_supplier(session, supplier_id)
                start.wait(timeout=10)
                services.commit(
                    session,
                    actor="o",
                    commune=commune,
                    user_id=None,
                    line=line,
                    supplier=supplier,
                    amount=30_000,
                    purpose="Travaux",
                )
            outcomes.append("committed")
        except Conflict:
            outcomes.append("refused")
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sorted(outcomes) == ["committed"] * 3 + ["refused"] * 5
    with db() as session:
        line = services.get_line(session, line_id)
        assert services.available(session, line) == Decimal(10_000)


def test_a_payment_needs_a_named_accountant(db):
    with db() as session:
        officer = factories.user(session)
        commitment = factories.commitment(session, user_id=officer.id)
        commune = _chain_to(session, commitment, "ordered", officer.id)
        with pytest.raises(ValidationFailed) as raised:
            services.act(
                session,
                actor="system",
                commune=commune,
                user_id=None,
                commitment=commitment,
                action="pay",
                permissions=ACCOUNTANT_PERMS,
            )
        assert "named accountant" in _text(raised.value)
