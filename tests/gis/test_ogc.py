"""OGC API - Features, Part 1 (Core, GeoJSON, HTML), through the real app on both databases."""

from __future__ import annotations

import json
from datetime import date

import pytest
import requests
import shapely
from owslib.ogcapi.features import Features

from gis.ogc.collections import DECIMALS
from gis.ogc.layers import PUBLIC_LAYERS
from gis.ogc.params import MAX_LIMIT
from gis.ogc.views import CONFORMANCE
from municipality.db import set_commune_scope
from municipality.models import Commune
from municipality.ogc import Interval, ItemsQuery
from tests.gis import mapdata
from tests.servers import served as serve_app

GEOJSON = "application/geo+json"


@pytest.fixture
def alpha(db):
    with db() as session:
        return mapdata.build(session, "alpha")


@pytest.fixture
def two(db):
    with db() as session:
        alpha = mapdata.build(session, "alpha")
        beta = mapdata.build(session, "beta", shift=0.05)
        return alpha, beta


def _rels(body):
    return {(link["rel"], link["type"]): link["href"] for link in body["links"]}


def _get(app, path, **params):
    return app.get(path, params=params, headers={"Accept": "application/json"})


def test_landing_page_links_the_definition_conformance_and_data(app, alpha):
    body = _get(app, "/ogc/alpha/").json
    rels = _rels(body)
    assert rels[("self", "application/json")] == "http://localhost/ogc/alpha/"
    assert ("alternate", "text/html") in rels
    assert rels[("conformance", "application/json")] == "http://localhost/ogc/alpha/conformance"
    assert rels[("data", "application/json")] == "http://localhost/ogc/alpha/collections"
    definition = rels[("service-desc", "application/vnd.oai.openapi+json;version=3.0")]
    api = app.get(definition).json
    assert api["openapi"].startswith("3.0")
    assert api["servers"] == [{"url": "http://localhost/ogc/alpha"}]
    assert set(api["paths"]) >= {"/", "/conformance", "/collections/{collectionId}/items"}
    limit = api["components"]["parameters"]["limit"]["schema"]
    assert limit["maximum"] == MAX_LIMIT
    assert _get(app, "/ogc/alpha").json["links"] == body["links"]


def test_conformance_declares_core_geojson_html_and_openapi(app, alpha):
    response = _get(app, "/ogc/alpha/conformance")
    assert response.content_type == "application/json"
    assert response.json["conformsTo"] == CONFORMANCE


def test_collections_describe_each_public_layer_with_its_extent(app, alpha):
    body = _get(app, "/ogc/alpha/collections").json
    found = {c["id"]: c for c in body["collections"]}
    assert list(found) == ["boundary", "zones", "servitudes", "parcels"]
    zones = found["zones"]
    assert zones["itemType"] == "feature"
    west, south, east, north = zones["extent"]["spatial"]["bbox"][0]
    assert (west, south) == pytest.approx((-6.81, 34.03))
    assert (east, north) == pytest.approx((-6.79, 34.05))
    assert zones["extent"]["temporal"]["interval"] == [["2005-01-01T00:00:00+00:00", None]]
    items = [link for link in zones["links"] if link["rel"] == "items"]
    assert {link["type"] for link in items} == {GEOJSON, "text/html"}
    one = _get(app, "/ogc/alpha/collections/parcels").json
    assert one["id"] == "parcels"
    assert ("self", "application/json") in _rels(one)


def test_items_page_with_limit_offset_and_links(app, alpha):
    first = _get(app, "/ogc/alpha/collections/parcels/items")
    assert first.content_type == GEOJSON
    body = first.json
    assert body["type"] == "FeatureCollection"
    assert (body["numberMatched"], body["numberReturned"]) == (mapdata.PARCELS, 10)
    assert body["timeStamp"].endswith("Z")
    rels = _rels(body)
    assert ("prev", GEOJSON) not in rels
    second = app.get(rels[("next", GEOJSON)]).json
    assert second["numberReturned"] == mapdata.PARCELS - 10
    assert ("next", GEOJSON) not in _rels(second)
    back = app.get(_rels(second)[("prev", GEOJSON)]).json
    assert [f["id"] for f in back["features"]] == [f["id"] for f in body["features"]]
    seen = {f["properties"]["reference"] for f in body["features"] + second["features"]}
    assert seen == set(alpha.parcels)
    small = _get(app, "/ogc/alpha/collections/parcels/items", limit="5", offset="3").json
    assert [f["properties"]["reference"] for f in small["features"]] == [
        f"ALPHA-{i}" for i in range(4, 9)
    ]
    assert "limit=5" in _rels(small)[("next", GEOJSON)]
    huge = _get(app, "/ogc/alpha/collections/parcels/items", limit=str(MAX_LIMIT * 10)).json
    assert huge["numberReturned"] == mapdata.PARCELS


