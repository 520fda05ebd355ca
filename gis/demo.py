"""Realistic demo layers around each demo commune's real coordinates.

The same generator feeds the demo (``load_demo``), the tests and the benchmark: a
rectangular commune boundary, blocks of parcels separated by streets, a grid of zones
with Moroccan codes, a flood band along a wadi and a heritage circle around the old
town. Everything is drawn in the commune's projected CRS, in metres. The streets between
the blocks and around them, and the places people name (market, mosque, school...), carry
names in French and Arabic fitting the commune's country.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import shapely
from pyproj import CRS
from sqlalchemy.orm import Session

from gis import services
from gis.buildability import frontage
from gis.geometry import WGS84, reproject, srid_of
from gis.models import (
    CommuneBoundary,
    NamedPlace,
    Parcel,
    Servitude,
    ServitudeLayer,
    Street,
    Zone,
    ZoneRule,
    ZoningPlan,
)
from municipality import audit, maps
from municipality.db import clock_at
from municipality.demo import DemoYear
from municipality.models import Commune

# Town centres (longitude, latitude) of the demo communes.
CENTRES = {
    "sale": (-6.7985, 34.0531),
    "temara": (-6.9063, 33.9287),
    "bamako-commune-3": (-7.9994, 12.6392),
}
ZONE_CODES = ("R+2", "R+4", "ZI", "ZV")
ZONE_LABELS = {
    "R+2": "Habitat R+2",
    "R+4": "Habitat collectif R+4",
    "ZI": "Zone industrielle",
    "ZV": "Zone verte",
}
# Limits per code, in the spirit of Moroccan zoning regulations (règlement d'aménagement).
DEMO_RULES: dict[str, dict[str, object]] = {
    "R+2": {
        "allowed_uses": ["housing", "retail", "office"],
        "forbidden_uses": ["industry", "warehouse"],
        "max_height_m": 11.5,
        "max_floors": 3,
        "max_footprint_ratio": 0.6,
        "max_floor_area_ratio": 1.8,
        "min_parcel_area_m2": 100.0,
        "min_frontage_m": 8.0,
        "setback_road_m": 0.0,
        "setback_neighbour_m": 3.0,
        "source_text": "Règlement d'aménagement, article 12 (zone R+2)",
    },
    "R+4": {
        "allowed_uses": ["housing", "retail", "office", "hotel"],
        "forbidden_uses": ["industry", "warehouse"],
        "max_height_m": 18.5,
        "max_floors": 5,
        "max_footprint_ratio": 0.7,
        "max_floor_area_ratio": 3.5,
        "min_parcel_area_m2": 300.0,
        "min_frontage_m": 15.0,
        "setback_road_m": 0.0,
        "setback_neighbour_m": 4.0,
        "source_text": "Règlement d'aménagement, article 15 (zone R+4)",
    },
    "ZI": {
        "allowed_uses": ["industry", "warehouse", "office"],
        "forbidden_uses": ["housing", "hotel"],
        "max_height_m": 12.0,
        "max_floors": 2,
        "max_footprint_ratio": 0.6,
        "max_floor_area_ratio": 1.2,
        "min_parcel_area_m2": 500.0,
        "min_frontage_m": 20.0,
        "setback_road_m": 5.0,
        "setback_neighbour_m": 5.0,
        "source_text": "Règlement d'aménagement, article 21 (zone industrielle)",
    },
    "ZV": {
        "allowed_uses": ["facility"],
        "forbidden_uses": ["housing", "industry", "warehouse", "hotel", "retail", "office"],
        "max_height_m": 6.0,
        "max_floors": 1,
        "max_footprint_ratio": 0.05,
        "max_floor_area_ratio": 0.05,
        "min_parcel_area_m2": None,
        "min_frontage_m": None,
        "setback_road_m": 10.0,
        "setback_neighbour_m": 10.0,
        "source_text": "Règlement d'aménagement, article 27 (espaces verts)",
    },
}


# Street names (French, Arabic) by country, the widest first: the ring roads around the
# blocks take the first four, the streets between the blocks the next ones.
STREET_NAMES = {
    "MA": (
        ("Avenue Hassan II", "شارع الحسن الثاني"),
        ("Avenue Mohammed V", "شارع محمد الخامس"),
        ("Boulevard Abderrahim Bouabid", "شارع عبد الرحيم بوعبيد"),
        ("Avenue Allal El Fassi", "شارع علال الفاسي"),
        ("Rue des Oliviers", "زنقة الزيتون"),
        ("Rue Ibn Khaldoun", "زنقة ابن خلدون"),
        ("Rue Al Moutanabbi", "زنقة المتنبي"),
        ("Rue Tarik Ibn Ziad", "زنقة طارق بن زياد"),
        ("Rue de Fès", "زنقة فاس"),
        ("Rue Al Massira", "زنقة المسيرة"),
    ),
    "ML": (
        ("Boulevard Modibo Keïta", "شارع موديبو كيتا"),
        ("Avenue de l'Indépendance", "شارع الاستقلال"),
        ("Boulevard du Peuple", "شارع الشعب"),
        ("Avenue Kassé Keïta", "شارع كاسي كيتا"),
        ("Rue Fily Dabo Sissoko", "شارع فيلي دابو سيسوكو"),
        ("Avenue de la Nation", "شارع الأمة"),
        ("Rue Mamadou Konaté", "شارع مامادو كوناتي"),
        ("Rue Soundiata Keïta", "شارع سونجاتا كيتا"),
        ("Rue Famolo Coulibaly", "شارع فامولو كوليبالي"),
        ("Rue du Fleuve", "شارع النهر"),
    ),
}
# The places people name to say where something is: (kind, French, Arabic), by country.
PLACE_NAMES = {
    "MA": (
        ("square", "Place de la Commune", "ساحة مقر الجماعة"),
        ("market", "Marché municipal", "السوق البلدي"),
        ("mosque", "Mosquée Al Fath", "مسجد الفتح"),
        ("school", "École primaire Ibn Sina", "مدرسة ابن سينا الابتدائية"),
        ("health", "Centre de santé urbain", "المركز الصحي الحضري"),
        ("garden", "Jardin public", "الحديقة العمومية"),
        ("youth", "Maison des jeunes", "دار الشباب"),
        ("bus", "Gare routière", "المحطة الطرقية"),
    ),
    "ML": (
        ("square", "Place de la Mairie", "ساحة مقر البلدية"),
        ("market", "Grand marché", "السوق الكبير"),
        ("mosque", "Grande mosquée", "المسجد الكبير"),
        ("school", "École fondamentale", "المدرسة الأساسية"),
        ("health", "Centre de santé communautaire", "المركز الصحي المجتمعي"),
        ("garden", "Jardin de la Commune", "حديقة البلدية"),
        ("youth", "Maison des jeunes", "دار الشباب"),
        ("bus", "Gare routière de Sogoniko", "محطة سوغونيكو الطرقية"),
    ),
}


@dataclass
class DemoLayers:
    """Generated geometries in the projected CRS, with their attributes."""

    crs: str
    boundary: shapely.Polygon
    parcels: np.ndarray
    references: list[str]
    zones: np.ndarray
    zone_codes: list[str]
    flood: np.ndarray
    heritage: np.ndarray

    @property
    def frame(self) -> tuple[float, float, float, float]:
        """Where the ring roads run: 50 m around the parcels."""
        minx, miny, maxx, maxy = shapely.total_bounds(self.parcels)
        return (minx - 50, miny - 50, maxx + 50, maxy + 50)


def centre_of(commune: Commune) -> tuple[float, float]:
    """The demo centre of a commune, or the middle of where its CRS is used."""
    if commune.slug in CENTRES:
        return CENTRES[commune.slug]
    area = CRS.from_user_input(commune.projected_crs).area_of_use
    if area is None:
        return (0.0, 0.0)
    return ((area.west + area.east) / 2, (area.south + area.north) / 2)


def parcel_grid(
    origin: tuple[float, float],
    cols: int,
    rows: int,
    *,
    width: float = 20.0,
    depth: float = 25.0,
    street: float = 10.0,
    block: int = 6,
) -> np.ndarray:
    """Rectangular parcels in blocks of ``block`` x 2, with streets between blocks."""
    col = np.arange(cols)
    row = np.arange(rows)
    x0 = origin[0] + col * width + (col // block) * street
    y0 = origin[1] + row * depth + (row // 2) * street
    grid_x, grid_y = np.meshgrid(x0, y0)
    xs, ys = grid_x.ravel(), grid_y.ravel()
    return shapely.box(xs, ys, xs + width, ys + depth)


def zone_grid(
    bounds: tuple[float, float, float, float], nx: int, ny: int, codes: tuple[str, ...]
) -> tuple[np.ndarray, list[str]]:
    """A grid of ``nx`` x ``ny`` zones over ``bounds``, codes assigned in a fixed pattern."""
    minx, miny, maxx, maxy = bounds
    xs = np.linspace(minx, maxx, nx + 1)
    ys = np.linspace(miny, maxy, ny + 1)
    grid_x, grid_y = np.meshgrid(np.arange(nx), np.arange(ny))
    gx, gy = grid_x.ravel(), grid_y.ravel()
    zones = shapely.box(xs[gx], ys[gy], xs[gx + 1], ys[gy + 1])
    pattern = [codes[(i + j) % len(codes)] for i, j in zip(gx, gy, strict=True)]
    return zones, pattern


def layers_for(
    crs: str,
    centre: tuple[float, float],
    *,
    cols: int = 12,
    rows: int = 8,
    zones: tuple[int, int] = (4, 2),
) -> DemoLayers:
    """Boundary, parcels, zones and two servitude layers around ``centre`` (lon, lat)."""
    cx, cy = reproject(shapely.Point(centre), WGS84, crs).coords[0]
    parcels = parcel_grid((cx, cy), cols, rows)
    minx, miny, maxx, maxy = shapely.total_bounds(parcels)
    frame = (minx - 50, miny - 50, maxx + 50, maxy + 50)
    zone_geoms, codes = zone_grid(frame, zones[0], zones[1], ZONE_CODES)
    wadi = shapely.LineString([(frame[0], frame[1] + 30), (frame[2], frame[1] + 60)])
    flood = np.array([wadi.buffer(15)])
    heritage = np.array([shapely.Point(maxx - 40, maxy - 40).buffer(45)])
    return DemoLayers(
        crs=crs,
        boundary=shapely.box(*frame).buffer(100, join_style="mitre"),
        parcels=parcels,
        references=[f"T{100000 + i}" for i in range(len(parcels))],
        zones=zone_geoms,
        zone_codes=codes,
        flood=flood,
        heritage=heritage,
    )


def _gaps(lows: np.ndarray, highs: np.ndarray) -> list[float]:
    """The middles of the gaps between rows (or columns) of parcels, given their edges."""
    starts = np.unique(lows)
    middles = []
    for end in np.unique(highs):
        later = starts[starts > end]
        if later.size and later[0] - end > 1:
            middles.append(float(end + later[0]) / 2)
    return middles


def street_lines(layers: DemoLayers) -> list[shapely.LineString]:
    """The ring roads around the parcels, then the streets between their blocks."""
    minx, miny, maxx, maxy = layers.frame
    bounds = shapely.bounds(layers.parcels)
    ring = [
        shapely.LineString([(minx, miny), (maxx, miny)]),
        shapely.LineString([(maxx, miny), (maxx, maxy)]),
        shapely.LineString([(maxx, maxy), (minx, maxy)]),
        shapely.LineString([(minx, maxy), (minx, miny)]),
    ]
    across = [shapely.LineString([(x, miny), (x, maxy)]) for x in _gaps(bounds[:, 0], bounds[:, 2])]
    along = [shapely.LineString([(minx, y), (maxx, y)]) for y in _gaps(bounds[:, 1], bounds[:, 3])]
    return ring + across + along


def place_points(layers: DemoLayers, count: int) -> list[shapely.Point]:
    """``count`` parcel centres spread over the blocks, for the named places."""
    centres = shapely.centroid(layers.parcels)
    picks = np.linspace(0, len(centres) - 1, count + 2)[1:-1].round().astype(int)
    # Odd and even picks on alternate sides of the middle, so places do not line up.
    shifted = [
        (i + (len(centres) // 2 if n % 2 else 0)) % len(centres) for n, i in enumerate(picks)
    ]
    return [centres[i] for i in shifted]


def _both(geoms: np.ndarray, crs: str) -> tuple[np.ndarray, np.ndarray]:
    return shapely.set_srid(geoms, srid_of(crs)), reproject(geoms, crs, WGS84)


def load_demo(session: Session, commune: Commune, actor: str, year: DemoYear) -> None:
    """The commune's plan, streets and places, in force from the start of the demo year."""
    with clock_at(year.start):
        _load(session, commune, actor)


