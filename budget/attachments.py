"""Invoices and delivery notes kept with an expense, as size-limited PDFs.

The files are checked by the core (:func:`municipality.uploads.accept_pdf`: size, shape,
no scripts or embedded files) before anything is stored, then go to the core's file
store on the request's session, named by the hash of their bytes; the rows say which
expense they belong to, what they are and who sent them. :data:`FILES` tells the core's
clean-up job which column names stored files. Attaching is the officer's, on an expense
that is not cancelled; every member of staff who may see the budget may read them.
"""

from __future__ import annotations

import unicodedata
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from budget.models import Attachment, Commitment
from municipality import audit
from municipality.errors import Conflict, ValidationFailed
from municipality.files import FileStore
from municipality.files.references import FileReference
from municipality.i18n import _
from municipality.lookup import by_public_id
from municipality.uploads import accept_pdf

MAX_BYTES = 5 * 1_048_576
MAX_PER_EXPENSE = 10
KINDS = ("invoice", "delivery_note")
FILES = FileReference("budget_attachments", ("sha256",))


def clean_filename(name: str) -> str:
    """The sent file's name as shown in lists: its last path part, printable, short."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    printable = "".join(c for c in base if unicodedata.category(c)[0] not in ("C", "Z") or c == " ")
    return (printable.strip() or "document.pdf")[:200]


def attachments_of(session: Session, commitment: Commitment) -> list[Attachment]:
    stmt = (
        select(Attachment)
        .where(Attachment.commitment_id == commitment.id)
        .order_by(Attachment.created_at, Attachment.id)
    )
    return list(session.execute(stmt).scalars())


def attach(
    session: Session,
    *,
    actor: str,
    user_id: int | None,
    commitment: Commitment,
    kind: str,
    filename: str,
    data: bytes,
    store: FileStore,
) -> Attachment:
    """Check ``data`` and keep it with the expense; audited. Nothing is stored when
    anything is wrong."""
    if kind not in KINDS:
        raise ValidationFailed(_("Choose an invoice or a delivery note."), {"kind": kind})
    if commitment.state == "cancelled":
        raise Conflict(_("Nothing can be attached to a cancelled expense."))
    if len(attachments_of(session, commitment)) >= MAX_PER_EXPENSE:
        raise Conflict(
            _(
                "An expense keeps at most ${count} documents.",
                mapping={"count": MAX_PER_EXPENSE},
            )
        )
    pdf = accept_pdf(data, max_bytes=MAX_BYTES)
    stored = store.put(session, pdf, "application/pdf")
    attachment = Attachment(
        commune_id=commitment.commune_id,
        commitment_id=commitment.id,
        kind=kind,
        filename=clean_filename(filename),
        size=stored.size,
        sha256=stored.sha256,
        uploaded_by_id=user_id,
    )
    session.add(attachment)
    session.flush()
    audit.record(
        session,
        commune_id=commitment.commune_id,
        actor=actor,
        action="budget:commitment:attached",
        object_type="commitment",
        object_id=str(commitment.public_id),
        changes={
            "attachment": [None, f"{kind}: {attachment.filename}"],
            "sha256": [None, stored.sha256],
        },
    )
    return attachment


def get_attachment(session: Session, public_id: str | uuid.UUID) -> Attachment:
    return by_public_id(session, Attachment, public_id, _("This document does not exist here."))


def content(session: Session, store: FileStore, attachment: Attachment) -> bytes:
    return store.read(session, attachment.sha256)
