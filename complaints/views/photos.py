"""Photos of complaints: served to staff and to the public, and read from the filing form."""

from __future__ import annotations

from typing import Any

from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from complaints.models import ComplaintPhoto
from complaints.permissions import Perm
from complaints.services.filing import get
from complaints.services.photos import accept_all, check_count, content, get_photo, is_public
from municipality.errors import NotFound
from municipality.files import FileStore, file_store
from municipality.i18n import _
from municipality.images import MAX_BYTES, CleanImage

CACHE_CONTROL = "private, max-age=3600"


def store_of(request: Request) -> FileStore:
    return file_store(request.registry)


def read_upload(upload: Any) -> bytes:
    """The bytes of an uploaded file, reading one byte past the limit at most."""
    data: bytes = upload.file.read(MAX_BYTES + 1)
    return data


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


def _serve(request: Request, photo: ComplaintPhoto) -> Response:
    thumbnail = request.params.get("size") == "thumb"
    body, content_type = content(request.dbsession, store_of(request), photo, thumbnail=thumbnail)
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
    complaint = get(request.dbsession, request.matchdict["public_id"])
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
