"""Civil status: the commune's registers of births, deaths and marriages, and their acts.

Each country's law is a profile (:mod:`civil_status.profiles`): the kinds of act and
their fields, marginal mentions, deadlines, copies and who may obtain them. Agents enter
acts, the civil-status officer (a role that proves a second factor) signs them, and a
signed act changes only through marginal mentions with their legal basis.
"""

from __future__ import annotations

from pyramid.config import Configurator

from civil_status.permissions import ENTRY, OPEN_DOCUMENT, Perm
from municipality.i18n import _
from municipality.providers import Kind

MANIFEST = {
    "name": "civil_status",
    "title": _("Civil status"),
    "version": "0.1.0",
    "description": _("Registers and acts of birth, death and marriage, and their mentions."),
    "depends": ["documents"],
    "permissions": [*Perm],
    "adds_roles": [
        {
            "name": "civil_status_officer",
            "title": _("Civil-status officer"),
            "scope": "commune",
            "second_factor": True,
        },
    ],
    "roles": {
        "agent": [*ENTRY],
        "civil_status_officer": [*Perm, OPEN_DOCUMENT],
        "commune_admin": [Perm.VIEW, Perm.MANAGE_REGISTERS],
    },
    "menu": [
        {"route": "civil_status.registers", "title": "Civil status", "permission": Perm.VIEW},
        {
            "route": "civil_status.requests",
            "title": "Copy requests",
            "permission": Perm.HANDLE_REQUEST,
        },
    ],
    "jobs": [
        {"name": "issue", "func": "civil_status.jobs:issue_paid_copies", "seconds": 600},
    ],
    "demo": "civil_status.demo:load_demo",
}


def includeme(config: Configurator) -> None:
    config.add_route("civil_status.registers", "/c/{commune}/civil-status")
    config.add_route("civil_status.register.new", "/c/{commune}/civil-status/registers/new")
    config.add_route("civil_status.register", "/c/{commune}/civil-status/registers/{public_id}")
    config.add_route(
        "civil_status.act.new", "/c/{commune}/civil-status/registers/{public_id}/acts/new"
    )
    config.add_route("civil_status.search", "/c/{commune}/civil-status/acts")
    config.add_route("civil_status.statistics", "/c/{commune}/civil-status/statistics")
    config.add_route("civil_status.statistics.xlsx", "/c/{commune}/civil-status/statistics.xlsx")
    config.add_route(
        "civil_status.statistics.report", "/c/{commune}/civil-status/statistics/report"
    )
    config.add_route("civil_status.act", "/c/{commune}/civil-status/acts/{public_id}")
    config.add_route(
        "civil_status.act.duplicate",
        "/c/{commune}/civil-status/acts/{public_id}/duplicates/{candidate_id}",
    )
    config.add_route(
        "civil_status.act.mention.new", "/c/{commune}/civil-status/acts/{public_id}/mentions/new"
    )
    config.add_route(
        "civil_status.mention.action",
        "/c/{commune}/civil-status/mentions/{public_id}/{action}",
    )
    config.add_route(
        "civil_status.act.extract", "/c/{commune}/civil-status/acts/{public_id}/extracts"
    )
    config.add_route("civil_status.act.scan", "/c/{commune}/civil-status/acts/{public_id}/scan")
    config.add_route(
        "civil_status.act.readers", "/c/{commune}/civil-status/acts/{public_id}/readers"
    )
    config.add_route(
        "civil_status.act.action", "/c/{commune}/civil-status/acts/{public_id}/{action}"
    )
    _copy_request_routes(config)
    config.include("municipality.providers")
    config.add_provider(
        Kind.DOCUMENT_TYPE,
        "civil_status.birth-extract",
        ".documents.BIRTH_EXTRACT",
        module="civil_status",
    )
    config.add_provider(Kind.NATIONAL_FEED, "civil_status", ".feeds.FEED", module="civil_status")
    config.add_provider(
        Kind.FILE_REFERENCE, "civil_status.scans", ".services.scans.FILES", module="civil_status"
    )
    config.add_provider(
        Kind.INDICATOR_SOURCE,
        "civil_status.activity-monthly",
        ".indicators.MONTHLY_ACTIVITY",
        module="civil_status",
    )
    _copy_request_providers(config)
    config.scan(".views")
    config.scan(".request_views")
    config.scan(".views_statistics")
    config.scan(".views_readers")
    config.scan(".views_scans")
    config.scan(".api")


def _copy_request_routes(config: Configurator) -> None:
    """Copy requests: the staff queue and pages, the public forms and tracking by code,
    and the same request and tracking as a JSON API."""
    from civil_status.api import OPENAPI_PATHS, OPENAPI_SCHEMAS

    staff = "/c/{commune}/civil-status/requests"
    config.add_route("civil_status.requests", staff)
    config.add_route("civil_status.request.new", staff + "/new")
    config.add_route("civil_status.request", staff + "/{public_id}")
    config.add_route("civil_status.request.attorney", staff + "/{public_id}/attorney.pdf")
    config.add_route("civil_status.request.action", staff + "/{public_id}/{action}")
    config.add_route("civil_status.public.request", "/{commune}/civil-status/request")
    config.add_route("civil_status.public.abroad", "/{commune}/civil-status/request/abroad")
    config.add_route("civil_status.mine", "/{commune}/civil-status/mine")
    config.add_route("civil_status.mine.reads", "/{commune}/civil-status/mine/reads")
    config.add_route("civil_status.track.lookup", "/{commune}/civil-status/track")
    config.add_route("civil_status.track", "/{commune}/civil-status/track/{code}")
    config.add_route("civil_status.track.copy", "/{commune}/civil-status/track/{code}/copy.pdf")
    config.add_route("civil_status.track.collect", "/{commune}/civil-status/track/{code}/collect")
    api = "/api/v1/communes/{commune}/civil-status/requests"
    config.add_route("civil_status.api.requests", api)
    config.add_route("civil_status.api.request", api + "/{code}")
    config.add_openapi(OPENAPI_PATHS, OPENAPI_SCHEMAS)


def _copy_request_providers(config: Configurator) -> None:
    """The other copies as document types, a request as a payable, the power of attorney
    as a stored file rows keep."""
    from civil_status.payables import KIND, CopyRequestPayable
    from civil_status.services.requests import FILES

    config.add_provider(
        Kind.DOCUMENT_TYPE, "civil_status.full-copy", ".copies.FULL_COPY", module="civil_status"
    )
    config.add_provider(
        Kind.DOCUMENT_TYPE,
        "civil_status.individual-sheet",
        ".copies.INDIVIDUAL_SHEET",
        module="civil_status",
    )
    config.add_provider(
        Kind.PAYABLE_OBJECT, KIND, CopyRequestPayable(config.registry), module="civil_status"
    )
    config.add_provider(
        Kind.FILE_REFERENCE, "civil_status.copy-requests", FILES, module="civil_status"
    )
