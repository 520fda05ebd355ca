"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), in JSON and in XML.

The commune is the standard's ``jurisdiction_id`` (its slug, read by
:mod:`municipality.tenancy`). Only what the standard publishes leaves: no reporter's
name, e-mail or phone, no internal note, and requests are named by their public
identifier; the reporter's tracking code is the standard's ``token``, given only to
the client that filed the request. Errors use the standard's error list, in the
requested format, with the standard's status codes. The detailed workflow state is
an extension a client asks for with ``extensions=true``.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import Any

from pyramid.config import Configurator
from pyramid.httpexceptions import HTTPException
from pyramid.request import Request
from pyramid.response import Response
from sqlalchemy import select

from complaints import services
from complaints.models import Category, Complaint, ComplaintEvent
from complaints.schemas import KINDS
from municipality.areas import provider_of
from municipality.errors import DomainError, ValidationFailed
from municipality.i18n import _, localizer_for
from municipality.ratelimit import RateLimiter
from municipality.security import TokenRef, api_token

log = logging.getLogger(__name__)

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
PREFIX = "/open311/v2"
FORMATS = {"json": "application/json", "xml": "text/xml"}
STATUSES = ("open", "closed")
FILE_PERMISSION = "complaints:request:file"
MAX_IDS = 100
MAX_DESCRIPTION = 4000
MAX_MEDIA_URL = 500
LIMITER_KEY = "baladiya.complaints.open311_limiter"
# XML: the element of each item of a list, by the list's element name.
ITEMS = {
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "extended_attributes": "attribute",
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ]{6,20}$")
_ROUTES = (
    ("complaints.open311.discovery", "/discovery.{format}"),
    ("complaints.open311.services", "/services.{format}"),
    ("complaints.open311.service", "/services/{service_code}.{format}"),
    ("complaints.open311.requests", "/requests.{format}"),
    ("complaints.open311.request", "/requests/{service_request_id}.{format}"),
    ("complaints.open311.token", "/tokens/{token}.{format}"),
)


class Open311Error(Exception):
    """An answer in the standard's error format: ``[{"code": ..., "description": ...}]``."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


# --- Rendering ----------------------------------------------------------------------------


def _format(request: Request) -> str:
    wanted = (request.matchdict or {}).get("format", "json")
    return wanted if wanted in FORMATS else "json"


def _xml_value(parent: ET.Element, name: str, value: Any) -> None:
    element = ET.SubElement(parent, name)
    if value is None:
        return
    if isinstance(value, bool):
        element.text = "true" if value else "false"
    elif isinstance(value, dict):
        for key, item in value.items():
            _xml_value(element, key, item)
    elif isinstance(value, list | tuple):
        for item in value:
            _xml_value(element, ITEMS.get(name, "item"), item)
    else:
        element.text = str(value)


def render(request: Request, root: str, item: str, body: Any, status: int = 200) -> Response:
    """``body`` (a list of ``item`` objects, or one object) in the requested format."""
    if _format(request) == "xml":
        tree = ET.Element(root)
        if isinstance(body, list):
            for entry in body:
                _xml_value(tree, item, entry)
        else:
            for key, value in body.items():
                _xml_value(tree, key, value)
        payload = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(tree, "utf-8")
    else:
        payload = json.dumps(body, ensure_ascii=False).encode()
    return Response(
        body=payload, status=status, content_type=FORMATS[_format(request)], charset="utf-8"
    )


def _describe(request: Request, exc: Exception) -> tuple[int, str]:
    if isinstance(exc, Open311Error):
        return exc.status, exc.description
    if isinstance(exc, ValidationFailed):
        fields = "; ".join(f"{k}: {v}" for k, v in exc.errors.items())
        return 400, f"{exc} {fields}".strip()
    if isinstance(exc, DomainError):
        return exc.status, str(exc)
    if isinstance(exc, HTTPException):
        if exc.status_code == 404:
            # A view of a jurisdiction's data refused by the module predicate lands here.
            if not request.params.get("jurisdiction_id"):
                return 400, "jurisdiction_id was not provided"
            if request.commune is None:
                return 404, "jurisdiction_id was not found"
            return 404, "jurisdiction_id offers no service requests"
        return exc.status_code, exc.title
    log.exception("unhandled error", exc_info=exc)
    return 500, "internal error"


def error_view(exc: Exception, request: Request) -> Response:
    """Every failure of an Open311 route, in the standard's error format."""
    if isinstance(exc, HTTPException) and exc.status_code < 400:
        return exc
    status, description = _describe(request, exc)
    response = render(request, "errors", "error", [{"code": status, "description": description}])
    response.status = status
    if isinstance(exc, Open311Error) and exc.retry_after is not None:
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


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


# --- Services and their definitions -------------------------------------------------------


def _name(request: Request, category: Category) -> str:
    return category.name_ar if request.params.get("locale") == "ar" else category.name_fr


def service_json(request: Request, category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": _name(request, category),
        "description": category.department,
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": category.department,
    }


