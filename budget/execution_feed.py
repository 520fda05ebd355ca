"""The budget's side of the national transparency platform (``budget``).

Out: once a month the ``report`` job (:mod:`budget.jobs`) records that the commune's
execution up to the end of the last month was reported (``budget:execution:reported``,
once per period), and this feed turns that event into ``budget_execution.reported``: the
year's lines with their voted credit, what is committed and what is paid. The figures
are read when the event is written, in its transaction. Nothing comes back.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from budget import services
from budget.money import DECIMALS
from municipality import audit
from municipality.db import utcnow
from municipality.feeds import FeedMessage, OutboundFeed
from municipality.models import AuditEvent, Commune

REPORTED = "budget:execution:reported"
OBJECT_TYPE = "budget_execution"
JOB_ACTOR = "system"


def period_before(day: date) -> tuple[int, str]:
    """The fiscal year and the period (``2026-M10``) of the last month complete on ``day``."""
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return year, f"{year}-M{month:02d}"


def _amount(value: Decimal, currency: str) -> str:
    """An amount as the contract writes it: text, with the currency's decimals."""
    return f"{Decimal(value).quantize(Decimal(1).scaleb(-DECIMALS[currency])):f}"


def execution_payload(session: Session, commune: Commune, year: int, period: str) -> dict[str, Any]:
    """The contract's payload: every line of ``year`` with voted, committed and paid."""
    lines = [
        {
            "code": row.line.code.code,
            "label": row.line.code.label_fr,
            "section": row.line.code.section,
            "voted": _amount(row.line.voted, commune.currency),
            "committed": _amount(row.committed, commune.currency),
            "paid": _amount(row.paid, commune.currency),
        }
        for row in services.execution(session, year)
    ]
    return {
        "fiscal_year": year,
        "period": period,
        "currency": commune.currency,
        "lines": lines,
        "reported_at": utcnow(),
    }


def report_last_month(session: Session, commune: Commune) -> bool:
    """Record the report of the last complete month, once; ``False`` when it was done or
    the year has no line to report."""
    year, period = period_before(utcnow().date())
    object_id = f"{commune.slug}:{period}"
    if audit.history(session, OBJECT_TYPE, object_id) or not services.execution(session, year):
        return False
    audit.record(
        session,
        commune_id=commune.id,
        actor=JOB_ACTOR,
        action=REPORTED,
        object_type=OBJECT_TYPE,
        object_id=object_id,
        changes={"period": [None, period], "fiscal_year": [None, year]},
    )
    return True


class ExecutionFeed(OutboundFeed):
    """The :class:`municipality.feeds.NationalFeed` of the transparency platform."""

    audit_prefix = "budget:execution:"

    def message_for(self, session: Session, event: AuditEvent) -> FeedMessage | None:
        """``budget_execution.reported`` for each period the job reported."""
        if event.action != REPORTED:
            return None
        commune = session.get(Commune, event.commune_id)
        assert commune is not None
        year = int(event.changes["fiscal_year"][1])
        period = str(event.changes["period"][1])
        payload = execution_payload(session, commune, year, period)
        return FeedMessage(OBJECT_TYPE, event.object_id, "reported", payload)


FEED = ExecutionFeed()
