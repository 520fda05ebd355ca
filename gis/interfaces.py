"""What other modules may use of the GIS layer (permits checks projects and may serve a
table of its own as an OGC collection; complaints asks whether a point lies in the
commune). DESIGN.md: a module imports another's services or interfaces only; this is
that surface, kept stable while the inside moves.
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
    "CheckResult",
    "FeaturePage",
    "Finding",
    "ModelCollection",
    "Project",
    "check",
    "commune_contains",
    "features_in_bbox",
    "parcels_by_reference",
    "plan_in_force",
    "site_from_parcels",
    "site_from_text",
]