def _client_locale(request: Request) -> str:
    """The language the client asked for (``locale``), else the commune's."""
    locale = request.params.get("locale")
    if locale in request.registry.settings["baladiya.core.locales"].split():
        return locale
    return request.localizer.locale_name


def _translate(request: Request, message: str) -> str:
    return localizer_for(_client_locale(request)).translate(message)


def attributes(request: Request) -> tuple[dict[str, Any], ...]:
    """The attributes every service takes: a landmark, and the kind of report."""
    return _attributes_in(_client_locale(request))


@functools.cache
def _attributes_in(locale: str) -> tuple[dict[str, Any], ...]:
    """Built once per language: every filing checks its attributes against them.

    The definitions are shared between requests, so nothing may change them.
    """
    translate = localizer_for(locale).translate
    return (
        {
            "variable": True,
            "code": "landmark",
            "datatype": "string",
            "required": False,
            "datatype_description": translate(
                _("A place people know nearby, when there is no street address.")
            ),
            "order": 1,
            "description": translate(_("Nearby landmark")),
            "values": [],
        },
        {
            "variable": True,
            "code": "kind",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": None,
            "order": 2,
            "description": translate(_("Kind of report")),
            "values": [{"key": key, "name": translate(title)} for key, title in KINDS],
        },
    )


def _category(code: str, request: Request) -> Category:
    category = request.dbsession.execute(
        select(Category).where(Category.code == code, Category.active.is_(True))
    ).scalar_one_or_none()
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
    listed = [service_json(request, c) for c in services.categories(request.dbsession)]
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


# --- Requests -----------------------------------------------------------------------------


