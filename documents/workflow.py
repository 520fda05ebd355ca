"""An issued document stays issued until it is revoked; revoking is final.

Expiry is not a state: a document is expired when its date has passed, which the
register and the seal's check read from the date itself. Revoking is audited as
``documents:document:revoked``; its effects keep the reason, publish the document's
hash in the revoked list (the seal's side, :func:`documents.services.revoke_document`) and so tell
every checker, online or offline once they refresh the list.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from documents.models import IssuedDocument
from documents.permissions import Perm
from documents.services import revoke_document
from municipality.db import utcnow
from municipality.i18n import _
from municipality.models import Commune
from municipality.workflow import Transition, Workflow

ISSUED = "issued"
REVOKED = "revoked"
FIELDS = ("type_code", "number", "language", "holder_name", "expires_on", "revocation_reason")


def snapshot(document: IssuedDocument) -> dict[str, Any]:
    """What the audit trail compares before and after a change."""
    return {f: getattr(document, f) for f in (*FIELDS, "state")}


def _needs_reason(document: IssuedDocument, data: dict[str, Any]) -> str | None:
    reason = (data.get("reason") or "").strip()
    return None if 5 <= len(reason) <= 500 else _("Give a reason of 5 to 500 characters.")


def _record_revocation(
    session: Session, document: IssuedDocument, _transition: Transition, data: dict[str, Any]
) -> None:
    document.revoked_at = utcnow()
    document.revocation_reason = data["reason"]
    commune = session.get(Commune, document.commune_id)
    assert commune is not None
    revoke_document(
        session,
        actor=data["actor"],
        commune=commune,
        seal_text=document.seal,
        reason=data["reason"],
    )


ISSUED_DOCUMENT_WORKFLOW = Workflow(
    "document",
    initial=ISSUED,
    transitions=[
        Transition(
            ISSUED,
            "revoke",
            REVOKED,
            Perm.REVOKE,
            requires=_needs_reason,
            effects=(_record_revocation,),
        ),
    ],
    audit_prefix="documents:document:",
    object_type="document",
    values=snapshot,
)
