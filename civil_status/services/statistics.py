"""Monthly vital statistics: signed acts by kind, sex, age, place and timeliness.

An act counts in the month it was drawn up (``declared_on``, a date of the commune's
calendar), once signed: drafts and discarded drafts are not acts of the register. The ages
are the ones the act records: the deceased's age at death (from the birth date a death act
keeps), and each spouse's age on the wedding day (from the optional birth dates a marriage
act keeps: ``birth_date`` for the spouse the act is filed under, ``spouse_birth_date`` for
the other), "unknown" where the act gives none. The figures are counted in Python from
one bounded query (the months asked for, at most :data:`MAX_MONTHS`), identically on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session

from civil_status.models import Act
from municipality import audit
from municipality.db import utcnow
from municipality.errors import ValidationFailed
from municipality.i18n import _
from municipality.models import Commune
from municipality.spreadsheets import neutralise

MAX_MONTHS = 36
DEFAULT_MONTHS = 12
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = ("birth", "death", "marriage")
# Lower bounds of the age groups (years), the last one open: of the deceased, and of the
# spouses on the wedding day, where marriage before 15 and before 18 is what is watched
# (the indicator of child marriage counts both).
AGE_GROUPS = (0, 1, 5, 15, 25, 45, 65)
MARRIAGE_AGE_GROUPS = (0, 15, 18, 20, 25, 30, 35, 45)
UNKNOWN = "unknown"
SIGNED = "signed"
DIMENSIONS = ("kind", "sex", "age", "marriage_age", "place", "timeliness")
# The two spouses of a marriage act: the one it is filed under, and the other; each with
# the detail that keeps their birth date.
SPOUSES = (("subject", "birth_date"), ("spouse", "spouse_birth_date"))
PLACES_REPORTED = 200


def age_group(years: int | None, bounds: Sequence[int] = AGE_GROUPS) -> str:
    """The group (``"25-44"``, ``"65+"``) of an age in whole years; unknown without one."""
    if years is None or years < 0:
        return UNKNOWN
    low = max(b for b in bounds if b <= years)
    following = [b for b in bounds if b > low]
    if not following:
        return f"{low}+"
    high = following[0] - 1
    return str(low) if high == low else f"{low}-{high}"


def age_groups(bounds: Sequence[int] = AGE_GROUPS) -> list[str]:
    """Every age group in order, youngest first, then the unknown."""
    return [age_group(low, bounds) for low in bounds] + [UNKNOWN]


def _age(born: Any, on: date) -> int | None:
    """Whole years from ``born`` (ISO text or a date, as details keep it) to ``on``."""
    if not born:
        return None
    try:
        birth = born if isinstance(born, date) else date.fromisoformat(str(born))
    except ValueError:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


@dataclass
class Month:
    """One month's signed acts, counted along each dimension (``kind`` first)."""

    month: str
    counts: dict[str, Counter[str]] = field(
        default_factory=lambda: {d: Counter() for d in DIMENSIONS}
    )

    @property
    def total(self) -> int:
        return sum(self.counts["kind"].values())

    def count(self, dimension: str, member: str) -> int:
        return self.counts[dimension][member]


def month_range(last: date, months: int) -> list[str]:
    """The ``months`` months (``YYYY-MM``) ending with ``last``'s, oldest first."""
    months = max(1, min(months, MAX_MONTHS))
    index = last.year * 12 + last.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - months + 1, index + 1)]


def _first_day(month: str) -> date:
    return date.fromisoformat(f"{month}-01")


