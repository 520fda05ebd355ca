"""Notices: the commune's public notice board (announcements, closures, council dates).

The smallest domain module, laid out like every other so it can serve as the pattern.
"""

from __future__ import annotations

from pyramid.config import Configurator

from municipality.i18n import _
from municipality.providers import Kind
from notices.permissions import Perm

MANIFEST = {
    "name": "notices",
    "title": _("Notice board"),
    "version": "1.0.0",
    "description": _("Announcements the commune publishes for its residents."),
    "depends": [],
    "permissions": [*Perm],
    "roles": {
        "agent": [*Perm],
        "commune_admin": [*Perm],
        "supervisor": [Perm.VIEW],
    },
    "menu": [
        {"route": "notices.list", "title": "Notice board", "permission": Perm.VIEW},
    ],
    "jobs": [{"name": "expire", "func": "notices.jobs:expire_notices", "seconds": 3600}],
    "demo": "notices.demo:load_demo",
}


def includeme(config: Configurator) -> None:
    from notices.api import OPENAPI_PATHS, OPENAPI_SCHEMAS

    config.add_route("notices.list", "/c/{commune}/notices")
    config.add_route("notices.new", "/c/{commune}/notices/new")
    config.add_route("notices.notice", "/c/{commune}/notices/{public_id}")
    config.add_route("notices.notice.action", "/c/{commune}/notices/{public_id}/{action}")
    config.add_route("notices.public", "/{commune}/notices")
    config.add_route("notices.api.collection", "/api/v1/communes/{commune}/notices")
    config.add_route("notices.api.item", "/api/v1/communes/{commune}/notices/{public_id}")
    config.add_openapi(OPENAPI_PATHS, OPENAPI_SCHEMAS)
    config.include("municipality.providers")
    config.add_provider(
        Kind.DASHBOARD_CARD, "notices.board", ".views.work_queues", module="notices"
    )
    config.scan(".views")
    config.scan(".api")
