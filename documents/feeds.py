"""This module's side of the national documents platform.

Out only: an issued document becomes ``document.issued`` and a revoked one
``document.revoked`` (``sync/contracts/documents.*``). The platform keeps the number,
the type and the hash of each document, never its data. ``sync`` drives this through
:class:`municipality.feeds.NationalFeed` and never imports this module.
"""

from __future__ import annotations

from typing import Any

from pyramid.registry import Registry
from sqlalchemy.orm import Session

from documents.issuance import ISSUED_ACTION, REVOKED_ACTION, document_type, get, verify_url
from documents.models import IssuedDocument
from municipality.feeds import FeedMessage, OutboundFeed
from municipality.models import AuditEvent


def issued_payload(document: IssuedDocument, name: str, verify_url: str) -> dict[str, Any]:
    """The ``document.issued`` payload: what identifies the paper, not what it says."""
    return {
        "local_id": str(document.public_id),
        "document_type": name,
        "number": document.number,
        "language": document.language,
        "sha256": document.document_hash,
        "issued_at": document.issued_at,
        "verification_url": verify_url,
    }


def revoked_payload(document: IssuedDocument) -> dict[str, Any]:
    """The ``document.revoked`` payload."""
    return {
        "local_id": str(document.public_id),
        "number": document.number,
        "reason": document.revocation_reason,
        "revoked_at": document.revoked_at,
    }


class DocumentsFeed(OutboundFeed):
    """The :class:`municipality.feeds.NationalFeed` of the national documents platform.

    Made in ``includeme`` with the application's registry, where it finds each type's
    contract name and the site's verification address.
    """

    audit_prefix = "documents:document:"

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def message_for(self, session: Session, event: AuditEvent) -> FeedMessage | None:
        """``issued`` when a document is issued, ``revoked`` when it is revoked."""
        # The revoked list's own row is audited under the same action: not a document.
        if event.object_type != "document" or event.action not in (ISSUED_ACTION, REVOKED_ACTION):
            return None
        document = get(session, event.object_id)
        if event.action == ISSUED_ACTION:
            name = document_type(self.registry, document.type_code).name
            payload = issued_payload(document, name, verify_url(self.registry))
            return FeedMessage("document", str(document.public_id), "issued", payload)
        return FeedMessage(
            "document", str(document.public_id), "revoked", revoked_payload(document)
        )
