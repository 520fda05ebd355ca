"""The working-days clock: weekends, fixed holidays, Hijri and Easter-based ones."""

from __future__ import annotations

from datetime import date

from permits import clock
from permits.profiles import Deadline, profile


def test_morocco_holidays_include_fixed_and_hijri_dates():
    days = clock.holidays_in(profile("MA").holidays, 2026)
    assert date(2026, 7, 30) in days  # Throne Day
    assert date(2026, 11, 18) in days  # Independence Day
    # Eid al-Fitr 1447 (1 Shawwal) and Eid al-Adha 1447 (10 Dhu al-Hijja), Umm al-Qura.
    assert date(2026, 3, 20) in days
    assert date(2026, 5, 27) in days
    assert date(2026, 3, 21) in days  # its second day


def test_a_hijri_holiday_moves_about_eleven_days_a_year():
    days_2027 = clock.holidays_in(profile("MA").holidays, 2027)
    assert date(2027, 3, 9) in days_2027  # Eid al-Fitr 1448
    assert date(2027, 3, 20) not in days_2027


def test_mali_keeps_easter_monday():
    assert date(2026, 4, 6) in clock.holidays_in(profile("ML").holidays, 2026)
    assert date(2026, 4, 6) not in clock.holidays_in(profile("MA").holidays, 2026)


def test_working_days_skip_weekends_and_holidays():
    morocco = profile("MA")
    # Thursday 16 July 2026 + 10 working days: the weekends and Throne Day (Thu 30) skipped.
    assert clock.add_working_days(morocco, date(2026, 7, 16), 10) == date(2026, 7, 31)
    assert clock.working_days_between(morocco, date(2026, 7, 16), date(2026, 7, 31)) == 10
    assert clock.working_days_between(morocco, date(2026, 7, 31), date(2026, 7, 16)) == -10


def test_eid_week_lengthens_a_deadline():
    morocco = profile("MA")
    before = clock.add_working_days(morocco, date(2026, 3, 16), 5)
    assert before == date(2026, 3, 24)  # Fri 20 and the weekend, then Monday 23 counts


def test_calendar_deadlines_ignore_holidays():
    morocco = profile("MA")
    month = Deadline(unit="calendar", months=1)
    assert clock.due_date(morocco, date(2026, 1, 31), month) == date(2026, 2, 28)
    assert clock.due_date(morocco, date(2026, 7, 16), Deadline(unit="calendar", days=30)) == (
        date(2026, 8, 15)
    )
    assert clock.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_counting_back_skips_the_same_days():
    morocco = profile("MA")
    assert clock.add_working_days(morocco, date(2026, 7, 31), -10) == date(2026, 7, 16)
    assert clock.add_working_days(morocco, date(2026, 7, 31), 0) == date(2026, 7, 31)
