"""Static map images of a site for documents (permits, certificates): drawn with Pillow.

No tiles are fetched: the picture is the commune's own layers, drawn in its projected
CRS so that distances are true: zones of the plan in force coloured by code (the same
colours as the web map), servitudes, parcel outlines, the site on top, a legend of the
zone codes and a scale bar.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

import shapely
from PIL import Image, ImageDraw, ImageFont
from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import Session

from gis.geometry import WGS84, reproject, srid_of, to_wgs84
from gis.models import Parcel, Servitude, Zone
from gis.ogc.layers import Zones
from gis.services import commune_crs, features_in_bbox
from municipality.models import Commune

# Distinct, colour-blind-aware hues (no red: red marks the site).
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#b07aa1",
    "#edc948",
    "#76b7b2",
    "#9c755f",
    "#ff9da7",
    "#bab0ac",
    "#86bcb6",
)
SITE_COLOUR = (208, 0, 0)
SERVITUDE_COLOUR = (122, 31, 92)
PARCEL_COLOUR = (60, 60, 60)
BACKGROUND = (238, 241, 234)
ZONE_ALPHA = 110
MARGIN = 0.6
MIN_FRAME_M = 80.0
DEFAULT_SIZE = (800, 600)
MAX_SIZE = 2000


def zone_colours(codes: Iterable[str]) -> dict[str, str]:
    """A colour per zone code, in code order, the same on web maps and in documents."""
    return {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(sorted(set(codes)))}


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@dataclass(frozen=True)
class Frame:
    """The part of the commune's plane the picture shows, and how metres map to pixels."""

    minx: float
    maxy: float
    scale: float  # pixels per metre

    def pixel(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.minx) * self.scale, (self.maxy - y) * self.scale


def frame_for(site: BaseGeometry, size: tuple[int, int]) -> tuple[Frame, BaseGeometry]:
    """A frame around the site with a margin, matching the picture's proportions."""
    minx, miny, maxx, maxy = site.bounds
    span = max(maxx - minx, maxy - miny, MIN_FRAME_M)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    width, height = size
    scale = min(width, height) / (span * (1 + 2 * MARGIN))
    half_w, half_h = width / scale / 2, height / scale / 2
    window = shapely.box(cx - half_w, cy - half_h, cx + half_w, cy + half_h)
    return Frame(cx - half_w, cy + half_h, scale), window


def _rings(geometry: BaseGeometry) -> list[tuple[list[tuple[float, float]], list[list]]]:
    polygons = getattr(geometry, "geoms", [geometry])
    found = []
    for polygon in polygons:
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        found.append(
            (list(polygon.exterior.coords), [list(ring.coords) for ring in polygon.interiors])
        )
    return found


def _draw_polygon(
    draw: ImageDraw.ImageDraw,
    frame: Frame,
    geometry: BaseGeometry,
    *,
    fill: tuple[int, ...] | None,
    outline: tuple[int, ...],
    width: int,
) -> None:
    for exterior, holes in _rings(geometry):
        points = [frame.pixel(x, y) for x, y in exterior]
        if fill is not None:
            draw.polygon(points, fill=fill)
            for hole in holes:
                draw.polygon([frame.pixel(x, y) for x, y in hole], fill=(0, 0, 0, 0))
        draw.line([*points, points[0]], fill=outline, width=width, joint="curve")


def _in_window(
    session: Session, model: type, window_4326: BaseGeometry, where: list | None = None
) -> list:
    return features_in_bbox(session, model, window_4326.bounds, where=where or []).features


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def _legend(draw: ImageDraw.ImageDraw, colours: dict[str, str], height: int) -> None:
    font = _font(14)
    rows = list(colours.items())
    top = height - 12 - 20 * len(rows)
    if rows:
        draw.rectangle((6, top - 6, 150, height - 6), fill=(255, 255, 255, 230))
    for i, (code, colour) in enumerate(rows):
        y = top + 20 * i
        draw.rectangle((12, y, 30, y + 14), fill=(*_rgb(colour), 255), outline=(40, 40, 40, 255))
        draw.text((38, y - 1), code, fill=(20, 20, 20, 255), font=font)


def _scale_bar(draw: ImageDraw.ImageDraw, frame: Frame, width: int, height: int) -> None:
    """A bar of a round length (10, 20, 50, 100... m) about a fifth of the picture wide."""
    target = width / 5 / frame.scale
    nice = [m * 10**e for e in range(6) for m in (1, 2, 5)]
    length = max([value for value in nice if value <= target], default=1)
    pixels = length * frame.scale
    x0, y0 = width - 20 - pixels, height - 24
    draw.rectangle((x0 - 8, y0 - 22, width - 10, height - 8), fill=(255, 255, 255, 230))
    draw.line((x0, y0, x0 + pixels, y0), fill=(0, 0, 0, 255), width=3)
    label = f"{length:g} m"
    draw.text((x0, y0 - 20), label, fill=(0, 0, 0, 255), font=_font(14))


def site_map_png(
    session: Session,
    commune: Commune,
    site_geometry: BaseGeometry,
    size: tuple[int, int] = DEFAULT_SIZE,
) -> bytes:
    """A PNG of the site and its surroundings for a document.

    ``site_geometry`` is in the commune's projected CRS, or in EPSG:4326 when its SRID
    says so. The session must be scoped to ``commune``.
    """
    width, height = (max(64, min(MAX_SIZE, int(v))) for v in size)
    crs = commune_crs(commune)
    site = site_geometry
    if shapely.get_srid(site) == srid_of(WGS84):
        site = reproject(site, WGS84, crs)
    frame, window = frame_for(site, (width, height))
    window_4326 = to_wgs84(window, crs)
    zones_layer = Zones()
    zones = _in_window(session, Zone, window_4326, zones_layer.conditions(session, commune, None))
    colours = zone_colours(z.code for z in zones)
    picture = Image.new("RGBA", (width, height), (*BACKGROUND, 255))
    overlay = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for zone in zones:
        colour = _rgb(colours[zone.code])
        _draw_polygon(
            draw, frame, zone.geom, fill=(*colour, ZONE_ALPHA), outline=(*colour, 255), width=2
        )
    for servitude in _in_window(session, Servitude, window_4326):
        _draw_polygon(
            draw,
            frame,
            servitude.geom,
            fill=(*SERVITUDE_COLOUR, 60),
            outline=(*SERVITUDE_COLOUR, 255),
            width=2,
        )
    for parcel in _in_window(session, Parcel, window_4326):
        _draw_polygon(draw, frame, parcel.geom, fill=None, outline=(*PARCEL_COLOUR, 255), width=1)
    _draw_polygon(draw, frame, site, fill=(*SITE_COLOUR, 90), outline=(*SITE_COLOUR, 255), width=4)
    picture = Image.alpha_composite(picture, overlay)
    marks = ImageDraw.Draw(picture)
    _legend(marks, colours, height)
    _scale_bar(marks, frame, width, height)
    marks.text((width - 24, 10), "N", fill=(0, 0, 0, 255), font=_font(18))
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
