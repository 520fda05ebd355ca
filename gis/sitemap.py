"""The site map printed on a document: the site and the parcels around it, as inline SVG.

It comes in two halves so that a sealed document prints the same picture every time:
:func:`site_map_data` reads the cadastre once, when the document is issued, into plain
data (rings of longitude/latitude pairs) that the document keeps with its other values;
:func:`site_map_svg` draws that data and nothing else. The drawing is projected simply
(equirectangular around the site's centre, true to a few centimetres over the few hundred
metres a site map shows), north up, with a north arrow and a scale bar. Nothing is
fetched: no tiles, no fonts beyond the page's own.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import shapely
from markupsafe import escape
from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import Session

from gis.geometry import to_wgs84
from gis.models import Parcel
from gis.services import commune_crs, features_in_bbox
from municipality.models import Commune

Point = tuple[float, float]
Ring = tuple[Point, ...]

# The frame: the site, a margin of 60 % of its extent on each side, at least 80 m across
# (the same framing as the static PNG map of gis.maps).
MARGIN = 0.6
MIN_FRAME_M = 80.0
WIDTH, HEIGHT = 480, 320
# What a document may carry: enough for a site and its neighbours, bounded so a forged
# value cannot make the renderer draw without end.
MAX_RINGS = 300
MAX_POINTS = 6000
MAX_FETCHED = 2000  # parcels read around a site, before the nearest are kept
DECIMALS = 7  # about a centimetre
SIMPLIFY_M = 0.2
METRES_PER_DEGREE = 111_320.0
NICE_LENGTHS = tuple(m * 10**e for e in range(6) for m in (1, 2, 5))
SITE_COLOUR = "#d00000"
AROUND_COLOUR = "#8c8c8c"


class UnreadableSiteMap(ValueError):
    """A value kept as a site map that is not one (or is too big to draw)."""


@dataclass(frozen=True)
class SiteMap:
    """What a site map draws: the site's rings (outer and holes) and the neighbours'."""

    site: tuple[Ring, ...]
    around: tuple[Ring, ...] = ()

    def to_json(self) -> str:
        """The compact text a document keeps (``parse_site_map`` reads it back)."""
        return json.dumps(
            {
                "site": [list(map(list, r)) for r in self.site],
                "around": [list(map(list, r)) for r in self.around],
            },
            separators=(",", ":"),
        )


def _rings(geometry: BaseGeometry) -> list[Ring]:
    """Every ring of every polygon of ``geometry`` (in longitude/latitude), rounded."""
    found: list[Ring] = []
    for polygon in getattr(geometry, "geoms", [geometry]):
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            found.append(tuple((round(x, DECIMALS), round(y, DECIMALS)) for x, y in ring.coords))
    return found


def frame_window(site: BaseGeometry) -> BaseGeometry:
    """The square around a projected site that its map shows (and a little more)."""
    minx, miny, maxx, maxy = site.bounds
    span = max(maxx - minx, maxy - miny, MIN_FRAME_M) * (1 + 2 * MARGIN)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    half = span * max(WIDTH, HEIGHT) / min(WIDTH, HEIGHT) / 2
    return shapely.box(cx - half, cy - half, cx + half, cy + half)


def site_map_data(session: Session, commune: Commune, site: BaseGeometry) -> SiteMap:
    """The site (in the commune's projected CRS) and the parcels around it, nearest
    first, cut to the map's frame and simplified, in longitude/latitude; within the
    bounds :func:`parse_site_map` accepts. The session is the commune's."""
    crs = commune_crs(commune)
    window = frame_window(site)
    kept_site = tuple(_rings(to_wgs84(site, crs)))
    budget = MAX_POINTS - sum(len(ring) for ring in kept_site)
    parcels = features_in_bbox(
        session, Parcel, to_wgs84(window, crs).bounds, limit=MAX_FETCHED
    ).features
    around: list[Ring] = []
    for parcel in sorted(parcels, key=lambda p: shapely.distance(p.geom, site)):
        cut = shapely.intersection(parcel.geom, window).simplify(SIMPLIFY_M)
        rings = _rings(to_wgs84(cut, crs)) if not cut.is_empty else []
        size = sum(len(ring) for ring in rings)
        if size > budget or len(around) + len(rings) > MAX_RINGS:
            break
        around.extend(rings)
        budget -= size
    return SiteMap(kept_site, tuple(around))


def _ring(value: Any) -> Ring:
    if not isinstance(value, list) or not 3 <= len(value) <= MAX_POINTS:
        raise UnreadableSiteMap("a ring is a list of at least three points")
    points = []
    for point in value:
        if (
            not isinstance(point, list)
            or len(point) != 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in point)
        ):
            raise UnreadableSiteMap("a point is [longitude, latitude]")
        lon, lat = float(point[0]), float(point[1])
        if not (abs(lon) <= 180 and abs(lat) <= 90):
            raise UnreadableSiteMap("a point is in longitude and latitude")
        points.append((lon, lat))
    return tuple(points)


def _ring_list(value: Any) -> tuple[Ring, ...]:
    if not isinstance(value, list) or len(value) > MAX_RINGS:
        raise UnreadableSiteMap("rings are a list")
    return tuple(_ring(ring) for ring in value)


