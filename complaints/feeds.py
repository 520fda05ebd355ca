"""The complaints module's side of the national complaints platform.

Out: a received complaint becomes ``complaint.filed`` and a move of its state
``complaint.status_changed``. In: a status the platform set is applied through the
complaints workflow; one the workflow cannot reach from where the complaint stands is
kept as an internal note, so nothing said nationally is lost. ``sync`` drives this
through :class:`municipality.feeds.NationalFeed` and never imports complaints.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session

from complaints.models import Complaint
from complaints.services.filing import get
from complaints.services.handling import act, add_event
from municipality.errors import DomainError, NotFound
from municipality.feeds import FeedMessage, Outcome
from municipality.i18n import _, localizer_for
from municipality.models import AuditEvent, Commune

log = logging.getLogger(__name__)

RECEIVED = "complaints:request:received"

# The workflow action that reaches each status the platform may set.
ACTION_FOR_STATUS = {
    "acknowledged": "acknowledge",
    "assigned": "assign",
    "in_progress": "start",
    "resolved": "resolve",
    "closed": "close",
    "rejected": "reject",
}


def filed_payload(complaint: Complaint) -> dict[str, Any]:
    """The ``complaint.filed`` payload of a complaint (``None`` fields are left out)."""
    return {
        "local_id": str(complaint.public_id),
        "service_code": complaint.category.code,
        "description": complaint.description,
        "kind": complaint.kind,
        "channel": complaint.channel,
        "requested_at": complaint.created_at,
        "address": complaint.address,
        "lat": complaint.latitude,
        "long": complaint.longitude,
    }


def status_payload(
    complaint: Complaint, before: str, after: str, event: AuditEvent
) -> dict[str, Any]:
    """The ``complaint.status_changed`` payload of a move from ``before`` to ``after``."""
    return {
        "local_id": str(complaint.public_id),
        "status": after,
        "previous_status": before,
        "status_notes": complaint.rejection_reason if after == "rejected" else None,
        "updated_at": event.occurred_at,
    }


def _message(complaint: Complaint, kind: str, payload: dict[str, Any]) -> FeedMessage:
    return FeedMessage("complaint", str(complaint.public_id), kind, payload)


def _note(session: Session, commune: Commune, complaint: Complaint, actor: str, said: str) -> None:
    """Keep what the platform said (``said``: status and notes) as an internal note."""
    text = localizer_for(commune.default_locale).translate(said)
    add_event(session, actor=actor, complaint=complaint, kind="note", body=text)


class ComplaintsFeed:
    """The :class:`municipality.feeds.NationalFeed` of the national complaints platform."""

    audit_prefix = "complaints:request:"

    def message_for(self, session: Session, event: AuditEvent) -> FeedMessage | None:
        """``filed`` when a complaint is received, ``status_changed`` when its state moves."""
        state = event.changes.get("state")
        moved = isinstance(state, list) and len(state) == 2 and state[0] != state[1]
        if not (event.action == RECEIVED or moved):
            return None
        complaint = get(session, event.object_id)
        if event.action == RECEIVED:
            return _message(complaint, "filed", filed_payload(complaint))
        before, after = state  # type: ignore[misc]
        return _message(
            complaint, "status_changed", status_payload(complaint, before, after, event)
        )

    def apply_status(
        self,
        session: Session,
        commune: Commune,
        *,
        actor: str,
        local_id: str,
        status: str,
        notes: str,
    ) -> Outcome:
        """Move the complaint to ``status`` through its workflow, or note what was set."""
        try:
            complaint = get(session, local_id)
        except NotFound:
            log.warning("a national status names an unknown complaint %s", local_id)
            return Outcome.SKIPPED
        action = ACTION_FOR_STATUS.get(status)
        if action is None or complaint.state == status:
            return Outcome.SKIPPED
        try:  # the workflow refuses before it changes anything, so nothing is half-done
            act(
                session,
                actor=actor,
                complaint=complaint,
                action=action,
                permissions=frozenset({f"complaints:request:{action}"}),
                data={"reason": notes or status},
            )
        except DomainError:
            said = _(
                "The national complaints platform set the status “${status}”: ${notes}",
                mapping={"status": status, "notes": notes or "-"},
            )
            _note(session, commune, complaint, actor, said)
            return Outcome.NOTED
        return Outcome.APPLIED


FEED = ComplaintsFeed()
