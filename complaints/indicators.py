"""The complaints module's figures for the region's monthly activity returns.

Offered as an :class:`municipality.indicators.IndicatorSource`: regional returns pull
them for communes that run this module instead of asking them for a workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from complaints.services.statistics import monthly_counts
from municipality.models import Commune

# Indicator code -> its place in the (received, resolved) pair of ``monthly_counts``.
_POSITION = {"complaints_received": 0, "complaints_resolved": 1}


class MonthlyActivity:
    """Complaints received and resolved each month (the ``activity-monthly`` set)."""

    set_code = "activity-monthly"
    indicators = frozenset(_POSITION)

    def values(
        self, session: Session, commune: Commune, indicator: str, year: int, months: Sequence[int]
    ) -> dict[int, Any]:
        position = _POSITION[indicator]
        counts = monthly_counts(session, commune, year, months)
        return {month: pair[position] for month, pair in counts.items()}


MONTHLY_ACTIVITY = MonthlyActivity()
