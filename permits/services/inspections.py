"""Photos of inspections: what the inspector saw on site, sent with the findings.

Each upload goes through the core's image check (:func:`municipality.images.
accept_image`: identified by content, size and pixel count limited, re-encoded without
its metadata) before anything is stored; the clean image and its thumbnail go to the
core's file store and a row names them by content hash, as complaints' photos do.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from municipality.errors import NotFound, ValidationFailed
from municipality.files import FileStore, MissingFile
from municipality.files.references import FileReference
from municipality.i18n import _
from municipality.images import MAX_BYTES, CleanImage, accept_image
from permits.models import Inspection, InspectionPhoto

MAX_PHOTOS = 6
THUMBNAIL_TYPE = "image/jpeg"


def check_count(count: int) -> None:
    if count > MAX_PHOTOS:
        raise ValidationFailed(
            _("At most ${count} photos may be attached.", mapping={"count": MAX_PHOTOS}),
            {"photos": f"at most {MAX_PHOTOS}"},
        )


def accept_photos(uploads: Sequence[bytes]) -> list[CleanImage]:
    """Every upload as a clean image, or :class:`ValidationFailed` for the first bad one;
    all are checked before any is stored, so one bad photo stores nothing."""
    check_count(len(uploads))
    return [accept_image(data, max_bytes=MAX_BYTES) for data in uploads]


def attach_photos(
    session: Session, store: FileStore, inspection: Inspection, images: Sequence[CleanImage]
) -> list[InspectionPhoto]:
    """Store ``images`` and attach them to ``inspection`` in the order given."""
    made = []
    for position, image in enumerate(images):
        stored = store.put(session, image.data, image.content_type)
        thumbnail = store.put(session, image.thumbnail, image.thumbnail_content_type)
        photo = InspectionPhoto(
            commune_id=inspection.commune_id,
            inspection=inspection,
            content_type=image.content_type,
            width=image.width,
            height=image.height,
            sha256=stored.sha256,
            thumbnail_sha256=thumbnail.sha256,
            position=position,
        )
        session.add(photo)
        made.append(photo)
    return made


def get_photo(session: Session, inspection: Inspection, photo_id: str) -> InspectionPhoto:
    """A photo of ``inspection`` (in the session's commune), or NotFound."""
    missing = NotFound(_("This photo does not exist here."))
    try:
        key = uuid.UUID(photo_id)
    except ValueError as exc:
        raise missing from exc
    photo = session.execute(
        select(InspectionPhoto).where(
            InspectionPhoto.public_id == key, InspectionPhoto.inspection_id == inspection.id
        )
    ).scalar_one_or_none()
    if photo is None:
        raise missing
    return photo


def content(
    session: Session, store: FileStore, photo: InspectionPhoto, *, thumbnail: bool
) -> tuple[bytes, str]:
    """The stored bytes (checked against their hash) and their content type."""
    key = photo.thumbnail_sha256 if thumbnail else photo.sha256
    try:
        body = store.read(session, key)
    except MissingFile as exc:
        raise NotFound(_("This photo does not exist here.")) from exc
    return body, THUMBNAIL_TYPE if thumbnail else photo.content_type


FILES = FileReference("permit_inspection_photos", ("sha256", "thumbnail_sha256"))
