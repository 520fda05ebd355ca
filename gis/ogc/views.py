"""OGC API - Features, Part 1: landing page, conformance, collections, items, one item.

JSON (``application/json``, and ``application/geo+json`` for features) is the default and
what clients such as QGIS, OWSLib and Leaflet read; a person's browser (``Accept:
text/html``) or ``f=html`` gets a plain HTML page. Errors are the standard's exception
document ``{"code", "description"}`` with the right status.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import shapely
from pyramid.httpexceptions import HTTPException
from pyramid.renderers import render_to_response
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from municipality.i18n import _
from municipality.ogc import (
    Collection,
    EncodedPage,
    Extent,
    Feature,
    ItemsQuery,
    feature_collection,
)

from . import openapi
from .collections import available
from .params import (
    OgcError,
    check_known,
    output_format,
    parse_items,
)

JSON = "application/json"
GEOJSON = "application/geo+json"
HTML = "text/html"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
]
ONLY_F = frozenset({"f"})
ROUTES = (
    "gis.ogc.root",
    "gis.ogc.landing",
    "gis.ogc.api",
    "gis.ogc.conformance",
    "gis.ogc.collections",
    "gis.ogc.collection",
    "gis.ogc.items",
    "gis.ogc.item",
)


# --- Negotiation and answers ------------------------------------------------------------


def wants_html(request: Request) -> bool:
    """``f`` decides; else the Accept header, JSON winning ties and ``*/*``."""
    chosen = output_format(request.GET)
    if chosen is not None:
        return chosen == "html"
    offers = request.accept.acceptable_offers([JSON, GEOJSON, HTML])
    return bool(offers) and offers[0][0] == HTML


def json_response(body: Any, content_type: str = JSON, status: int = 200) -> Response:
    encoded = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return encoded_response(encoded, content_type, status)


def encoded_response(body: bytes, content_type: str, status: int = 200) -> Response:
    """A JSON document already written as UTF-8."""
    response = Response(body=body, status=status, content_type=content_type, charset="utf-8")
    # Public data: web maps on other sites may read it.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def html_response(request: Request, page: str, values: dict[str, Any]) -> Response:
    return render_to_response("gis:templates/ogc.jinja2", {"page": page, **values}, request=request)


def link(href: str, rel: str, media_type: str, title: str | None = None) -> dict[str, str]:
    found = {"href": href, "rel": rel, "type": media_type}
    if title:
        found["title"] = title
    return found


def self_links(
    request: Request, route: str, media_type: str = JSON, **parts: Any
) -> list[dict[str, str]]:
    """``self`` and ``alternate`` (JSON and HTML) links to the page being answered."""
    query = {k: v for k, v in request.GET.items() if k != "f"}
    here = request.route_url(route, commune=request.commune.slug, _query=query, **parts)
    html = request.route_url(
        route, commune=request.commune.slug, _query={**query, "f": "html"}, **parts
    )
    as_json = request.route_url(
        route, commune=request.commune.slug, _query={**query, "f": "json"}, **parts
    )
    if wants_html(request):
        return [link(html, "self", HTML), link(as_json, "alternate", media_type)]
    return [link(here, "self", media_type), link(html, "alternate", HTML)]


def _translate(request: Request, text: Any) -> str:
    return str(request.localizer.translate(text))


def _collection(request: Request, collection_id: str) -> Collection:
    collection = available(request.registry, request.enabled_modules).get(collection_id)
    if collection is None:
        raise OgcError(404, "NotFound", f"There is no collection {collection_id!r}.")
    return collection


def _api_title(request: Request) -> str:
    commune = request.commune.name(request.locale_name)
    return _translate(request, _("Maps of ${commune}", mapping={"commune": commune}))


# --- Landing page, definition, conformance -----------------------------------------------


@view_config(route_name="gis.ogc.root", request_method="GET", requires_module="gis")
@view_config(route_name="gis.ogc.landing", request_method="GET", requires_module="gis")
def landing(request: Request) -> Response:
    check_known(request.GET, ONLY_F)
    slug = request.commune.slug
    body = {
        "title": _api_title(request),
        "description": _translate(
            request, _("Zoning, servitudes and parcels of the commune, as OGC API - Features.")
        ),
        "links": [
            *self_links(request, "gis.ogc.landing"),
            link(
                request.route_url("gis.ogc.api", commune=slug),
                "service-desc",
                openapi.OPENAPI_TYPE,
                "API definition",
            ),
            link(
                request.route_url("gis.ogc.conformance", commune=slug),
                "conformance",
                JSON,
                "Conformance classes",
            ),
            link(
                request.route_url("gis.ogc.collections", commune=slug),
                "data",
                JSON,
                "Collections",
            ),
        ],
    }
    if wants_html(request):
        return html_response(request, "landing", {"body": body})
    return json_response(body)


@view_config(route_name="gis.ogc.api", request_method="GET", requires_module="gis")
def api_definition(request: Request) -> Response:
    check_known(request.GET, ONLY_F)
    base = request.route_url("gis.ogc.landing", commune=request.commune.slug).rstrip("/")
    ids = list(available(request.registry, request.enabled_modules))
    return json_response(
        openapi.document(_api_title(request), base, ids), "application/vnd.oai.openapi+json"
    )


@view_config(route_name="gis.ogc.conformance", request_method="GET", requires_module="gis")
def conformance(request: Request) -> Response:
    check_known(request.GET, ONLY_F)
    body = {"conformsTo": CONFORMANCE, "links": self_links(request, "gis.ogc.conformance")}
    if wants_html(request):
        return html_response(request, "conformance", {"body": body})
    return json_response(body)


# --- Collections -------------------------------------------------------------------------


def _temporal(interval: tuple[date | None, date | None]) -> list[str | None]:
    return [
        None if day is None else datetime(day.year, day.month, day.day, tzinfo=UTC).isoformat()
        for day in interval
    ]


def collection_document(request: Request, collection: Collection) -> dict[str, Any]:
    slug = request.commune.slug
    extent: Extent = collection.extent(request.dbsession, request.commune)
    items = request.route_url("gis.ogc.items", commune=slug, collection_id=collection.id)
    document: dict[str, Any] = {
        "id": collection.id,
        "title": _translate(request, collection.title),
        "description": _translate(request, collection.description),
        "itemType": "feature",
        "crs": [CRS84],
        "links": [
            link(items, "items", GEOJSON, _translate(request, collection.title)),
            link(f"{items}?f=html", "items", HTML, _translate(request, collection.title)),
        ],
    }
    if extent.bbox is not None:
        document["extent"] = {"spatial": {"bbox": [list(extent.bbox)], "crs": CRS84}}
        if extent.interval is not None:
            document["extent"]["temporal"] = {
                "interval": [_temporal(extent.interval)],
                "trs": GREGORIAN,
            }
    return document


@view_config(route_name="gis.ogc.collections", request_method="GET", requires_module="gis")
def collections(request: Request) -> Response:
    check_known(request.GET, ONLY_F)
    found = available(request.registry, request.enabled_modules).values()
    body = {
        "links": self_links(request, "gis.ogc.collections"),
        "collections": [collection_document(request, c) for c in found],
    }
    if wants_html(request):
        return html_response(request, "collections", {"body": body})
    return json_response(body)


@view_config(route_name="gis.ogc.collection", request_method="GET", requires_module="gis")
def collection(request: Request) -> Response:
    check_known(request.GET, ONLY_F)
    wanted = _collection(request, request.matchdict["collection_id"])
    body = collection_document(request, wanted)
    body["links"][:0] = self_links(request, "gis.ogc.collection", collection_id=wanted.id)
    if wants_html(request):
        return html_response(request, "collection", {"body": body})
    return json_response(body)


# --- Features ----------------------------------------------------------------------------


def feature_document(feature: Feature) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": feature.id,
        "geometry": json.loads(shapely.to_geojson(feature.geometry)),
        "properties": feature.properties,
    }


def _paging_links(request: Request, query: ItemsQuery, page: EncodedPage) -> list[dict[str, str]]:
    """``next`` while features remain, ``prev`` unless this is the first page."""
    links = []
    params = {k: v for k, v in request.GET.items() if k != "offset"}
    html = wants_html(request)
    media_type = HTML if html else GEOJSON

    def at(offset: int) -> str:
        return request.route_url(
            "gis.ogc.items",
            commune=request.commune.slug,
            collection_id=request.matchdict["collection_id"],
            _query={**params, "offset": str(offset)},
        )

    if query.offset + page.returned < page.matched:
        links.append(link(at(query.offset + page.returned), "next", media_type))
    if query.offset > 0:
        links.append(link(at(max(0, query.offset - query.limit)), "prev", media_type))
    return links


def _items_links(request: Request, query: ItemsQuery, page: EncodedPage) -> list[dict[str, str]]:
    collection_id = request.matchdict["collection_id"]
    return [
        *self_links(request, "gis.ogc.items", GEOJSON, collection_id=collection_id),
        *_paging_links(request, query, page),
        link(
            request.route_url(
                "gis.ogc.collection", commune=request.commune.slug, collection_id=collection_id
            ),
            "collection",
            JSON,
        ),
    ]


@view_config(route_name="gis.ogc.items", request_method="GET", requires_module="gis")
def items(request: Request) -> Response:
    wanted = _collection(request, request.matchdict["collection_id"])
    query = parse_items(request.GET, request.commune.timezone)
    page = wanted.encoded_items(request.dbsession, request.commune, query)
    rest = {
        "links": _items_links(request, query, page),
        "timeStamp": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "numberMatched": page.matched,
        "numberReturned": page.returned,
    }
    if wants_html(request):
        body = {"type": "FeatureCollection", "features": json.loads(page.features), **rest}
        return html_response(
            request,
            "items",
            {"body": body, "title": _translate(request, wanted.title), "query": query},
        )
    response = encoded_response(feature_collection(page.features, rest), GEOJSON)
    response.headers["Content-Crs"] = f"<{CRS84}>"
    return response


@view_config(route_name="gis.ogc.item", request_method="GET", requires_module="gis")
def item(request: Request) -> Response:
    check_known(request.GET, ONLY_F)
    wanted = _collection(request, request.matchdict["collection_id"])
    feature = wanted.item(request.dbsession, request.commune, request.matchdict["feature_id"])
    if feature is None:
        raise OgcError(404, "NotFound", "There is no such feature in this collection.")
    body = feature_document(feature)
    body["links"] = [
        *self_links(
            request, "gis.ogc.item", GEOJSON, collection_id=wanted.id, feature_id=feature.id
        ),
        link(
            request.route_url(
                "gis.ogc.collection", commune=request.commune.slug, collection_id=wanted.id
            ),
            "collection",
            JSON,
        ),
    ]
    if wants_html(request):
        return html_response(
            request, "item", {"body": body, "title": _translate(request, wanted.title)}
        )
    response = json_response(body, GEOJSON)
    response.headers["Content-Crs"] = f"<{CRS84}>"
    return response


# --- Errors ------------------------------------------------------------------------------


def exception_response(request: Request, status: int, code: str, description: str) -> Response:
    """The standard's exception document; an HTML page for a person who asked for one."""
    try:
        html = wants_html(request)
    except OgcError:
        html = False
    if html:
        response = render_to_response(
            "municipality:templates/error.jinja2",
            {"status": status, "title": code, "detail": description},
            request=request,
        )
        response.status = status
        return response
    return json_response({"code": code, "description": description}, status=status)


def ogc_error_view(exc: OgcError, request: Request) -> Response:
    return exception_response(request, exc.status, exc.code, exc.description)


def not_found_view(exc: HTTPException, request: Request) -> Response:
    """An unknown commune, or one without maps, is a 404 in the API's own format."""
    return exception_response(request, 404, "NotFound", "There is nothing at this address.")
