"""The permits module's side of the national permits platform.

Out only: a submitted file becomes ``permit_application.filed`` and a decision (the
commission's, or a tacit approval) ``permit_application.decided``. Messages follow
payload version 2 of the contract, which names every kind of file; version 1 (four
permit types) stays readable for the messages already sent.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from municipality.feeds import FeedMessage, OutboundFeed
from municipality.models import AuditEvent
from permits.models import PermitFile
from permits.services import files

PAYLOAD_VERSION = "2"
SUBMITTED = "permits:file:submitted"
DECIDED = frozenset({"permits:file:approved", "permits:file:refused"})
# The commission's decision as the contract names it.
CONTRACT_DECISION = {
    "approved": "granted",
    "tacit": "granted",
    "approved_with_conditions": "granted_with_conditions",
    "refused": "refused",
}


def filed_payload(file: PermitFile) -> dict[str, Any]:
    return {
        "local_id": str(file.public_id),
        "reference": file.code,
        "permit_type": file.kind,
        "applicant_kind": "person",
        "parcel_reference": file.parcels[0] if file.parcels else None,
        "address": file.address or None,
        "floor_area_m2": float(file.floor_area_m2),
        "filed_at": file.submitted_at,
    }


def decided_payload(file: PermitFile) -> dict[str, Any]:
    assert file.decision is not None
    return {
        "local_id": str(file.public_id),
        "reference": file.code,
        "permit_type": file.kind,
        "decision": CONTRACT_DECISION[file.decision],
        "reason": file.reasons or None,
        "decided_at": file.decided_at,
    }


class PermitsFeed(OutboundFeed):
    """The :class:`municipality.feeds.NationalFeed` of the national permits platform."""

    audit_prefix = "permits:file:"

    def message_for(self, session: Session, event: AuditEvent) -> FeedMessage | None:
        if event.action == SUBMITTED:
            file = files.get(session, event.object_id)
            return FeedMessage(
                "permit_application",
                str(file.public_id),
                "filed",
                filed_payload(file),
                PAYLOAD_VERSION,
            )
        if event.action in DECIDED:
            file = files.get(session, event.object_id)
            return FeedMessage(
                "permit_application",
                str(file.public_id),
                "decided",
                decided_payload(file),
                PAYLOAD_VERSION,
            )
        return None


FEED = PermitsFeed()