def _w3c(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")


def _extensions(request: Request) -> bool:
    return request.params.get("extensions", "").lower() in ("true", "1")


def request_json(
    request: Request, complaint: Complaint, media: dict[int, str] | None = None
) -> dict[str, Any]:
    found: dict[str, Any] = {
        "service_request_id": str(complaint.public_id),
        "status": services.open311_status(complaint),
        "status_notes": complaint.rejection_reason,
        "service_name": _name(request, complaint.category),
        "service_code": complaint.category.code,
        "description": complaint.description,
        "agency_responsible": complaint.category.department,
        "service_notice": None,
        "requested_datetime": _w3c(complaint.created_at),
        "updated_datetime": _w3c(complaint.updated_at),
        "expected_datetime": _w3c(complaint.resolve_due_at),
        "address": complaint.address,
        "address_id": None,
        "zipcode": None,
        "lat": complaint.latitude,
        "long": complaint.longitude,
        "media_url": (media or {}).get(complaint.id),
    }
    if _extensions(request):
        found["extended_attributes"] = {"detailed_status": complaint.state, "kind": complaint.kind}
    return found


def _media(request: Request, complaints: list[Complaint]) -> dict[int, str]:
    """The media URL a client gave with each request (kept, never fetched)."""
    if not complaints:
        return {}
    rows = request.dbsession.execute(
        select(ComplaintEvent.complaint_id, ComplaintEvent.body).where(
            ComplaintEvent.kind == services.MEDIA_EVENT,
            ComplaintEvent.complaint_id.in_([c.id for c in complaints]),
        )
    )
    return {row.complaint_id: row.body for row in rows}


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


def _answer_requests(request: Request, found: list[Complaint]) -> Response:
    media = _media(request, found)
    return render(
        request,
        "service_requests",
        "request",
        [request_json(request, c, media) for c in found],
    )


def request_list(request: Request) -> Response:
    _commune(request)
    wanted = {part.strip() for part in (request.GET.get("status") or "").split(",")} - {""}
    if wanted - set(STATUSES):
        raise Open311Error(400, "status must be open or closed")
    stmt = services.open311_requests(
        ids=_ids(request),
        service_code=(request.GET.get("service_code") or "").strip() or None,
        status=wanted.pop() if len(wanted) == 1 else None,
        start=_date(request, "start_date"),
        end=_date(request, "end_date"),
    )
    return _answer_requests(request, list(request.dbsession.execute(stmt).scalars()))


def request_one(request: Request) -> Response:
    _commune(request)
    try:
        complaint = services.get(request.dbsession, request.matchdict["service_request_id"])
    except (DomainError, ValueError) as exc:
        raise Open311Error(404, "service_request_id was not found") from exc
    return _answer_requests(request, [complaint])


def token_view(request: Request) -> Response:
    _commune(request)
    try:
        complaint = services.by_tracking_code(request.dbsession, request.matchdict["token"])
    except DomainError as exc:
        raise Open311Error(404, "token was not found") from exc
    body = [{"service_request_id": str(complaint.public_id), "token": complaint.tracking_code}]
    return render(request, "service_requests", "request", body)


# --- Filing a request ---------------------------------------------------------------------


def _limit(request: Request, key: str) -> None:
    wait = request.registry[LIMITER_KEY].hit(key)
    if wait is not None:
        raise Open311Error(429, "too many requests; try again later", retry_after=wait)


def _client(request: Request, commune: Any) -> TokenRef:
    token = api_token(request, request.POST.get("api_key") or "")
    if token is None or token.commune_id != commune.id:
        raise Open311Error(403, "api_key was not provided or is not valid")
    if FILE_PERMISSION not in token.permissions:
        raise Open311Error(403, "this api_key may not file service requests")
    return token


def _coordinate(raw: str, name: str, bound: float) -> float:
    try:
        value = float(raw)
    except ValueError as exc:
        raise Open311Error(400, f"{name} must be a number") from exc
    if not -bound <= value <= bound:
        raise Open311Error(400, f"{name} must lie between -{bound:g} and {bound:g}")
    return value


def _attribute_values(request: Request) -> dict[str, str]:
    """``attribute[code]`` values, checked against the service definition."""
    given = {
        key[len("attribute[") : -1]: value.strip()
        for key, value in request.POST.items()
        if key.startswith("attribute[") and key.endswith("]")
    }
    known = {a["code"]: a for a in attributes(request)}
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise Open311Error(400, f"unknown attribute: {', '.join(unknown)}")
    for code, attribute in known.items():
        value = given.get(code, "")
        if attribute["required"] and not value:
            raise Open311Error(400, f"attribute[{code}] is required")
        keys = [v["key"] for v in attribute["values"]]
        if value and attribute["datatype"] == "singlevaluelist" and value not in keys:
            raise Open311Error(400, f"attribute[{code}] must be one of {', '.join(keys)}")
        if len(value) > 300:
            raise Open311Error(400, f"attribute[{code}] is longer than 300 characters")
    return given


def _filing(request: Request, category: Category) -> dict[str, Any]:
    """The standard's POST arguments as the complaints service's data."""
    form = request.POST
    values = _attribute_values(request)
    lat, lon = (form.get("lat") or "").strip(), (form.get("long") or "").strip()
    if bool(lat) != bool(lon):
        raise Open311Error(400, "give both lat and long")
    data: dict[str, Any] = {"category": category, "kind": values.get("kind") or "complaint"}
    if lat:
        data["latitude"] = _coordinate(lat, "lat", 90)
        data["longitude"] = _coordinate(lon, "long", 180)
    address = (form.get("address_string") or "").strip()
    if not address and form.get("address_id"):
        address = f"address_id {form['address_id'].strip()}"
    landmark = values.get("landmark")
    if landmark:
        address = f"{address} ({landmark})" if address else landmark
    if not address and not lat:
        raise Open311Error(400, "give lat and long, or address_string")
    data["address"] = address[:300] or None
    description = (form.get("description") or "").strip()
    if not description:
        raise Open311Error(400, "description was not provided")
    if len(description) > MAX_DESCRIPTION:
        raise Open311Error(400, f"description is longer than {MAX_DESCRIPTION} characters")
    data["description"] = description
    email = (form.get("email") or "").strip()
    if email and (len(email) > 254 or not _EMAIL.match(email)):
        raise Open311Error(400, "email is not a valid address")
    phone = (form.get("phone") or "").strip()
    if phone and not _PHONE.match(phone):
        raise Open311Error(400, "phone must hold digits only, with an optional +")
    name = " ".join(p for p in (form.get("first_name"), form.get("last_name")) if p).strip()
    data.update(reporter_email=email, reporter_phone=phone, reporter_name=name[:200] or None)
    media = (form.get("media_url") or "").strip()
    if media and (len(media) > MAX_MEDIA_URL or not media.startswith(("http://", "https://"))):
        raise Open311Error(400, f"media_url must be an http(s) URL of at most {MAX_MEDIA_URL}")
    data["media_url"] = media or None
    return data


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
    complaint = services.file_complaint(
        request.dbsession,
        actor=f"api_token:{token.public_id}",
        commune=commune,
        data=_filing(request, category),
        channel="api",
        area=provider_of(request.registry),
    )
    notice = _translate(
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


# --- Registration -------------------------------------------------------------------------

_VIEWS: tuple[tuple[str, str, Any], ...] = (
    ("complaints.open311.discovery", "GET", discovery),
    ("complaints.open311.services", "GET", service_list),
    ("complaints.open311.service", "GET", service_definition),
    ("complaints.open311.requests", "GET", request_list),
    ("complaints.open311.requests", "POST", file_request),
    ("complaints.open311.request", "GET", request_one),
    ("complaints.open311.token", "GET", token_view),
)


def includeme(config: Configurator) -> None:
    rate = config.get_settings()["baladiya.complaints.rate_per_minute"]
    config.registry[LIMITER_KEY] = RateLimiter(rate)
    for name, pattern in _ROUTES:
        config.add_route(name, PREFIX + pattern)
        config.add_exception_view(error_view, context=Exception, route_name=name)
    for name, method, view in _VIEWS:
        module = None if view is discovery else "complaints"
        config.add_view(
            view,
            route_name=name,
            request_method=method,
            require_csrf=False,
            requires_module=module,
        )
