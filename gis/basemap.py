"""The commune's own base map: what every map of the commune draws under its layers.

The GIS module offers it to the core as a ``Kind.MAP_BASE_LAYER`` provider: the boundary
(an outline), the zones of the plan in force (a faint fill), the parcels (thin lines),
the named streets (lines, labelled when zoomed in) and the named places (small labelled
points). Boundary, zones and parcels are the OGC API items every other client gets;
streets and places come from a light GeoJSON endpoint of this module that carries only a
name, in the reader's language, so the file is small and may be cached; like the items,
it is written where it is cheapest (PostGIS, or shapely on all the WKB at once).

Only the layers the commune has are offered: a commune with no GIS data offers none, and
its pages say so instead of drawing an empty frame.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pyramid.config import Configurator
from pyramid.httpexceptions import HTTPNotFound
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import ColumnElement, literal, select
from sqlalchemy.orm import Session

from gis import maps
from gis.geometry import as_geojson, geojson_texts
from gis.models import CommuneBoundary, NamedPlace, Parcel, Street, Zone
from gis.ogc.layers import Zones
from gis.permissions import Perm
from municipality.i18n import _
from municipality.maps import MapLayer
from municipality.models import Commune
from municipality.ogc import encode_features, feature_collection

BOUNDARY_COLOUR = "#1d2430"
PARCEL_COLOUR = "#3c3c3c"
STREET_COLOUR = "#8a8f98"
PLACE_COLOUR = "#0b5c4a"
ITEMS_LIMIT = "1000"
# Base files change when data is imported, seldom: a browser keeps them five minutes and
# asks again with the ETag after that.
CACHE_SECONDS = 300
# Coordinates kept to about 10 cm: more digits only make the file larger.
DECIMALS = 6
NAMED: dict[str, type[Street] | type[NamedPlace]] = {"streets": Street, "places": NamedPlace}


def _has_rows(session: Session, model: Any, *where: ColumnElement[bool]) -> bool:
    return session.scalar(select(model.id).where(*where).limit(1)) is not None


def items_url(request: Request, commune: Commune, collection_id: str, **query: str) -> str:
    """An OGC API items URL, as many features a page as the map needs."""
    return request.route_url(
        "gis.ogc.items",
        commune=commune.slug,
        collection_id=collection_id,
        _query={"limit": ITEMS_LIMIT, **query},
    )


def _named_url(request: Request, commune: Commune, layer: str) -> str:
    return request.route_url(
        "gis.base", commune=commune.slug, layer=layer, _query={"lang": request.locale_name}
    )


def zone_colours(session: Session, commune: Commune) -> dict[str, str]:
    """The colour of each zone code of the plan in force, as on every map and document."""
    conditions = Zones().conditions(session, commune, None)
    return maps.zone_colours(session.scalars(select(Zone.code).where(*conditions).distinct()))


def zones_layer(
    request: Request,
    commune: Commune,
    colours: dict[str, str],
    style: str,
    *,
    day: date | None = None,
    title: Any = None,
) -> MapLayer:
    """The zones of the plan in force on ``day`` (today when ``None``), coloured by code;
    a page drawing one plan names the layer after it, apart from the base's zones."""
    translate = request.localizer.translate
    query = {"datetime": day.isoformat()} if day is not None else {}
    return MapLayer(
        items_url(request, commune, "zones", **query),
        translate(title or _("Zoning plan zones")),
        maps.PALETTE[0],
        style=style,
        classify={"property": "code", "colors": colours},
        fields={"code": translate(_("Zone")), "label": translate(_("Name"))},
    )


def base_layers(request: Request, commune: Commune) -> list[MapLayer]:
    """The commune's own layers it has data for, bottom to top."""
    session = request.dbsession
    translate = request.localizer.translate
    layers: list[MapLayer] = []
    zones = Zones().conditions(session, commune, None)
    if _has_rows(session, Zone, *zones):
        layers.append(zones_layer(request, commune, zone_colours(session, commune), "light"))
    if _has_rows(session, Parcel):
        layers.append(_parcels(request, commune))
    if _has_rows(session, Street):
        layers.append(
            MapLayer(
                _named_url(request, commune, "streets"),
                translate(_("Streets")),
                STREET_COLOUR,
                style="street",
                label="name",
            )
        )
    if _has_rows(session, CommuneBoundary):
        layers.append(
            MapLayer(
                items_url(request, commune, "boundary"),
                translate(_("Commune boundary")),
                BOUNDARY_COLOUR,
            )
        )
    if _has_rows(session, NamedPlace):
        layers.append(
            MapLayer(
                _named_url(request, commune, "places"),
                translate(_("Places")),
                PLACE_COLOUR,
                kind="point",
                style="small",
                label="name",
                fields={"name": translate(_("Name")), "kind": translate(_("Kind"))},
            )
        )
    return layers


def _parcels(request: Request, commune: Commune) -> MapLayer:
    """Parcel outlines; staff who may see plans also get a link to each parcel's page."""
    translate = request.localizer.translate
    link: dict[str, str] = {}
    if request.authenticated_userid and request.has_permission(Perm.VIEW):
        template = request.route_url("gis.parcel", commune=commune.slug, reference="VALUE")
        link = {
            "property": "reference",
            "template": template.replace("VALUE", "{value}"),
            "title": translate(_("Open the parcel")),
        }
    return MapLayer(
        items_url(request, commune, "parcels"),
        translate(_("Parcels")),
        PARCEL_COLOUR,
        style="line",
        fields={
            "reference": translate(_("Parcel reference")),
            "area_m2": translate(_("Area (m²)")),
        },
        link=link,
    )


def _name(row: Any, locale: str) -> str:
    if locale == "ar":
        return str(row.name_ar or row.name_fr)
    return str(row.name_fr or row.name_ar)


def named_features(session: Session, model: type[Street] | type[NamedPlace], locale: str) -> str:
    """Streets or places as the text of a GeoJSON array: the geometry, written where it is
    cheapest (:func:`gis.geometry.as_geojson`), and the name in ``locale``, nothing more."""
    dialect = session.get_bind().dialect.name
    kind = NamedPlace.kind if model is NamedPlace else literal("")
    rows = session.execute(
        select(
            as_geojson(dialect, model.geom_4326, DECIMALS),
            model.name_ar,
            model.name_fr,
            kind.label("kind"),
        ).order_by(model.id)
    ).all()
    properties = [
        {"name": _name(row, locale), **({"kind": row.kind} if row.kind else {})} for row in rows
    ]
    geometries = geojson_texts(dialect, [row[0] for row in rows], DECIMALS)
    return encode_features(None, geometries, properties)


@view_config(route_name="gis.base", request_method="GET", requires_module="gis")
def named_layer(request: Request) -> Response:
    """``/{commune}/gis/base/streets.geojson?lang=ar``: a base layer, cacheable."""
    model = NAMED.get(request.matchdict["layer"])
    if model is None:
        raise HTTPNotFound()
    locale = request.params.get("lang", request.locale_name)
    response = Response(
        body=feature_collection(named_features(request.dbsession, model, locale), {}),
        content_type="application/geo+json",
        charset="utf-8",
        conditional_response=True,
    )
    response.md5_etag()
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    return response


def includeme(config: Configurator) -> None:
    """The base-layer provider and the endpoint of its named layers."""
    config.add_route("gis.base", "/{commune}/gis/base/{layer}.geojson")
    config.scan(".basemap")
