"""A complaint's life: received, acknowledged, assigned, worked on, resolved, closed.

It may be rejected (with a reason) before anyone is assigned, and a reporter who is not
satisfied may have it reopened within :data:`REOPEN_DAYS` of its resolution. Each
transition's audit action (``complaints:request:<outcome>``) is also what the reporter's
notification calls its outcome.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from sqlalchemy.orm import Session

from complaints.models import Complaint
from complaints.permissions import REPORTER, Perm
from municipality.db import utcnow
from municipality.i18n import _
from municipality.workflow import Transition, Workflow

REOPEN_DAYS = 30
AUDIT_PREFIX = "complaints:request:"
# Reopening lands in "assigned" but is told apart in the audit trail and to the reporter.
REOPENED = f"{AUDIT_PREFIX}reopened"


def snapshot(complaint: Complaint) -> dict[str, Any]:
    """What the audit trail compares before and after a change."""
    return {
        "state": complaint.state,
        "kind": complaint.kind,
        "channel": complaint.channel,
        "category": complaint.category.code if complaint.category else None,
        "description": complaint.description,
        "address": complaint.address,
        "latitude": complaint.latitude,
        "longitude": complaint.longitude,
        "anonymous": not (complaint.reporter_email or complaint.reporter_phone),
        "resolved_at": complaint.resolved_at,
        "rejection_reason": complaint.rejection_reason,
        "assignee_id": complaint.assignee_id,
    }


def needs_reason(_complaint: Any, data: dict[str, Any]) -> str | None:
    if not (data.get("reason") or "").strip():
        return _("Say why the complaint is rejected.")
    return None


def within_reopen_window(complaint: Any, data: dict[str, Any]) -> str | None:
    resolved_at = complaint.resolved_at
    if resolved_at is None:
        return None
    if resolved_at.tzinfo is None:
        resolved_at = resolved_at.replace(tzinfo=UTC)
    now = data.get("now") or utcnow()
    if now - resolved_at > timedelta(days=REOPEN_DAYS):
        return _(
            "A complaint can be reopened only within ${days} days of its resolution.",
            mapping={"days": REOPEN_DAYS},
        )
    return None


def reporter_may_reopen(complaint: Any, data: dict[str, Any]) -> str | None:
    """The reporter reopens a complaint the commune resolved, in time and saying why."""
    if complaint.resolved_at is None or complaint.merged_into_id is not None:
        return _("Only a complaint the commune resolved can be reopened.")
    if not (data.get("reason") or "").strip():
        return _("Say why you are not satisfied.")
    return within_reopen_window(complaint, data)


def stamp_resolution(
    _session: Session, complaint: Complaint, _transition: Transition, _data: dict[str, Any]
) -> None:
    """The reopening window counts from this moment."""
    complaint.resolved_at = utcnow()


def keep_reason(
    _session: Session, complaint: Complaint, _transition: Transition, data: dict[str, Any]
) -> None:
    """The reporter is told why the commune rejected the complaint."""
    complaint.rejection_reason = data["reason"].strip()


def clear_resolution(
    _session: Session, complaint: Complaint, _transition: Transition, _data: dict[str, Any]
) -> None:
    """A reopened complaint is no longer resolved (nor reopenable until resolved again)."""
    complaint.resolved_at = None


def set_assignee(
    _session: Session, complaint: Complaint, _transition: Transition, data: dict[str, Any]
) -> None:
    """Hand the complaint to ``data["assignee_id"]`` when the action names someone."""
    if data.get("assignee_id") is not None:
        complaint.assignee_id = data["assignee_id"]


COMPLAINT_WORKFLOW = Workflow(
    "complaint",
    initial="received",
    transitions=[
        Transition("received", "acknowledge", "acknowledged", Perm.ACKNOWLEDGE),
        Transition("acknowledged", "assign", "assigned", Perm.ASSIGN, effects=(set_assignee,)),
        Transition("assigned", "start", "in_progress", Perm.START),
        Transition("in_progress", "resolve", "resolved", Perm.RESOLVE, effects=(stamp_resolution,)),
        Transition("resolved", "close", "closed", Perm.CLOSE),
        *(
            Transition(
                state, "reject", "rejected", Perm.REJECT, needs_reason, effects=(keep_reason,)
            )
            for state in ("received", "acknowledged")
        ),
        *(
            Transition(
                state,
                "reopen",
                "assigned",
                Perm.REOPEN,
                within_reopen_window,
                audit_action=REOPENED,
                effects=(clear_resolution, set_assignee),
            )
            for state in ("resolved", "closed")
        ),
        *(
            Transition(
                state,
                "contest",
                "assigned",
                REPORTER,
                reporter_may_reopen,
                audit_action=REOPENED,
                effects=(clear_resolution,),
            )
            for state in ("resolved", "closed")
        ),
    ],
    audit_prefix=AUDIT_PREFIX,
    object_type="complaint",
    values=snapshot,
)

# Every state, in the order a complaint goes through them (rejected last).
STATES = (
    "received",
    "acknowledged",
    "assigned",
    "in_progress",
    "resolved",
    "closed",
    "rejected",
)
# States in which the commune still owes the reporter an answer.
OPEN_STATES = ("received", "acknowledged", "assigned", "in_progress")
