"""The commune's web map (staff and residents), the site locator and its static map.

The pages hold no features: ``map.js`` reads them from the commune's OGC API items
(GeoJSON), so the map shows exactly what any other client gets. The legend is
server-rendered HTML, readable without JavaScript, and the download links work without
it too.
"""

from __future__ import annotations

import json
from typing import Any

import colander
import shapely.geometry
from pyramid.config import Configurator
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from gis import basemap, maps, services, widgets
from gis.models import Parcel
from gis.ogc.collections import available
from gis.ogc.params import local_today
from gis.permissions import Perm as GisPerm
from municipality.errors import ValidationFailed
from municipality.forms import make_form, submitted
from municipality.i18n import _
from municipality.parsing import InputError, parse_int
from municipality.roles import Perm

# Staff pages show public layers only: any staff member of the commune may open them.
STAFF = Perm.DASHBOARD_VIEW
SERVITUDE_COLOUR = "#7a1f5c"
PARCEL_HIGHLIGHT = "#d00000"


def servitude_layer(request: Request) -> dict[str, Any]:
    """map.js layer of the servitudes, hatched; the rest of the map is the commune's base."""
    translate = request.localizer.translate
    return {
        "url": basemap.items_url(request, request.commune, "servitudes"),
        "title": translate(_("Servitudes")),
        "color": SERVITUDE_COLOUR,
        "kind": "polygon",
        "style": "hatch",
        "fields": {
            key: translate(label)
            for key, label in {
                "label": _("Name"),
                "layer": _("Layer"),
                "effect": _("Effect"),
            }.items()
        },
    }


def downloads(request: Request) -> list[dict[str, Any]]:
    """Each public layer's files: GeoJSON, and GeoPackage in the commune's CRS or WGS 84."""
    slug = request.commune.slug
    crs = request.commune.projected_crs
    found = []
    for collection in available(request.registry, request.enabled_modules).values():

        def url(file_format: str, query: dict[str, str], cid: str = collection.id) -> str:
            return request.route_url(
                "gis.download", commune=slug, collection_id=cid, format=file_format, _query=query
            )

        found.append(
            {
                "title": request.localizer.translate(collection.title),
                "files": [
                    ("GeoJSON", url("geojson", {})),
                    (f"GeoPackage ({crs})", url("gpkg", {})),
                    ("GeoPackage (EPSG:4326)", url("gpkg", {"crs": "4326"})),
                ],
            }
        )
    return found


def map_page(request: Request, *, staff: bool) -> dict[str, Any]:
    return {
        "staff": staff,
        "layers": json.dumps([servitude_layer(request)], ensure_ascii=False),
        "zones": basemap.zone_colours(request.dbsession, request.commune),
        "colours": {
            "boundary": basemap.BOUNDARY_COLOUR,
            "servitude": SERVITUDE_COLOUR,
            "parcel": basemap.PARCEL_COLOUR,
            "street": basemap.STREET_COLOUR,
            "place": basemap.PLACE_COLOUR,
        },
        "downloads": downloads(request),
        "api_url": request.route_url("gis.ogc.landing", commune=request.commune.slug),
    }


@view_config(
    route_name="gis.map.public",
    renderer="gis:templates/map.jinja2",
    request_method="GET",
    requires_module="gis",
)
def public_map(request: Request) -> dict[str, Any]:
    """Anyone may see the zoning plan in force, servitudes and parcels (never owners)."""
    return map_page(request, staff=False)


@view_config(
    route_name="gis.map.staff",
    renderer="gis:templates/map.jinja2",
    request_method="GET",
    permission=STAFF,
    requires_module="gis",
)
def staff_map(request: Request) -> dict[str, Any]:
    return map_page(request, staff=True)


# --- A parcel --------------------------------------------------------------------------


def parcel_layer(request: Request, parcel: Parcel) -> dict[str, Any]:
    """The parcel itself, drawn over the base (inline: it is one small polygon)."""
    feature = {
        "type": "Feature",
        "geometry": shapely.geometry.mapping(parcel.geom_4326),
        "properties": {"reference": parcel.reference},
    }
    return {
        "data": {"type": "FeatureCollection", "features": [feature]},
        "title": request.localizer.translate(
            _("Parcel ${reference}", mapping={"reference": parcel.reference})
        ),
        "color": PARCEL_HIGHLIGHT,
        "kind": "polygon",
        "style": "fill",
    }


