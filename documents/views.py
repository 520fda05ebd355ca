"""Staff pages of issued documents: the register, a document, issuing, revoking."""

from __future__ import annotations

from datetime import date
from typing import Any

import colander
import deform
from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from documents import issuance
from documents.interfaces import DocumentType
from documents.issuance import Filters
from documents.permissions import Perm
from documents.schemas import LANGUAGES, RevokeSchema
from documents.workflow import ISSUED, ISSUED_DOCUMENT_WORKFLOW, REVOKED
from municipality.activation import enabled_modules
from municipality.db import utcnow
from municipality.errors import NotFound
from municipality.forms import FORM_PAGE, Link, form_page, make_form, submitted
from municipality.i18n import _
from municipality.pagination import paginate
from municipality.providers import Kind, enabled_providers

STATES = (ISSUED, "expired", REVOKED)
STATE_TITLES = {ISSUED: _("Valid"), "expired": _("Expired"), REVOKED: _("Revoked")}


def issuable_types(request: Request) -> list[DocumentType]:
    """The types of the commune's enabled modules that this user may issue."""
    enabled = enabled_modules(request.dbsession, request.commune.id)
    offered = enabled_providers(request.registry, Kind.DOCUMENT_TYPE, enabled)
    return [o.provider for o in offered if request.has_permission(o.provider.permission)]


def _day(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _filters(request: Request, codes: set[str]) -> Filters:
    """The register's filters from the query string; an unknown value filters nothing."""
    params = request.params
    state = params.get("state")
    code = params.get("type")
    return Filters(
        text=" ".join((params.get("q") or "").split())[:100],
        type_code=code if code in codes else None,
        state=state if state in STATES else None,
        issued_from=_day(params.get("from")),
        issued_to=_day(params.get("to")),
    )


def state_of(document: Any, today: date) -> str:
    """What the register shows: revoked, expired or valid."""
    if document.state == REVOKED:
        return REVOKED
    return "expired" if issuance.is_expired(document, today) else ISSUED


@view_config(
    route_name="documents.register",
    renderer="documents:templates/register.jinja2",
    permission=Perm.VIEW,
    requires_module="documents",
)
def register(request: Request) -> dict[str, Any]:
    """The commune's register of issued documents: search, filters, newest first."""
    types = issuance.document_types(request.registry)
    filters = _filters(request, set(types))
    today = utcnow().date()
    page = paginate(request, request.dbsession, issuance.register_query(filters, today))
    return {
        "page": page,
        "filters": filters,
        "types": types,
        "states": STATES,
        "state_titles": STATE_TITLES,
        "state_of": lambda document: state_of(document, today),
        "issuable": issuable_types(request),
    }


@view_config(
    route_name="documents.issue",
    renderer=FORM_PAGE,
    permission=Perm.VIEW,
    requires_module="documents",
)
def issue(request: Request) -> dict[str, Any] | HTTPFound:
    """The form of one document type; a valid one issues the document and opens it."""
    code = request.matchdict["type"].upper()
    doc_type = next((t for t in issuable_types(request) if t.code == code), None)
    if doc_type is None:
        raise NotFound(_("This kind of document is not issued here."))
    schema = doc_type.schema()
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="language",
            title=_("Language of the document"),
            validator=colander.OneOf([c for c, _n in LANGUAGES]),
            widget=deform.widget.SelectWidget(values=LANGUAGES),
        )
    )
    form = make_form(request, schema, buttons=[("issue", _("Issue the document"))])
    data, html = submitted(form, request, {"language": request.commune.default_locale})
    heading = _("Issue: ${title}", mapping={"title": request.localizer.translate(doc_type.title)})
    if data is None:
        back = Link(
            request.route_url("documents.register", commune=request.commune.slug),
            _("Register of issued documents"),
        )
        return form_page(request, heading, links=[back]).with_form(html)
    language = data.pop("language")
    document = issuance.issue_document(
        request.dbsession,
        request.registry,
        actor=request.baladiya_identity.label,
        commune=request.commune,
        type_code=doc_type.code,
        data=issuance.serialised(doc_type, data),
        lang=language,
        permissions=request.permissions,
    )
    request.session.flash(
        request.localizer.translate(
            _("Document ${number} issued.", mapping={"number": document.number})
        ),
        "success",
    )
    return HTTPFound(location=_document_url(request, document))


def _document_url(request: Request, document: Any) -> str:
    return request.route_url(
        "documents.document", commune=request.commune.slug, public_id=document.public_id
    )


@view_config(
    route_name="documents.document",
    renderer="documents:templates/document.jinja2",
    permission=Perm.VIEW,
    requires_module="documents",
)
def document_page(request: Request) -> dict[str, Any]:
    """One document: what it says, its state, its PDF, and revoking when allowed."""
    document = issuance.get(request.dbsession, request.matchdict["public_id"])
    types = issuance.document_types(request.registry)
    doc_type = types.get(document.type_code)
    actions = ISSUED_DOCUMENT_WORKFLOW.open_actions(document.state, request.permissions)
    rows = [
        (field.label, document.data.get(field.name) or "—")
        for field in (doc_type.printed if doc_type else ())
    ]
    return {
        "document": document,
        "doc_type": doc_type,
        "rows": rows,
        "state": state_of(document, utcnow().date()),
        "state_titles": STATE_TITLES,
        "can_revoke": bool(actions),
    }


@view_config(
    route_name="documents.document.pdf",
    permission=Perm.VIEW,
    requires_module="documents",
)
def document_pdf(request: Request) -> Response:
    """The PDF exactly as issued."""
    document = issuance.get(request.dbsession, request.matchdict["public_id"])
    body = issuance.pdf_of(request.dbsession, request.registry, document)
    response = Response(body=body, content_type="application/pdf")
    response.content_disposition = f'inline; filename="{document.number}.pdf"'
    return response


@view_config(
    route_name="documents.document.revoke",
    renderer=FORM_PAGE,
    permission=Perm.REVOKE,
    requires_module="documents",
)
def revoke(request: Request) -> dict[str, Any] | HTTPFound:
    """Revoke with a reason, after a confirmation: checkers refuse the document from now on."""
    document = issuance.get(request.dbsession, request.matchdict["public_id"])
    ISSUED_DOCUMENT_WORKFLOW.check(document, "revoke", request.permissions, {"reason": "valid"})
    form = make_form(request, RevokeSchema(), buttons=[("revoke", _("Revoke the document"))])
    data, html = submitted(form, request)
    if data is None:
        heading = _("Revoke document ${number}", mapping={"number": document.number})
        back = Link(_document_url(request, document), _("Back to the document"))
        return form_page(request, heading, links=[back]).with_form(html)
    issuance.revoke(
        request.dbsession,
        actor=request.baladiya_identity.label,
        document=document,
        reason=data["reason"],
        permissions=request.permissions,
    )
    request.session.flash(request.localizer.translate(_("Document revoked.")), "success")
    return HTTPFound(location=_document_url(request, document))
