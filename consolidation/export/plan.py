"""What an export is about: the campaign's layout, the communes' figures, the formats.

Plain data, no database: the writers and the benchmark use it as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from consolidation.definition import (
    CURRENCY_UNIT,
    DECIMAL,
    INTEGER,
    PERCENTAGE,
    Indicator,
    Label,
    SetDefinition,
)
from consolidation.periods import Period
from municipality.errors import ValidationFailed
from municipality.i18n import RTL_LOCALES, _

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The languages indicator sets are written in (their labels): a workbook speaks one of them.
WORKBOOK_LOCALES = ("fr", "ar")
DEFAULT_WORKBOOK_LOCALE = "fr"
CSV_TYPE = "text/csv"
FORMATS = {".xlsx": XLSX_TYPE, ".csv": CSV_TYPE}
# Currencies without a minor unit in everyday amounts (ISO 4217 exponent 0).
NO_MINOR_UNIT = frozenset({"XOF", "XAF", "GNF"})
MAX_SHEET_TITLE = 31
MAX_KEY_INDICATORS = 6
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")
# The group of the communes created without their province: listed after the others.
NO_PROVINCE = _("Province not recorded")


@dataclass(frozen=True)
class CommuneFigures:
    """A commune's place in the campaign and, when counted, its values by cell key."""

    code: str
    name: str
    # As the commune writes it; ``None`` when not recorded (see NO_PROVINCE).
    province: str | None
    status: str
    counted: bool
    values: Mapping[str, Any] = field(default_factory=dict)
    # Shown in a counted commune's empty cells (figures not available from Baladiya yet).
    empty_text: str | None = None


@dataclass(frozen=True)
class Block:
    """Consecutive indicators of a section that share a breakdown: one table in a sheet."""

    section: Label
    members: tuple[Label, ...]
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Plan:
    """What the workbook is about; the communes come separately, as a stream."""

    title: str
    region: str
    definition: SetDefinition
    period: Period
    currency: str
    locale: str
    previous_period: Period | None = None
    previous: Mapping[str, Decimal] | None = None

    @property
    def right_to_left(self) -> bool:
        return self.locale in RTL_LOCALES

    @property
    def adding(self) -> list[Indicator]:
        """Indicators whose communes' figures add up (province subtotals, comparison)."""
        return [i for i in self.definition.indicators if i.adds_up]

    @property
    def key_indicators(self) -> list[Indicator]:
        """The headline figure of each section: its first indicator that adds up."""
        keys: list[Indicator] = []
        for section in self.definition.sections:
            found = [i for i in self.definition.section_indicators(section.code) if i.adds_up]
            if found:
                keys.append(found[0])
        return keys[:MAX_KEY_INDICATORS] or self.adding[:MAX_KEY_INDICATORS]

    def blocks(self) -> list[Block]:
        definition = self.definition
        blocks: list[Block] = []
        for section in definition.sections:
            group: list[Indicator] = []
            for indicator in definition.section_indicators(section.code):
                if group and group[-1].breakdown != indicator.breakdown:
                    blocks.append(self._block(section, group))
                    group = []
                group.append(indicator)
            if group:
                blocks.append(self._block(section, group))
        return blocks

    def _block(self, section: Label, indicators: list[Indicator]) -> Block:
        breakdown = indicators[0].breakdown
        members = (
            ()
            if breakdown is None
            else self.definition.breakdown(breakdown).members_for(self.period)
        )
        return Block(section, members, tuple(indicators))


@dataclass(frozen=True)
class ComparisonRow:
    """An indicator this period against the same period a year before."""

    indicator: Indicator
    current: Decimal
    previous: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None else self.current - self.previous

    @property
    def change_rate(self) -> float | None:
        if self.previous is None or self.previous == 0:
            return None
        return float((self.current - self.previous) / self.previous)


def same_period_a_year_before(period: Period) -> Period:
    """The comparison's reference: October 2025 for October 2026, Q3 2025 for Q3 2026."""
    return Period(period.kind, period.year - 1, period.index)


def compare(
    indicators: Sequence[Indicator],
    current: Mapping[str, Decimal],
    previous: Mapping[str, Decimal] | None,
) -> list[ComparisonRow]:
    """Per indicator: this period's total and last year's (``None`` where unknown)."""
    rows = []
    for indicator in indicators:
        before = None if previous is None else previous.get(indicator.code)
        rows.append(ComparisonRow(indicator, current.get(indicator.code, Decimal(0)), before))
    return rows


def number_format(indicator: Indicator, currency: str) -> str | None:
    """The cell format of an indicator: money in the region's currency, counts whole."""
    if indicator.unit == CURRENCY_UNIT:
        decimals = "" if currency in NO_MINOR_UNIT else ".00"
        return f'#,##0{decimals} "{currency}"'
    if indicator.type == INTEGER:
        return "#,##0"
    if indicator.type == DECIMAL:
        return "#,##0.00"
    if indicator.type == PERCENTAGE:
        return "0.0"
    return None


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet title for ``name`` (Excel: 31 characters, no ``[]:*?/\\'``)."""
    base = _SHEET_TITLE_FORBIDDEN.sub("_", name).strip() or "sheet"
    title = base[:MAX_SHEET_TITLE]
    counter = 2
    while title.lower() in taken:
        suffix = f" ({counter})"
        title = base[: MAX_SHEET_TITLE - len(suffix)] + suffix
        counter += 1
    taken.add(title.lower())
    return title


def output_type(path: Path | str) -> str:
    """The media type for an output file, chosen by its extension; anything else refused."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValidationFailed(
            _(
                'The export file must end in .xlsx or .csv, not "${name}".',
                mapping={"name": Path(path).name},
            ),
            {"out": "extension"},
        )
    return FORMATS[suffix]
