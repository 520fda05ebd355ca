"""Complaints: residents report problems, staff acknowledge, assign, resolve and answer.

Residents file without an account and follow their complaint with a tracking code;
staff work from an inbox and a detail page that offers exactly the workflow's actions.
Client applications read and file requests through Open311 GeoReport v2.
"""

from __future__ import annotations

from typing import Any

from pyramid.config import Configurator

from complaints.permissions import HANDLE, Perm
from municipality.i18n import _
from municipality.providers import Kind
from municipality.settings import apply_defaults

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
    "permissions": [*Perm],
    "roles": {
        "agent": [*HANDLE],
        "commune_admin": [*Perm],
        "supervisor": [Perm.VIEW],
    },
    "menu": [{"route": "complaints.list", "title": "Complaints", "permission": Perm.VIEW}],
    "jobs": [{"name": "digest", "seconds": 86400, "func": "complaints.jobs:send_digests"}],
    "demo": "complaints.demo:load_demo",
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
    config.add_route("complaints.publication", "/c/{commune}/complaints/publication")
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
    # Open311 names the commune in jurisdiction_id, under one prefix for every commune.
    config.add_machine_prefix("/open311/")
    config.add_commune_locator("/open311/", ".open311.jurisdiction.jurisdiction_slug")
    config.reserve_slug("open311")
    config.include(".open311")
    config.include("municipality.providers")
    config.add_provider(Kind.NATIONAL_FEED, "complaints", ".feeds.FEED", module="complaints")
    config.add_provider(
        Kind.INDICATOR_SOURCE,
        "complaints.activity-monthly",
        ".indicators.MONTHLY_ACTIVITY",
        module="complaints",
    )
    config.add_provider(
        Kind.FILE_REFERENCE, "complaints.photos", ".services.photos.FILES", module="complaints"
    )
    config.add_provider(
        Kind.DASHBOARD_CARD, "complaints.open", ".views.inbox.work_queues", module="complaints"
    )
    config.add_provider(
        Kind.DASHBOARD_CARD,
        "complaints.overdue",
        ".views.inbox.overdue_work_queues",
        module="complaints",
    )
    config.scan(".views")
