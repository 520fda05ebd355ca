"""Campaign periods: a month (``2026-10``), a quarter (``2026-Q3``) or a year (``2026``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from municipality.errors import ValidationFailed
from municipality.i18n import _

MONTH, QUARTER, YEAR = "month", "quarter", "year"
KINDS = (MONTH, QUARTER, YEAR)
_PATTERNS = (
    (MONTH, re.compile(r"(\d{4})-(0[1-9]|1[0-2])")),
    (QUARTER, re.compile(r"(\d{4})-Q([1-4])")),
    (YEAR, re.compile(r"(\d{4})")),
)


@dataclass(frozen=True)
class Period:
    """A reporting period; ``index`` is the month (1-12), the quarter (1-4) or 0 for a year."""

    kind: str
    year: int
    index: int

    @property
    def code(self) -> str:
        """The canonical spelling, as stored and typed on the command line."""
        if self.kind == MONTH:
            return f"{self.year}-{self.index:02d}"
        if self.kind == QUARTER:
            return f"{self.year}-Q{self.index}"
        return str(self.year)

    def months(self) -> list[int]:
        """The months (1-12) the period covers, for breakdowns by month."""
        if self.kind == MONTH:
            return [self.index]
        if self.kind == QUARTER:
            first = 3 * (self.index - 1) + 1
            return [first, first + 1, first + 2]
        return list(range(1, 13))

    def previous(self) -> Period:
        """The period just before, for comparisons across periods."""
        if self.kind == YEAR:
            return Period(YEAR, self.year - 1, 0)
        last = 12 if self.kind == MONTH else 4
        if self.index == 1:
            return Period(self.kind, self.year - 1, last)
        return Period(self.kind, self.year, self.index - 1)


def parse_period(text: str) -> Period:
    """Read ``2026-10``, ``2026-Q3`` or ``2026``; anything else is a validation error."""
    value = text.strip().upper()
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(value)
        if match:
            index = int(match.group(2)) if kind != YEAR else 0
            return Period(kind, int(match.group(1)), index)
    raise ValidationFailed(
        _(
            "Period ${period} is not a month (2026-10), a quarter (2026-Q3) or a year (2026).",
            mapping={"period": text},
        )
    )
