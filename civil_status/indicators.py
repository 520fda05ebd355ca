"""The civil status module's figures for the region's monthly activity returns.

Offered as an :class:`municipality.indicators.IndicatorSource`: ``civil_acts`` is broken
down by kind of act, so each month's value is ``{kind: count}`` over the set's members.
A kind the commune's law does not draw up as an act (a divorce is a mention in these
profiles) answers zero; marginal mentions approved that month count as ``other``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from civil_status.models import Mention
from civil_status.services.statistics import kind_counts
from municipality.models import Commune

MEMBERS = ("birth", "death", "marriage", "divorce", "other")


def _mentions_by_month(
    session: Session, commune: Commune, year: int, months: Sequence[int]
) -> dict[int, int]:
    """Marginal mentions approved in each month, in the commune's time zone."""
    zone = ZoneInfo(commune.timezone)
    start = datetime(year, 1, 1, tzinfo=zone).astimezone(UTC)
    end = datetime(year + 1, 1, 1, tzinfo=zone).astimezone(UTC)
    found = dict.fromkeys(months, 0)
    decided = session.execute(
        select(Mention.decided_at).where(
            Mention.commune_id == commune.id,
            Mention.state == "approved",
            Mention.decided_at >= start,
            Mention.decided_at < end,
        )
    ).scalars()
    for moment in decided:
        if moment is None:
            continue
        local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone)
        if local.year == year and local.month in found:
            found[local.month] += 1
    return found


class MonthlyActivity:
    """Civil-status acts signed each month, by kind (``activity-monthly``)."""

    set_code = "activity-monthly"
    indicators = frozenset({"civil_acts"})

    def values(
        self, session: Session, commune: Commune, indicator: str, year: int, months: Sequence[int]
    ) -> dict[int, Any]:
        counts = kind_counts(session, commune, year, months)
        other = _mentions_by_month(session, commune, year, months)
        return {
            month: {
                **{m: counts.get(month, {}).get(m, 0) for m in MEMBERS},
                "other": other.get(month, 0),
            }
            for month in months
        }


MONTHLY_ACTIVITY = MonthlyActivity()
