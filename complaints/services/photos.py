"""Photos on complaints: checked by content, re-encoded, stored with their thumbnails.

The files go to the core's file store (:mod:`municipality.files`) on the request's
session, and rows name them by content hash. With the database backend a file commits
or rolls back with its row; with the filesystem backend a refused complaint's files stay
unreferenced, and the core's clean-up job removes them (:data:`FILES` tells it which
columns name files).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from complaints.models import Complaint, ComplaintPhoto
from municipality import audit
from municipality.errors import NotFound, ValidationFailed
from municipality.files import FileStore, MissingFile
from municipality.files.references import FileReference
from municipality.i18n import _
from municipality.images import MAX_BYTES, CleanImage, accept_image

log = logging.getLogger(__name__)

MAX_PHOTOS = 5


def check_count(count: int) -> None:
    if count > MAX_PHOTOS:
        raise ValidationFailed(
            _("At most ${count} photos may be attached.", mapping={"count": MAX_PHOTOS}),
            {"photos": f"at most {MAX_PHOTOS}"},
        )


def accept_all(uploads: Sequence[bytes]) -> list[CleanImage]:
    """Every upload as a clean image, or :class:`ValidationFailed` for the first bad one.

    All are checked before anything is stored, so a bad photo stores nothing at all.
    """
    check_count(len(uploads))
    return [accept_image(data, max_bytes=MAX_BYTES) for data in uploads]


def attach(
    session: Session,
    *,
    actor: str,
    complaint: Complaint,
    images: Sequence[CleanImage],
    store: FileStore,
) -> list[ComplaintPhoto]:
    """Store ``images`` and attach them to ``complaint``, after those it already has."""
    existing = len(photos_of(session, complaint))
    check_count(existing + len(images))
    made: list[ComplaintPhoto] = []
    for position, image in enumerate(images, start=existing):
        stored = store.put(session, image.data, image.content_type)
        thumbnail = store.put(session, image.thumbnail, image.thumbnail_content_type)
        photo = ComplaintPhoto(
            commune_id=complaint.commune_id,
            complaint_id=complaint.id,
            content_type=image.content_type,
            width=image.width,
            height=image.height,
            sha256=stored.sha256,
            thumbnail_sha256=thumbnail.sha256,
            position=position,
        )
        session.add(photo)
        made.append(photo)
    if made:
        audit.write(
            session,
            complaint,
            actor=actor,
            action="complaints:request:photographed",
            object_type="complaint",
            changes={"photos": [p.sha256 for p in made]},
        )
    return made


def photos_of(session: Session, complaint: Complaint) -> list[ComplaintPhoto]:
    stmt = (
        select(ComplaintPhoto)
        .where(ComplaintPhoto.complaint_id == complaint.id)
        .order_by(ComplaintPhoto.position, ComplaintPhoto.id)
    )
    return list(session.execute(stmt).scalars())


def photos_by_complaint(
    session: Session, complaints: Sequence[Complaint]
) -> dict[int, list[ComplaintPhoto]]:
    """The photos of several complaints at once (for a list page), by complaint id."""
    ids = [c.id for c in complaints]
    found: dict[int, list[ComplaintPhoto]] = {i: [] for i in ids}
    if not ids:
        return found
    stmt = (
        select(ComplaintPhoto)
        .where(ComplaintPhoto.complaint_id.in_(ids))
        .order_by(ComplaintPhoto.position, ComplaintPhoto.id)
    )
    for photo in session.execute(stmt).scalars():
        found[photo.complaint_id].append(photo)
    return found


def get_photo(
    session: Session, photo_id: str, complaint: Complaint | None = None
) -> ComplaintPhoto:
    """A photo of the session's commune (and of ``complaint`` when given), or NotFound."""
    missing = NotFound(_("This photo does not exist here."))
    try:
        key = uuid.UUID(photo_id)
    except ValueError as exc:
        raise missing from exc
    stmt = select(ComplaintPhoto).where(ComplaintPhoto.public_id == key)
    if complaint is not None:
        stmt = stmt.where(ComplaintPhoto.complaint_id == complaint.id)
    photo = session.execute(stmt).scalar_one_or_none()
    if photo is None:
        raise missing
    return photo


def is_public(photo: ComplaintPhoto) -> bool:
    """Photos show the problem, not the person: every complaint's photos are public.

    The one place to narrow it (e.g. to hide the photos of rejected complaints).
    """
    return True


def content(
    session: Session, store: FileStore, photo: ComplaintPhoto, *, thumbnail: bool
) -> tuple[bytes, str]:
    """The stored bytes (checked against their hash) and their content type.

    NotFound when the file is gone, or not moved into the store yet (an older row).
    """
    key = photo.thumbnail_sha256 if thumbnail else photo.sha256
    content_type = "image/jpeg" if thumbnail else photo.content_type
    try:
        return store.read(session, key or ""), content_type
    except MissingFile as exc:
        raise NotFound(_("This photo does not exist here.")) from exc


def adopt_legacy(session: Session, store: FileStore, upload_dir: Path) -> list[Path]:
    """Move the photos an older release kept as ``upload_dir/<aa>/<uuid>.<ext>`` into the
    store; returns the old files, to remove once the rows are committed.

    An image whose bytes no longer match the hash recorded at upload is left where it is,
    with its row, and logged: it is not taken in as if it were the resident's photo.
    """
    stmt = select(ComplaintPhoto).where(
        or_(ComplaintPhoto.image_key.is_not(None), ComplaintPhoto.thumbnail_key.is_not(None))
    )
    moved: list[Path] = []
    for photo in session.execute(stmt).scalars():
        image = upload_dir / (photo.image_key or "")[:2] / (photo.image_key or "")
        thumbnail = upload_dir / (photo.thumbnail_key or "")[:2] / (photo.thumbnail_key or "")
        if not (image.is_file() and thumbnail.is_file()):
            log.error("photo %s: its old files are missing (%s)", photo.public_id, image)
            continue
        with image.open("rb") as source:
            stored = store.put(session, source, photo.content_type)
        if stored.sha256 != photo.sha256:
            log.error("photo %s: %s does not match its recorded hash", photo.public_id, image)
            continue
        with thumbnail.open("rb") as source:
            photo.thumbnail_sha256 = store.put(session, source, "image/jpeg").sha256
        photo.image_key = photo.thumbnail_key = None
        moved += [image, thumbnail]
    return moved


FILES = FileReference("complaint_photos", ("sha256", "thumbnail_sha256"), adopt_legacy=adopt_legacy)
