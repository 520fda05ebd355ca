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
from pyramid.config import Configurator
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import select

from gis import maps, widgets
from gis.models import Zone
from gis.ogc.collections import available
from gis.ogc.layers import Zones
from municipality.errors import ValidationFailed
from municipality.forms import make_form, submitted
from municipality.i18n import _
from municipality.parsing import InputError, parse_int
from municipality.roles import Perm

# Staff pages show public layers only: any staff member of the commune may open them.
STAFF = Perm.DASHBOARD_VIEW
BOUNDARY_COLOUR = "#1d2430"
SERVITUDE_COLOUR = "#7a1f5c"
PARCEL_COLOUR = "#3c3c3c"
ITEMS_LIMIT = "1000"


def zone_codes_in_force(request: Request) -> list[str]:
    conditions = Zones().conditions(request.dbsession, request.commune, None)
    found = request.dbsession.scalars(select(Zone.code).where(*conditions).distinct())
    return sorted(found)


def _items_url(request: Request, collection_id: str) -> str:
    return request.route_url(
        "gis.ogc.items",
        commune=request.commune.slug,
        collection_id=collection_id,
        _query={"limit": ITEMS_LIMIT},
    )


def map_layers(request: Request, colours: dict[str, str]) -> list[dict[str, Any]]:
    """map.js layers: boundary, zones by code, servitudes hatched, parcels outlined."""
    translate = request.localizer.translate

    def fields(**labels: Any) -> dict[str, str]:
        return {key: translate(label) for key, label in labels.items()}

    return [
        {
            "url": _items_url(request, "boundary"),
            "title": translate(_("Commune boundary")),
            "color": BOUNDARY_COLOUR,
            "kind": "polygon",
            "style": "outline",
        },
        {
            "url": _items_url(request, "zones"),
            "title": translate(_("Zoning plan zones")),
            "color": maps.PALETTE[0],
            "kind": "polygon",
            "classify": {"property": "code", "colors": colours},
            "fields": fields(code=_("Zone"), label=_("Name"), plan=_("Zoning plan")),
        },
        {
            "url": _items_url(request, "servitudes"),
            "title": translate(_("Servitudes")),
            "color": SERVITUDE_COLOUR,
            "kind": "polygon",
            "style": "hatch",
            "fields": fields(label=_("Name"), layer=_("Layer"), effect=_("Effect")),
        },
        {
            "url": _items_url(request, "parcels"),
            "title": translate(_("Parcels")),
            "color": PARCEL_COLOUR,
            "kind": "polygon",
            "style": "line",
            "fields": fields(reference=_("Parcel reference"), area_m2=_("Area (m²)")),
        },
    ]


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
    colours = maps.zone_colours(zone_codes_in_force(request))
    return {
        "staff": staff,
        "layers": json.dumps(map_layers(request, colours), ensure_ascii=False),
        "zones": colours,
        "colours": {
            "boundary": BOUNDARY_COLOUR,
            "servitude": SERVITUDE_COLOUR,
            "parcel": PARCEL_COLOUR,
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
    config.add_route("gis.site", "/c/{commune}/gis/site")
    config.add_route("gis.site.png", "/c/{commune}/gis/site-map.png")
    config.add_route(
        "gis.download", "/{commune}/gis/downloads/{collection_id}.{format:geojson|gpkg}"
    )
    config.scan(".webmap")
    config.scan(".downloads")