def compute(session: Session, commune: Commune, months: Sequence[str]) -> list[Month]:
    """The commune's signed acts of ``months`` (``YYYY-MM``, oldest first), one per month.

    Every month asked for has its line, a month without acts counting zero.
    """
    found = {m: Month(m) for m in months}
    last = _first_day(months[-1])
    end = date(last.year + last.month // 12, last.month % 12 + 1, 1)
    rows = session.execute(
        select(
            Act.declared_on,
            Act.kind,
            Act.sex,
            Act.place,
            Act.timeliness,
            Act.event_date,
            Act.details,
        ).where(
            Act.commune_id == commune.id,
            Act.state == SIGNED,
            Act.declared_on >= _first_day(months[0]),
            Act.declared_on < end,
        )
    )
    for declared_on, kind, sex, place, timeliness, event_date, details in rows:
        month = found.get(declared_on.strftime("%Y-%m"))
        if month is None:
            continue
        age = _age((details or {}).get("birth_date"), event_date) if kind == "death" else None
        month.counts["kind"][kind] += 1
        month.counts["sex"][f"{kind}:{sex or UNKNOWN}"] += 1
        month.counts["timeliness"][timeliness] += 1
        month.counts["place"][(place or "").strip() or UNKNOWN] += 1
        if kind == "death":
            month.counts["age"][age_group(age)] += 1
        if kind == "marriage":
            for spouse, born in SPOUSES:
                years = _age((details or {}).get(born), event_date)
                group = age_group(years, MARRIAGE_AGE_GROUPS)
                month.counts["marriage_age"][f"{spouse}:{group}"] += 1
    return list(found.values())


def totals(months: Iterable[Month], dimension: str) -> list[tuple[str, int]]:
    """A dimension's members over the period, largest first."""
    overall: Counter[str] = Counter()
    for month in months:
        overall.update(month.counts[dimension])
    return sorted(overall.items(), key=lambda item: (-item[1], item[0]))


def kind_counts(
    session: Session, commune: Commune, year: int, months: Sequence[int]
) -> dict[int, dict[str, int]]:
    """Signed acts of each kind drawn up in each month (1-12) of ``year``."""
    asked = [f"{year:04d}-{m:02d}" for m in sorted(months)]
    counted = compute(session, commune, asked)
    return {int(m.month[5:]): dict(m.counts["kind"]) for m in counted}


HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")


def workbook(
    months: Sequence[Month],
    *,
    translate: Callable[[str], str],
    member_label: Callable[[str, str], str],
    right_to_left: bool,
) -> bytes:
    """The figures as a formatted .xlsx: one line per month, dimension and member."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = translate(_("Vital statistics"))[:31]
    sheet.sheet_view.rightToLeft = right_to_left
    headers = ((_("Month"), 10), (_("Breakdown"), 18), (_("Category"), 36), (_("Acts"), 10))
    for column, (title, width) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column, value=translate(title))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        sheet.column_dimensions[get_column_letter(column)].width = width
    line = 1
    for month in months:
        for dimension in DIMENSIONS:
            for member, count in sorted(month.counts[dimension].items()):
                line += 1
                values = (
                    month.month,
                    member_label("dimension", dimension),
                    neutralise(member_label(dimension, member)),
                    count,
                )
                for column, value in enumerate(values, start=1):
                    sheet.cell(row=line, column=column, value=value)
                sheet.cell(row=line, column=4).number_format = "0"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:D{line}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


REPORT_ACTION = "civil_status:statistics:reported"
REPORT_OBJECT = "civil_status_statistics"


def report_month(session: Session, *, actor: str, commune: Commune, month: str) -> None:
    """Send a finished month's figures to the national civil-status platform; audited.

    The audit event is what the platform's feed turns into a message, so a month sent
    twice (a late act signed since) is sent again with its figures of that moment.
    """
    today = utcnow().astimezone(ZoneInfo(commune.timezone)).date()
    this_month = today.replace(day=1)
    finished = month_range(this_month - timedelta(days=1), MAX_MONTHS)
    if month not in finished:
        raise ValidationFailed(
            _("Only a finished month of the last three years can be reported."),
            {"month": _("Not a finished month.")},
        )
    audit.record(
        session,
        commune_id=commune.id,
        actor=actor,
        action=REPORT_ACTION,
        object_type=REPORT_OBJECT,
        object_id=month,
    )


def report_payload(session: Session, commune: Commune, month: str) -> dict[str, Any]:
    """The month's figures as the platform's ``civil_status_statistics.reported`` reads them."""
    (figures,) = compute(session, commune, [month])
    counts = figures.counts
    by_sex: dict[str, dict[str, int]] = {}
    for key, value in counts["sex"].items():
        kind, _sep, sex = key.partition(":")
        by_sex.setdefault(kind, {"F": 0, "M": 0, UNKNOWN: 0})[sex] = value
    places = totals([figures], "place")[:PLACES_REPORTED]
    marriage_ages: dict[str, dict[str, int]] = {spouse: {} for spouse, _born in SPOUSES}
    for key, value in counts["marriage_age"].items():
        spouse, _sep, group = key.partition(":")
        marriage_ages[spouse][group] = value
    return {
        "month": month,
        "by_kind": {k: counts["kind"][k] for k in KINDS},
        "by_sex": by_sex,
        "deaths_by_age": dict(counts["age"]),
        "marriages_by_age": marriage_ages,
        "by_timeliness": {k: counts["timeliness"][k] for k in ("on_time", "by_judgment")},
        "by_place": [{"place": p[:200], "acts": n} for p, n in places],
        "reported_at": utcnow(),
    }
