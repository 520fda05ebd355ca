"""Regional returns: a region asks its communes for figures, as workbooks, each period.

A supervisor picks an indicator set (two ready sets ship: monthly activity and yearly
budget execution) and opens a campaign for a period with a deadline. Each commune gets
a workbook made for it; returned files are recognised from their hidden metadata,
checked cell by cell and accepted whole, as a new version of the commune's return, or
refused whole with a report. Region pages live under ``/r/{region}/consolidation/`` and
only the region's supervisors (and platform admins) reach them.
"""

from __future__ import annotations

from pyramid.config import Configurator

from consolidation.permissions import Perm
from municipality.i18n import _

REGION_FACTORY = "consolidation.access.RegionContext"

MANIFEST = {
    "name": "consolidation",
    "title": _("Regional returns"),
    "version": "0.1.0",
    "description": _("Returns the region collects from its communes as workbooks."),
    "depends": [],
    "permissions": [*Perm],
    "roles": {"commune_admin": [Perm.RETURNS_VIEW], "supervisor": [Perm.RETURNS_VIEW]},
    "menu": [
        {
            "route": "consolidation.returns",
            "title": "Returns to the region",
            "permission": Perm.RETURNS_VIEW,
        },
    ],
    "region_menu": [
        {
            "route": "consolidation.campaigns",
            "title": "Regional returns",
            "permission": Perm.RETURNS_VIEW,
        },
    ],
    "demo": "consolidation.demo:load_demo",
    "cli": "consolidation.cli:register",
    # Reminders to communes that still owe a return, before and after the deadline.
    "jobs": [{"name": "reminders", "seconds": 86400, "func": "consolidation.jobs:send_reminders"}],
}


def includeme(config: Configurator) -> None:
    """Region routes use :data:`REGION_FACTORY`, which answers 404 to non-supervisors."""
    config.add_route("consolidation.sets", "/r/{region}/consolidation/sets", factory=REGION_FACTORY)
    config.add_route(
        "consolidation.set.new", "/r/{region}/consolidation/sets/new", factory=REGION_FACTORY
    )
    config.add_route(
        "consolidation.set", "/r/{region}/consolidation/sets/{public_id}", factory=REGION_FACTORY
    )
    config.add_route(
        "consolidation.set.version",
        "/r/{region}/consolidation/sets/{public_id}/versions/new",
        factory=REGION_FACTORY,
    )
    config.scan(".setviews")
    # Campaign pages: board, uploads, exports, comparison (consolidation/views.py).
    config.include(".views")
