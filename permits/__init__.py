"""Urban-planning permits: from application to occupancy certificate, checked against the
zoning plan, within legal deadlines.

Each country's law is a profile (:mod:`permits.profiles`): kinds of file, circuits and
deadlines, checklists, consulted bodies, fee formulas and public holidays. The applicant
drafts a file on parcels of the cadastre, the GIS check engine (through
:mod:`gis.interfaces`) measures it against the plan in force, and the file then moves
along the workflow table (:mod:`permits.workflow`) to the commission's decision, the
issued permit and the occupancy certificate.
"""

from __future__ import annotations

from pyramid.config import Configurator

from municipality.i18n import _
from municipality.providers import Kind
from permits.permissions import OPEN_DOCUMENT, PLANNER, Perm

MANIFEST = {
    "name": "permits",
    "title": _("Urban-planning permits"),
    "version": "0.1.0",
    "description": _("Building and planning permits checked against the zoning plan."),
    "depends": ["gis", "documents"],
    "permissions": [*Perm],
    "adds_roles": [
        {"name": "urban_planner", "title": _("Urban planner"), "scope": "commune"},
        {"name": "consulted_body", "title": _("Consulted body"), "scope": "commune"},
        {
            "name": "commission_member",
            "title": _("Member of the permits commission"),
            "scope": "commune",
        },
    ],
    "roles": {
        "resident": [Perm.APPLY],
        "agent": [Perm.VIEW, Perm.APPLY],
        "urban_planner": [*PLANNER, Perm.APPLY, OPEN_DOCUMENT],
        "consulted_body": [Perm.VIEW, Perm.APPLY, Perm.GIVE_OPINION],
        "commission_member": [Perm.VIEW, Perm.APPLY, Perm.DECIDE, Perm.VOTE],
        "commune_admin": [*Perm, OPEN_DOCUMENT],
        "supervisor": [Perm.VIEW, Perm.APPLY],
    },
    "menu": [
        {"route": "permits.files", "title": "Permits", "permission": Perm.VIEW},
        {"route": "permits.commission", "title": "Commission votes", "permission": Perm.VOTE},
    ],
    "jobs": [{"name": "tacit", "func": "permits.jobs:watch_tacit", "seconds": 86400}],
    "demo": "permits.demo:load_demo",
}


def includeme(config: Configurator) -> None:
    config.add_route("permits.files", "/c/{commune}/permits")
    config.add_route("permits.new", "/c/{commune}/permits/new")
    config.add_route("permits.statistics", "/c/{commune}/permits/statistics")
    config.add_route("permits.file", "/c/{commune}/permits/files/{public_id}")
    config.add_route("permits.file.edit", "/c/{commune}/permits/files/{public_id}/edit")
    config.add_route("permits.file.upload", "/c/{commune}/permits/files/{public_id}/documents")
    config.add_route("permits.opinion", "/c/{commune}/permits/opinions/{public_id}")
    config.add_route("permits.file.action", "/c/{commune}/permits/files/{public_id}/{action}")
    config.add_route("permits.follow", "/{commune}/permits/follow")
    config.add_route("permits.register", "/{commune}/permits/register")
    config.add_route("permits.register.csv", "/{commune}/permits/register.csv")
    config.include("municipality.providers")
    config.add_provider(Kind.NATIONAL_FEED, "permits", ".feeds.FEED", module="permits")
    config.add_provider(Kind.DOCUMENT_TYPE, "permits.permit", ".documents.PERMIT", module="permits")
    config.add_provider(
        Kind.INDICATOR_SOURCE,
        "permits.activity-monthly",
        ".indicators.MONTHLY_ACTIVITY",
        module="permits",
    )
    config.add_provider(
        Kind.PAYABLE_OBJECT, "permits.fee", ".payables.PERMIT_FEE", module="permits"
    )
    config.add_provider(Kind.OGC_COLLECTION, "permits", ".ogc.COLLECTIONS", module="permits")
    config.add_provider(
        Kind.FILE_REFERENCE, "permits.documents", ".services.files.FILES", module="permits"
    )
    config.add_route("permits.commission", "/c/{commune}/permits/commission")
    config.add_route("permits.vote", "/c/{commune}/permits/commission/{public_id}")
    config.add_route("permits.inspections", "/c/{commune}/permits/works/{public_id}/inspections")
    config.add_route("permits.inspection", "/c/{commune}/permits/inspections/{public_id}")
    config.add_route(
        "permits.inspection.photo", "/c/{commune}/permits/inspections/{public_id}/{photo_id}"
    )
    config.add_provider(
        Kind.DOCUMENT_TYPE, "permits.occupancy", ".documents.OCCUPANCY", module="permits"
    )
    config.add_provider(
        Kind.FILE_REFERENCE,
        "permits.inspection-photos",
        ".services.inspections.FILES",
        module="permits",
    )
    config.scan(".views")
    from permits.api import OPENAPI_PATHS, OPENAPI_SCHEMAS

    api = "/api/v1/communes/{commune}/permits"
    config.add_route("permits.api.register", f"{api}/register")
    config.add_route("permits.api.follow", f"{api}/follow/{{code}}")
    config.add_route("permits.api.files", f"{api}/files")
    config.add_route("permits.api.file", f"{api}/files/{{public_id}}")
    config.add_route("permits.api.file.submission", f"{api}/files/{{public_id}}/submission")
    config.add_openapi(OPENAPI_PATHS, OPENAPI_SCHEMAS)
    config.scan(".api")
