"""Odd input on the revenue forms, past the front door: never a server error.

The budget officer (forecasts, assessments, cancellations) and the accountant
(collections) post each form they may send, logged in with a valid CSRF token, with the
field names it expects and fuzzed values (see :mod:`tests.fuzz.test_budget_input`).
"""

from __future__ import annotations

import pytest
from hypothesis import strategies as st

from tests import factories
from tests.fuzz.support import post_drawn_values
from tests.fuzz.test_budget_input import AMOUNTS
from tests.fuzz.test_odd_input import SPECIAL, odd_text

ROLES = {"budget_officer": "o@sale.test", "accountant": "a@sale.test"}


@pytest.fixture
def revenue_commune(app, db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "budget")
        line = factories.revenue_line(session, commune_=commune)
        assessment = factories.assessment(session, line=line)
        for role, email in ROLES.items():
            factories.user(session, role=role, commune_=commune, email=email)
    return app, {"line": str(line.public_id), "assessment": str(assessment.public_id)}


def _forms(role: str, ids: dict[str, str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    line = f"/c/sale/budget/revenues/lines/{ids['line']}"
    assessment = f"/c/sale/budget/assessments/{ids['assessment']}"
    if role == "accountant":
        return {
            "collect": (f"{assessment}/collect", ("amount", "payer")),
            "counter": (f"{line}/collect", ("amount", "payer")),
        }
    return {
        "assess": (
            "/c/sale/budget/assessments/new",
            ("line", "debtor", "debtor_id", "purpose", "amount", "date"),
        ),
        "forecast": (f"{line}/forecast", ("amount",)),
        "cancel": (f"{assessment}/cancel", ("reason",)),
        "open": ("/c/sale/budget/revenues", ("year",)),
    }


def _value(field: str, ids: dict[str, str]) -> st.SearchStrategy[str]:
    if field == "line":
        return st.sampled_from([ids["line"], *SPECIAL[:8]])
    if field in {"amount", "year"}:
        return st.sampled_from(AMOUNTS) | odd_text
    return odd_text


@pytest.mark.parametrize("role", sorted(ROLES))
def test_revenue_forms_refuse_odd_input_clearly(revenue_commune, role):
    app, ids = revenue_commune
    factories.log_in(app, ROLES[role], totp=True)
    csrf = factories.csrf_token(app, "/c/sale/budget/revenues")
    forms = _forms(role, ids)

    post_drawn_values(app, forms, lambda field: _value(field, ids), csrf, examples=100)
