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
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from permits.models import PermitFile

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


def issued(session: Session, limit: int = 500) -> list[PermitFile]:
    """The permits issued, newest first."""
    return list(
        session.execute(
            select(PermitFile)
            .where(PermitFile.state.in_(ISSUED_STATES))
            .order_by(PermitFile.issued_at.desc(), PermitFile.id.desc())
            .limit(limit)
        ).scalars()
    )


def _day(moment: datetime | None) -> str:
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
        "filed_on": _day(file.submitted_at),
        "decided_on": _day(file.decided_at),
        "issued_on": _day(file.issued_at),
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
class Statistics:
    by_kind_state: dict[tuple[str, str], int]
    decided: int
    decided_in_time: int
    tacit: int
    fees_collected: Decimal

    @property
    def share_in_time(self) -> Decimal | None:
        if not self.decided:
            return None
        return (Decimal(100) * self.decided_in_time / self.decided).quantize(Decimal("0.1"))


def statistics(session: Session) -> Statistics:
    """Files by kind and state, decisions in time, tacit approvals, fees collected."""
    rows = session.execute(
        select(PermitFile.kind, PermitFile.state, func.count()).group_by(
            PermitFile.kind, PermitFile.state
        )
    ).all()
    decided = session.execute(
        select(PermitFile.decided_at, PermitFile.due_on, PermitFile.decision).where(
            PermitFile.decided_at.is_not(None)
        )
    ).all()
    fees = session.execute(
        select(func.coalesce(func.sum(PermitFile.fee), 0)).where(
            PermitFile.fee_paid_at.is_not(None)
        )
    ).scalar_one()
    in_time = sum(1 for at, due, _d in decided if due is None or at.date() <= due)
    return Statistics(
        by_kind_state={(kind, state): count for kind, state, count in rows},
        decided=len(decided),
        decided_in_time=in_time,
        tacit=sum(1 for *_x, decision in decided if decision == "tacit"),
        fees_collected=Decimal(fees),
    )


def monthly(session: Session, column: Any, year: int, months: Sequence[int]) -> dict[int, int]:
    """How many files have ``column`` (a timestamp) in each month of ``year``."""
    start = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    moments = session.execute(select(column).where(column >= start, column < end)).scalars()
    counts = Counter(moment.month for moment in moments)
    return {month: counts.get(month, 0) for month in months}
