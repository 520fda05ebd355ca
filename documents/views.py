"""Pages of issued documents: the public verification page, the published lists a
checker downloads, the seal page, then the staff's register, a document, issuing and
revoking.

The public ones need no log-in and name no commune: a seal says which commune issued it.
A check is counted (day, issuing commune, verdict) and nothing else is kept. The seal
page shows a commune's administrators its signers and those counts.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import colander
import deform
from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from documents import issuance, keys, services
from documents.interfaces import DocumentType
from documents.issuance import Filters
from documents.models import SignerKey
from documents.permissions import Perm
from documents.schemas import LANGUAGES, RevokeSchema, VerifySchema
from documents.verification import REASON_TEXTS, STATUS_TITLES, Reason, Status, Verdict, verify
from documents.workflow import ISSUED, ISSUED_DOCUMENT_WORKFLOW, REVOKED
from municipality.activation import enabled_modules
from municipality.db import utcnow
from municipality.errors import NotFound
from municipality.forms import FORM_PAGE, Link, form_page, make_form, submitted
from municipality.i18n import LANGUAGE_NAMES, _
from municipality.pagination import paginate
from municipality.providers import Kind, enabled_providers
from municipality.web import content_security_policy

CBOR = "application/cbor"
# The camera reader decodes in a Web Worker it starts from a blob: URL.
WORKER_POLICY = "; worker-src 'self' blob:"
# A text that is no seal at all is a bad request; any seal, genuine or not, gets its verdict.
NOT_A_SEAL = frozenset({Reason.NOT_A_SEAL, Reason.DAMAGED})
COUNTED_DAYS = 30
SIGNER_STATES = {
    "in_use": _("In use: seals documents"),
    "verifies": _("Replaced: still verifies what it sealed"),
    "expired": _("Expired: still verifies what it sealed"),
    "withdrawn": _("Withdrawn: its seals read revoked"),
}


def _field_rows(request: Request, verdict: Verdict) -> list[dict[str, Any]]:
    """The signed fields, labelled in the reader's language by their document type."""
    assert verdict.claims is not None
    kind = services.document_type(request.registry, verdict.claims.type_code)
    labels = kind.seal_fields if kind else {}
    rows = []
    for key, value in verdict.claims.fields.items():
        label = labels.get(key)
        rows.append(
            {
                "label": request.localizer.translate(label) if label else key,
                "value": value,
                "is_date": isinstance(value, date),
            }
        )
    return rows


def _result(request: Request, verdict: Verdict) -> dict[str, Any]:
    locale = request.locale_name
    claims = verdict.claims
    kind = services.document_type(request.registry, claims.type_code) if claims else None
    return {
        "status": verdict.status.value,
        "title": request.localizer.translate(STATUS_TITLES[verdict.status]),
        "reason": request.localizer.translate(REASON_TEXTS[verdict.reason])
        if verdict.reason
        else None,
        "commune": verdict.signer.commune_name(locale) if verdict.signer else None,
        "claims": claims,
        "type_title": request.localizer.translate(kind.title) if kind else None,
        "fields": _field_rows(request, verdict) if claims else [],
    }


@view_config(route_name="documents.verify", renderer="documents:templates/verify.jinja2")
def verify_page(request: Request) -> dict[str, Any]:
    """Paste a seal's text (or scan it: ``verify.js`` fills the same form) and read the verdict."""
    settings = request.registry.settings
    request.response.headers["Content-Security-Policy"] = (
        content_security_policy(settings) + WORKER_POLICY
    )
    # After a check the verdict is what the reader came for: do not scroll to the form.
    focus = "off" if request.method == "POST" else "on"
    form = make_form(request, VerifySchema(), buttons=(("check", _("Check")),), focus=focus)
    data, html = submitted(form, request)
    result = None
    if data is not None:
        session = request.dbsession
        today = utcnow().date()
        verdict = verify(
            data["text"],
            services.server_trust_list(session),
            services.RevokedInDatabase(session),
            today,
        )
        services.count_verification(session, verdict, today)
        if verdict.reason in NOT_A_SEAL:
            request.response.status = 400
        result = _result(request, verdict)
        html = form.render({})
    return {"form": html, "result": result}


def _download(body: bytes, filename: str) -> Response:
    return Response(
        body=body,
        content_type=CBOR,
        content_disposition=f'attachment; filename="{filename}"',
        cache_control="public, max-age=300",
    )


@view_config(route_name="documents.trust_list", request_method="GET")
def trust_list(request: Request) -> Response:
    """The signed trust list (see ``documents.trust``), to check seals offline."""
    return _download(services.published_trust_list(request.dbsession), "baladiya-trust-list.cbor")


@view_config(route_name="documents.revoked", request_method="GET")
def revoked_list(request: Request) -> Response:
    """The revoked documents, each commune's part signed by its signer."""
    body = services.published_revocations(
        request.dbsession, app_secret=request.registry.settings["baladiya.core.secret"]
    )
    return _download(body, "baladiya-revoked-documents.cbor")


def _signer_state(signer: SignerKey, in_use: SignerKey | None, now: datetime) -> str:
    if signer.revoked_at is not None:
        return "withdrawn"
    if signer is in_use:
        return "in_use"
    return "expired" if signer.not_after.date() <= now.date() else "verifies"


@view_config(
    route_name="documents.seal",
    renderer="documents:templates/seal.jinja2",
    permission=Perm.VIEW_SEAL,
    requires_module="documents",
)
def seal_page(request: Request) -> dict[str, Any]:
    """The commune's signer keys, whether one must be made or rotated, and the checks counted."""
    session, commune = request.dbsession, request.commune
    now = utcnow()
    valid = services.valid_signers(session, commune, now)
    in_use = valid[0] if valid else None
    # SQLite gives the times back without their zone: compare days, which are UTC days.
    renew = in_use is not None and in_use.not_after.date() - now.date() < keys.ROTATION_NOTICE
    translate = request.localizer.translate
    counts = services.verification_counts(
        session, commune, now.date() - timedelta(days=COUNTED_DAYS)
    )
    return {
        "in_use": in_use,
        "renew_by": in_use.not_after.date().isoformat() if renew and in_use else None,
        "signers": [
            {
                "kid": signer.kid.hex(),
                "not_before": signer.not_before,
                "not_after": signer.not_after,
                "state": translate(SIGNER_STATES[_signer_state(signer, in_use, now)]),
            }
            for signer in services.signers_of(session, commune)
        ],
        "counts": [
            (translate(STATUS_TITLES[status]), counts[status.value])
            for status in Status
            if status.value in counts
        ],
    }


# --- The staff's register ----------------------------------------------------------------

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
    zone = ZoneInfo(request.commune.timezone)
    page = paginate(request, request.dbsession, issuance.register_query(filters, today, zone))
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
    schema = issuance.schema_of(doc_type)
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
        "language_names": LANGUAGE_NAMES,
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
