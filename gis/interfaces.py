"""What other modules may use of the GIS layer (permits checks projects and serves a
table of its own, with geometry columns of the GIS layer's type, as an OGC collection;
complaints asks whether a point lies in the commune; permits' form picks its site on the
GIS map, and its permit prints a site map). DESIGN.md: a module imports
another's services or interfaces only; this is that surface, kept stable while the inside
moves.
"""

from __future__ import annotations

from gis.checks import (
    FAIL,
    NEEDS_OPINION,
    PASS,
    CheckResult,
    Finding,
    Project,
    check,
    site_from_parcels,
    site_from_text,
)
from gis.geometry import WGS84, GeometryType, spatial_index, srid_of, to_wgs84
from gis.ogc.collections import ModelCollection
from gis.services import (
    USES,
    FeaturePage,
    commune_contains,
    features_in_bbox,
    parcels_by_reference,
    plan_in_force,
)
from gis.sitemap import (
    SiteMap,
    UnreadableSiteMap,
    parse_site_map,
    site_map_data,
    site_map_svg,
    site_map_value,
)
from gis.widgets import Site, polygon_text, site_node, stored_site

# The macro a page whose form has a :func:`site_node` calls in its content, so the map
# and the picker's script load: ``{% from MAP_ASSETS import map_assets %}`` then
# ``{{ map_assets(request, map_base(request), picker=True) }}``.
MAP_ASSETS = "gis:templates/map_assets.jinja2"

__all__ = [
    "FAIL",
    "MAP_ASSETS",
    "NEEDS_OPINION",
    "PASS",
    "USES",
    "WGS84",
    "CheckResult",
    "FeaturePage",
    "Finding",
    "GeometryType",
    "ModelCollection",
    "Project",
    "Site",
    "SiteMap",
    "UnreadableSiteMap",
    "check",
    "commune_contains",
    "features_in_bbox",
    "parcels_by_reference",
    "parse_site_map",
    "plan_in_force",
    "polygon_text",
    "site_from_parcels",
    "site_from_text",
    "site_map_data",
    "site_map_svg",
    "site_map_value",
    "site_node",
    "spatial_index",
    "srid_of",
    "stored_site",
    "to_wgs84",
]
