"""Maps and zoning: zoning plans with their rules, servitudes, cadastral parcels, the
commune boundary, the check engine projects go through, and batch buildability.

Data comes in through imports (staff page or ``baladiya gis import``); the OGC API,
downloads and maps serve it out.
"""

from __future__ import annotations

from typing import Any

from pyramid.config import Configurator

from gis import basemap, services
from gis.permissions import Perm
from municipality.areas import set_provider
from municipality.i18n import _
from municipality.providers import Kind
from municipality.settings import apply_defaults

DEFAULTS: dict[str, Any] = {
    # The largest spatial file an import accepts (bytes); web uploads also obey the core's
    # baladiya.core.max_upload_bytes.
    "baladiya.gis.max_import_bytes": 100 * 1_048_576,
    # Run web imports in a background thread (off: in the request's wake, same thread).
    "baladiya.gis.import_in_background": True,
}

MANIFEST = {
    "name": "gis",
    "title": _("Maps and zoning"),
    "version": "0.1.0",
    "description": _("Zoning plans, parcels, servitudes and the rule checks projects must pass."),
    "depends": [],
    "permissions": [*Perm],
    "roles": {"commune_admin": [*Perm], "agent": [Perm.VIEW]},
    "menu": [{"route": "gis.plans", "title": "Zoning and parcels", "permission": Perm.VIEW}],
    "demo": "gis.demo:load_demo",
    "cli": "gis.cli:register",
}


def _staff_routes(config: Configurator) -> None:
    config.add_static_view("gis-assets", "gis:assets", cache_max_age=86400)
    config.add_route("gis.plans", "/c/{commune}/gis/plans")
    config.add_route("gis.plan", "/c/{commune}/gis/plans/{public_id}")
    config.add_route("gis.plan.rules", "/c/{commune}/gis/plans/{public_id}/rules.xlsx")
    config.add_route("gis.plan.rule", "/c/{commune}/gis/plans/{public_id}/rule")
    config.add_route("gis.imports", "/c/{commune}/gis/imports")
    config.add_route("gis.import", "/c/{commune}/gis/imports/{public_id}")
    config.add_route("gis.import.status", "/c/{commune}/gis/imports/{public_id}/status")
    config.add_route("gis.servitudes", "/c/{commune}/gis/servitudes")
    config.add_route("gis.servitude", "/c/{commune}/gis/servitudes/{public_id}")
    config.add_route("gis.check", "/c/{commune}/gis/check")
    config.add_route("gis.buildability", "/c/{commune}/gis/buildability")
    config.add_route(
        "gis.buildability.download", "/c/{commune}/gis/buildability/{public_id}/download"
    )
    config.scan(".views")


def includeme(config: Configurator) -> None:
    """The staff pages, the OGC API, the maps, and the commune-area provider."""
    apply_defaults(config.get_settings(), DEFAULTS)
    config.include("municipality.providers")
    set_provider(config.registry, services.commune_contains)
    config.add_provider(Kind.GAZETTEER, "gis", services.named_places, module="gis")
    config.add_provider(Kind.MAP_BASE_LAYER, "gis", basemap.base_layers, module="gis")
    _staff_routes(config)
    config.include(".ogc")
    config.add_provider(Kind.FILE_REFERENCE, "gis.imports", ".jobs.FILES", module="gis")
    config.include(".webmap")
    config.include(".basemap")
