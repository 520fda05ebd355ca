"""Invoices and delivery notes on an expense: sent by the officer, listed on the expense's
page, downloaded by staff."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from budget import attachments, services
from budget.permissions import Perm
from budget.views import user_id
from municipality.errors import NotFound, ValidationFailed
from municipality.files import file_store
from municipality.i18n import _


def _upload(request: Request) -> tuple[str, bytes]:
    """The sent file's name and bytes, reading one byte past the limit at most."""
    upload = request.POST.get("document")
    if not hasattr(upload, "file") or not getattr(upload, "filename", None):
        raise ValidationFailed(_("Choose a PDF file to send."), {"document": "required"})
    try:
        return str(upload.filename), upload.file.read(attachments.MAX_BYTES + 1)
    finally:
        upload.file.close()


@view_config(
    route_name="budget.commitment.attachments",
    permission=Perm.COMMIT,
    request_method="POST",
    requires_module="budget",
)
def attach(request: Request) -> HTTPFound:
    """Keep an invoice or a delivery note with the expense; a bad file is refused whole."""
    commitment = services.get_commitment(request.dbsession, request.matchdict["public_id"])
    filename, data = _upload(request)
    attachments.attach(
        request.dbsession,
        actor=request.baladiya_identity.label,
        user_id=user_id(request),
        commitment=commitment,
        kind=str(request.POST.get("kind", "")),
        filename=filename,
        data=data,
        store=file_store(request.registry),
    )
    request.session.flash(request.localizer.translate(_("Document attached.")), "success")
    return HTTPFound(
        location=request.route_url(
            "budget.commitment", commune=request.commune.slug, public_id=commitment.public_id
        )
    )


@view_config(route_name="budget.attachment", permission=Perm.VIEW, requires_module="budget")
def download(request: Request) -> Response:
    """The PDF, always as a download: it is never shown inside the application's pages."""
    commitment = services.get_commitment(request.dbsession, request.matchdict["public_id"])
    attachment = attachments.get_attachment(request.dbsession, request.matchdict["attachment"])
    if attachment.commitment_id != commitment.id:
        raise NotFound(_("This document does not exist here."))
    body = attachments.content(request.dbsession, file_store(request.registry), attachment)
    response = Response(body=body, content_type="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{attachment.public_id}.pdf"; '
        f"filename*=UTF-8''{quote(attachment.filename, safe='')}"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def page_values(request: Request, commitment: Any) -> dict[str, Any]:
    """What the expense's page shows of its documents, and whether the reader may send one."""
    return {
        "attachments": attachments.attachments_of(request.dbsession, commitment),
        "may_attach": request.has_permission(Perm.COMMIT) and commitment.state != "cancelled",
        "attachment_kinds": {
            "invoice": _("Invoice"),
            "delivery_note": _("Delivery note"),
        },
        "attachment_limit": attachments.MAX_BYTES // 1_048_576,
    }
