"""Complaint statistics per month, department and category, on screen and as a workbook.

A complaint counts as *received* in the month (in the commune's time zone) it was
filed, and as *resolved* in the month it was resolved; the time to resolve, its median
and the share resolved within the category's target are computed over the complaints
resolved that month. Satisfaction counts in the month the reporter rated: the number of
ratings and their average (1 to 5). Duplicates merged into another complaint are not
counted.

The figures are computed in Python from a bounded query (the months asked for, at
most :data:`MAX_MONTHS`), identically on SQLite and PostgreSQL.
"""

from __future__ import annotations

import io
import statistics as pystats
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from complaints.models import Category, Complaint
from complaints.services.categories import legal_ceiling
from municipality.i18n import _
from municipality.models import Commune

MAX_MONTHS = 36
DEFAULT_MONTHS = 12
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Row:
    """One line: a category of a department in a month (``category`` None: the department)."""

    month: str
    department: str
    category: Category | None
    received: int = 0
    resolved: int = 0
    days: list[float] = field(default_factory=list)
    within: int = 0
    ratings: list[int] = field(default_factory=list)

    @property
    def median_days(self) -> float | None:
        return round(pystats.median(self.days), 1) if self.days else None

    @property
    def share_within_target(self) -> float | None:
        return self.within / self.resolved if self.resolved else None

    @property
    def rating_count(self) -> int:
        return len(self.ratings)

    @property
    def average_rating(self) -> float | None:
        return round(pystats.fmean(self.ratings), 1) if self.ratings else None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def month_start(now: datetime, zone: ZoneInfo, months: int) -> datetime:
    """The first instant of the month ``months - 1`` months before ``now``'s, in UTC."""
    local = _aware(now).astimezone(zone)
    year, month = local.year, local.month - (months - 1)
    while month < 1:
        month += 12
        year -= 1
    return datetime(year, month, 1, tzinfo=zone).astimezone(UTC)


def compute(
    session: Session, commune: Commune, *, now: datetime, months: int = DEFAULT_MONTHS
) -> list[Row]:
    """The commune's rows, newest month first, each department's total before its categories."""
    months = max(1, min(months, MAX_MONTHS))
    zone = ZoneInfo(commune.timezone)
    start = month_start(now, zone, months)
    stmt = (
        select(
            Complaint.created_at,
            Complaint.resolved_at,
            Complaint.resolve_due_at,
            Complaint.rating,
            Complaint.rated_at,
            Category,
        )
        .join(Category, Complaint.category_id == Category.id)
        .where(
            Complaint.commune_id == commune.id,
            Complaint.merged_into_id.is_(None),
            or_(
                Complaint.created_at >= start,
                Complaint.resolved_at >= start,
                Complaint.rated_at >= start,
            ),
        )
    )
    rows: dict[tuple[str, str, str], Row] = {}

    def lines(month: str, category: Category) -> list[Row]:
        found = []
        for code, cat in ((category.code, category), ("", None)):
            key = (month, category.department, code)
            if key not in rows:
                rows[key] = Row(month, category.department, cat)
            found.append(rows[key])
        return found

    for created_at, resolved_at, resolve_due_at, rating, rated_at, category in session.execute(
        stmt
    ):
        if _aware(created_at) >= start:
            for row in lines(month_of(created_at, zone), category):
                row.received += 1
        if resolved_at is not None and _aware(resolved_at) >= start:
            took = (_aware(resolved_at) - _aware(created_at)) / timedelta(days=1)
            on_time = _aware(resolved_at) <= _aware(resolve_due_at)
            for row in lines(month_of(resolved_at, zone), category):
                row.resolved += 1
                row.days.append(took)
                row.within += on_time
        if rating is not None and rated_at is not None and _aware(rated_at) >= start:
            for row in lines(month_of(rated_at, zone), category):
                row.ratings.append(rating)
    ordered = sorted(
        rows.values(),
        key=lambda r: (r.department, r.category is not None, r.category.code if r.category else ""),
    )
    return sorted(ordered, key=lambda r: r.month, reverse=True)


# The channels a resident files through without coming to the counter.
ONLINE_CHANNELS = frozenset({"web", "api"})


@dataclass(frozen=True)
class MonthCounts:
    """A month's complaints: received, resolved, and received online (web or API)."""

    received: int
    resolved: int
    online: int


