"""Answers combined by each indicator's own rule: a commune's total, a region's figures.

Every figure the consolidation shows that is not a commune's typed answer comes from
here: an indicator's total over its breakdown (the months of the period, or categories),
and each cell of the region summed, weighted or averaged over the communes that
answered. The rules are the core's (:class:`municipality.indicators.Rule`), declared by
the indicator (:attr:`consolidation.definition.Indicator.rule`); a share is weighted by
its base indicator's answer in the same place (same commune, same member).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from consolidation.definition import MONTHS, Indicator, SetDefinition, cell_key
from consolidation.periods import Period
from municipality.indicators import Rule, Tally


def as_number(value: Any) -> Decimal | None:
    """A stored numeric value (int, or a decimal written as text) as a Decimal."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def aggregated(definition: SetDefinition) -> list[Indicator]:
    """The indicators whose answers combine into a figure (numbers), in set order."""
    return [i for i in definition.indicators if i.rule is not None]


class Figures:
    """One set of answers (a commune's, or the region's) read by the indicators' rules."""

    def __init__(self, definition: SetDefinition, period: Period, values: Mapping[str, Any]):
        self.definition = definition
        self.period = period
        self.values = values

    def number(self, key: str) -> Decimal | None:
        return as_number(self.values.get(key))

    def weight(self, indicator: Indicator, member: str | None) -> Decimal | None:
        """What one answer of a share weighs: its base's answer in the same place."""
        if indicator.rule is not Rule.SHARE or indicator.base is None:
            return None
        base = self.definition.indicator(indicator.base)
        if base.breakdown is None:
            return self.number(base.code)
        if member is not None:
            return self.number(cell_key(base.code, member))
        return self.total(base)

    def total(self, indicator: Indicator) -> Decimal | None:
        """The indicator's figure: its cells combined by its rule (``None``: no answer)."""
        rule = indicator.rule
        if rule is None:
            return None
        tally = Tally(rule, over_time=indicator.breakdown == MONTHS)
        for cell in self.definition.indicator_cells(indicator, self.period):
            member = cell.member.code if cell.member is not None else None
            tally.add(self.number(cell.key), self.weight(indicator, member))
        return tally.result

    def totals(self) -> dict[str, Decimal]:
        """Each aggregated indicator's figure, absent when nothing was answered."""
        totals = {i.code: self.total(i) for i in aggregated(self.definition)}
        return {code: total for code, total in totals.items() if total is not None}


class Consolidation:
    """The region's figures, cell by cell, as the communes' answers stream in.

    One running :class:`~municipality.indicators.Tally` per cell keeps memory flat
    whether a region has 40 communes or 1,500.
    """

    def __init__(self, definition: SetDefinition, period: Period) -> None:
        self.definition = definition
        self.period = period
        self.tallies = {
            cell.key: (cell, Tally(rule))
            for cell in definition.cells(period)
            if (rule := cell.indicator.rule) is not None
        }

    def add(self, values: Mapping[str, Any]) -> None:
        """Count one commune's answers."""
        figures = Figures(self.definition, self.period, values)
        for key, (cell, tally) in self.tallies.items():
            member = cell.member.code if cell.member is not None else None
            tally.add(figures.number(key), figures.weight(cell.indicator, member))

    def values(self) -> dict[str, Decimal]:
        """The region's value of every cell someone answered, by cell key."""
        results = {key: tally.result for key, (_cell, tally) in self.tallies.items()}
        return {key: value for key, value in results.items() if value is not None}

    def figures(self) -> Figures:
        return Figures(self.definition, self.period, self.values())
