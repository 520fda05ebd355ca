"""Text that a spreadsheet would run as a formula is written as text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from municipality.spreadsheets import FORMULA_TRIGGERS, neutralise


@pytest.mark.parametrize("text", ["=1+2", "+33 6", "-x", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_text_starting_a_formula_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text
    assert not neutralise(text).startswith(FORMULA_TRIGGERS)


@pytest.mark.parametrize(
    "value", ["Salé", "a=b", "", " =x", None, -5, 3.5, Decimal("-2"), date(2026, 1, 1)]
)
def test_everything_else_is_left_alone(value):
    assert neutralise(value) == value