def monthly_counts(
    session: Session, commune: Commune, year: int, months: Sequence[int]
) -> dict[int, MonthCounts]:
    """Complaints received, resolved and received online in each month, in the commune's time.

    Merged duplicates are left out, as in the statistics. Regional returns pull these
    figures for communes that run this module instead of asking them for a workbook.
    """
    zone = ZoneInfo(commune.timezone)
    first, last = min(months), max(months)
    start = datetime(year, first, 1, tzinfo=zone).astimezone(UTC)
    end_year, end_month = (year + 1, 1) if last == 12 else (year, last + 1)
    end = datetime(end_year, end_month, 1, tzinfo=zone).astimezone(UTC)
    rows = session.execute(
        select(Complaint.created_at, Complaint.resolved_at, Complaint.channel).where(
            Complaint.commune_id == commune.id,
            Complaint.merged_into_id.is_(None),
            or_(
                (Complaint.created_at >= start) & (Complaint.created_at < end),
                (Complaint.resolved_at >= start) & (Complaint.resolved_at < end),
            ),
        )
    ).all()
    counts = {month: [0, 0, 0] for month in months}

    def month_of(moment: datetime) -> int | None:
        local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone)
        return local.month if local.year == year and local.month in counts else None

    for created_at, resolved_at, channel in rows:
        online = created_at if channel in ONLINE_CHANNELS else None
        for column, moment in enumerate((created_at, resolved_at, online)):
            month = month_of(moment) if moment is not None else None
            if month is not None:
                counts[month][column] += 1
    return {month: MonthCounts(*figures) for month, figures in counts.items()}


def month_of(moment: datetime, zone: ZoneInfo) -> str:
    """The month (``YYYY-MM``) of ``moment`` in the commune's time zone."""
    return _aware(moment).astimezone(zone).strftime("%Y-%m")


def months_between(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (``YYYY-MM``), both included."""
    year, month = int(first[:4]), int(first[5:])
    found = []
    while f"{year:04d}-{month:02d}" <= last:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _merge(total: Row, row: Row) -> None:
    total.received += row.received
    total.resolved += row.resolved
    total.days.extend(row.days)
    total.within += row.within
    total.ratings.extend(row.ratings)


def by_month(rows: Sequence[Row], last: str) -> list[Row]:
    """The commune's totals per month, oldest first, from the first month with a figure to
    ``last`` (the current month): a month without complaints is a zero, not a gap."""
    departments = [r for r in rows if r.category is None]
    if not departments:
        return []
    months = {m: Row(m, "", None) for m in months_between(min(r.month for r in departments), last)}
    for row in departments:
        _merge(months[row.month], row)
    return list(months.values())


def by_department(rows: Sequence[Row]) -> list[Row]:
    """Each department's totals over the whole period, by name."""
    departments: dict[str, Row] = {}
    for row in rows:
        if row.category is None:
            _merge(departments.setdefault(row.department, Row("", row.department, None)), row)
    return sorted(departments.values(), key=lambda r: r.department)


def time_limit(session: Session, commune: Commune) -> tuple[int, bool] | None:
    """The level the time to resolve is read against, and whether the law sets it.

    The legal ceiling of the commune's country where there is one; elsewhere the longest
    target of the commune's active categories (none without categories).
    """
    ceiling = legal_ceiling(commune)
    if ceiling is not None:
        return ceiling, True
    longest = session.execute(
        select(func.max(Category.days_to_resolve)).where(Category.active.is_(True))
    ).scalar_one()
    return (longest, False) if longest is not None else None


# --- The workbook -------------------------------------------------------------------------

HEADERS = (
    (_("Month"), 10),
    (_("Department"), 34),
    (_("Category"), 28),
    (_("Received"), 12),
    (_("Resolved"), 12),
    (_("Median days to resolve"), 16),
    (_("Resolved within target"), 16),
    (_("Ratings"), 10),
    (_("Average satisfaction (1 to 5)"), 16),
)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


def workbook(
    rows: list[Row],
    *,
    translate: Callable[[str], str],
    category_name: Callable[[Category], str],
    right_to_left: bool,
) -> bytes:
    """The rows as a formatted .xlsx: bold frozen header, widths and number formats."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = translate(_("Statistics"))[:31]
    sheet.sheet_view.rightToLeft = right_to_left
    for column, (title, width) in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=1, column=column, value=translate(title))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(column)].width = width
    total = translate(_("All categories"))
    for line, row in enumerate(rows, start=2):
        values = (
            row.month,
            row.department,
            category_name(row.category) if row.category is not None else total,
            row.received,
            row.resolved,
            row.median_days,
            row.share_within_target,
            row.rating_count,
            row.average_rating,
        )
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=line, column=column, value=value)
            if row.category is None:
                cell.font = Font(bold=True)
        sheet.cell(row=line, column=4).number_format = "0"
        sheet.cell(row=line, column=5).number_format = "0"
        sheet.cell(row=line, column=6).number_format = "0.0"
        sheet.cell(row=line, column=7).number_format = "0%"
        sheet.cell(row=line, column=8).number_format = "0"
        sheet.cell(row=line, column=9).number_format = "0.0"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{max(len(rows) + 1, 1)}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
