"""A module made for tests: it adds a role the core does not know (a treasurer).

``baladiya.modules.available`` may name it beside the real modules, so tests show that
the roles a manifest adds reach log-in, permissions and role grants like the core's.
"""

from __future__ import annotations

from pyramid.config import Configurator
from pyramid.request import Request
from pyramid.response import Response

VIEW = "ledger:entry:view"

MANIFEST = {
    "name": "ledger",
    "title": "Ledger",
    "version": "0.1.0",
    "permissions": [VIEW],
    "adds_roles": [
        {"name": "treasurer", "title": "Treasurer", "scope": "commune", "second_factor": True},
        {"name": "auditor", "title": "Regional auditor", "scope": "region"},
    ],
    "roles": {"treasurer": [VIEW], "auditor": [VIEW]},
}


def ledger(request: Request) -> Response:
    return Response(f"Ledger of {request.commune.slug}")


def includeme(config: Configurator) -> None:
    config.add_route("ledger", "/c/{commune}/ledger")
    config.add_view(ledger, route_name="ledger", permission=VIEW, requires_module="ledger")
