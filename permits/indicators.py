"""The permits module's figures for the region's monthly activity returns: files filed
and permits issued each month (``permits_filed``, ``permits_issued``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from municipality.models import Commune
from permits.models import PermitFile
from permits.services.register import monthly

_COLUMNS = {
    "permits_filed": PermitFile.submitted_at,
    "permits_issued": PermitFile.issued_at,
}


class MonthlyActivity:
    """Files submitted and permits issued each month (``activity-monthly``)."""

    set_code = "activity-monthly"
    indicators = frozenset(_COLUMNS)

    def values(
        self, session: Session, commune: Commune, indicator: str, year: int, months: Sequence[int]
    ) -> dict[int, Any]:
        return monthly(session, _COLUMNS[indicator], year, months)


MONTHLY_ACTIVITY = MonthlyActivity()
