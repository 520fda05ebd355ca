"""Each rule a returned cell must satisfy, and the cross-checks between indicators."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from consolidation.definition import (
    Breakdown,
    CrossCheck,
    Indicator,
    Label,
    SetDefinition,
    problems_in,
)
from consolidation.periods import parse_period
from consolidation.validate import RawValue, validate_cells

PERIOD = parse_period("2026-Q3")
SECTION = (Label("main", "Principal", "رئيسي"),)


def _definition(*indicators: Indicator, checks: tuple[CrossCheck, ...] = ()) -> SetDefinition:
    months = Breakdown("month", "Mois", "الشهر")
    definition = SetDefinition(SECTION, indicators, (months,), checks)
    assert problems_in(definition) == []
    return definition


def _indicator(kind: str, **extra: Any) -> Indicator:
    return Indicator(code="x", label_fr="X", label_ar="س", type=kind, section="main", **extra)


def _run(definition: SetDefinition, values: dict[str, Any], **flags: Any) -> tuple[dict, list]:
    cells = definition.cells(PERIOD)
    raw = {
        cell.key: RawValue(values.get(cell.key), "Principal", f"F{4 + n}", **flags)
        for n, cell in enumerate(cells)
    }
    return validate_cells(definition, cells, raw)


def _one(kind: str, value: Any, **extra: Any) -> tuple[Any, str]:
    clean, problems = _run(_definition(_indicator(kind, **extra)), {"x": value})
    return clean.get("x"), problems[0].describe("en") if problems else ""


@pytest.mark.parametrize(
    ("kind", "extra", "typed", "stored"),
    [
        ("integer", {}, 12.0, 12),
        ("integer", {}, "1 250", 1250),
        ("decimal", {}, 12.5, "12.5"),
        ("decimal", {}, "12,75", "12.75"),
        ("decimal", {}, 120000.0, "120000"),
        ("percentage", {}, 0.455, "45.5"),
        ("percentage", {}, "45%", "45"),
        ("text", {"maximum": "5"}, "hello", "hello"),
        ("date", {}, datetime(2026, 10, 5), "2026-10-05"),
        ("date", {}, "05/10/2026", "2026-10-05"),
        ("choice", {"choices": (Label("a", "Alpha", "ألف"),)}, "Alpha", "a"),
        ("choice", {"choices": (Label("a", "Alpha", "ألف"),)}, "ألف", "a"),
    ],
)
def test_typed_values_are_stored_exactly(
    kind: str, extra: dict[str, Any], typed: Any, stored: Any
) -> None:
    assert _one(kind, typed, **extra) == (stored, "")


@pytest.mark.parametrize(
    ("kind", "extra", "typed", "expected"),
    [
        ("integer", {}, 12.5, "A whole number."),
        ("integer", {}, "twelve", "A whole number."),
        ("integer", {}, True, "A whole number."),
        ("integer", {"minimum": "0"}, -1, "A value of at least 0."),
        ("integer", {"maximum": "10"}, 11, "A value of at most 10."),
        ("decimal", {"minimum": "0", "maximum": "5"}, 5.01, "A value between 0 and 5."),
        ("decimal", {}, "n/a", "A number."),
        ("percentage", {"minimum": "0", "maximum": "100"}, 1.5, "A value between 0 and 100."),
        ("text", {"maximum": "3"}, "long", "A text of at most 3 characters."),
        ("date", {}, "yesterday", "A date (day/month/year)."),
        ("date", {"minimum": "2026-01-01"}, date(2025, 12, 31), "A value of at least 2026-01-01."),
        ("choice", {"choices": (Label("a", "Alpha", "ألف"),)}, "Beta", "One of: Alpha."),
        ("integer", {}, None, "A value is required."),
        ("text", {}, "   ", "A value is required."),
    ],
)
def test_each_rule_refuses_with_what_was_expected(
    kind: str, extra: dict[str, Any], typed: Any, expected: str
) -> None:
    assert _one(kind, typed, **extra) == (None, expected)


def test_an_empty_optional_cell_is_stored_as_null() -> None:
    assert _one("integer", "", required=False) == (None, "")


def test_a_problem_names_sheet_cell_indicator_and_value() -> None:
    clean, problems = _run(_definition(_indicator("integer", minimum="0")), {"x": -3})
    assert clean == {}
    problem = problems[0]
    assert (problem.sheet, problem.cell, problem.key, problem.found) == (
        "Principal",
        "F4",
        "x",
        "-3",
    )
    assert problem.indicator_label("ar") == "س"
    assert problem.describe("fr") != problem.describe("en")


def test_a_formula_without_a_cached_value_is_refused() -> None:
    definition = _definition(_indicator("integer"))
    _clean, problems = _run(definition, {"x": ""}, formula_without_value=True)
    assert problems[0].describe("en").startswith("A formula without a computed value")


def _pair(breakdown: str | None = None) -> tuple[Indicator, Indicator]:
    return (
        Indicator("received", "Reçues", "واردة", "integer", "main", breakdown=breakdown),
        Indicator("resolved", "Traitées", "معالجة", "integer", "main", breakdown=breakdown),
    )


CHECK = CrossCheck("le", ("resolved",), "<=", ("received",), "Trop traitées.", "كثيرة")


def test_cross_check_between_totals() -> None:
    definition = _definition(*_pair(), checks=(CHECK,))
    _clean, ok = _run(definition, {"received": 5, "resolved": 5})
    assert ok == []
    _clean, problems = _run(definition, {"received": 5, "resolved": 6})
    assert [(p.key, p.found) for p in problems] == [("resolved", "6")]
    assert "Trop traitées." in problems[0].describe("fr")
    assert "كثيرة" in problems[0].describe("ar")


def test_cross_check_member_by_member_when_breakdowns_match() -> None:
    definition = _definition(*_pair("month"), checks=(CHECK,))
    values = {f"received|2026_0{m}": 10 for m in (7, 8, 9)}
    values |= {f"resolved|2026_0{m}": 9 for m in (7, 8, 9)}
    values["resolved|2026_08"] = 11
    _clean, problems = _run(definition, values)
    assert [p.key for p in problems] == ["resolved|2026_08"]


def test_definition_problems_are_listed() -> None:
    bad = SetDefinition(
        SECTION,
        (Indicator("Bad-Code", "B", "ب", "money", "nowhere", breakdown="none"),),
        (),
        (CrossCheck("c", ("missing",), "~", ("Bad-Code",), "", ""),),
    )
    problems = " ".join(problems_in(bad))
    for fragment in ("Bad-Code", "unknown type", "unknown section", "unknown breakdown", "~"):
        assert fragment in problems


def test_a_problem_in_a_breakdown_names_the_member() -> None:
    indicator = Indicator("acts", "Actes", "رسوم", "integer", "main", breakdown="month")
    _clean, problems = _run(_definition(indicator), {"acts|2026_07": 1, "acts|2026_09": 3})
    assert [p.indicator_label("fr") for p in problems] == ["Actes — août 2026"]
    assert problems[0].indicator_label("ar") == "رسوم — غشت 2026"


def test_a_refused_percentage_shows_as_typed() -> None:
    definition = _definition(_indicator("percentage", minimum="0", maximum="100"))
    _clean, problems = _run(definition, {"x": 1.5})
    assert problems[0].found == "150 %"
