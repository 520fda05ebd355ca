"""Open311 GeoReport v2, read side: the service list and the public list of requests.

The commune is the standard's ``jurisdiction_id`` (its slug). Only what the standard
publishes leaves: no reporter's name, e-mail or phone, no internal note, and requests
are named by their public identifier, never by the reporter's tracking code.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pyramid.request import Request
from pyramid.view import view_config

from complaints import services
from complaints.models import Category, Complaint
from municipality.errors import ValidationFailed
from municipality.i18n import _

STATUSES = ("open", "closed")


def _w3c(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")


def _name(request: Request, category: Category) -> str:
    return category.name_ar if request.params.get("locale") == "ar" else category.name_fr


def service_json(request: Request, category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": _name(request, category),
        "description": category.department,
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": category.department,
    }


def request_json(request: Request, complaint: Complaint) -> dict[str, Any]:
    return {
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
        "media_url": None,
    }


def _date(request: Request, name: str) -> datetime | None:
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise ValidationFailed(
            _("The date is not valid."), {name: "a W3C date and time, e.g. 2026-11-23T10:00Z"}
        ) from exc
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _ids(request: Request) -> list[uuid.UUID] | None:
    raw = (request.GET.get("service_request_id") or "").strip()
    if not raw:
        return None
    try:
        return [uuid.UUID(part.strip()) for part in raw.split(",")[:100] if part.strip()]
    except ValueError as exc:
        raise ValidationFailed(
            _("The request identifier is not valid."), {"service_request_id": "a UUID"}
        ) from exc


@view_config(
    route_name="complaints.open311.services",
    request_method="GET",
    renderer="json",
    requires_module="complaints",
    require_csrf=False,
)
def open311_services(request: Request) -> list[dict[str, Any]]:
    return [service_json(request, c) for c in services.categories(request.dbsession)]


@view_config(
    route_name="complaints.open311.requests",
    request_method="GET",
    renderer="json",
    requires_module="complaints",
    require_csrf=False,
)
def open311_requests(request: Request) -> list[dict[str, Any]]:
    wanted = {part.strip() for part in (request.GET.get("status") or "").split(",")} - {""}
    if wanted - set(STATUSES):
        raise ValidationFailed(_("The status is not valid."), {"status": "open or closed"})
    status = wanted.pop() if len(wanted) == 1 else None
    stmt = services.open311_requests(
        ids=_ids(request),
        service_code=(request.GET.get("service_code") or "").strip() or None,
        status=status,
        start=_date(request, "start_date"),
        end=_date(request, "end_date"),
    )
    return [request_json(request, c) for c in request.dbsession.execute(stmt).scalars()]
