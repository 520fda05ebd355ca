"""The Open311 endpoints: discovery, services, requests, tokens, and filing a request.

The commune is the standard's ``jurisdiction_id``: its slug, read by
:mod:`complaints.open311.jurisdiction`, which complaints registers with the core's
tenancy. The reporter's tracking code is the standard's ``token``, given only to the
client that filed the request.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pyramid.request import Request
from pyramid.response import Response

from complaints.models import Category, Complaint
from complaints.open311.formats import FORMATS, Open311Error, render
from complaints.open311.schemas import (
    attributes,
    filing_data,
    request_json,
    service_json,
    translate,
)
from complaints.open311.services import requests_matching
from complaints.permissions import Perm
from complaints.services.categories import active_by_code, categories
from complaints.services.filing import by_tracking_code, file_complaint, get, media_urls
from complaints.services.publication import FULL, Policy, policy_of, public_view
from municipality.areas import provider_of
from municipality.errors import DomainError
from municipality.i18n import _
from municipality.security import TokenRef, api_token

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
STATUSES = ("open", "closed")
MAX_IDS = 100
LIMITER_KEY = "baladiya.complaints.open311_limiter"


def _check_format(request: Request) -> None:
    if request.matchdict.get("format") not in FORMATS:
        raise Open311Error(404, "format must be json or xml")


def _commune(request: Request) -> Any:
    """The jurisdiction, which must be given, exist and have enabled complaints."""
    _check_format(request)
    if not request.params.get("jurisdiction_id"):
        raise Open311Error(400, "jurisdiction_id was not provided")
    if request.commune is None:
        raise Open311Error(404, "jurisdiction_id was not found")
    if "complaints" not in request.enabled_modules:
        raise Open311Error(404, "jurisdiction_id offers no service requests")
    return request.commune


def _category(code: str, request: Request) -> Category:
    category = active_by_code(request.dbsession, code)
    if category is None:
        raise Open311Error(404, "service_code was not found")
    return category


def discovery(request: Request) -> Response:
    _check_format(request)
    base = request.route_url("complaints.open311.discovery", format="json").rsplit("/", 1)[0]
    changed = datetime(2026, 11, 23, tzinfo=UTC).isoformat()
    return render(
        request,
        "discovery",
        "discovery",
        {
            "changeset": changed,
            "contact": "",
            "key_service": "",
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": base,
                    "changeset": changed,
                    "type": "production",
                    "formats": list(FORMATS.values()),
                }
            ],
        },
    )


def service_list(request: Request) -> Response:
    _commune(request)
    listed = [service_json(request, c) for c in categories(request.dbsession)]
    return render(request, "services", "service", listed)


def service_definition(request: Request) -> Response:
    _commune(request)
    category = _category(request.matchdict["service_code"], request)
    return render(
        request,
        "service_definition",
        "service_definition",
        {"service_code": category.code, "attributes": attributes(request)},
    )


def _date(request: Request, name: str) -> datetime | None:
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise Open311Error(400, f"{name} must be a W3C date and time") from exc
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _ids(request: Request) -> list[uuid.UUID] | None:
    raw = (request.GET.get("service_request_id") or "").strip()
    if not raw:
        return None
    try:
        return [uuid.UUID(part.strip()) for part in raw.split(",")[:MAX_IDS] if part.strip()]
    except ValueError as exc:
        raise Open311Error(400, "service_request_id must be a list of identifiers") from exc


def _policy(request: Request, commune: Any) -> Policy:
    """Full detail for an ``api_key`` of the commune that may view requests, else the public view.

    A missing or unusable key is no error: reading requests needs none.
    """
    token = api_token(request, request.params.get("api_key") or "")
    if token is not None and token.commune_id == commune.id and Perm.VIEW in token.permissions:
        return FULL
    return policy_of(request.dbsession)


def _answer_requests(request: Request, commune: Any, found: list[Complaint]) -> Response:
    media = media_urls(request.dbsession, found)
    policy = _policy(request, commune)
    return render(
        request,
        "service_requests",
        "request",
        [request_json(request, public_view(c, policy), media.get(c.id)) for c in found],
    )


def request_list(request: Request) -> Response:
    commune = _commune(request)
    wanted = {part.strip() for part in (request.GET.get("status") or "").split(",")} - {""}
    if wanted - set(STATUSES):
        raise Open311Error(400, "status must be open or closed")
    found = requests_matching(
        request.dbsession,
        ids=_ids(request),
        service_code=(request.GET.get("service_code") or "").strip() or None,
        status=wanted.pop() if len(wanted) == 1 else None,
        start=_date(request, "start_date"),
        end=_date(request, "end_date"),
    )
    return _answer_requests(request, commune, found)


def request_one(request: Request) -> Response:
    commune = _commune(request)
    try:
        complaint = get(request.dbsession, request.matchdict["service_request_id"])
    except (DomainError, ValueError) as exc:
        raise Open311Error(404, "service_request_id was not found") from exc
    return _answer_requests(request, commune, [complaint])


def token_view(request: Request) -> Response:
    _commune(request)
    try:
        complaint = by_tracking_code(request.dbsession, request.matchdict["token"])
    except DomainError as exc:
        raise Open311Error(404, "token was not found") from exc
    body = [{"service_request_id": str(complaint.public_id), "token": complaint.tracking_code}]
    return render(request, "service_requests", "request", body)


def _limit(request: Request, key: str) -> None:
    wait = request.registry[LIMITER_KEY].hit(key)
    if wait is not None:
        raise Open311Error(429, "too many requests; try again later", retry_after=wait)


def _client(request: Request, commune: Any) -> TokenRef:
    token = api_token(request, request.POST.get("api_key") or "")
    if token is None or token.commune_id != commune.id:
        raise Open311Error(403, "api_key was not provided or is not valid")
    if Perm.FILE not in token.permissions:
        raise Open311Error(403, "this api_key may not file service requests")
    return token


def file_request(request: Request) -> Response:
    """POST requests: synchronous; the answer names the new request and its token.

    A point outside the commune's area (when a provider knows it) is accepted and flagged.
    """
    commune = _commune(request)
    _limit(request, f"ip:{request.client_addr}")
    token = _client(request, commune)
    _limit(request, f"key:{token.public_id}")
    code = (request.POST.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, "service_code was not provided")
    category = _category(code, request)
    complaint = file_complaint(
        request.dbsession,
        actor=f"api_token:{token.public_id}",
        commune=commune,
        data=filing_data(request, category),
        channel="api",
        area=provider_of(request.registry),
    )
    notice = translate(
        request,
        _(
            "The commune answers within ${days} days.",
            mapping={"days": category.days_to_resolve},
        ),
    )
    body = [
        {
            "service_request_id": str(complaint.public_id),
            "token": complaint.tracking_code,
            "service_notice": notice,
            "account_id": None,
        }
    ]
    return render(request, "service_requests", "request", body)


VIEWS: tuple[tuple[str, str, Any], ...] = (
    ("complaints.open311.discovery", "GET", discovery),
    ("complaints.open311.services", "GET", service_list),
    ("complaints.open311.service", "GET", service_definition),
    ("complaints.open311.requests", "GET", request_list),
    ("complaints.open311.requests", "POST", file_request),
    ("complaints.open311.request", "GET", request_one),
    ("complaints.open311.token", "GET", token_view),
)
