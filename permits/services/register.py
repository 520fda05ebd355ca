"""The public register of issued permits, the module's statistics and its monthly counts.

The register shows what open data on building permits usually carries (number, kind,
address, parcel, use, floor area, units, status, dates), never the applicant.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import partial
from statistics import median
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from permits import clock
from permits.models import PermitFile
from permits.profiles import Profile

ISSUED_STATES = (
    "issued",
    "works_opened",
    "works_completed",
    "occupancy_granted",
    "occupancy_refused",
)
REGISTER_COLUMNS = (
    "number",
    "kind",
    "address",
    "parcel",
    "use",
    "floor_area_m2",
    "units",
    "status",
    "filed_on",
    "decided_on",
    "issued_on",
)


def issued_query(kind: str | None = None, status: str | None = None) -> Select[Any]:
    """The permits issued, newest first; of one kind, or in one state of the register."""
    query = select(PermitFile).where(PermitFile.state.in_(ISSUED_STATES))
    if kind is not None:
        query = query.where(PermitFile.kind == kind)
    if status is not None:
        query = query.where(PermitFile.state == status)
    return query.order_by(PermitFile.issued_at.desc(), PermitFile.id.desc())


def issued(session: Session, limit: int = 500) -> list[PermitFile]:
    """The permits issued, newest first."""
    return list(session.execute(issued_query().limit(limit)).scalars())


def _iso_day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""


def register_row(file: PermitFile) -> dict[str, Any]:
    return {
        "number": file.number or file.code,
        "kind": file.kind,
        "address": file.address,
        "parcel": ", ".join(file.parcels or []),
        "use": file.use,
        "floor_area_m2": file.floor_area_m2,
        "units": file.units,
        "status": file.state,
        "filed_on": _iso_day(file.submitted_at),
        "decided_on": _iso_day(file.decided_at),
        "issued_on": _iso_day(file.issued_at),
    }


def register_csv(files: Sequence[PermitFile]) -> str:
    """The register as CSV (UTF-8, one header row): what a spreadsheet opens."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=REGISTER_COLUMNS)
    writer.writeheader()
    for file in files:
        writer.writerow(register_row(file))
    return out.getvalue()


@dataclass(frozen=True)
class Step:
    """How long files took over one step of their life, in the country's working days.

    ``legal_days`` and ``in_time`` are there only for the step the law gives a deadline
    (from acceptance to the decision): the median of the files' own deadlines, and how many
    were decided by theirs.
    """

    name: str
    files: int
    median_days: float | None
    legal_days: float | None = None
    in_time: int | None = None

    @property
    def share_in_time(self) -> Decimal | None:
        return _share(self.in_time, self.files) if self.in_time is not None else None


# The steps measured, in the order a file makes them: each from one recorded moment of the
# workflow (file columns the transitions' effects set) to the next.
STEPS = ("filed_accepted", "accepted_decided", "decided_issued")


@dataclass(frozen=True)
class Statistics:
    by_kind_state: dict[tuple[str, str], int]
    steps: tuple[Step, ...]
    decided: int
    decided_in_time: int
    tacit: int
    fees_collected: Decimal

    @property
    def share_in_time(self) -> Decimal | None:
        return _share(self.decided_in_time, self.decided)

    @property
    def by_kind(self) -> dict[str, int]:
        """Files of each kind, whatever their state."""
        counts: Counter[str] = Counter()
        for (kind, _state), count in self.by_kind_state.items():
            counts[kind] += count
        return dict(counts)


def _share(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` as a percentage to one decimal; none of nothing."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def _median(values: Sequence[int]) -> float | None:
    return float(median(values)) if values else None


def _steps(country: Profile, files: Sequence[Any]) -> tuple[Step, ...]:
    """The three steps measured on the files' recorded moments, in working days."""
    between = partial(clock.working_days_between, country)
    filed = [
        between(f.submitted_at.date(), f.accepted_on)
        for f in files
        if f.submitted_at and f.accepted_on
    ]
    decided = [f for f in files if f.accepted_on and f.decided_at]
    issued = [
        between(f.decided_at.date(), f.issued_at.date())
        for f in files
        if f.decided_at and f.issued_at
    ]
    return (
        Step(STEPS[0], len(filed), _median(filed)),
        Step(
            STEPS[1],
            len(decided),
            _median([between(f.accepted_on, f.decided_at.date()) for f in decided]),
            legal_days=_median([between(f.accepted_on, f.due_on) for f in decided if f.due_on]),
            in_time=sum(1 for f in decided if _in_time(f)),
        ),
        Step(STEPS[2], len(issued), _median(issued)),
    )


def _in_time(file: Any) -> bool:
    """Decided by the legal due date (a file with no due date had no deadline to miss)."""
    return file.due_on is None or file.decided_at.date() <= file.due_on


def statistics(session: Session, country: Profile) -> Statistics:
    """Files by kind and state, the median time of each step against the legal deadline,
    decisions in time, tacit approvals and fees collected."""
    rows = session.execute(
        select(PermitFile.kind, PermitFile.state, func.count()).group_by(
            PermitFile.kind, PermitFile.state
        )
    ).all()
    moments = session.execute(
        select(
            PermitFile.submitted_at,
            PermitFile.accepted_on,
            PermitFile.due_on,
            PermitFile.decided_at,
            PermitFile.decision,
            PermitFile.issued_at,
        ).where(PermitFile.submitted_at.is_not(None))
    ).all()
    fees = session.execute(
        select(func.coalesce(func.sum(PermitFile.fee), 0)).where(
            PermitFile.fee_paid_at.is_not(None)
        )
    ).scalar_one()
    decided = [f for f in moments if f.decided_at is not None]
    return Statistics(
        by_kind_state={(kind, state): count for kind, state, count in rows},
        steps=_steps(country, moments),
        decided=len(decided),
        decided_in_time=sum(1 for f in decided if _in_time(f)),
        tacit=sum(1 for f in decided if f.decision == "tacit"),
        fees_collected=Decimal(fees),
    )


def monthly(session: Session, column: Any, year: int, months: Sequence[int]) -> dict[int, int]:
    """How many files have ``column`` (a timestamp) in each month of ``year``."""
    start = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    moments = session.execute(select(column).where(column >= start, column < end)).scalars()
    counts = Counter(moment.month for moment in moments)
    return {month: counts.get(month, 0) for month in months}