def parse_site_map(text: str) -> SiteMap:
    """A kept site map read back; :class:`UnreadableSiteMap` when it is not one."""
    try:
        document = json.loads(text)
    except (TypeError, json.JSONDecodeError):
        raise UnreadableSiteMap("not JSON") from None
    if not isinstance(document, dict):
        raise UnreadableSiteMap("a site map is an object")
    site = SiteMap(_ring_list(document.get("site")), _ring_list(document.get("around", [])))
    if not site.site:
        raise UnreadableSiteMap("a site map has a site")
    if sum(len(r) for r in (*site.site, *site.around)) > MAX_POINTS:
        raise UnreadableSiteMap("too many points")
    return site


@dataclass(frozen=True)
class _Projection:
    """Longitude/latitude to the picture's units: metres around the centre, scaled."""

    lon0: float
    lat0: float
    scale: float  # picture units per metre

    def metres(self, lon: float, lat: float) -> Point:
        x = (lon - self.lon0) * METRES_PER_DEGREE * math.cos(math.radians(self.lat0))
        return x, (lat - self.lat0) * METRES_PER_DEGREE

    def __call__(self, point: Point) -> Point:
        x, y = self.metres(*point)
        return WIDTH / 2 + x * self.scale, HEIGHT / 2 - y * self.scale


def _projection(site: Sequence[Ring]) -> _Projection:
    lons = [p[0] for ring in site for p in ring]
    lats = [p[1] for ring in site for p in ring]
    centre = _Projection((min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2, 1.0)
    corner = centre.metres(max(lons), max(lats))
    span = max(2 * abs(corner[0]), 2 * abs(corner[1]), MIN_FRAME_M) * (1 + 2 * MARGIN)
    return _Projection(centre.lon0, centre.lat0, min(WIDTH, HEIGHT) / span)


def _path(rings: Iterable[Ring], project: _Projection) -> str:
    parts = []
    for ring in rings:
        points = [project(p) for p in ring]
        parts.append("M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in points) + " Z")
    return " ".join(parts)


def scale_length(scale: float) -> float:
    """The longest round length (1, 2, 5 times a power of ten metres) within a fifth
    of the picture's width."""
    target = WIDTH / 5 / scale
    return max((v for v in NICE_LENGTHS if v <= target), default=1)


def _scale_bar(scale: float) -> str:
    length = scale_length(scale)
    size = length * scale
    x0, y0 = 14.0, HEIGHT - 16.0
    return (
        f'<g class="scale"><rect x="{x0 - 6:.1f}" y="{y0 - 22:.1f}" width="{size + 12:.1f}" '
        f'height="30" fill="#fff" fill-opacity="0.85"/>'
        f'<path d="M{x0:.1f} {y0 - 5:.1f} V{y0:.1f} H{x0 + size:.1f} V{y0 - 5:.1f}" '
        f'fill="none" stroke="#000" stroke-width="2"/>'
        f'<text x="{x0:.1f}" y="{y0 - 9:.1f}" font-size="12" '
        f'font-family="Noto Sans, sans-serif">{length:g} m</text></g>'
    )


def _north_arrow() -> str:
    x, y = WIDTH - 26.0, 14.0
    return (
        f'<g class="north"><circle cx="{x:.1f}" cy="{y + 20:.1f}" r="16" fill="#fff" '
        f'fill-opacity="0.85"/>'
        f'<path d="M{x:.1f} {y + 4:.1f} L{x + 7:.1f} {y + 26:.1f} L{x:.1f} {y + 21:.1f} '
        f'L{x - 7:.1f} {y + 26:.1f} Z" fill="#000"/>'
        f'<text x="{x:.1f}" y="{y + 38:.1f}" font-size="10" text-anchor="middle" '
        f'font-family="Noto Sans, sans-serif">N</text></g>'
    )


def site_map_svg(site_map: SiteMap, *, title: str = "") -> str:
    """The site map as an SVG element to put inline in a page: neighbours in grey,
    the site in red, a north arrow and a scale bar. Only numbers the function formats
    itself and the escaped ``title`` reach the markup."""
    project = _projection(site_map.site)
    around = _path(site_map.around, project)
    site = _path(site_map.site, project)
    heading = f"<title>{escape(title)}</title>" if title else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="site-map" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}">{heading}'
        f'<defs><clipPath id="site-map-frame"><rect width="{WIDTH}" height="{HEIGHT}"/>'
        f"</clipPath></defs>"
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#f4f5f1" stroke="#444"/>'
        f'<g clip-path="url(#site-map-frame)">'
        + (
            f'<path class="around" d="{around}" fill="none" stroke="{AROUND_COLOUR}" '
            f'stroke-width="1"/>'
            if around
            else ""
        )
        + f'<path class="site" d="{site}" fill="{SITE_COLOUR}" fill-opacity="0.3" '
        f'fill-rule="evenodd" stroke="{SITE_COLOUR}" stroke-width="2.5"/></g>'
        f"{_north_arrow()}{_scale_bar(project.scale)}</svg>"
    )


def site_map_value(data: Mapping[str, Any], key: str) -> SiteMap | None:
    """The site map kept under ``key`` of a document's data, if it has a readable one."""
    text = data.get(key)
    if not text:
        return None
    try:
        return parse_site_map(str(text))
    except UnreadableSiteMap:
        return None
