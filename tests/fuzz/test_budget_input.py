"""Odd input on the budget's forms, past the front door: never a server error.

A budget officer (logged in, with a valid CSRF token) posts each form with the field
names it expects and fuzzed values: amounts NaN, 1e400, ``1_0``, Arabic digits, more
decimals than the currency has; identifiers that are not ones; text with NUL bytes and
unpaired surrogates. Each answer is a page (2xx, 3xx) or a clear refusal (4xx).
"""

from __future__ import annotations

import pytest
from hypothesis import strategies as st

from tests import factories
from tests.fuzz.support import post_drawn_values
from tests.fuzz.test_odd_input import SPECIAL, odd_text

AMOUNTS = ("12.345", "0.001", "-1", "0", "NaN", "sNaN", "Infinity", "1e400", "1e11", "١٢٣", "1_0")


@pytest.fixture
def officer(app, db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "budget")
        line = factories.budget_line(session, commune_=commune)
        commitment = factories.commitment(session, line=line)
        factories.user(session, role="budget_officer", commune_=commune, email="o@sale.test")
        ids = {
            "line": str(line.public_id),
            "supplier": str(commitment.supplier.public_id),
            "code": str(line.code.public_id),
            "commitment": str(commitment.public_id),
        }
    factories.log_in(app, "o@sale.test", totp=True)
    return app, ids, factories.csrf_token(app, "/c/sale/budget")


def _forms(ids: dict[str, str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    action = f"/c/sale/budget/commitments/{ids['commitment']}"
    return {
        "commit": ("/c/sale/budget/commitments/new", ("line", "supplier", "amount", "purpose")),
        "supplier": ("/c/sale/budget/suppliers", ("name", "tax_id", "address", "bank_account")),
        "transfer": ("/c/sale/budget/transfers", ("source", "target", "amount", "reason")),
        "budget": ("/c/sale/budget/budgets", ("year",)),
        "liquidate": (f"{action}/liquidate", ("invoice_ref", "liquidated_amount", "date")),
        "cancel": (f"{action}/cancel", ("reason",)),
        "attach": (f"{action}/attachments", ("kind", "document")),
        "codes": ("/c/sale/budget/codes", ("country", "workbook")),
    }


def _value(field: str, ids: dict[str, str]) -> st.SearchStrategy[str]:
    known = {"line", "supplier", "source", "target", "code"}
    if field in known:
        return st.sampled_from([ids["supplier" if field == "supplier" else "line"], *SPECIAL[:8]])
    if field in {"amount", "liquidated_amount", "year"}:
        return st.sampled_from(AMOUNTS) | odd_text
    return odd_text


def test_budget_forms_refuse_odd_input_clearly(officer):
    app, ids, csrf = officer
    forms = _forms(ids)

    post_drawn_values(app, forms, lambda field: _value(field, ids), csrf, examples=150)
