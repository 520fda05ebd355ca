"""The scan of a digitised act: attached by an agent, shown to staff who say why."""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from civil_status.permissions import Perm
from civil_status.schemas import REASONS
from civil_status.services import acts, scans
from municipality.errors import NotFound, ValidationFailed
from municipality.files import file_store
from municipality.i18n import _
from municipality.parsing import is_whole


def _upload(request: Request) -> bytes:
    """The bytes of the ``scan`` file field, one byte past the limit at most."""
    item: Any = request.POST.get("scan")
    if not hasattr(item, "file") or not getattr(item, "filename", None):
        raise ValidationFailed(_("Choose the scan to attach."), {"scan": _("Required.")})
    try:
        data: bytes = item.file.read(scans.MAX_BYTES + 1)
    finally:
        item.file.close()
    return data


@view_config(
    route_name="civil_status.act.scan",
    permission=Perm.ENTER,
    request_method="POST",
    requires_module="civil_status",
)
def attach_scan(request: Request) -> HTTPFound:
    """Attach the scan of a digitised act with its number in the paper register."""
    act = acts.get(request.dbsession, request.matchdict["public_id"])
    raw = str(request.POST.get("paper_number", "")).strip()
    if not is_whole(raw) or len(raw) > 9:
        raise ValidationFailed(
            _("The paper number is a whole number."), {"paper_number": _("Not a number.")}
        )
    scans.attach(
        request.dbsession,
        actor=str(request.baladiya_identity.label),
        act=act,
        paper_number=int(raw),
        data=_upload(request),
        store=file_store(request.registry),
    )
    request.session.flash(request.localizer.translate(_("Scan attached.")), "success")
    return HTTPFound(
        request.route_url(
            "civil_status.act",
            commune=request.commune.slug,
            public_id=act.public_id,
            _query={"why": "entry"},
        )
    )


@view_config(
    route_name="civil_status.act.scan",
    permission=Perm.VIEW,
    request_method="GET",
    requires_module="civil_status",
)
def show_scan(request: Request) -> Response:
    """The scan, once the reader said why they open it: logged like the act itself."""
    act = acts.get(request.dbsession, request.matchdict["public_id"])
    why = str(request.params.get("why", ""))
    if why not in REASONS:
        raise ValidationFailed(_("Say why you open this act."), {"why": _("Required.")})
    scan = scans.scan_of(request.dbsession, act)
    if scan is None:
        raise NotFound(_("This scan does not exist here."))
    acts.read(request.dbsession, actor=str(request.baladiya_identity.label), act=act, reason=why)
    body = scans.content(request.dbsession, file_store(request.registry), scan)
    response = Response(body=body, content_type=scan.content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    disposition = "attachment" if scan.content_type == scans.PDF_TYPE else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="act-{scan.paper_number}"'
    return response
