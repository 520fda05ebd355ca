"""A small, known map for the OGC API, download, map and picker tests.

Commune "alpha" (and optionally "beta", shifted east) with a boundary, the plan in
force since 2020 with two zones (R1 west, ZI east), an older plan with one zone, a
flood servitude across the middle and a row of parcels whose owner must never leak.
Coordinates are longitude/latitude near Salé; ``geom`` is derived in the commune's CRS.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import Session

from gis.models import (
    CommuneBoundary,
    Parcel,
    Servitude,
    ServitudeLayer,
    Zone,
    ZoningPlan,
)
from municipality.models import Commune
from tests import factories

OWNER = "Mohamed Owner-Secret"
WEST, SOUTH = -6.81, 34.03
PARCELS = 12


@dataclass
class MapData:
    commune: Commune
    zones: dict[str, str] = field(default_factory=dict)
    old_zone: str = ""
    servitude: str = ""
    parcels: dict[str, str] = field(default_factory=dict)
    shift: float = 0.0

    def parcel_box(self, index: int) -> tuple[float, float, float, float]:
        return _parcel_box(index, self.shift)


def _parcel_box(index: int, shift: float) -> tuple[float, float, float, float]:
    west = WEST + shift + 0.001 + index * 0.0015
    return (west, 34.039, west + 0.001, 34.040)


def _box(shift: float, west: float, south: float, east: float, north: float) -> BaseGeometry:
    return shapely.box(west + shift, south, east + shift, north)


def build(
    session: Session, slug: str = "alpha", *, shift: float = 0.0, gis: bool = True
) -> MapData:
    """The commune and its map; ``shift`` moves everything east (degrees)."""
    commune = factories.commune(session, slug=slug)
    if gis:
        factories.enable_gis(session, commune)
    return add_layers(session, commune, shift=shift)


def add_layers(session: Session, commune: Commune, *, shift: float = 0.0) -> MapData:
    """The map of an existing commune (see the module's docstring)."""
    slug = commune.slug
    data = MapData(commune, shift=shift)
    cid = commune.id
    session.add(
        CommuneBoundary(
            commune_id=cid,
            **factories.gis_geoms(commune, _box(shift, WEST, SOUTH, WEST + 0.02, SOUTH + 0.02)),
        )
    )
    current = ZoningPlan(
        commune_id=cid,
        name=f"PA {slug} 2020",
        reference=f"PA-{slug}-2020",
        in_force_from=date(2020, 1, 1),
        source_crs="EPSG:4326",
    )
    old = ZoningPlan(
        commune_id=cid,
        name=f"PA {slug} 2005",
        reference=f"PA-{slug}-2005",
        in_force_from=date(2005, 1, 1),
        in_force_until=date(2019, 12, 31),
        source_crs="EPSG:4326",
    )
    session.add_all([current, old])
    session.flush()
    halves = {
        "R1": _box(shift, WEST, SOUTH, WEST + 0.01, SOUTH + 0.02),
        "ZI": _box(shift, WEST + 0.01, SOUTH, WEST + 0.02, SOUTH + 0.02),
    }
    for code, polygon in halves.items():
        zone = Zone(
            commune_id=cid,
            plan_id=current.id,
            code=code,
            label=f"Zone {code}",
            **factories.gis_geoms(commune, polygon),
        )
        session.add(zone)
        session.flush()
        data.zones[code] = str(zone.public_id)
    whole = _box(shift, WEST, SOUTH, WEST + 0.02, SOUTH + 0.02)
    old_zone = Zone(
        commune_id=cid,
        plan_id=old.id,
        code="OLD",
        label="Old",
        **factories.gis_geoms(commune, whole),
    )
    layer = ServitudeLayer(
        commune_id=cid, name=f"Flood {slug}", kind="flood_risk", effect="forbid", source="PPRI"
    )
    session.add_all([old_zone, layer])
    session.flush()
    data.old_zone = str(old_zone.public_id)
    strip = _box(shift, WEST + 0.005, 34.035, WEST + 0.015, 34.037)
    servitude = Servitude(
        commune_id=cid, layer_id=layer.id, label="Wadi", **factories.gis_geoms(commune, strip)
    )
    session.add(servitude)
    session.flush()
    data.servitude = str(servitude.public_id)
    for index in range(PARCELS):
        polygon = shapely.box(*_parcel_box(index, shift))
        reference = f"{slug.upper()}-{index + 1}"
        geoms = factories.gis_geoms(commune, polygon)
        parcel = Parcel(
            commune_id=cid,
            reference=reference,
            area_m2=round(float(geoms["geom"].area), 1),
            owner=OWNER,
            **geoms,
        )
        session.add(parcel)
        session.flush()
        data.parcels[reference] = str(parcel.public_id)
    return data
