"""The demo budget: approved, with expenses in every state of the chain, all audited."""

from __future__ import annotations

from sqlalchemy import select

from budget import demo, services
from budget.models import Attachment, Budget, Commitment, Transfer
from budget.workflow import COMMITMENT_WORKFLOW
from municipality import audit
from municipality.db import set_commune_scope
from municipality.demo import staff_email
from tests import factories


def test_the_demo_shows_every_state(db):
    with db() as session:
        commune = factories.commune(session, country="ML", languages="fr")
        factories.enable(session, commune, "budget")
        for role in ("budget_officer", "accountant"):
            email = staff_email(role, commune.slug)
            factories.user(session, role=role, commune_=commune, email=email)
        registry = factories.documents_registry()
        demo.load_demo(session, commune, "system:demo", factories.demo_year(registry))
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
