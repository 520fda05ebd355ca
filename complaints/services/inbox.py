"""The staff inbox: complaints listed and counted by state, category, text and lateness.

A complaint is overdue while it is open and either still unacknowledged after
``acknowledge_due_at`` or still unresolved after ``resolve_due_at``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from complaints.models import Category, Complaint
from complaints.workflow import OPEN_STATES
from municipality.db import utcnow

# The most points one map shows: the newest ones.
MAX_POINTS = 1000


def query(
    *, state: str | None = None, category: Category | None = None, text: str | None = None
) -> Select[tuple[Complaint]]:
    """Complaints of the session's commune, newest first, optionally filtered."""
    stmt = select(Complaint)
    if state == "open":
        stmt = stmt.where(Complaint.state.in_(OPEN_STATES))
    elif state:
        stmt = stmt.where(Complaint.state == state)
    if category is not None:
        stmt = stmt.where(Complaint.category_id == category.id)
    if text:
        pattern = f"%{text.strip()}%"
        stmt = stmt.where(
            or_(
                Complaint.description.ilike(pattern),
                Complaint.address.ilike(pattern),
                Complaint.tracking_code.ilike(pattern),
            )
        )
    return stmt.order_by(Complaint.created_at.desc(), Complaint.id.desc())


def open_count(session: Session) -> int:
    """Complaints of the session's commune still waiting for an answer."""
    return session.execute(
        select(func.count()).select_from(Complaint).where(Complaint.state.in_(OPEN_STATES))
    ).scalar_one()


def overdue_condition(now: datetime) -> ColumnElement[bool]:
    """SQL: the complaint is open and past one of its due dates."""
    return and_(
        Complaint.state.in_(OPEN_STATES),
        or_(
            and_(Complaint.state == "received", Complaint.acknowledge_due_at < now),
            Complaint.resolve_due_at < now,
        ),
    )


def aware(moment: datetime) -> datetime:
    """A database time as UTC (SQLite drops the zone)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def is_overdue(complaint: Complaint, now: datetime | None = None) -> bool:
    """The same rule as :func:`overdue_condition`, for a loaded complaint."""
    now = aware(now or utcnow())
    if complaint.state not in OPEN_STATES:
        return False
    if complaint.state == "received" and aware(complaint.acknowledge_due_at) < now:
        return True
    return aware(complaint.resolve_due_at) < now


def overdue_count(session: Session, now: datetime) -> int:
    """Overdue complaints of the session's commune."""
    return session.execute(
        select(func.count()).select_from(Complaint).where(overdue_condition(now))
    ).scalar_one()


def inbox(filters: dict[str, Any], now: datetime) -> Select[tuple[Complaint]]:
    """The complaints the inbox shows for its filters (state, category, q, overdue)."""
    stmt = query(state=filters["state"], category=filters["category"], text=filters["q"])
    return stmt.where(overdue_condition(now)) if filters["overdue"] else stmt


def located(session: Session, stmt: Select[tuple[Complaint]]) -> list[Complaint]:
    """The complaints of ``stmt`` that have a position, at most :data:`MAX_POINTS`."""
    stmt = stmt.where(Complaint.latitude.is_not(None), Complaint.longitude.is_not(None))
    return list(session.scalars(stmt.limit(MAX_POINTS)))
