"""Maps of complaints: a public map of the commune's complaints and the staff inbox on a map.

Both pages are drawn by the core's ``map.js`` from a GeoJSON endpoint. The public points
are the complaints' public views (:mod:`complaints.services.publication`): positions on the
commune's grid, the address and description only where its policy publishes them, never
who reported. The staff map shows the exact positions of the complaints the inbox's
filters select.
"""

from __future__ import annotations

import json
from typing import Any

from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from complaints.models import Complaint
from complaints.permissions import Perm
from complaints.services.inbox import inbox, located, query
from complaints.services.publication import (
    PublicComplaint,
    policy_of,
    precision_of,
    public_view,
)
from complaints.views import category_name
from complaints.views.inbox import inbox_filters
from complaints.workflow import OPEN_STATES
from municipality.db import utcnow
from municipality.i18n import _

STATUS_COLOURS = {"open": "#b35c00", "resolved": "#0b6b35", "rejected": "#5b6573"}
STATUS_TITLES = {
    "open": _("Being handled"),
    "resolved": _("Resolved or closed"),
    "rejected": _("Rejected"),
}
GEOJSON = "application/geo+json"


def status_of(complaint: Complaint | PublicComplaint) -> str:
    if complaint.state in OPEN_STATES:
        return "open"
    return "rejected" if complaint.state == "rejected" else "resolved"


def _day(value: Any) -> str | None:
    return None if value is None else value.date().isoformat()


def _point(longitude: float, latitude: float, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
        "properties": properties,
    }


def public_feature(request: Request, complaint: PublicComplaint) -> dict[str, Any]:
    """A public view as a point; the address and description only when published."""
    properties = {
        "category": category_name(request, complaint.category),
        "state": request.localizer.translate(_(complaint.state)),
        "status": status_of(complaint),
        "area": complaint.area,
        "filed": _day(complaint.created_at),
        "resolved": _day(complaint.resolved_at),
    }
    for field in ("address", "description"):
        if getattr(complaint, field) is not None:
            properties[field] = getattr(complaint, field)
    return _point(complaint.longitude or 0.0, complaint.latitude or 0.0, properties)


def staff_feature(request: Request, complaint: Complaint) -> dict[str, Any]:
    feature = _point(
        complaint.longitude or 0.0,
        complaint.latitude or 0.0,
        {
            "category": category_name(request, complaint.category),
            "state": request.localizer.translate(_(complaint.state)),
            "status": status_of(complaint),
            "tracking_code": complaint.tracking_code,
            "description": complaint.description[:120],
            "filed": _day(complaint.created_at),
            "url": request.route_url(
                "complaints.request", commune=request.commune.slug, public_id=complaint.public_id
            ),
        },
    )
    feature["id"] = str(complaint.public_id)
    return feature


def _collection(features: list[dict[str, Any]]) -> Response:
    body = {"type": "FeatureCollection", "features": features}
    response = Response(
        body=json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(),
        content_type=GEOJSON,
        charset="utf-8",
    )
    response.headers["Cache-Control"] = "private, max-age=60"
    return response


def _layers(request: Request, url: str, fields: dict[str, Any], link: bool) -> str:
    """The ``data-layers`` of map.js: one point layer coloured by status."""
    translate = request.localizer.translate
    layer: dict[str, Any] = {
        "url": url,
        "title": translate(_("Complaints")),
        "kind": "point",
        "color": STATUS_COLOURS["open"],
        "classify": {"property": "status", "colors": STATUS_COLOURS},
        "fields": {key: translate(label) for key, label in fields.items()},
    }
    if link:
        layer["link"] = {"property": "url", "title": translate(_("Open the complaint"))}
    return json.dumps([layer], ensure_ascii=False)


def _legend(request: Request) -> list[dict[str, str]]:
    return [
        {"title": request.localizer.translate(STATUS_TITLES[key]), "color": colour}
        for key, colour in STATUS_COLOURS.items()
    ]


PUBLIC_FIELDS = {
    "category": _("Category"),
    "state": _("State"),
    "area": _("Area"),
    "address": _("Address"),
    "description": _("Description"),
    "filed": _("Filed on"),
    "resolved": _("Resolved on"),
}
STAFF_FIELDS = {
    "category": _("Category"),
    "state": _("State"),
    "tracking_code": _("Tracking code"),
    "description": _("Description"),
    "filed": _("Filed on"),
}


@view_config(
    route_name="complaints.map.public",
    renderer="complaints:templates/map.jinja2",
    request_method="GET",
    requires_module="complaints",
)
def public_map(request: Request) -> dict[str, Any]:
    """Where residents reported problems, by area, for anyone."""
    slug = request.commune.slug
    return {
        "staff": False,
        "precision": request.localizer.translate(precision_of(policy_of(request.dbsession))),
        "layers": _layers(
            request,
            request.route_url("complaints.map.public.geojson", commune=slug),
            PUBLIC_FIELDS,
            link=False,
        ),
        "legend": _legend(request),
        "list_url": request.route_url("complaints.public.list", commune=slug),
    }


@view_config(
    route_name="complaints.map.public.geojson",
    request_method="GET",
    requires_module="complaints",
)
def public_points(request: Request) -> Response:
    complaints = located(request.dbsession, query())
    policy = policy_of(request.dbsession)
    return _collection([public_feature(request, public_view(c, policy)) for c in complaints])


@view_config(
    route_name="complaints.map",
    renderer="complaints:templates/map.jinja2",
    request_method="GET",
    permission=Perm.VIEW,
    requires_module="complaints",
)
def staff_map(request: Request) -> dict[str, Any]:
    """The inbox on a map: the same filters as the list (state, category, text, overdue)."""
    slug = request.commune.slug
    query = dict(request.GET)
    filters = inbox_filters(request)
    return {
        "staff": True,
        "layers": _layers(
            request,
            request.route_url("complaints.map.geojson", commune=slug, _query=query),
            STAFF_FIELDS,
            link=True,
        ),
        "legend": _legend(request),
        "list_url": request.route_url("complaints.list", commune=slug, _query=query),
        "filters": filters,
        "category": category_name(request, filters["category"]) if filters["category"] else "",
    }


@view_config(
    route_name="complaints.map.geojson",
    request_method="GET",
    permission=Perm.VIEW,
    requires_module="complaints",
)
def staff_points(request: Request) -> Response:
    complaints = located(request.dbsession, inbox(inbox_filters(request), utcnow()))
    return _collection([staff_feature(request, c) for c in complaints])
