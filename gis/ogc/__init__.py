"""OGC API - Features for each commune that enabled the GIS module, at ``/ogc/<commune>/``.

Part 1 (Core, GeoJSON, HTML and OpenAPI 3.0 conformance classes), read by QGIS, OWSLib,
Leaflet and the commune's own maps. Collections are ``Kind.OGC_COLLECTION`` providers
(see :mod:`gis.ogc.collections`): gis offers its public layers here, and any module may
offer its own.
"""

from __future__ import annotations

from pyramid.config import Configurator
from pyramid.httpexceptions import HTTPNotFound

from municipality.providers import Kind

from .collections import check_unique_ids
from .params import OgcError
from .views import ROUTES, not_found_view, ogc_error_view


def includeme(config: Configurator) -> None:
    config.include("municipality.providers")
    # Without the final slash too: the landing page, whose links all name the slash form.
    config.add_route("gis.ogc.root", "/ogc/{commune}")
    config.add_route("gis.ogc.landing", "/ogc/{commune}/")
    config.add_route("gis.ogc.api", "/ogc/{commune}/api")
    config.add_route("gis.ogc.conformance", "/ogc/{commune}/conformance")
    config.add_route("gis.ogc.collections", "/ogc/{commune}/collections")
    config.add_route("gis.ogc.collection", "/ogc/{commune}/collections/{collection_id}")
    config.add_route("gis.ogc.items", "/ogc/{commune}/collections/{collection_id}/items")
    config.add_route(
        "gis.ogc.item", "/ogc/{commune}/collections/{collection_id}/items/{feature_id}"
    )
    config.add_provider(Kind.OGC_COLLECTION, "gis", ".layers.PUBLIC_LAYERS", module="gis")
    # An action: it runs at commit, once every module has offered its collections.
    config.action(None, check_unique_ids, args=(config.registry,))
    config.add_exception_view(ogc_error_view, context=OgcError)
    for route in ROUTES:
        config.add_exception_view(not_found_view, context=HTTPNotFound, route_name=route)
    config.scan(".views")
