"""Photos on complaints: checked by content, re-encoded, stored with their thumbnails.

The files live in the core's image store, outside the database, so writing them is not
part of the transaction: :func:`attach` registers hooks on the transaction that remove
the files again when it aborts or fails to commit, so a refused complaint leaves no file.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.models import Complaint, ComplaintPhoto
from municipality import audit
from municipality.errors import NotFound, ValidationFailed
from municipality.i18n import _
from municipality.images import MAX_BYTES, CleanImage, ImageStore, accept_image, new_key

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


def _forget_on_failure(store: ImageStore, keys: list[str], txn: Any) -> None:
    def after_commit(committed: bool) -> None:
        if not committed:
            _delete(store, keys)

    def after_abort() -> None:
        _delete(store, keys)

    txn.addAfterCommitHook(after_commit)
    txn.addAfterAbortHook(after_abort)


def _delete(store: ImageStore, keys: list[str]) -> None:
    for key in keys:
        store.delete(key)


def attach(
    session: Session,
    *,
    actor: str,
    complaint: Complaint,
    images: Sequence[CleanImage],
    store: ImageStore,
    txn: Any = None,
) -> list[ComplaintPhoto]:
    """Store ``images`` and attach them to ``complaint``, after those it already has.

    ``txn`` is the transaction the session is joined to: its hooks delete the files when
    it does not commit. Without one (a one-off script), the caller owns the cleanup.
    """
    existing = len(photos_of(session, complaint))
    check_count(existing + len(images))
    made: list[ComplaintPhoto] = []
    keys: list[str] = []
    if txn is not None:
        _forget_on_failure(store, keys, txn)
    for position, image in enumerate(images, start=existing):
        image_key = new_key(image.content_type)
        thumbnail_key = new_key(image.thumbnail_content_type)
        keys.append(image_key)
        store.put(image_key, image.data, image.content_type)
        keys.append(thumbnail_key)
        store.put(thumbnail_key, image.thumbnail, image.thumbnail_content_type)
        photo = ComplaintPhoto(
            commune_id=complaint.commune_id,
            complaint_id=complaint.id,
            image_key=image_key,
            thumbnail_key=thumbnail_key,
            content_type=image.content_type,
            width=image.width,
            height=image.height,
            sha256=image.sha256,
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


def content(store: ImageStore, photo: ComplaintPhoto, *, thumbnail: bool) -> tuple[bytes, str]:
    """The stored bytes and their content type; NotFound when the file is gone."""
    key = photo.thumbnail_key if thumbnail else photo.image_key
    content_type = "image/jpeg" if thumbnail else photo.content_type
    try:
        return store.get(key), content_type
    except KeyError as exc:
        raise NotFound(_("This photo does not exist here.")) from exc