@view_config(
    route_name="gis.parcel",
    renderer="gis:templates/parcel.jinja2",
    request_method="GET",
    permission=GisPerm.VIEW,
    requires_module="gis",
)
def parcel_page(request: Request) -> dict[str, Any]:
    """One parcel: where it is, the zones it lies in with their rules, what it allows."""
    session = request.dbsession
    parcel = services.parcels_by_reference(session, [request.matchdict["reference"]])[0]
    plan = services.plan_in_force(session, local_today(request.commune.timezone))
    return {
        "parcel": parcel,
        "plan": plan,
        "zones": services.parcel_zones(session, parcel, plan) if plan else [],
        "buildability": services.parcel_buildability(session, parcel),
        "layers": json.dumps([parcel_layer(request, parcel)], ensure_ascii=False),
        "uses": services.USE_TITLES,
    }


# --- Locating a site ---------------------------------------------------------------------


class SiteSchema(colander.Schema):
    site = widgets.site_node(title=_("Site"))


def _site_query(site: widgets.Site) -> dict[str, str]:
    cstruct = widgets.SiteType().serialize(colander.SchemaNode(widgets.SiteType()), site)
    return {"parcels": cstruct["parcels"], "polygon": cstruct["polygon"]}


@view_config(
    route_name="gis.site",
    renderer="gis:templates/map_site.jinja2",
    permission=STAFF,
    requires_module="gis",
)
def site_page(request: Request) -> dict[str, Any]:
    """Choose a site (parcels and/or an outline) and see it on the static map."""
    form = make_form(request, SiteSchema(), buttons=[("show", _("Show the site"))])
    data, html = submitted(form, request)
    if data is None:
        return {"form": html, "image_url": None}
    site: widgets.Site = data["site"]
    geometry = widgets.site_geometry(request.dbsession, request.commune, site)
    image = request.route_url(
        "gis.site.png",
        commune=request.commune.slug,
        _query=_site_query(site),
    )
    return {
        "form": html,
        "image_url": image,
        "area": round(geometry.area),
        "references": site.references,
    }


@view_config(
    route_name="gis.site.png", request_method="GET", permission=STAFF, requires_module="gis"
)
def site_png(request: Request) -> Response:
    """``?parcels=A-1,A-2`` and/or ``&polygon=<GeoJSON>``, ``&width=&height=``: a PNG."""
    node = colander.SchemaNode(widgets.SiteType())
    try:
        site = node.deserialize(
            {
                "parcels": request.params.get("parcels", ""),
                "polygon": request.params.get("polygon", ""),
            }
        )
    except colander.Invalid as invalid:
        raise ValidationFailed(request.localizer.translate(invalid.msg)) from None
    if site is colander.null:
        raise ValidationFailed(_("Give parcel references or an outline."))
    geometry = widgets.site_geometry(request.dbsession, request.commune, site)
    width, height = maps.DEFAULT_SIZE
    size = (_size(request.params.get("width"), width), _size(request.params.get("height"), height))
    body = maps.site_map_png(request.dbsession, request.commune, geometry, size=size)
    response = Response(body=body, content_type="image/png")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


# Sizes above maps.MAX_SIZE are drawn at that size; a number beyond this is refused.
MAX_PIXELS = 100_000


def _size(raw: str | None, default: int) -> int:
    try:
        return parse_int(raw, "size", minimum=1, maximum=MAX_PIXELS) if raw else default
    except InputError:
        raise ValidationFailed(_("The picture size must be a whole number of pixels.")) from None


def includeme(config: Configurator) -> None:
    """The map pages, the site locator, downloads and the picker's script."""
    config.add_static_view("gis-static", "gis:static", cache_max_age=86400)
    config.add_route("gis.map.public", "/{commune}/map")
    config.add_route("gis.map.staff", "/c/{commune}/gis/map")
    config.add_route("gis.parcel", "/c/{commune}/gis/parcels/{reference}")
    config.add_route("gis.site", "/c/{commune}/gis/site")
    config.add_route("gis.site.png", "/c/{commune}/gis/site-map.png")
    config.add_route(
        "gis.download", "/{commune}/gis/downloads/{collection_id}.{format:geojson|gpkg}"
    )
    config.scan(".webmap")
    config.scan(".downloads")
