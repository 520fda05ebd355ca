"""A complaint's life: received, acknowledged, assigned, worked on, resolved, closed.

It may be rejected (with a reason) before anyone is assigned, and a reporter who is not
satisfied may have it reopened within :data:`REOPEN_DAYS` of its resolution.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from complaints.permissions import REPORTER, Perm
from municipality.db import utcnow
from municipality.i18n import _
from municipality.workflow import Transition, Workflow

REOPEN_DAYS = 30


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


COMPLAINT_WORKFLOW = Workflow(
    "complaint",
    initial="received",
    transitions=[
        Transition("received", "acknowledge", "acknowledged", Perm.ACKNOWLEDGE),
        Transition("acknowledged", "assign", "assigned", Perm.ASSIGN),
        Transition("assigned", "start", "in_progress", Perm.START),
        Transition("in_progress", "resolve", "resolved", Perm.RESOLVE),
        Transition("resolved", "close", "closed", Perm.CLOSE),
        Transition("received", "reject", "rejected", Perm.REJECT, needs_reason),
        Transition("acknowledged", "reject", "rejected", Perm.REJECT, needs_reason),
        Transition("resolved", "reopen", "assigned", Perm.REOPEN, within_reopen_window),
        Transition("closed", "reopen", "assigned", Perm.REOPEN, within_reopen_window),
        Transition("resolved", "contest", "assigned", REPORTER, reporter_may_reopen),
        Transition("closed", "contest", "assigned", REPORTER, reporter_may_reopen),
    ],
)

# What the audit trail and the reporter's notification call each action's outcome
# (``complaints:request:<event>``); reopening lands in "assigned" but is told apart.
EVENTS = {
    "acknowledge": "acknowledged",
    "assign": "assigned",
    "start": "in_progress",
    "resolve": "resolved",
    "close": "closed",
    "reject": "rejected",
    "reopen": "reopened",
    "contest": "reopened",
}

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
