"""What other modules may use of the GIS layer (permits checks projects and serves a
table of its own, with geometry columns of the GIS layer's type, as an OGC collection;
complaints asks whether a point lies in the commune). DESIGN.md: a module imports
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

__all__ = [
    "FAIL",
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
    "check",
    "commune_contains",
    "features_in_bbox",
    "parcels_by_reference",
    "plan_in_force",
    "site_from_parcels",
    "site_from_text",
    "spatial_index",
    "srid_of",
    "to_wgs84",
]