def test_parcels_never_carry_their_owner(app, alpha):
    feature = _get(app, "/ogc/alpha/collections/parcels/items", limit="100").json["features"][0]
    assert set(feature["properties"]) == {"reference", "area_m2"}
    assert feature["properties"]["area_m2"] > 5000
    for path in (
        "/ogc/alpha/collections/parcels/items?limit=100",
        "/ogc/alpha/collections/parcels/items?f=html&limit=100",
        f"/ogc/alpha/collections/parcels/items/{alpha.parcels['ALPHA-1']}",
        f"/ogc/alpha/collections/parcels/items/{alpha.parcels['ALPHA-1']}?f=html",
    ):
        assert mapdata.OWNER not in app.get(path).text


def test_bbox_keeps_the_features_that_intersect_it(app, alpha):
    west, south, east, north = alpha.parcel_box(0)
    box = f"{west + 0.0001},{south + 0.0001},{east - 0.0001},{north - 0.0001}"
    parcels = _get(app, "/ogc/alpha/collections/parcels/items", bbox=box).json
    assert [f["properties"]["reference"] for f in parcels["features"]] == ["ALPHA-1"]
    assert parcels["numberMatched"] == 1
    zones = _get(app, "/ogc/alpha/collections/zones/items", bbox=box).json
    assert [f["properties"]["code"] for f in zones["features"]] == ["R1"]
    three_d = _get(app, "/ogc/alpha/collections/zones/items", bbox=f"{box.replace(',', ',', 1)}")
    assert three_d.json["numberMatched"] == 1
    six = f"{west + 0.0001},{south + 0.0001},0,{east - 0.0001},{north - 0.0001},10"
    assert _get(app, "/ogc/alpha/collections/parcels/items", bbox=six).json["numberMatched"] == 1
    away = _get(app, "/ogc/alpha/collections/parcels/items", bbox="10,10,11,11").json
    assert (away["numberMatched"], away["features"]) == (0, [])
    across = _get(app, "/ogc/alpha/collections/parcels/items", bbox="170,-10,-170,10").json
    assert across["numberMatched"] == 0


def test_datetime_selects_the_plan_in_force(app, alpha):
    def codes(**params):
        body = _get(app, "/ogc/alpha/collections/zones/items", **params).json
        return sorted(f["properties"]["code"] for f in body["features"])

    assert codes() == ["R1", "ZI"]
    assert codes(datetime="2010-06-01") == ["OLD"]
    assert codes(datetime="2010-06-01T12:00:00Z") == ["OLD"]
    assert codes(datetime="2021-03-01T00:00:00+01:00") == ["R1", "ZI"]
    assert codes(datetime="2019-06-01/2021-01-01") == ["OLD", "R1", "ZI"]
    assert codes(datetime="../2004-12-31") == []
    assert codes(datetime="2020-01-01/..") == ["R1", "ZI"]
    zone = _get(app, f"/ogc/alpha/collections/zones/items/{alpha.zones['R1']}").json
    assert zone["properties"]["in_force_from"] == "2020-01-01"
    servitudes = _get(app, "/ogc/alpha/collections/servitudes/items", datetime="2010-06-01")
    assert servitudes.json["numberMatched"] == 1


@pytest.mark.parametrize(
    ("params", "mentions"),
    [
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "a,b,c,d"}, "bbox"),
        ({"bbox": "0,50,1,40"}, "bbox"),
        ({"bbox": "0,0,1,nan"}, "bbox"),
        ({"limit": "0"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"offset": "9223372036854775808"}, "offset"),
        ({"offset": "1_0"}, "offset"),
        ({"limit": "1_0"}, "limit"),
        ({"bbox": "0,0,1_0,1"}, "bbox"),
        ({"bbox": "0,0,1,1e400"}, "bbox"),
        ({"datetime": "yesterday"}, "datetime"),
        ({"datetime": "2021-01-01/2020-01-01"}, "datetime"),
        ({"datetime": "../.."}, "datetime"),
        ({"datetime": "2020-01-01T10:00:00"}, "datetime"),
        ({"f": "xml"}, "f"),
        ({"bboxx": "1,2,3,4"}, "bboxx"),
    ],
)
def test_bad_parameters_are_400_with_an_exception_document(app, alpha, params, mentions):
    response = app.get(
        "/ogc/alpha/collections/zones/items",
        params=params,
        headers={"Accept": "application/json"},
        status=400,
    )
    assert response.content_type == "application/json"
    assert response.json["code"] == "InvalidParameterValue"
    assert mentions in response.json["description"]


