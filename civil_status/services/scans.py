"""Scans of acts digitised from a paper register: a PDF or an image of the paper page.

The file is checked by its content, never by its name or announced type: a PDF must be
whole (its end-of-file marker present) and carry no script or launch action; anything
else must be an image the core accepts (:func:`municipality.images.accept_image`, which
refuses truncated and oversized ones and re-encodes the pixels). It goes to the core's
file store; :data:`FILES` names the column for the store's clean-up job.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from civil_status.models import Act, Scan
from municipality import audit
from municipality.errors import Conflict, NotFound, ValidationFailed
from municipality.files import FileStore, MissingFile
from municipality.files.references import FileReference
from municipality.i18n import _
from municipality.images import accept_image
from municipality.uploads import accept_pdf

MAX_BYTES = 10 * 2**20
PDF_TYPE = "application/pdf"
PDF_MAGIC = b"%PDF-"
FILES = FileReference("civil_act_scans", ("sha256",))


def accept_scan(data: bytes) -> tuple[bytes, str]:
    """The bytes to store and their type, or :class:`ValidationFailed` saying why not."""
    if len(data) > MAX_BYTES:
        raise ValidationFailed(
            _("The file is larger than the ${limit} MB allowed.", mapping={"limit": 10}),
            {"scan": _("Too large.")},
        )
    if not data:
        raise ValidationFailed(_("Choose the scan to attach."), {"scan": _("Required.")})
    if data.startswith(PDF_MAGIC):
        return accept_pdf(data, max_bytes=MAX_BYTES, field="scan"), PDF_TYPE
    image = accept_image(data, max_bytes=MAX_BYTES)
    return image.data, image.content_type


def scan_of(session: Session, act: Act) -> Scan | None:
    return session.execute(select(Scan).where(Scan.act_id == act.id)).scalar_one_or_none()


def attach(
    session: Session, *, actor: str, act: Act, paper_number: int, data: bytes, store: FileStore
) -> Scan:
    """Attach the scan of ``act``'s paper page, with its number in the paper register;
    audited. One scan an act: a second is refused."""
    paper_last = act.register.paper_last_number
    if not 1 <= paper_number <= paper_last:
        raise ValidationFailed(
            _(
                "A paper number of this register runs from 1 to ${last}.",
                mapping={"last": paper_last},
            ),
            {"paper_number": _("Outside the paper numbering.")},
        )
    if scan_of(session, act) is not None:
        raise Conflict(_("This act already has its scan."))
    body, content_type = accept_scan(data)
    stored = store.put(session, body, content_type)
    scan = Scan(
        commune_id=act.commune_id,
        act_id=act.id,
        paper_number=paper_number,
        content_type=content_type,
        size=len(body),
        sha256=stored.sha256,
        uploaded_by=actor,
    )
    audit.write(
        session,
        scan,
        actor=actor,
        action="civil_status:act:scan_attached",
        object_type="civil_status_scan",
        changes={"paper_number": paper_number, "sha256": stored.sha256, "act": str(act.public_id)},
    )
    return scan


def content(session: Session, store: FileStore, scan: Scan) -> bytes:
    """The stored bytes, checked against their hash; NotFound when the file is gone."""
    try:
        return store.read(session, scan.sha256)
    except MissingFile as exc:
        raise NotFound(_("This scan does not exist here.")) from exc
