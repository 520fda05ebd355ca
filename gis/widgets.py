"""Choosing a site in a form: parcel references, a polygon drawn on a map, or both.

Without JavaScript the field is a plain text input of parcel references, which is all a
form needs. ``gis/static/picker.js`` adds a map of the commune's parcels: a click on a
parcel adds or removes its reference in that input, and a polygon can be drawn; it is
kept as GeoJSON in a hidden input. :func:`site_node` gives a form the whole field:
widget, type and the validator that checks references and geometry against the commune.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import colander
import deform
import shapely
from pyramid.request import Request
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import Session

from gis import services
from gis.geometry import WGS84, reproject, to_wgs84
from municipality.errors import NotFound, ValidationFailed
from municipality.i18n import _
from municipality.models import Commune

MAX_REFERENCES = 50
MAX_POLYGON_CHARS = 100_000
MAX_VERTICES = 500
POLYGON_DECIMALS = 7
_SEPARATORS = re.compile(r"[,;\n]+")


@dataclass(frozen=True)
class Site:
    """What the resident chose: parcel references and/or a polygon in longitude/latitude."""

    references: tuple[str, ...] = ()
    polygon: BaseGeometry | None = None


def split_references(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in _SEPARATORS.split(text) if part.strip()))


def parse_polygon(node: colander.SchemaNode, text: str) -> BaseGeometry:
    """A GeoJSON Polygon in longitude/latitude that does not cross itself."""
    if len(text) > MAX_POLYGON_CHARS:
        raise colander.Invalid(node, _("The drawn polygon has too many points."))
    try:
        polygon = shape(json.loads(text))
    except (ValueError, TypeError, KeyError, AttributeError):
        raise colander.Invalid(node, _("The drawn polygon could not be read.")) from None
    if polygon.geom_type != "Polygon" or polygon.is_empty:
        raise colander.Invalid(node, _("Draw a polygon of at least three corners."))
    coordinates = shapely.get_coordinates(polygon)
    if len(coordinates) > MAX_VERTICES:
        raise colander.Invalid(node, _("The drawn polygon has too many points."))
    lon_ok = (abs(coordinates[:, 0]) <= 180).all()
    lat_ok = (abs(coordinates[:, 1]) <= 90).all()
    if not (lon_ok and lat_ok):
        raise colander.Invalid(node, _("The drawn polygon is not in longitude and latitude."))
    if polygon.convex_hull.area == 0:
        raise colander.Invalid(node, _("Draw a polygon of at least three corners."))
    if not polygon.is_valid:
        raise colander.Invalid(
            node, _("The drawn polygon crosses itself: draw its corners in order around it.")
        )
    return shapely.set_srid(polygon, 4326)


class SiteType(colander.SchemaType):
    """``{"parcels": "A-1, A-2", "polygon": "<GeoJSON>"}`` from the form, a :class:`Site`."""

    def serialize(self, node: colander.SchemaNode, appstruct: Any) -> Any:
        if appstruct is colander.null or appstruct is None:
            return colander.null
        polygon = appstruct.polygon
        return {
            "parcels": ", ".join(appstruct.references),
            "polygon": "" if polygon is None else shapely.to_geojson(polygon),
        }

    def deserialize(self, node: colander.SchemaNode, cstruct: Any) -> Any:
        if cstruct is colander.null or not isinstance(cstruct, dict):
            return colander.null
        references = split_references(str(cstruct.get("parcels") or ""))
        text = str(cstruct.get("polygon") or "").strip()
        if not references and not text:
            return colander.null
        if len(references) > MAX_REFERENCES:
            raise colander.Invalid(
                node,
                _("At most ${count} parcels may be chosen.", mapping={"count": MAX_REFERENCES}),
            )
        return Site(references, parse_polygon(node, text) if text else None)


def site_geometry(session: Session, commune: Commune, site: Site) -> BaseGeometry:
    """The site in the commune's projected CRS: its parcels and polygon together.

    Raises :class:`NotFound` for unknown references and :class:`ValidationFailed` for a
    polygon outside the commune.
    """
    crs = services.commune_crs(commune)
    parts: list[BaseGeometry] = []
    if site.references:
        parts.extend(p.geom for p in services.parcels_by_reference(session, site.references))
    if site.polygon is not None:
        territory = services.boundary(session)
        if territory is not None and not territory.geom_4326.buffer(1e-7).covers(site.polygon):
            raise ValidationFailed(_("The drawn polygon goes outside the commune."))
        parts.append(reproject(site.polygon, WGS84, crs))
    return reproject(shapely.union_all(parts), crs, crs)


class SiteValidator:
    """Checks a :class:`Site` against the commune of the bound request."""

    def __init__(self, request: Request) -> None:
        self.request = request

    def __call__(self, node: colander.SchemaNode, value: Site) -> None:
        try:
            site_geometry(self.request.dbsession, self.request.commune, value)
        except (NotFound, ValidationFailed) as refusal:
            raise colander.Invalid(node, refusal.detail) from None


class SitePickerWidget(deform.widget.Widget):
    """The references input, the hidden polygon and the map picker.js draws."""

    template = "gis:templates/map_picker.pt"
    readonly_template = "gis:templates/map_picker.pt"
    layers = "[]"
    labels: dict[str, str] = {}

    def serialize(self, field: deform.Field, cstruct: Any, **kw: Any) -> str:
        value = cstruct if isinstance(cstruct, dict) else {}
        values = self.get_template_values(field, value, kw)
        values.update(
            parcels=value.get("parcels", ""),
            polygon=value.get("polygon", ""),
            layers=self.layers,
            labels=self.labels,
        )
        return str(field.renderer(self.template, **values))

    def deserialize(self, field: deform.Field, pstruct: Any) -> Any:
        if pstruct is colander.null or not isinstance(pstruct, dict):
            return colander.null
        parcels = str(pstruct.get("parcels") or "").strip()
        polygon = str(pstruct.get("polygon") or "").strip()
        if not parcels and not polygon:
            return colander.null
        return {"parcels": parcels, "polygon": polygon}


PICKER_LABELS = {
    "help": _(
        "Parcel references separated by commas. On the map, click a parcel to add or "
        "remove it, or draw the outline of the site."
    ),
    "map": _("Map to choose parcels or draw the site"),
    "draw": _("Draw the site"),
    "finish": _("Finish the outline"),
    "erase": _("Clear the outline"),
    "added": _("Parcel ${reference} added."),
    "removed": _("Parcel ${reference} removed."),
    "corner": _("Corner ${number} placed."),
    "closed": _("Outline finished with ${number} corners."),
    "too_few": _("Place at least three corners first."),
    "zoom_in": _("Zoom in"),
    "zoom_out": _("Zoom out"),
}


def picker_layers(request: Request) -> list[dict[str, Any]]:
    """The commune boundary and its parcels, read from the commune's OGC API."""
    translate = request.localizer.translate

    def items(collection_id: str) -> str:
        return request.route_url(
            "gis.ogc.items",
            commune=request.commune.slug,
            collection_id=collection_id,
            _query={"limit": "1000"},
        )

    return [
        {
            "url": items("boundary"),
            "title": translate(_("Commune boundary")),
            "color": "#1d2430",
            "kind": "polygon",
            "style": "outline",
        },
        {
            "url": items("parcels"),
            "title": translate(_("Parcels")),
            "color": "#3c3c3c",
            "kind": "polygon",
            "select": "reference",
        },
    ]


