"""The complaints module's figures for the region's monthly activity returns.

Offered as an :class:`municipality.indicators.IndicatorSource`: regional returns pull
them for communes that run this module instead of asking them for a workbook. The share
filed online is each month's own share; the region weighs it by the month's complaints
received, as the set declares.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from complaints.services.statistics import MonthCounts, monthly_counts
from municipality.models import Commune


def _online_share(counts: MonthCounts) -> Decimal | None:
    """The percentage received online; none in a month without complaints."""
    if not counts.received:
        return None
    return (Decimal(100) * counts.online / counts.received).quantize(Decimal("0.01"))


_FIGURES: dict[str, Callable[[MonthCounts], Any]] = {
    "complaints_received": lambda counts: counts.received,
    "complaints_resolved": lambda counts: counts.resolved,
    "complaints_online_share": _online_share,
}


class MonthlyActivity:
    """Complaints received, resolved and filed online each month (``activity-monthly``)."""

    set_code = "activity-monthly"
    indicators = frozenset(_FIGURES)

    def values(
        self, session: Session, commune: Commune, indicator: str, year: int, months: Sequence[int]
    ) -> dict[int, Any]:
        figure = _FIGURES[indicator]
        counts = monthly_counts(session, commune, year, months)
        return {month: figure(month_counts) for month, month_counts in counts.items()}


MONTHLY_ACTIVITY = MonthlyActivity()
