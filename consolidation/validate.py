"""Checking a return cell by cell: types, bounds, required values, choices, cross-checks.

Values arrive as the workbook reader found them (numbers, text, dates; a formula's
cached result marked as computed) and leave in their stored, JSON-safe form: int for
integers, a decimal string for decimals and percentages, an ISO date, a text, a choice
code, or None for an empty optional cell. Every problem names the sheet, the cell, the
indicator, what was found and what was expected, so a commune can fix its file without
calling the region.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from pyramid.i18n import TranslationString

from consolidation.definition import (
    CHOICE,
    DATE,
    DECIMAL,
    INTEGER,
    PERCENTAGE,
    TEXT,
    Cell,
    CrossCheck,
    Indicator,
    Label,
    SetDefinition,
)
from municipality.i18n import _, localizer_for

if TYPE_CHECKING:
    from consolidation.models import CommuneReturn
    from municipality.models import Commune

_SPACES = re.compile(r"[\s\u00a0\u202f]")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


@dataclass(frozen=True)
class RawValue:
    """A cell as read: its value, where it is, and whether a formula computed it."""

    value: Any
    sheet: str
    cell: str
    computed: bool = False
    formula_without_value: bool = False


@dataclass(frozen=True)
class Problem:
    """Why (part of) a file was refused, in terms a commune's staff can act on."""

    expected: TranslationString
    sheet: str = ""
    cell: str = ""
    key: str = ""
    indicator: Indicator | None = None
    found: str = ""
    check: CrossCheck | None = None
    member: Label | None = None

    def indicator_label(self, locale: str) -> str:
        """The indicator's label, with the breakdown member when the cell is one."""
        if self.indicator is None:
            return ""
        label = self.indicator.label(locale)
        return f"{label} — {self.member.label(locale)}" if self.member else label

    def describe(self, locale: str) -> str:
        """The problem as one line in ``locale``, a cross-check's own message included."""
        expected = self.expected
        if self.check is not None:
            mapping = {**(expected.mapping or {}), "message": self.check.message(locale)}
            expected = _(str(expected), mapping=mapping)
        return localizer_for(locale).translate(expected)


@dataclass
class FileResult:
    """What became of one file: accepted (and stored) or refused with its problems."""

    name: str
    problems: list[Problem] = field(default_factory=list)
    commune: Commune | None = None
    values: dict[str, Any] = field(default_factory=dict)
    computed: list[str] = field(default_factory=list)
    commune_return: CommuneReturn | None = None

    @property
    def accepted(self) -> bool:
        return not self.problems and self.commune is not None


@dataclass
class ImportReport:
    """The outcome of one import: a result per file, in the order they were given."""

    files: list[FileResult] = field(default_factory=list)

    @property
    def all_accepted(self) -> bool:
        return bool(self.files) and all(f.accepted for f in self.files)


def validate_cells(
    definition: SetDefinition, cells: Sequence[Cell], raw: Mapping[str, RawValue]
) -> tuple[dict[str, Any], list[Problem]]:
    """Clean every cell and run the cross-checks; returns the clean values and problems."""
    clean: dict[str, Any] = {}
    problems: list[Problem] = []
    for cell in cells:
        found = raw.get(cell.key) or RawValue(None, "", cell.key)
        value, problem = clean_value(cell, found)
        if problem is not None:
            problems.append(problem)
        else:
            clean[cell.key] = value
    problems.extend(cross_check(definition, cells, clean, raw))
    return clean, problems


def _problem(cell: Cell, raw: RawValue, expected: TranslationString) -> Problem:
    return Problem(
        expected=expected,
        sheet=raw.sheet,
        cell=raw.cell,
        key=cell.key,
        indicator=cell.indicator,
        found=_found(cell.indicator, raw.value),
        member=cell.member,
    )


def _found(indicator: Indicator, value: Any) -> str:
    """The value as the person saw it: a percentage cell shows 150 %, not 1.5."""
    if (
        indicator.type == PERCENTAGE
        and isinstance(value, int | float)
        and not isinstance(value, bool)
    ):
        return f"{_number(value) * 100:f}".rstrip("0").rstrip(".") + " %"
    return _shown(value)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean_value(cell: Cell, raw: RawValue) -> tuple[Any, Problem | None]:
    """One cell's stored value, or the problem that refuses it."""
    indicator = cell.indicator
    if raw.formula_without_value:
        return None, _problem(
            cell, raw, _("A formula without a computed value: type the value itself.")
        )
    if _empty(raw.value):
        if indicator.required:
            return None, _problem(cell, raw, _("A value is required."))
        return None, None
    cleaner = _CLEANERS[indicator.type]
    try:
        return cleaner(indicator, raw.value), None
    except _Refused as refused:
        return None, _problem(cell, raw, refused.expected)


class _Refused(Exception):
    def __init__(self, expected: TranslationString) -> None:
        super().__init__(str(expected))
        self.expected = expected


