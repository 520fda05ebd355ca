"""The public verification page, the published lists a checker downloads, the seal page.

The first three need no log-in and name no commune: a seal says which commune issued it.
A check is counted (day, issuing commune, verdict) and nothing else is kept. The seal
page shows a commune's administrators its signers and those counts.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from documents import keys, services
from documents.models import SignerKey
from documents.permissions import Perm
from documents.schemas import VerifySchema
from documents.verification import REASON_TEXTS, STATUS_TITLES, Reason, Status, Verdict, verify
from municipality.db import utcnow
from municipality.forms import make_form, submitted
from municipality.i18n import _
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
