"""Handling a complaint: its workflow actions, internal notes and public replies.

Every change is audited in the caller's transaction and its reporter is told.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from complaints.models import Complaint, ComplaintEvent
from complaints.services.filing import snapshot
from complaints.services.notifications import notify
from complaints.workflow import COMPLAINT_WORKFLOW, EVENTS
from municipality import audit
from municipality.db import utcnow
from municipality.errors import ValidationFailed
from municipality.i18n import _
from municipality.models import Commune

EVENT_KINDS = ("note", "reply")


def act(
    session: Session,
    *,
    actor: str,
    complaint: Complaint,
    action: str,
    permissions: frozenset[str],
    data: dict[str, Any] | None = None,
    assignee_id: int | None = None,
) -> Complaint:
    """Move a complaint along ``action``; audited, and the reporter is told."""
    data = data or {}
    before = snapshot(complaint)
    COMPLAINT_WORKFLOW.apply(complaint, action, permissions, data)
    if action == "resolve":
        complaint.resolved_at = utcnow()
    elif action == "reject":
        complaint.rejection_reason = data["reason"].strip()
    elif action in ("reopen", "contest"):
        complaint.resolved_at = None
    if action in ("assign", "reopen") and assignee_id is not None:
        complaint.assignee_id = assignee_id
    outcome = EVENTS[action]
    event = audit.record(
        session,
        commune_id=complaint.commune_id,
        actor=actor,
        action=f"complaints:request:{outcome}",
        object_type="complaint",
        object_id=str(complaint.public_id),
        changes=audit.diff(before, snapshot(complaint)),
    )
    commune = session.get(Commune, complaint.commune_id)
    assert commune is not None
    notify(session, commune, complaint=complaint, outcome=outcome, key=f"{event.chain}:{event.seq}")
    return complaint


def add_event(
    session: Session, *, actor: str, complaint: Complaint, kind: str, body: str
) -> ComplaintEvent:
    """An internal note, or a public reply the reporter sees (and is told about)."""
    text = body.strip()
    if kind not in EVENT_KINDS:
        raise ValidationFailed(_("Unknown kind of note."), {"kind": "note or reply"})
    if not text:
        raise ValidationFailed(_("The text is empty."), {"body": "required"})
    entry = ComplaintEvent(
        commune_id=complaint.commune_id, complaint=complaint, kind=kind, body=text, author=actor
    )
    session.add(entry)
    session.flush()
    event = audit.record(
        session,
        commune_id=complaint.commune_id,
        actor=actor,
        action="complaints:request:replied" if kind == "reply" else "complaints:request:noted",
        object_type="complaint",
        object_id=str(complaint.public_id),
        changes={"kind": kind, "body": text},
    )
    if kind == "reply":
        commune = session.get(Commune, complaint.commune_id)
        assert commune is not None
        notify(
            session,
            commune,
            complaint=complaint,
            outcome="replied",
            key=f"{event.chain}:{event.seq}",
            text=text,
        )
    return entry


def public_replies(complaint: Complaint) -> list[ComplaintEvent]:
    """What the reporter may read: replies only, never internal notes."""
    return [e for e in complaint.events if e.kind == "reply"]
