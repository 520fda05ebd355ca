"""The complaints as Open311 GeoReport v2 sees them: two statuses, and its request filters."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from complaints.models import Category, Complaint
from complaints.services.publication import PublicComplaint
from complaints.workflow import OPEN_STATES
from municipality.db import utcnow

CLOSED = ("resolved", "closed", "rejected")
MAX_REQUESTS = 1000
DEFAULT_DAYS = 90


def status_of(complaint: Complaint | PublicComplaint) -> str:
    """The standard knows two statuses: ``open`` while the commune still owes an answer."""
    return "open" if complaint.state in OPEN_STATES else "closed"


def requests_statement(
    *,
    ids: list[uuid.UUID] | None = None,
    service_code: str | None = None,
    status: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> Select[tuple[Complaint]]:
    """Requests of the session's commune as GeoReport v2 filters them, newest first.

    Without identifiers or dates, the last :data:`DEFAULT_DAYS` days, as the
    standard suggests; never more than :data:`MAX_REQUESTS` rows.
    """
    stmt = select(Complaint).join(Complaint.category)
    if ids:
        stmt = stmt.where(Complaint.public_id.in_(ids))
    else:
        if start is None and end is None:
            start = utcnow() - timedelta(days=DEFAULT_DAYS)
        if start is not None:
            stmt = stmt.where(Complaint.created_at >= start)
        if end is not None:
            stmt = stmt.where(Complaint.created_at <= end)
    if service_code:
        stmt = stmt.where(Category.code == service_code)
    if status == "open":
        stmt = stmt.where(Complaint.state.in_(OPEN_STATES))
    elif status == "closed":
        stmt = stmt.where(Complaint.state.in_(CLOSED))
    return stmt.order_by(Complaint.created_at.desc(), Complaint.id.desc()).limit(MAX_REQUESTS)


def requests_matching(
    session: Session,
    *,
    ids: list[uuid.UUID] | None = None,
    service_code: str | None = None,
    status: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[Complaint]:
    """The requests :func:`requests_statement` selects."""
    stmt = requests_statement(
        ids=ids, service_code=service_code, status=status, start=start, end=end
    )
    return list(session.execute(stmt).scalars())