def _number(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        return Decimal(_SPACES.sub("", value).replace(",", "."))
    raise InvalidOperation


def _bounded(indicator: Indicator, number: Decimal) -> None:
    low = Decimal(indicator.minimum) if indicator.minimum is not None else None
    high = Decimal(indicator.maximum) if indicator.maximum is not None else None
    if (low is not None and number < low) or (high is not None and number > high):
        raise _Refused(_bounds_message(indicator))


def _bounds_message(indicator: Indicator) -> TranslationString:
    low, high = indicator.minimum, indicator.maximum
    if low is not None and high is not None:
        return _("A value between ${low} and ${high}.", mapping={"low": low, "high": high})
    if low is not None:
        return _("A value of at least ${low}.", mapping={"low": low})
    return _("A value of at most ${high}.", mapping={"high": high})


def _integer(indicator: Indicator, value: Any) -> int:
    try:
        number = _number(value)
    except (InvalidOperation, ValueError):
        raise _Refused(_("A whole number.")) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise _Refused(_("A whole number."))
    _bounded(indicator, number)
    return int(number)


def _decimal(indicator: Indicator, value: Any) -> str:
    try:
        number = _number(value)
    except (InvalidOperation, ValueError):
        raise _Refused(_("A number.")) from None
    if not number.is_finite():
        raise _Refused(_("A number."))
    _bounded(indicator, number)
    integral = number == number.to_integral_value()
    return format(number.to_integral_value() if integral else number, "f")


def _percentage(indicator: Indicator, value: Any) -> str:
    """A percentage cell shows 45% and holds 0.45; typed text "45" or "45%" means 45."""
    try:
        if isinstance(value, str):
            number = _number(value.strip().rstrip("%"))
        else:
            number = _number(value) * 100
    except (InvalidOperation, ValueError):
        raise _Refused(_("A percentage.")) from None
    if not number.is_finite():
        raise _Refused(_("A percentage."))
    number = number.quantize(Decimal("0.0001")).normalize()
    _bounded(indicator, number)
    return format(number, "f")


def _text(indicator: Indicator, value: Any) -> str:
    text = _shown(value).strip()
    if indicator.maximum is not None and len(text) > int(indicator.maximum):
        raise _Refused(
            _("A text of at most ${count} characters.", mapping={"count": indicator.maximum})
        )
    return text


def _date(indicator: Indicator, value: Any) -> str:
    found = _as_date(value)
    if found is None:
        raise _Refused(_("A date (day/month/year)."))
    low, high = indicator.minimum, indicator.maximum
    if (low is not None and found.isoformat() < low) or (
        high is not None and found.isoformat() > high
    ):
        raise _Refused(_bounds_message(indicator))
    return found.isoformat()


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    match = _DMY.fullmatch(text)
    if match is None:
        return None
    try:
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None


def _choice(indicator: Indicator, value: Any) -> str:
    text = _shown(value).strip()
    for choice in indicator.choices:
        if text in (choice.code, choice.label_fr, choice.label_ar):
            return choice.code
    options = " / ".join(c.label_fr for c in indicator.choices)
    raise _Refused(_("One of: ${choices}.", mapping={"choices": options}))


_CLEANERS = {
    INTEGER: _integer,
    DECIMAL: _decimal,
    PERCENTAGE: _percentage,
    TEXT: _text,
    DATE: _date,
    CHOICE: _choice,
}


def cross_check(
    definition: SetDefinition,
    cells: Sequence[Cell],
    clean: Mapping[str, Any],
    raw: Mapping[str, RawValue],
) -> list[Problem]:
    """Run the set's cross-checks on clean values.

    A comparison with an empty or refused operand is skipped: that cell already has its
    own problem (or is optional), and a second message about it would only confuse.
    """
    by_indicator: dict[str, list[Cell]] = {}
    for cell in cells:
        by_indicator.setdefault(cell.indicator.code, []).append(cell)
    problems = []
    for check in definition.checks:
        for members, left, right in _comparisons(check, by_indicator):
            low = _sum(left, clean)
            high = _sum(right, clean)
            if low is None or high is None or _holds(low, check.operator, high):
                continue
            anchor = left[0]
            where = raw.get(anchor.key) or RawValue(None, "", anchor.key)
            problems.append(
                Problem(
                    expected=_check_message(check, members, low, high),
                    sheet=where.sheet,
                    cell=where.cell,
                    key=anchor.key,
                    indicator=anchor.indicator,
                    found=str(low),
                    check=check,
                    member=anchor.member,
                )
            )
    return problems


def _comparisons(
    check: CrossCheck, by_indicator: Mapping[str, list[Cell]]
) -> list[tuple[str, list[Cell], list[Cell]]]:
    """Member-by-member comparisons when every operand shares a breakdown, else totals."""
    operands = check.left + check.right
    breakdowns = {by_indicator[code][0].indicator.breakdown for code in operands}
    shared = len(breakdowns) == 1 and None not in breakdowns
    if not shared:
        left = [c for code in check.left for c in by_indicator[code]]
        right = [c for code in check.right for c in by_indicator[code]]
        return [("", left, right)]
    comparisons = []
    first = by_indicator[operands[0]]
    for position, cell in enumerate(first):
        assert cell.member is not None
        left = [by_indicator[code][position] for code in check.left]
        right = [by_indicator[code][position] for code in check.right]
        comparisons.append((cell.member.code, left, right))
    return comparisons


def _sum(cells: Sequence[Cell], clean: Mapping[str, Any]) -> Decimal | None:
    values = [clean.get(c.key) for c in cells]
    if any(v is None for v in values):
        return None
    return sum((Decimal(str(v)) for v in values), Decimal(0))


def _holds(low: Decimal, operator: str, high: Decimal) -> bool:
    return {
        "<=": low <= high,
        "<": low < high,
        ">=": low >= high,
        ">": low > high,
        "==": low == high,
    }[operator]


def _check_message(
    check: CrossCheck, member: str, low: Decimal, high: Decimal
) -> TranslationString:
    rule = " + ".join(check.left) + f" {check.operator} " + " + ".join(check.right)
    return _(
        "Cross-check ${rule} fails${member}: ${low} against ${high}. ${message}",
        mapping={
            "rule": rule,
            "member": f" ({member})" if member else "",
            "low": str(low),
            "high": str(high),
            "message": check.message_fr,
        },
    )