@colander.deferred
def site_picker_widget(node: colander.SchemaNode, kw: dict[str, Any]) -> SitePickerWidget:
    request = kw["request"]
    translate = request.localizer.translate
    widget = SitePickerWidget()
    widget.layers = json.dumps(picker_layers(request), ensure_ascii=False)
    widget.labels = {key: translate(label) for key, label in PICKER_LABELS.items()}
    return widget


@colander.deferred
def site_validator(node: colander.SchemaNode, kw: dict[str, Any]) -> SiteValidator:
    return SiteValidator(kw["request"])


def site_node(name: str = "site", title: Any = None, **kw: Any) -> colander.SchemaNode:
    """The whole field for a schema (bind it with ``request``, as ``make_form`` does)."""
    return colander.SchemaNode(
        SiteType(),
        name=name,
        title=title if title is not None else _("Site"),
        widget=site_picker_widget,
        validator=site_validator,
        **kw,
    )


def stored_site(references: Iterable[str], text: str | None) -> Site:
    """A site as a form keeps it (parcel references, and a polygon in longitude/latitude
    written as GeoJSON or WKT) back as the picker's value, to change it."""
    raw = (text or "").strip()
    polygon = None
    if raw:
        try:
            polygon = shapely.from_geojson(raw) if raw.startswith("{") else shapely.from_wkt(raw)
        except (shapely.errors.GEOSException, ValueError):
            polygon = None
    return Site(tuple(references), polygon)


def polygon_text(site: Site) -> str | None:
    """The site's polygon as the GeoJSON a form keeps (to about a centimetre), or None."""
    if site.polygon is None:
        return None
    rounded = shapely.transform(site.polygon, lambda points: points.round(POLYGON_DECIMALS))
    return str(shapely.to_geojson(rounded))


def to_lonlat(geometry: BaseGeometry, commune: Commune) -> BaseGeometry:
    """A site geometry from :func:`site_geometry` back in longitude/latitude."""
    return to_wgs84(geometry, services.commune_crs(commune))
