"""The year's spending month by month: what was committed and what was paid each month.

A commitment counts in the month it was made, for what it still weighs on its line (the
liquidated amount once liquidated), so the twelve months add up to the execution
report's "committed"; a payment counts in the month it was paid. Months are read in the
commune's time zone, so a commitment made on the evening of the 31st in Bamako is not
moved to the next month by UTC.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import get_month_names
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from budget.models import BudgetLine, Commitment
from budget.services import SPENDING

MONTHS = tuple(range(1, 13))


@dataclass(frozen=True)
class Month:
    """One month of the year: the amounts committed and paid in it."""

    month: int
    committed: Decimal
    paid: Decimal


def _by_month(rows: Iterable[tuple[datetime, Decimal]], zone: ZoneInfo) -> dict[int, Decimal]:
    """Amounts summed per month of the commune's calendar.

    The database sums per hour (a few thousand groups for a year at most) and the month
    is then read in the commune's zone, which neither SQLite nor a portable SQL knows.
    """
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for moment, amount in rows:
        stamp = moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("UTC"))
        totals[stamp.astimezone(zone).month] += Decimal(amount or 0)
    return totals


def _hour(session: Session, column: Any) -> Any:
    """``column`` cut to its hour, in the database's own words."""
    if session.get_bind().dialect.name == "postgresql":
        return func.date_trunc("hour", column)
    return func.strftime("%Y-%m-%d %H", column)


def _hourly(
    session: Session, year: int, column: Any, weight: Any, states: tuple[str, ...]
) -> list[Any]:
    """(first moment, amount) sums of the year's commitments in ``states``, per hour of
    ``column``."""
    stmt = (
        select(func.min(column), func.sum(weight))
        .join(BudgetLine, Commitment.line_id == BudgetLine.id)
        .where(BudgetLine.year == year, Commitment.state.in_(states), column.is_not(None))
        .group_by(_hour(session, column))
    )
    return list(session.execute(stmt).all())


def monthly(session: Session, year: int, timezone: str) -> list[Month]:
    """The twelve months of ``year``, each with what was committed and paid in it."""
    zone = ZoneInfo(timezone)
    due = func.coalesce(Commitment.liquidated_amount, Commitment.amount)
    committed = _by_month(_hourly(session, year, Commitment.committed_at, due, SPENDING), zone)
    paid = _by_month(
        _hourly(session, year, Commitment.paid_at, Commitment.liquidated_amount, ("paid",)), zone
    )
    return [Month(m, committed.get(m, Decimal(0)), paid.get(m, Decimal(0))) for m in MONTHS]


def month_names(locale: str) -> list[str]:
    """The months' short names in the reader's language, January first."""
    names = get_month_names("abbreviated", locale=Locale.parse(locale))
    return [names[m] for m in MONTHS]
