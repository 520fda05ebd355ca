"""The national-feed contract: what a module tells the national platforms, and hears back.

A module whose writes a national platform must know offers a
:class:`NationalFeed` provider (:data:`municipality.providers.Kind.NATIONAL_FEED`),
named after the platform. The ``sync`` module listens to the module's audit events,
asks the feed which message each event calls for, and queues it; when the platform
sets a status nationally, sync hands it to the feed, which applies it through the
module's own workflow. Neither package imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy.orm import Session

from municipality.models import AuditEvent, Commune


class Outcome(StrEnum):
    """What became of a status a national platform set."""

    APPLIED = "applied"  # the object moved to that status
    NOTED = "noted"  # the workflow could not reach it: kept as a note on the object
    SKIPPED = "skipped"  # unknown object, unknown status, or already there


@dataclass(frozen=True)
class FeedMessage:
    """One national message an audit event calls for (see ``sync.events.emit``)."""

    object_type: str
    object_id: str
    kind: str
    payload: dict[str, Any]
    # The contract's payload version the payload follows; a platform's newer version
    # is published beside the old one, which stays readable.
    payload_version: str = "1"


class NationalFeed(Protocol):
    """A module's side of one national platform's contract."""

    @property
    def audit_prefix(self) -> str:
        """The audit actions this feed may turn into messages (``complaints:request:``)."""
        ...

    def message_for(self, session: Session, event: AuditEvent) -> FeedMessage | None:
        """The message this audit event calls for, or ``None`` when it calls for none."""
        ...

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
        """Apply a status set nationally to the object ``local_id``, acting as ``actor``."""
        ...


class OutboundFeed:
    """The base of a feed whose platform only listens: it sets no status on the module's
    objects, so whatever status it sends is skipped (sync still asks, for every feed)."""

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
        """Nothing is set nationally on these objects: skipped."""
        return Outcome.SKIPPED
