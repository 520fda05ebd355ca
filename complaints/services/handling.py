"""Handling a complaint: its workflow actions, internal notes and public replies.

Every change is audited in the caller's transaction and its reporter is told.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from complaints.models import Complaint, ComplaintEvent
from complaints.services.notifications import notify
from complaints.workflow import AUDIT_PREFIX, COMPLAINT_WORKFLOW
from municipality import audit
from municipality.errors import ValidationFailed
from municipality.i18n import _
from municipality.models import AuditEvent, Commune

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
    event = COMPLAINT_WORKFLOW.run(
        session,
        complaint,
        action,
        actor=actor,
        permissions=permissions,
        data={**(data or {}), "assignee_id": assignee_id},
    )
    _tell_reporter(session, complaint, event, outcome=event.action.removeprefix(AUDIT_PREFIX))
    return complaint


def _tell_reporter(
    session: Session,
    complaint: Complaint,
    event: AuditEvent,
    *,
    outcome: str,
    text: str | None = None,
) -> None:
    """Notify the reporter once per audit event (its link in the chain is the key)."""
    commune = session.get(Commune, complaint.commune_id)
    assert commune is not None
    notify(
        session,
        commune,
        complaint=complaint,
        outcome=outcome,
        key=f"{event.chain}:{event.seq}",
        text=text,
    )


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
    event = audit.write(
        session,
        complaint,
        actor=actor,
        action="complaints:request:replied" if kind == "reply" else "complaints:request:noted",
        object_type="complaint",
        changes={"kind": kind, "body": text},
    )
    if kind == "reply":
        _tell_reporter(session, complaint, event, outcome="replied", text=text)
    return entry


def public_replies(complaint: Complaint) -> list[ComplaintEvent]:
    """What the reporter may read: replies only, never internal notes."""
    return [e for e in complaint.events if e.kind == "reply"]
