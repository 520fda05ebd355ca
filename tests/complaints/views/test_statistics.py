"""The statistics page refuses a period it would have to guess at."""

from __future__ import annotations

import pytest

from tests import factories


@pytest.mark.parametrize("months", ["1_2", "12.0", "0", "37", "9" * 40])
def test_a_period_that_is_not_1_to_36_months_is_refused_in_french(app, sale, months):
    factories.log_in(app, "agent@sale.test")
    page = app.get("/c/sale/complaints/statistics", {"months": months}, status=422)
    assert "Le nombre de mois doit être un nombre entier de 1 à 36." in page.text


def test_a_plain_period_is_shown(app, sale):
    factories.log_in(app, "agent@sale.test")
    app.get("/c/sale/complaints/statistics", {"months": "6"}, status=200)