def _load(session: Session, commune: Commune, actor: str) -> None:
    """The commune's demo plan, rules, servitudes, parcels, boundary, streets and places.

    The parcels are stored directly rather than through the import, so their frontage
    is measured here with the same :func:`gis.buildability.frontage`."""
    crs = services.commune_crs(commune)
    layers = layers_for(crs, centre_of(commune))
    geom, geom_4326 = _both(np.array([layers.boundary]), crs)
    session.add(
        CommuneBoundary(commune_id=commune.id, source="demo", geom=geom[0], geom_4326=geom_4326[0])
    )
    geom, geom_4326 = _both(layers.parcels, crs)
    areas = shapely.area(layers.parcels)
    frontages = frontage(layers.parcels)
    session.add_all(
        Parcel(
            commune_id=commune.id,
            reference=ref,
            area_m2=round(float(area), 2),
            frontage_m=round(float(length), 2),
            owner=f"Propriétaire {i + 1}",
            geom=g,
            geom_4326=w,
        )
        for i, (ref, area, length, g, w) in enumerate(
            zip(layers.references, areas, frontages, geom, geom_4326, strict=True)
        )
    )
    plan = ZoningPlan(
        commune_id=commune.id,
        name="Plan d'aménagement",
        reference="PA-2024",
        in_force_from=date(2024, 1, 1),
        in_force_until=None,
        source_crs=crs,
    )
    session.add(plan)
    session.flush()
    geom, geom_4326 = _both(layers.zones, crs)
    session.add_all(
        Zone(
            commune_id=commune.id,
            plan_id=plan.id,
            code=code,
            label=ZONE_LABELS[code],
            geom=g,
            geom_4326=w,
        )
        for code, g, w in zip(layers.zone_codes, geom, geom_4326, strict=True)
    )
    session.add_all(
        ZoneRule(commune_id=commune.id, plan_id=plan.id, zone_code=code, **values)
        for code, values in DEMO_RULES.items()
    )
    _demo_servitude(
        session,
        commune,
        layers.flood,
        name="Zone inondable de l'oued",
        kind="flood_risk",
        effect="forbid",
        source="Plan de prévention du risque d'inondation",
    )
    _demo_servitude(
        session,
        commune,
        layers.heritage,
        name="Abords de la médina",
        kind="heritage",
        effect="require_opinion",
        agency="Inspection régionale des monuments historiques",
        source="Dahir de classement des monuments historiques",
    )
    streets, places = _streets_and_places(session, commune, layers)
    audit.write(
        session,
        plan,
        actor=actor,
        action="gis:demo:loaded",
        object_type="gis_plan",
        changes={
            "parcels": len(layers.references),
            "zones": len(layers.zone_codes),
            "streets": streets,
            "places": places,
        },
    )