def test_single_feature_and_what_is_not_found(app, alpha):
    feature = _get(app, f"/ogc/alpha/collections/servitudes/items/{alpha.servitude}")
    assert feature.content_type == GEOJSON
    body = feature.json
    assert body["type"] == "Feature"
    assert body["id"] == alpha.servitude
    assert body["geometry"]["type"] == "Polygon"
    assert body["properties"]["kind"] == "flood_risk"
    assert ("collection", "application/json") in _rels(body)
    for path in (
        "/ogc/alpha/collections/roads",
        "/ogc/alpha/collections/roads/items",
        f"/ogc/alpha/collections/zones/items/{alpha.servitude}",
        "/ogc/alpha/collections/zones/items/not-a-uuid",
        "/ogc/nowhere/collections",
        "/ogc/nowhere/",
    ):
        missing = app.get(path, headers={"Accept": "application/json"}, status=404)
        assert missing.content_type == "application/json", path
        assert missing.json["code"] == "NotFound", path


def test_a_commune_without_the_gis_module_has_no_api(app, db):
    with db() as session:
        mapdata.build(session, "nomaps", gis=False)
    for path in ("/ogc/nomaps/", "/ogc/nomaps/collections/zones/items"):
        assert app.get(path, headers={"Accept": "application/json"}, status=404).json["code"]


def test_html_for_browsers_and_f_html(app, alpha):
    page = app.get("/ogc/alpha/collections", headers={"Accept": "text/html,*/*;q=0.8"})
    assert page.content_type == "text/html"
    assert len(page.html.select("section.card h2")) == 4
    assert page.html.select_one('a[rel=items][href*="/collections/parcels/items?f=html"]')
    items = app.get("/ogc/alpha/collections/parcels/items", params={"f": "html", "limit": "3"})
    rows = items.html.select("table.grid tbody tr")
    assert len(rows) == 3
    assert items.html.select_one("a[rel=next]")["href"].endswith("offset=3")
    json_link = items.html.select_one("a[rel=self]") or items.html.select_one("a[rel=alternate]")
    assert json_link is not None
    assert app.get("/ogc/alpha/", params={"f": "json"}).content_type == "application/json"
    assert app.get("/ogc/alpha/conformance", headers={"Accept": "*/*"}).json["conformsTo"]
    item = app.get(f"/ogc/alpha/collections/zones/items/{alpha.zones['ZI']}?f=html")
    assert "ZI" in item.html.select_one("dl").text
    missing = app.get("/ogc/alpha/collections/roads?f=html", status=404)
    assert missing.content_type == "text/html"


def test_commune_a_never_serves_b_features(app, two):
    _alpha, beta = two
    for collection in ("zones", "servitudes", "parcels"):
        body = _get(app, f"/ogc/alpha/collections/{collection}/items", limit="1000").json
        ids = {f["id"] for f in body["features"]}
        assert ids.isdisjoint({*beta.zones.values(), beta.servitude, *beta.parcels.values()})
        assert ids, collection
    assert (
        _get(app, "/ogc/alpha/collections/zones/items", datetime="2000-01-01/..").json[
            "numberMatched"
        ]
        == 3
    )
    west, south, east, north = beta.parcel_box(0)
    box = f"{west},{south},{east},{north}"
    assert _get(app, "/ogc/alpha/collections/parcels/items", bbox=box).json["numberMatched"] == 0
    assert _get(app, "/ogc/beta/collections/parcels/items", bbox=box).json["numberMatched"] >= 1
    for collection, feature in (
        ("zones", beta.zones["R1"]),
        ("zones", beta.old_zone),
        ("servitudes", beta.servitude),
        ("parcels", beta.parcels["BETA-1"]),
    ):
        app.get(
            f"/ogc/alpha/collections/{collection}/items/{feature}",
            headers={"Accept": "application/json"},
            status=404,
        )
        assert _get(app, f"/ogc/beta/collections/{collection}/items/{feature}").json["id"]
    extent = _get(app, "/ogc/alpha/collections/parcels").json["extent"]["spatial"]["bbox"][0]
    assert extent[2] < -6.78


# --- A standard client: OWSLib against the app served by waitress ---------------------------


CLOSE = {"Connection": "close"}


@pytest.fixture
def served(wsgi_app, alpha):
    """The real app on 127.0.0.1 (a free port), in a thread, for real HTTP clients."""
    with serve_app(wsgi_app, threads=2) as url:
        yield url


