"""The daily digest to departments of their overdue and new complaints.

Once a day each department (``Category.department``) of each commune that enabled the
module gets a digest of its overdue complaints and those received in the last day, sent to
the commune administrators through the outbox, each commune in a transaction of its own;
the idempotency key ``complaints-digest:<commune>:<department>:<date>`` makes a second run
the same day queue nothing more. Which complaints are overdue is the inbox's rule
(:mod:`complaints.services.inbox`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pyramid.registry import Registry
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from complaints.models import Category, Complaint
from complaints.services.inbox import aware, is_overdue, overdue_condition
from municipality import outbox
from municipality.db import utcnow
from municipality.i18n import _, localizer_for
from municipality.jobs import for_each_commune
from municipality.messaging import DESTINATION
from municipality.models import Commune, Membership, User

DIGEST_ROLE = "commune_admin"
DIGEST_LIMIT = 50  # complaints listed per section of one digest


@dataclass
class Digest:
    """What one department of one commune is told on one day."""

    department: str
    overdue: list[Complaint] = field(default_factory=list)
    new: list[Complaint] = field(default_factory=list)


def digests(session: Session, commune: Commune, now: datetime) -> list[Digest]:
    """Per department: its overdue complaints and those received in the last 24 hours."""
    since = now - timedelta(days=1)
    stmt = (
        select(Complaint, Category.department)
        .join(Category, Complaint.category_id == Category.id)
        .where(
            Complaint.commune_id == commune.id,
            or_(overdue_condition(now), Complaint.created_at >= since),
        )
        .order_by(Complaint.created_at, Complaint.id)
    )
    by_department: dict[str, Digest] = {}
    for complaint, department in session.execute(stmt):
        digest = by_department.setdefault(department, Digest(department))
        if is_overdue(complaint, now):
            digest.overdue.append(complaint)
        if aware(complaint.created_at) >= since:
            digest.new.append(complaint)
    return [by_department[name] for name in sorted(by_department)]


def admin_emails(session: Session, commune: Commune) -> list[str]:
    stmt = (
        select(User.email)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.commune_id == commune.id,
            Membership.role == DIGEST_ROLE,
            User.is_active.is_(True),
        )
        .order_by(User.email)
        .distinct()
    )
    return list(session.execute(stmt).scalars())


def _lines(localizer: Any, complaints: list[Complaint], now: datetime) -> list[str]:
    lines = []
    for complaint in complaints[:DIGEST_LIMIT]:
        due = complaint.acknowledge_due_at if complaint.state == "received" else None
        due = due or complaint.resolve_due_at
        lines.append(
            localizer.translate(
                _(
                    "${code} · ${state} · due ${due}",
                    mapping={
                        "code": complaint.tracking_code,
                        "state": localizer.translate(_(complaint.state)),
                        "due": aware(due).date().isoformat(),
                    },
                )
            )
        )
    if len(complaints) > DIGEST_LIMIT:
        lines.append(
            localizer.translate(
                _("… and ${count} more.", mapping={"count": len(complaints) - DIGEST_LIMIT})
            )
        )
    return lines


def queue_digests(session: Session, commune: Commune, now: datetime) -> int:
    """Queue today's digests of ``commune``; returns how many messages were new."""
    recipients = admin_emails(session, commune)
    if not recipients:
        return 0
    localizer = localizer_for(commune.default_locale)
    day = now.date().isoformat()
    queued = 0
    for digest in digests(session, commune, now):
        key = f"complaints-digest:{commune.slug}:{digest.department}:{day}"
        subject = localizer.translate(
            _(
                "Complaints digest, ${department}, ${date}",
                mapping={"department": digest.department, "date": day},
            )
        )
        body = "\n".join(
            [
                localizer.translate(
                    _("Overdue complaints: ${count}", mapping={"count": len(digest.overdue)})
                ),
                *_lines(localizer, digest.overdue, now),
                "",
                localizer.translate(
                    _("New complaints: ${count}", mapping={"count": len(digest.new)})
                ),
                *_lines(localizer, digest.new, now),
            ]
        )
        message = outbox.enqueue(
            session,
            destination=DESTINATION,
            payload={
                "channel": "email",
                "to": ", ".join(recipients),
                "subject": subject,
                "body": body,
            },
            idempotency_key=key,
            commune_id=commune.id,
        )
        queued += outbox.queued_now(session, message)
    return queued


def send_digests(registry: Registry) -> list[int]:
    """The scheduled job: each commune's digests of today, in a transaction of their own.

    Returns the ids of the communes whose digests failed (logged; the others are queued).
    """
    now = utcnow()
    return for_each_commune(
        registry, "complaints", lambda session, commune: queue_digests(session, commune, now)
    )