def _streets_and_places(session: Session, commune: Commune, layers: DemoLayers) -> tuple[int, int]:
    """Name the streets and places in the commune's country (Morocco's names elsewhere)."""
    country = commune.country_profile if commune.country_profile in STREET_NAMES else "MA"
    lines = street_lines(layers)
    names = STREET_NAMES[country][: len(lines)]
    geom, geom_4326 = _both(np.array(lines[: len(names)]), layers.crs)
    session.add_all(
        Street(
            commune_id=commune.id,
            name_fr=fr,
            name_ar=ar,
            search_key=maps.search_key(ar, fr),
            geom=g,
            geom_4326=w,
        )
        for (fr, ar), g, w in zip(names, geom, geom_4326, strict=True)
    )
    kinds = PLACE_NAMES[country]
    geom, geom_4326 = _both(np.array(place_points(layers, len(kinds))), layers.crs)
    session.add_all(
        NamedPlace(
            commune_id=commune.id,
            kind=kind,
            name_fr=fr,
            name_ar=ar,
            search_key=maps.search_key(ar, fr),
            geom=g,
            geom_4326=w,
        )
        for (kind, fr, ar), g, w in zip(kinds, geom, geom_4326, strict=True)
    )
    return len(names), len(kinds)


def _demo_servitude(
    session: Session,
    commune: Commune,
    geoms: np.ndarray,
    *,
    name: str,
    kind: str,
    effect: str,
    source: str,
    agency: str = "",
) -> None:
    layer = ServitudeLayer(
        commune_id=commune.id, name=name, kind=kind, effect=effect, agency=agency, source=source
    )
    session.add(layer)
    session.flush()
    geom, geom_4326 = _both(geoms, services.commune_crs(commune))
    session.add_all(
        Servitude(commune_id=commune.id, layer_id=layer.id, label=name, geom=g, geom_4326=w)
        for g, w in zip(geom, geom_4326, strict=True)
    )