def test_owslib_lists_collections_reads_bbox_and_pages(served, alpha):
    # One connection per request: nothing is left open when the server stops.
    api = Features(f"{served}/ogc/alpha/", headers=CLOSE)
    assert CONFORMANCE[0] in api.conformance()["conformsTo"]
    assert api.api()["paths"]["/collections/{collectionId}/items"]
    assert api.feature_collections() == [
        "boundary",
        "zones",
        "servitudes",
        "parcels",
    ]
    assert api.collection("zones")["extent"]["spatial"]["crs"].endswith("CRS84")
    west, south, east, north = alpha.parcel_box(2)
    found = api.collection_items("parcels", bbox=[west, south, east, north], limit=5)
    assert [f["properties"]["reference"] for f in found["features"]] == ["ALPHA-3"]
    page = api.collection_items("parcels", limit=5)
    references = [f["properties"]["reference"] for f in page["features"]]
    while nxt := next((link for link in page["links"] if link["rel"] == "next"), None):
        page = requests.get(nxt["href"], headers=CLOSE, timeout=10).json()
        references += [f["properties"]["reference"] for f in page["features"]]
    assert sorted(references) == sorted(alpha.parcels)
    plan_2010 = api.collection_items("zones", datetime_="2010-06-01")
    assert [f["properties"]["code"] for f in plan_2010["features"]] == ["OLD"]
    one = api.collection_item("parcels", alpha.parcels["ALPHA-2"])
    assert one["properties"] == {"reference": "ALPHA-2", "area_m2": one["properties"]["area_m2"]}
    with pytest.raises(RuntimeError):
        api.collection_items("parcels", limit=0)


# --- Pages written where it is cheapest ----------------------------------------------------


def _queries(alpha) -> list[ItemsQuery]:
    west, south, east, north = alpha.parcel_box(1)
    return [
        ItemsQuery(None, None, MAX_LIMIT, 0),
        ItemsQuery(None, None, 3, 2),
        ItemsQuery((west - 0.002, south, east + 0.002, north), None, 2, 1),
        ItemsQuery((170.0, -10.0, -170.0, 10.0), None, 10, 0),
        ItemsQuery(None, Interval.instant(date(2010, 6, 1)), 10, 0),
    ]


@pytest.mark.parametrize("collection", PUBLIC_LAYERS, ids=lambda c: c.id)
def test_encoded_pages_are_the_features_themselves(db, two, collection):
    """The page the database (or shapely, from WKB) writes holds the same features, in the
    same order, with the same properties and geometries, as the page of feature objects."""
    alpha, _beta = two
    with db() as session:
        set_commune_scope(session, alpha.commune.id)
        commune = session.get(Commune, alpha.commune.id)
        for query in _queries(alpha):
            encoded = collection.encoded_items(session, commune, query)
            page = collection.items(session, commune, query)
            features = json.loads(encoded.features)
            assert (encoded.matched, encoded.returned) == (page.matched, len(page.features))
            assert [f["type"] for f in features] == ["Feature"] * len(page.features)
            assert [f["id"] for f in features] == [f.id for f in page.features]
            assert [f["properties"] for f in features] == [f.properties for f in page.features]
            geometries = shapely.from_geojson([json.dumps(f["geometry"]) for f in features])
            wanted = [f.geometry for f in page.features]
            assert all(shapely.equals_exact(geometries, wanted, tolerance=1e-7))
        everything = list(collection.everything(session, commune))
        assert len(everything) == collection.items(session, commune, _queries(alpha)[0]).matched
        encoded_all = json.loads(collection.encoded_everything(session, commune))
        assert [(f["id"], f["properties"]) for f in encoded_all] == [
            (f.id, f.properties) for f in everything
        ]


def test_items_answer_is_the_encoded_page_spliced_in(app, alpha):
    response = _get(app, "/ogc/alpha/collections/parcels/items", limit="3", offset="1")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Content-Crs"].endswith("CRS84>")
    body = response.json
    assert list(body) == [
        "type",
        "features",
        "links",
        "timeStamp",
        "numberMatched",
        "numberReturned",
    ]
    assert [f["properties"]["reference"] for f in body["features"]] == [
        "ALPHA-2",
        "ALPHA-3",
        "ALPHA-4",
    ]
    ring = body["features"][0]["geometry"]["coordinates"][0]
    assert all(len(f"{value}".split(".")[-1]) <= DECIMALS for point in ring for value in point)
    empty = _get(app, "/ogc/alpha/collections/parcels/items", bbox="10,10,11,11").json
    assert (empty["features"], empty["numberReturned"]) == ([], 0)
    html = app.get("/ogc/alpha/collections/parcels/items?f=html&limit=3")
    assert "ALPHA-3" in html.text
