"""The commune's own base map: the provider, the named layers' endpoint, the parcel page,
and the pages that draw the base (or say there is none)."""

from __future__ import annotations

import json

import pytest
import shapely
from sqlalchemy import select

from gis.basemap import DECIMALS
from gis.models import Street
from municipality.db import set_commune_scope
from tests import factories
from tests.gis import mapdata


@pytest.fixture
def alpha(db):
    with db() as session:
        data = mapdata.build(session, "alpha")
        factories.street(session, commune_=data.commune)
        factories.named_place(session, commune_=data.commune)
        factories.user(
            session, role="agent", commune_=data.commune, email="agent@alpha.test", locale="en"
        )
        return data


@pytest.fixture
def staff(app, alpha):
    assert factories.log_in(app, "agent@alpha.test").status_int == 302
    return app


def _base(page) -> list[dict]:
    return json.loads(page.html.select_one("[data-map]")["data-base-layers"])


def test_every_layer_the_commune_has_is_in_the_base_bottom_to_top(staff):
    base = _base(staff.get("/alpha/map"))
    assert [(layer["title"], layer.get("style")) for layer in base] == [
        ("Zoning plan zones", "light"),
        ("Parcels", "line"),
        ("Streets", "street"),
        ("Commune boundary", "outline"),
        ("Places", "small"),
    ]
    assert base[2]["label"] == base[4]["label"] == "name"
    link = base[1]["link"]["template"]
    assert link == "http://localhost/c/alpha/gis/parcels/{value}"


def test_residents_get_no_link_to_the_staff_parcel_page(app, alpha):
    base = _base(app.get("/alpha/map"))
    assert "link" not in base[1]


def test_named_layers_are_light_in_the_readers_language_and_cacheable(app, alpha):
    streets = app.get("/alpha/gis/base/streets.geojson", params={"lang": "ar"})
    assert streets.content_type == "application/geo+json"
    feature = streets.json["features"][0]
    assert feature["properties"] == {"name": feature["properties"]["name"]}
    assert feature["properties"]["name"].startswith("شارع")
    assert feature["geometry"]["type"] == "LineString"
    assert "public" in streets.headers["Cache-Control"]
    assert "max-age=300" in streets.headers["Cache-Control"]
    again = app.get(
        "/alpha/gis/base/streets.geojson",
        params={"lang": "ar"},
        headers={"If-None-Match": streets.headers["ETag"]},
        status=304,
    )
    assert not again.body
    places = app.get("/alpha/gis/base/places.geojson", params={"lang": "fr"}).json
    assert places["features"][0]["properties"]["name"].startswith("Marché")
    assert places["features"][0]["properties"]["kind"] == "market"
    app.get("/alpha/gis/base/owners.geojson", status=404)


def test_a_commune_without_gis_data_says_so_instead_of_an_empty_map(app, db):
    with db() as session:
        commune = factories.commune(session, slug="bare")
        factories.enable_gis(session, commune)
    page = app.get("/bare/map")
    assert not page.html.select("[data-map]")
    assert "n'a pas encore publié sa carte" in page.html.select_one(".map-empty").text


def test_parcel_page_shows_the_parcel_its_zones_rules_and_buildability(staff, db, alpha):
    page = staff.get("/c/alpha/gis/parcels/ALPHA-1")
    assert "Parcel ALPHA-1" in page.html.select_one("h1").text
    layers = json.loads(page.html.select_one("[data-map]")["data-layers"])
    assert layers[0]["data"]["features"][0]["geometry"]["type"] == "Polygon"
    text = page.html.get_text(" ", strip=True)
    assert "Zone R1" in text
    assert mapdata.OWNER not in page.text
    assert "No buildability run yet." in text
    staff.get("/c/alpha/gis/parcels/NOWHERE-9", status=404)


def test_parcel_page_is_for_staff(app, alpha):
    assert "/login" in app.get("/c/alpha/gis/parcels/ALPHA-1", status=302).location


def test_plan_page_draws_the_plan_zones_with_their_legend(staff, alpha):
    plans = staff.get("/c/alpha/gis/plans")
    page = plans.click(description="PA alpha 2020")
    layers = json.loads(page.html.select_one("#plan-map")["data-layers"])
    assert "datetime=2020-01-01" in layers[0]["url"]
    assert sorted(layers[0]["classify"]["colors"]) == ["R1", "ZI"]
    legend = page.html.select_one("#plan-legend").get_text(" ", strip=True)
    assert "Zone R1" in legend
    assert "Zone ZI" in legend
    assert staff.get(layers[0]["url"]).json["features"]


def test_named_layers_are_the_stored_geometries_rounded_as_postgis_rounds(app, db, alpha):
    with db() as session:
        set_commune_scope(session, alpha.commune.id)
        stored = {
            street.name_fr: street.geom_4326
            for street in session.scalars(select(Street).order_by(Street.id))
        }
    features = app.get("/alpha/gis/base/streets.geojson", params={"lang": "fr"}).json["features"]
    assert [f["properties"]["name"] for f in features] == list(stored)
    for feature in features:
        served = shapely.geometry.shape(feature["geometry"])
        assert served.equals_exact(stored[feature["properties"]["name"]], 10**-DECIMALS)
        coordinates = feature["geometry"]["coordinates"]
        assert all(len(repr(v).split(".")[-1]) <= DECIMALS for xy in coordinates for v in xy)
