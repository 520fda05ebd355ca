"""The legal clock of a file: working days with the country's public holidays.

Deadlines in working days skip the profile's weekend and its holidays: fixed civil
dates, Hijri dates (moved every year; converted with the Umm al-Qura tables of
``hijridate``, which may differ by a day from the moon sighted locally) and dates
counted from Easter (Mali's Easter Monday). Deadlines in calendar days or months do not.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import cache

from dateutil.easter import easter
from hijridate import Gregorian, Hijri

from permits.profiles import Deadline, Holidays, Profile


def _hijri_in(year: int, hijri: tuple[tuple[int, int], ...]) -> set[date]:
    """The Gregorian dates in ``year`` of the Hijri month-days given."""
    first = Gregorian(year, 1, 1).to_hijri().year
    last = Gregorian(year, 12, 31).to_hijri().year
    found = set()
    for hijri_year in range(first, last + 1):
        for month, day in hijri:
            moment = Hijri(hijri_year, month, day).to_gregorian()
            if moment.year == year:
                found.add(date(moment.year, moment.month, moment.day))
    return found


@cache
def holidays_in(holidays: Holidays, year: int) -> frozenset[date]:
    """Every public holiday of ``year``."""
    days = {date(year, month, day) for month, day in holidays.fixed}
    days |= _hijri_in(year, holidays.hijri)
    days |= {easter(year) + timedelta(days=offset) for offset in holidays.easter_offsets}
    return frozenset(days)


def is_working_day(profile: Profile, day: date) -> bool:
    return day.weekday() not in profile.week_end and day not in holidays_in(
        profile.holidays, day.year
    )


def add_working_days(profile: Profile, start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (the start day itself not counted);
    before it when ``days`` is negative."""
    step = timedelta(days=1 if days >= 0 else -1)
    day = start
    counted = 0
    while counted < abs(days):
        day += step
        if is_working_day(profile, day):
            counted += 1
    return day


def working_days_between(profile: Profile, start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is
    before ``start`` (a deadline already past)."""
    if end < start:
        return -working_days_between(profile, end, start)
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if is_working_day(profile, start + timedelta(days=offset))
    )


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has no such day."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def due_date(profile: Profile, start: date, deadline: Deadline) -> date:
    """The last day of a deadline running from ``start``."""
    if deadline.unit == "working":
        return add_working_days(profile, start, deadline.days)
    if deadline.months:
        return add_months(start, deadline.months)
    return start + timedelta(days=deadline.days)
