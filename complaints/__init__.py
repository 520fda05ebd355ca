"""Complaints: residents report problems, staff acknowledge, assign, resolve and answer.

Residents file without an account and follow their complaint with a tracking code;
staff work from an inbox and a detail page that offers exactly the workflow's actions.
The public list of requests is also served as Open311 GeoReport v2 (read side).
"""

from __future__ import annotations

from pyramid.config import Configurator

from municipality.i18n import _

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
]

MANIFEST = {
    "name": "complaints",
    "title": _("Complaints"),
    "version": "0.1.0",
    "description": _("Complaints, observations and suggestions from residents."),
    "depends": [],
    "permissions": _HANDLE,
    "roles": {
        "agent": _HANDLE,
        "commune_admin": _HANDLE,
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
    "jobs": [],
    "dashboard": ["complaints.views:work_queues"],
    "demo": "complaints.services:load_demo",
}


def includeme(config: Configurator) -> None:
    config.add_route("complaints.list", "/c/{commune}/complaints")
    config.add_route("complaints.request", "/c/{commune}/complaints/{public_id}")
    config.add_route("complaints.request.note", "/c/{commune}/complaints/{public_id}/notes")
    config.add_route("complaints.request.action", "/c/{commune}/complaints/{public_id}/{action}")
    config.add_route("complaints.public", "/{commune}/complaints/new")
    config.add_route("complaints.track.lookup", "/{commune}/complaints/track")
    config.add_route("complaints.track", "/{commune}/complaints/track/{tracking_code}")
    config.add_route("complaints.open311.services", "/open311/v2/services.json")
    config.add_route("complaints.open311.requests", "/open311/v2/requests.json")
    config.scan(".views")
    config.scan(".api")
