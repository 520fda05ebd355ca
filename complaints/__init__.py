"""Complaints: residents report problems, staff acknowledge, assign, resolve and answer.

Residents file without an account and follow their complaint with a tracking code;
staff work from an inbox and a detail page that offers exactly the workflow's actions.
Client applications read and file requests through Open311 GeoReport v2.
"""

from __future__ import annotations

from typing import Any

from pyramid.config import Configurator

from municipality.i18n import _
from municipality.providers import Kind
from municipality.settings import apply_defaults

_HANDLE = [
    "complaints:request:view",
    "complaints:request:acknowledge",
    "complaints:request:assign",
    "complaints:request:start",
    "complaints:request:resolve",
    "complaints:request:close",
    "complaints:request:reject",
    "complaints:request:reopen",
    "complaints:request:note",
    "complaints:request:reply",
    "complaints:request:merge",
    # Filing through Open311: given to API keys of client applications.
    "complaints:request:file",
]
# Categories, departments and targets: the commune administrator's configuration.
_CONFIGURE = ["complaints:category:manage"]

DEFAULTS: dict[str, Any] = {
    # Complaints of one category closer than this (metres) are offered as duplicates.
    "baladiya.complaints.duplicate_radius_m": 50,
    # Open311 filings a minute per IP address and per API key (0: no limit).
    "baladiya.complaints.rate_per_minute": 30,
}

MANIFEST = {
    "name": "complaints",
    "title": _("Complaints"),
    "version": "0.1.0",
    "description": _("Complaints, observations and suggestions from residents."),
    "depends": [],
    "permissions": [*_HANDLE, *_CONFIGURE],
    "roles": {
        "agent": _HANDLE,
        "commune_admin": [*_HANDLE, *_CONFIGURE],
        "urban_planner": ["complaints:request:view", "complaints:request:note"],
        "civil_status_officer": ["complaints:request:view"],
        "commission_member": ["complaints:request:view"],
        "budget_officer": ["complaints:request:view"],
        "treasurer": ["complaints:request:view"],
        "supervisor": ["complaints:request:view"],
    },
    "menu": [
        {
            "route": "complaints.list",
            "title": "Complaints",
            "permission": "complaints:request:view",
        },
    ],
    "jobs": [{"name": "digest", "seconds": 86400, "func": "complaints.jobs:send_digests"}],
    "dashboard": ["complaints.views:work_queues", "complaints.views:overdue_work_queues"],
    "demo": "complaints.services:load_demo",
}


def includeme(config: Configurator) -> None:
    apply_defaults(config.get_settings(), DEFAULTS)
    config.add_route("complaints.list", "/c/{commune}/complaints")
    config.add_route("complaints.statistics", "/c/{commune}/complaints/statistics")
    config.add_route("complaints.statistics.xlsx", "/c/{commune}/complaints/statistics.xlsx")
    config.add_route("complaints.counter", "/c/{commune}/complaints/counter")
    config.add_route("complaints.map", "/c/{commune}/complaints/map")
    config.add_route("complaints.map.geojson", "/c/{commune}/complaints/map.geojson")
    config.add_route("complaints.categories", "/c/{commune}/complaints/categories")
    config.add_route("complaints.category.new", "/c/{commune}/complaints/categories/new")
    config.add_route(
        "complaints.category.active", "/c/{commune}/complaints/categories/{public_id}/active"
    )
    config.add_route("complaints.category", "/c/{commune}/complaints/categories/{public_id}")
    config.add_route("complaints.request.receipt", "/c/{commune}/complaints/{public_id}/receipt")
    config.add_route(
        "complaints.request.merge", "/c/{commune}/complaints/{public_id}/merge/{other_id}"
    )
    config.add_route("complaints.request", "/c/{commune}/complaints/{public_id}")
    config.add_route("complaints.request.note", "/c/{commune}/complaints/{public_id}/notes")
    config.add_route("complaints.request.action", "/c/{commune}/complaints/{public_id}/{action}")
    config.add_route("complaints.public", "/{commune}/complaints/new")
    config.add_route("complaints.public.list", "/{commune}/complaints")
    config.add_route("complaints.map.public", "/{commune}/complaints/map")
    config.add_route("complaints.map.public.geojson", "/{commune}/complaints/map.geojson")
    config.add_route("complaints.public.photo", "/{commune}/complaints/photos/{photo_id}")
    config.add_route("complaints.photo", "/c/{commune}/complaints/{public_id}/photos/{photo_id}")
    config.add_route("complaints.track.lookup", "/{commune}/complaints/track")
    config.add_route("complaints.track", "/{commune}/complaints/track/{tracking_code}")
    config.add_route("complaints.mine", "/{commune}/complaints/mine")
    config.add_route("complaints.account", "/{commune}/complaints/account")
    config.include(".open311")
    config.include("municipality.providers")
    config.add_provider(Kind.NATIONAL_FEED, "complaints", ".feeds.FEED", module="complaints")
    config.add_provider(
        Kind.INDICATOR_SOURCE,
        "complaints.activity-monthly",
        ".indicators.MONTHLY_ACTIVITY",
        module="complaints",
    )
    config.scan(".views")
    config.scan(".photos")
    config.scan(".account")
    config.scan(".counter")
    config.scan(".categories")
    config.scan(".maps")
    config.scan(".api")
