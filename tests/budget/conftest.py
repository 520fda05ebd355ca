"""Shared budget data: a commune whose year has an expense paid and one committed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from budget import services
from budget.permissions import ACCOUNTANT, OFFICER
from municipality.db import clock_at, scoped_to
from tests import factories


def _pay(session, commune, commitment, officer, accountant, *, liquidated, ordered, paid):
    steps = (
        (
            liquidated,
            officer,
            OFFICER,
            "liquidate",
            {
                "invoice_ref": "F-1",
                "service_done_on": liquidated.date(),
                "liquidated_amount": "900",
            },
        ),
        (ordered, officer, OFFICER, "order", {}),
        (paid, accountant, ACCOUNTANT, "pay", {}),
    )
    for when, user, permissions, action, data in steps:
        with clock_at(when):
            services.act(
                session,
                actor=user.email,
                commune=commune,
                user_id=user.id,
                commitment=commitment,
                action=action,
                permissions=frozenset(permissions),
                data=data,
            )


@pytest.fixture
def spent(app, db):
    """Tiznit's approved 2026 budget: one expense paid in March, one committed in April,
    and a 2027 budget still proposed."""
    with db() as session:
        commune = factories.commune(session, slug="tiznit")
        factories.enable(session, commune, "budget")
        officer = factories.user(
            session, role="budget_officer", commune_=commune, email="officer@t.test"
        )
        accountant = factories.user(
            session, role="accountant", commune_=commune, email="accountant@t.test"
        )
        line = factories.budget_line(session, commune_=commune)
        supplier = factories.supplier(
            session, commune_=commune, name="Sotravo SARL", tax_id="ICE001122334455"
        )
        with clock_at(datetime(2026, 2, 10, 9, tzinfo=UTC)):
            paid = factories.commitment(
                session, line=line, amount=1000, user_id=officer.id, supplier_=supplier
            )
        with scoped_to(session, commune.id):
            _pay(
                session,
                commune,
                paid,
                officer,
                accountant,
                liquidated=datetime(2026, 3, 2, 9, tzinfo=UTC),
                ordered=datetime(2026, 3, 3, 9, tzinfo=UTC),
                paid=datetime(2026, 3, 4, 9, tzinfo=UTC),
            )
        with clock_at(datetime(2026, 4, 1, 9, tzinfo=UTC)):
            factories.commitment(session, line=line, amount=250, user_id=officer.id)
        factories.budget(session, commune_=commune, year=2027, approved=False)
    return app
