"""Photos on complaints: checked by content, re-encoded, stored, and served with their thumbnails.

The files live in the core's image store, outside the database, so writing them is not
part of the transaction: :func:`attach` registers hooks on the transaction that remove
the files again when it aborts or fails to commit, so a refused complaint leaves no file.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import colander
import deform
import peppercorn
from markupsafe import Markup
from pyramid.request import Request
from pyramid.response import Response
from pyramid.threadlocal import get_current_registry
from pyramid.view import view_config
from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints import services
from complaints.models import Complaint, ComplaintPhoto
from complaints.workflow import Perm
from municipality import audit
from municipality.errors import DomainError, NotFound, ValidationFailed
from municipality.i18n import _
from municipality.images import (
    MAX_BYTES,
    STORE_KEY,
    CleanImage,
    ImageStore,
    accept_image,
    image_store,
    new_key,
)
from municipality.pagination import paginate

STATES = (
    "received",
    "acknowledged",
    "assigned",
    "in_progress",
    "resolved",
    "closed",
    "rejected",
)

MAX_PHOTOS = 5
ACCEPT = "image/jpeg,image/png,image/webp"
CACHE_CONTROL = "private, max-age=3600"


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


def read_upload(upload: Any) -> bytes:
    """The bytes of an uploaded file, reading one byte past the limit at most."""
    data: bytes = upload.file.read(MAX_BYTES + 1)
    return data


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
    session.flush()
    if made:
        audit.record(
            session,
            commune_id=complaint.commune_id,
            actor=actor,
            action="complaints:request:photographed",
            object_type="complaint",
            object_id=str(complaint.public_id),
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


# --- Demo pictures ------------------------------------------------------------------------


def demo_picture(subject: str) -> bytes:
    """A small drawn picture (a road with a pothole, or a street lamp) as PNG bytes."""
    from io import BytesIO

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (150, 190, 220))
    draw = ImageDraw.Draw(image)
    if subject == "lamp":
        draw.rectangle((0, 380, 640, 480), fill=(110, 110, 110))
        draw.rectangle((300, 120, 316, 400), fill=(60, 60, 70))
        draw.rectangle((270, 100, 360, 130), fill=(60, 60, 70))
        draw.ellipse((330, 125, 370, 160), fill=(80, 80, 80))
    else:
        draw.rectangle((0, 200, 640, 480), fill=(105, 105, 105))
        draw.rectangle((310, 320, 330, 360), fill=(235, 235, 235))
        draw.ellipse((180, 300, 420, 400), fill=(50, 45, 40))
        draw.ellipse((205, 315, 395, 385), fill=(85, 70, 55))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


# --- The file field of the resident's form ------------------------------------------------


class PhotosWidget(deform.widget.Widget):
    """A plain multiple file input; the view reads the files (deform's needs a tmpstore)."""

    def serialize(self, field: deform.Field, cstruct: Any, **kw: Any) -> str:
        return str(
            Markup(
                '<input type="file" id="{oid}" name="photos" multiple accept="{accept}"'
                ' class="form-control">'
            ).format(oid=field.oid, accept=ACCEPT)
        )

    def deserialize(self, field: deform.Field, pstruct: Any) -> Any:
        return colander.null


def with_photos(schema: colander.Schema) -> colander.Schema:
    """``schema`` with the photos field (read by :func:`uploads`, not by colander)."""
    extended = schema.clone()
    extended.add(
        colander.SchemaNode(
            colander.String(),
            name="photos",
            title=_("Photos (optional, up to 5, JPEG, PNG or WebP, 8 MB each)"),
            widget=PhotosWidget(),
            missing=colander.drop,
        )
    )
    return extended


def uploads(request: Request) -> list[Any]:
    """The files sent in the ``photos`` field (an empty file input sends none)."""
    return [
        item
        for item in request.POST.getall("photos")
        if hasattr(item, "file") and bool(getattr(item, "filename", None))
    ]


def read_uploads(request: Request) -> list[CleanImage]:
    """The request's photos, all accepted, or :class:`ValidationFailed` for the first bad one."""
    files = uploads(request)
    try:
        check_count(len(files))
        return accept_all([read_upload(f) for f in files])
    finally:
        for upload in files:
            upload.file.close()


def refused(form: deform.Form, request: Request, error: DomainError, field: str = "photos") -> str:
    """The form again, with the service's refusal on ``field``; the answer is a 400."""
    request.response.status = 400
    invalid = colander.Invalid(form.schema)
    invalid[field] = request.localizer.translate(error.detail)
    cstruct = form.widget.deserialize(form, peppercorn.parse(request.POST.items()))
    form.widget.handle_error(form, invalid)
    return str(form.widget.serialize(form, cstruct))


def store_of(request: Request) -> ImageStore:
    return image_store(request.registry)


# --- Serving ------------------------------------------------------------------------------


def _serve(request: Request, photo: ComplaintPhoto) -> Response:
    thumbnail = request.params.get("size") == "thumb"
    body, content_type = content(store_of(request), photo, thumbnail=thumbnail)
    response = Response(body=body, content_type=content_type)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    return response


@view_config(
    route_name="complaints.photo",
    permission=Perm.VIEW,
    request_method="GET",
    requires_module="complaints",
)
def staff_photo(request: Request) -> Response:
    """A photo (or ``?size=thumb``) of a complaint of the staff member's commune."""
    complaint = services.get(request.dbsession, request.matchdict["public_id"])
    return _serve(request, get_photo(request.dbsession, request.matchdict["photo_id"], complaint))


@view_config(
    route_name="complaints.public.photo", request_method="GET", requires_module="complaints"
)
def public_photo(request: Request) -> Response:
    """A photo for the tracking page and the public list; never another commune's."""
    photo = get_photo(request.dbsession, request.matchdict["photo_id"])
    if not is_public(photo):
        raise NotFound(_("This photo does not exist here."))
    return _serve(request, photo)


# --- The public list ----------------------------------------------------------------------


def rounded(value: float | None) -> str | None:
    """A coordinate to 3 decimals (about 100 m): the area, never the house."""
    return None if value is None else f"{value:.3f}"


@view_config(
    route_name="complaints.public.list",
    renderer="complaints:templates/public_list.jinja2",
    requires_module="complaints",
)
def public_list(request: Request) -> dict[str, Any]:
    """The commune's complaints for anyone: category, state, area, dates; nobody's identity."""
    states = ("open", *STATES)
    state = request.params.get("state") if request.params.get("state") in states else None
    category = None
    wanted = request.params.get("category") or ""
    if wanted:
        try:
            category = services.get_category(request.dbsession, wanted)
        except NotFound:
            category = None
    page = paginate(request, request.dbsession, services.query(state=state, category=category))
    pictures = photos_by_complaint(request.dbsession, page.items)
    rows = [
        {
            "category": _category_name(request, c.category),
            "department": c.category.department,
            "state": c.state,
            "area": _area(c),
            "filed": c.created_at,
            "resolved": c.resolved_at,
            "photos": [str(p.public_id) for p in pictures[c.id]],
        }
        for c in page.items
    ]
    return {
        "page": page,
        "rows": rows,
        "state": state,
        "states": states,
        "category": str(category.public_id) if category else "",
        "categories": [
            (str(c.public_id), _category_name(request, c))
            for c in services.categories(request.dbsession)
        ],
    }


def _category_name(request: Request, category: Any) -> str:
    return str(category.name_ar if request.locale_name == "ar" else category.name_fr)


def _area(complaint: Complaint) -> str | None:
    """Rounded coordinates when the complaint has them; an address is never shown."""
    if complaint.latitude is None or complaint.longitude is None:
        return None
    return f"{rounded(complaint.latitude)}, {rounded(complaint.longitude)}"


DEMO_PHOTOS = {"voirie": ("road",), "eclairage": ("lamp", "road")}


def attach_demo(session: Session, *, actor: str, complaint: Complaint, code: str) -> None:
    """Drawn photos on the demo complaints of some categories.

    The demo loader only passes (session, commune, actor), so the store is the one of
    the application being configured (``baladiya demo load`` makes its registry the
    current one); without an application (a bare test session) no photo is made.
    """
    store = get_current_registry().get(STORE_KEY)
    subjects = DEMO_PHOTOS.get(code, ())
    if store is None or not subjects:
        return
    images = [accept_image(demo_picture(subject)) for subject in subjects]
    attach(session, actor=actor, complaint=complaint, images=images, store=store)
