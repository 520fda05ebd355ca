"""The indicator-source contract: a module's figures for the region's returns.

A module that can answer indicators of a regional indicator set offers an
:class:`IndicatorSource` provider (:data:`municipality.providers.Kind.INDICATOR_SOURCE`).
The ``consolidation`` module fills a commune's return from the sources of the modules
that commune enabled, and leaves every other cell empty.

Figures combine by the rule their indicator declares (:class:`Rule`): a source gives one
value per month, and the months, a breakdown's members and the communes of a region are
combined by that same rule, with :class:`Tally`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy.orm import Session

from municipality.models import Commune


class Rule(StrEnum):
    """How answers of one indicator combine into one figure.

    - ``sum``: counts and amounts add up.
    - ``share``: a rate of a base indicator (complaints filed online, of those received):
      each answer weighs as much as its base, so a commune of 900 complaints moves the
      region's share more than one of 9.
    - ``mean``: each answer counts the same (an average delay, a rate without a base).
    - ``latest``: a level at the end of the period (staff, a balance): the last month
      answered stands for the period, while levels of categories or communes add up.
    """

    SUM = "sum"
    SHARE = "share"
    MEAN = "mean"
    LATEST = "latest"


@dataclass
class Tally:
    """Answers combined as they come, one at a time: memory stays flat for any region.

    ``over_time`` says the answers are successive months (only :attr:`Rule.LATEST` cares).
    A share weighs each answer by its base; when no answer carries a weight (bases zero or
    unknown) the answers count the same, so a share is never blank when someone answered.
    """

    rule: Rule
    over_time: bool = False
    answers: int = 0
    total: Decimal = Decimal(0)
    weighted: Decimal = Decimal(0)
    weights: Decimal = Decimal(0)
    last: Decimal | None = None

    def add(self, value: Decimal | None, weight: Decimal | None = None) -> None:
        """Count one answer; ``None`` is no answer. ``weight`` is its base, for a share."""
        if value is None:
            return
        self.answers += 1
        self.total += value
        self.last = value
        if weight is not None and weight > 0:
            self.weighted += value * weight
            self.weights += weight

    @property
    def result(self) -> Decimal | None:
        """The combined figure, ``None`` when nobody answered."""
        if not self.answers:
            return None
        if self.rule is Rule.LATEST and self.over_time:
            return self.last
        if self.rule in (Rule.SUM, Rule.LATEST):
            return self.total
        if self.rule is Rule.SHARE and self.weights:
            return self.weighted / self.weights
        return self.total / self.answers


def combine(
    rule: Rule,
    answers: Iterable[tuple[Decimal | None, Decimal | None]],
    *,
    over_time: bool = False,
) -> Decimal | None:
    """``(value, weight)`` answers combined by ``rule`` (see :class:`Tally`)."""
    tally = Tally(rule, over_time)
    for value, weight in answers:
        tally.add(value, weight)
    return tally.result


class IndicatorSource(Protocol):
    """Per-month values of some indicators of one indicator set.

    A month's value follows its indicator's rule: a share is the month's own share (the
    consolidation weighs it by the base indicator's value for that month), never a
    running figure.
    """

    @property
    def set_code(self) -> str:
        """The indicator set it answers (``activity-monthly``)."""
        ...

    @property
    def indicators(self) -> frozenset[str]:
        """The codes of the set's indicators it can give."""
        ...

    def values(
        self, session: Session, commune: Commune, indicator: str, year: int, months: Sequence[int]
    ) -> dict[int, Any]:
        """The commune's value of ``indicator`` for each month (1-12) of ``months``.

        For an indicator broken down by categories (not by months), each month's value is
        a mapping of the breakdown's member codes to their values; a member left out is
        not answered.
        """
        ...
