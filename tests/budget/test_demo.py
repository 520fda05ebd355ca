"""The demo budget: approved, with expenses in every state of the chain, all audited."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from budget import demo, services
from budget.models import Attachment, Budget, Commitment, Transfer
from budget.revenues import services as revenues
from budget.revenues.models import Assessment, Collection
from budget.revenues.workflow import ASSESSMENT_WORKFLOW
from budget.workflow import COMMITMENT_WORKFLOW
from municipality import audit
from municipality.db import set_commune_scope
from municipality.demo import staff_email
from tests import factories


def test_the_demo_shows_every_state(db, wsgi_app):
    with db() as session:
        commune = factories.commune(session, country="ML", languages="fr")
        factories.enable(session, commune, "budget")
        for role in ("budget_officer", "accountant"):
            email = staff_email(role, commune.slug)
            factories.user(session, role=role, commune_=commune, email=email)
        demo.load_demo(session, commune, "system:demo", factories.demo_year(wsgi_app.registry))
        set_commune_scope(session, commune.id)
        states = set(session.execute(select(Commitment.state)).scalars())
        assert states == COMMITMENT_WORKFLOW.states
        budgets = session.execute(select(Budget.kind, Budget.state)).all()
        assert sorted(budgets) == [("initial", "approved"), ("supplementary", "proposed")]
        transfers = sorted(session.execute(select(Transfer.state)).scalars())
        assert transfers == ["authorised", "requested"]
        rows = services.execution(
            session, budgets and session.execute(select(Budget.year)).scalars().first()
        )
        assert all(r.available >= 0 for r in rows)
        assert all(r.credit == r.credit.to_integral() for r in rows)
        assert audit.verify_chain(session, commune.id).intact
        invoices = session.execute(select(Attachment)).scalars().all()
        chained = session.execute(
            select(Commitment).where(Commitment.liquidated_at.is_not(None))
        ).scalars()
        assert {a.commitment_id for a in invoices} == {c.id for c in chained}
        assert all(a.filename.startswith("facture-F-") for a in invoices)


def test_the_demo_shows_revenues_in_every_state(db, wsgi_app):
    with db() as session:
        commune = factories.commune(session, country="MA", languages="fr ar")
        factories.enable(session, commune, "budget")
        for role in ("budget_officer", "accountant"):
            email = staff_email(role, commune.slug)
            factories.user(session, role=role, commune_=commune, email=email)
        year = factories.demo_year(wsgi_app.registry)
        demo.load_demo(session, commune, "system:demo", year)
        set_commune_scope(session, commune.id)
        states = set(session.execute(select(Assessment.state)).scalars())
        collections = list(session.execute(select(Collection)).scalars())
        arrears = revenues.arrears_total(session, year.end.date() + timedelta(days=40))
        rows = revenues.revenue_execution(session, year.end.year)
        assert audit.verify_chain(session, commune.id).intact
    assert states == ASSESSMENT_WORKFLOW.states
    assert {c.channel for c in collections} == {"counter"}
    assert any(c.assessment_id is None for c in collections)
    assert arrears > 0
    assert all(r.forecast > 0 for r in rows)
    assert sum(r.collected for r in rows) == sum(c.amount for c in collections)
