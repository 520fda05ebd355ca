"""The map contract's pure parts: folding names for search, naming places, layer JSON."""

import pytest
import webtest
from pyramid.exceptions import ConfigurationError

from municipality.app import make_config
from municipality.maps import MapLayer, Place, search_key
from tests.conftest import app_settings
from tests.gis import mapdata


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("hassan ii", "Avenue Hassan II"),
        ("ecole", "École Ibn Khaldoun"),
        ("مدرسة", "مدرسه ابن خلدون"),
        ("احمد", "شارع أحمد"),
        ("مصطفي", "ساحة مُصْطَفَى"),
    ],
)
def test_a_name_is_found_however_it_is_typed(typed, stored):
    assert search_key(typed) in search_key(stored)


def test_both_names_are_searched_and_blank_ones_dropped():
    assert search_key("Rue  des   Oliviers", "", "شارع") == "rue des oliviers شارع"


def test_a_place_is_named_in_the_readers_script_when_it_can_be():
    place = Place("السوق", "Le marché", "market", -6.8, 34.0)
    only_french = Place("", "Le marché", "market", -6.8, 34.0)
    assert (place.name("ar"), place.name("fr"), only_french.name("ar")) == (
        "السوق",
        "Le marché",
        "Le marché",
    )


def test_a_layer_leaves_out_what_it_does_not_set():
    layer = MapLayer(url="/c/sale/gis/streets.geojson", title="Streets", color="#555", kind="line")
    assert layer.as_json() == {
        "url": "/c/sale/gis/streets.geojson",
        "title": "Streets",
        "color": "#555",
        "kind": "line",
        "style": "outline",
    }


# --- The operator's basemap and the Content-Security-Policy ------------------------------


@pytest.fixture
def basemap_app(engine, tmp_path):
    """An app with the basemap settings a test gives, on the test database."""

    def make(**basemap: str) -> webtest.TestApp:
        overrides = {f"baladiya.core.{key}": value for key, value in basemap.items()}
        wsgi = make_config(app_settings(engine, tmp_path, **overrides)).make_wsgi_app()
        return webtest.TestApp(wsgi, extra_environ={"HTTP_HOST": "localhost"})

    return make


def test_by_default_the_policy_names_no_other_host(basemap_app):
    policy = basemap_app().get("/healthz").headers["Content-Security-Policy"]
    assert "img-src 'self' data:;" in policy
    assert "http" not in policy


def test_a_pmtiles_basemap_comes_from_this_site_so_the_policy_is_unchanged(basemap_app):
    app = basemap_app(basemap="pmtiles", basemap_url="/tiles/sale.pmtiles")
    assert "http" not in app.get("/healthz").headers["Content-Security-Policy"]


def test_a_tile_server_is_allowed_for_pictures_only(basemap_app):
    app = basemap_app(
        basemap="tiles",
        basemap_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png",
        basemap_attribution="© OpenStreetMap",
    )
    policy = app.get("/healthz").headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://*.tiles.example.org;" in policy
    assert "script-src 'self';" in policy
    assert policy.count("tiles.example.org") == 1


@pytest.mark.parametrize(
    "basemap",
    [
        {"basemap": "google"},
        {"basemap": "pmtiles", "basemap_url": "https://elsewhere.example/x.pmtiles"},
        {"basemap": "pmtiles", "basemap_url": "//elsewhere.example/x.pmtiles"},
        {"basemap": "tiles", "basemap_url": "/tiles/{z}/{x}/{y}.png"},
        {"basemap": "tiles", "basemap_url": "https://tiles.example.org/tile.png"},
    ],
)
def test_basemap_settings_that_would_break_maps_stop_the_start(engine, tmp_path, basemap):
    overrides = {f"baladiya.core.{key}": value for key, value in basemap.items()}
    with pytest.raises(ConfigurationError, match=r"baladiya\.core\.basemap"):
        make_config(app_settings(engine, tmp_path, **overrides))


def test_map_pages_carry_the_basemap_and_its_credit(basemap_app, db):
    with db() as session:
        mapdata.build(session, "alpha")
    app = basemap_app(
        basemap="pmtiles", basemap_url="/tiles/alpha.pmtiles", basemap_attribution="© OSM"
    )
    page = app.get("/alpha/map")
    element = page.html.select_one("[data-map]")
    assert element["data-basemap"] == "pmtiles"
    assert element["data-basemap-url"] == "/tiles/alpha.pmtiles"
    assert element["data-attribution"] == "© OSM"
    scripts = [s["src"] for s in page.html.select("script[src]")]
    assert any(s.endswith("/vendor/protomaps-leaflet/protomaps-leaflet.js") for s in scripts)
