"""The budget's figures for the region's returns, offered as indicator sources.

- ``activity-monthly``: ``revenue``, the money collected each month by revenue category
  (local taxes, fees, the commune's property, other), from the collections.
- ``budget-execution``: ``credits``, ``committed`` and ``paid`` by budget chapter
  (personnel, operations, debt, equipment, transfers). Commitments and payments on the
  year's lines count in the month they were made, and those of the complementary period
  (after 31 December) in December, so the year matches the execution report; the year's
  credit, a level, is given once, in the last month asked for, so the months add up to it.

Months are the commune's (its time zone), as in every other module's figures. Each code
falls in one category by the first rule of its country that matches the start of its
code (:data:`CHAPTER_CATEGORIES`, :func:`revenue_category`); an unknown code falls in
the section's default.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from budget.models import BudgetCode, BudgetLine, Commitment
from budget.revenues.models import Collection, RevenueLine
from budget.services import SPENDING
from municipality.models import Commune

# (code prefix, category) per country, first match wins.
CHAPTER_CATEGORIES: dict[str, tuple[tuple[str, str], ...]] = {
    "MA": (
        ("10.10.", "personnel"),
        ("10.", "operations"),
        ("30.", "operations"),
        ("50.", "debt"),
        ("60.", "transfers"),
        ("40.", "equipment"),
    ),
    "ML": (
        ("64.", "personnel"),
        ("66.", "debt"),
        ("65.", "transfers"),
        ("6", "operations"),
        ("2", "equipment"),
    ),
}
SECTION_DEFAULTS = {"operating": "operations", "investment": "equipment"}
# Revenue codes by category: the fee lines, the property lines, the tax lines.
REVENUE_CATEGORIES: dict[str, tuple[tuple[str, str], ...]] = {
    "MA": (
        ("10.10.", "local_taxes"),
        ("10.20.", "fees"),
        ("10.30.", "fees"),
        ("10.40.", "property"),
    ),
    "ML": (("73.", "local_taxes"), ("70.", "fees"), ("75.", "property")),
}


def _first_match(rules: Iterable[tuple[str, str]], code: str, default: str) -> str:
    return next((category for prefix, category in rules if code.startswith(prefix)), default)


def chapter_category(country: str, code: str, section: str) -> str:
    """The ``chapter`` member of the budget-execution set a budget code counts in."""
    default = SECTION_DEFAULTS.get(section, "operations")
    return _first_match(CHAPTER_CATEGORIES.get(country, ()), code, default)


def revenue_category(country: str, code: str) -> str:
    """The ``revenue_category`` member of the activity set a revenue code counts in."""
    return _first_match(REVENUE_CATEGORIES.get(country, ()), code, "other")


def _window(commune: Commune, year: int, months: Sequence[int]) -> tuple[datetime, datetime]:
    """The UTC bounds of the months, taken in the commune's time zone."""
    zone = ZoneInfo(commune.timezone)
    first, last = min(months), max(months)
    start = datetime(year, first, 1, tzinfo=zone).astimezone(UTC)
    end_year, end_month = (year + 1, 1) if last == 12 else (year, last + 1)
    return start, datetime(end_year, end_month, 1, tzinfo=zone).astimezone(UTC)


def _aware(moment: datetime) -> datetime:
    """SQLite gives back naive UTC times; PostgreSQL aware ones."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _month(moment: datetime, zone: ZoneInfo, year: int, months: Sequence[int]) -> int | None:
    local = _aware(moment).astimezone(zone)
    return local.month if local.year == year and local.month in months else None


def _empty(months: Sequence[int]) -> dict[int, dict[str, Decimal]]:
    return {month: {} for month in months}


def _add(
    by_month: dict[int, dict[str, Decimal]], month: int | None, member: str, value: Any
) -> None:
    if month is None or value is None:
        return
    by_month[month][member] = by_month[month].get(member, Decimal(0)) + Decimal(value)


def collected_by_category(
    session: Session, commune: Commune, year: int, months: Sequence[int]
) -> dict[int, dict[str, Decimal]]:
    """Money collected in each month, by revenue category."""
    start, end = _window(commune, year, months)
    rows = session.execute(
        select(Collection.collected_at, Collection.amount, RevenueLine.code)
        .join(Collection.line)
        .where(Collection.collected_at >= start, Collection.collected_at < end)
    ).all()
    zone, found = ZoneInfo(commune.timezone), _empty(months)
    for moment, amount, code in rows:
        member = revenue_category(commune.country_profile, code)
        _add(found, _month(moment, zone, year, months), member, amount)
    return found


class MonthlyRevenue:
    """Money collected each month by category (``activity-monthly``, ``revenue``)."""

    set_code = "activity-monthly"
    indicators = frozenset({"revenue"})

    def values(
        self, session: Session, commune: Commune, indicator: str, year: int, months: Sequence[int]
    ) -> dict[int, Any]:
        return dict(collected_by_category(session, commune, year, months))


def _credits(session: Session, commune: Commune, year: int) -> dict[str, Decimal]:
    rows = session.execute(
        select(BudgetCode.code, BudgetCode.section, BudgetLine.credit)
        .join(BudgetLine.code)
        .where(BudgetLine.year == year)
    ).all()
    found: dict[str, Decimal] = {}
    for code, section, credit in rows:
        member = chapter_category(commune.country_profile, code, section)
        found[member] = found.get(member, Decimal(0)) + Decimal(credit)
    return found


def _spent(
    session: Session, commune: Commune, year: int, months: Sequence[int], *, paid: bool
) -> dict[int, dict[str, Decimal]]:
    """Committed (or paid) in each month by chapter: what still weighs on the credit."""
    moment = Commitment.paid_at if paid else Commitment.committed_at
    states = ("paid",) if paid else SPENDING
    start, end = _window(commune, year, months)
    late = 12 in months  # December takes the complementary period
    rows = session.execute(
        select(
            moment,
            Commitment.amount,
            Commitment.liquidated_amount,
            BudgetCode.code,
            BudgetCode.section,
        )
        .join(Commitment.line)
        .join(BudgetLine.code)
        .where(
            BudgetLine.year == year,
            Commitment.state.in_(states),
            moment >= start,
            true() if late else moment < end,
        )
    ).all()
    zone, found = ZoneInfo(commune.timezone), _empty(months)
    for when, amount, liquidated, code, section in rows:
        member = chapter_category(commune.country_profile, code, section)
        value = liquidated if liquidated is not None else amount
        month = 12 if late and _aware(when) >= end else _month(when, zone, year, months)
        _add(found, month, member, value)
    return found


class BudgetExecution:
    """Credits, committed and paid by chapter (``budget-execution``)."""

    set_code = "budget-execution"
    indicators = frozenset({"credits", "committed", "paid"})

    def values(
        self, session: Session, commune: Commune, indicator: str, year: int, months: Sequence[int]
    ) -> dict[int, Any]:
        if indicator == "credits":
            found = _empty(months)
            found[max(months)] = _credits(session, commune, year)
            return dict(found)
        return dict(_spent(session, commune, year, months, paid=indicator == "paid"))


MONTHLY_REVENUE = MonthlyRevenue()
BUDGET_EXECUTION = BudgetExecution()
