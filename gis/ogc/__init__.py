"""OGC API - Features for each commune that enabled the GIS module, at ``/ogc/<commune>/``.

Part 1 (Core, GeoJSON, HTML and OpenAPI 3.0 conformance classes), read by QGIS, OWSLib,
Leaflet and the commune's own maps. Collections are pluggable: see
:mod:`gis.ogc.collections` (``config.add_ogc_collection``).
"""

from __future__ import annotations

from pyramid.config import Configurator
from pyramid.httpexceptions import HTTPNotFound

from .collections import add_ogc_collection
from .layers import PUBLIC_LAYERS
from .params import OgcError
from .views import ROUTES, not_found_view, ogc_error_view


def includeme(config: Configurator) -> None:
    config.add_directive("add_ogc_collection", add_ogc_collection)
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
    for layer in PUBLIC_LAYERS:
        config.add_ogc_collection(layer)
    config.add_exception_view(ogc_error_view, context=OgcError)
    for route in ROUTES:
        config.add_exception_view(not_found_view, context=HTTPNotFound, route_name=route)
    config.scan(".views")
