"""The web map pages, the site locator and the static site map (PNG) for documents."""

from __future__ import annotations

import io
import json

import pytest
import shapely
from PIL import Image

from gis import maps
from gis.geometry import to_projected
from municipality.db import set_commune_scope
from municipality.models import Commune
from tests import factories
from tests.gis import mapdata

SITE_RED = maps.SITE_COLOUR


@pytest.fixture
def alpha(db):
    with db() as session:
        data = mapdata.build(session, "alpha")
        factories.user(
            session, role="agent", commune_=data.commune, email="agent@alpha.test", locale="en"
        )
        return data


@pytest.fixture
def staff(app, alpha):
    assert factories.log_in(app, "agent@alpha.test").status_int == 302
    return app


def _png(body: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(body))
    assert image.format == "PNG"
    return image.convert("RGB")


def _near(pixel, colour, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


def _blend(colour, alpha):
    background = maps.BACKGROUND
    return tuple(
        round(c * alpha / 255 + b * (1 - alpha / 255))
        for c, b in zip(colour, background, strict=True)
    )


def test_site_map_draws_the_site_over_its_zone(db, alpha):
    west, south, east, north = alpha.parcel_box(0)
    with db() as session:
        commune = session.get(Commune, alpha.commune.id)
        set_commune_scope(session, commune.id)
        site = to_projected(
            shapely.set_srid(shapely.box(west, south, east, north), 4326), commune.projected_crs
        )
        body = maps.site_map_png(session, commune, site, size=(400, 300))
        as_lonlat = maps.site_map_png(
            session,
            commune,
            shapely.set_srid(shapely.box(west, south, east, north), 4326),
            size=(400, 300),
        )
    image = _png(body)
    assert image.size == (400, 300)
    assert _png(as_lonlat).tobytes() == image.tobytes()
    centre = image.getpixel((200, 150))
    assert centre[0] > centre[1] + 60, centre
    assert centre[0] > centre[2] + 40, centre
    red_outline = sum(1 for x in range(400) if _near(image.getpixel((x, 150)), SITE_RED, 30))
    assert red_outline >= 4
    r1 = maps.zone_colours(["R1", "ZI"])["R1"]
    zone_pixel = image.getpixel((60, 40))
    assert _near(zone_pixel, _blend(maps._rgb(r1), maps.ZONE_ALPHA), 25), zone_pixel
    assert not _near(zone_pixel, maps.BACKGROUND, 10)


def test_site_map_outside_every_zone_is_background(db, alpha):
    with db() as session:
        commune = session.get(Commune, alpha.commune.id)
        set_commune_scope(session, commune.id)
        far = to_projected(
            shapely.set_srid(shapely.box(-6.5, 34.3, -6.499, 34.301), 4326), commune.projected_crs
        )
        image = _png(maps.site_map_png(session, commune, far, size=(300, 300)))
    assert image.getpixel((20, 20)) == maps.BACKGROUND


def test_zone_colours_are_stable_and_distinct():
    colours = maps.zone_colours(["ZI", "R1", "R1", "UA"])
    assert list(colours) == ["R1", "UA", "ZI"]
    assert len(set(colours.values())) == 3
    assert maps.zone_colours(["R1"]) == {"R1": maps.PALETTE[0]}


def test_site_map_route_serves_a_png_of_parcels_or_an_outline(staff, alpha):
    response = staff.get("/c/alpha/gis/site-map.png", params={"parcels": "ALPHA-1, ALPHA-2"})
    assert response.content_type == "image/png"
    assert _png(response.body).size == maps.DEFAULT_SIZE
    west, south, east, north = alpha.parcel_box(3)
    outline = json.dumps(shapely.geometry.mapping(shapely.box(west, south, east, north)))
    small = staff.get(
        "/c/alpha/gis/site-map.png", params={"polygon": outline, "width": "320", "height": "200"}
    )
    image = _png(small.body)
    assert image.size == (320, 200)
    assert image.getpixel((160, 100))[0] > 150


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({}, 422),
        ({"parcels": "NOWHERE-9"}, 404),
        ({"polygon": "{not json"}, 422),
        ({"parcels": "ALPHA-1", "width": "wide"}, 422),
    ],
)
def test_site_map_route_refuses_what_it_cannot_draw(staff, alpha, params, status):
    staff.get("/c/alpha/gis/site-map.png", params=params, status=status)


def test_site_map_route_is_for_staff(app, alpha):
    response = app.get("/c/alpha/gis/site-map.png", params={"parcels": "ALPHA-1"}, status=302)
    assert "/login" in response.location


def test_public_and_staff_map_pages_load_layers_from_the_ogc_api(app, staff, alpha):
    for path in ("/alpha/map", "/c/alpha/gis/map"):
        page = staff.get(path)
        element = page.html.select_one("[data-map]")
        base = json.loads(element["data-base-layers"])
        layers = json.loads(element["data-layers"])
        assert [layer["title"] for layer in base] == [
            "Zoning plan zones",
            "Parcels",
            "Commune boundary",
        ]
        assert base[0]["classify"]["colors"] == maps.zone_colours(["R1", "ZI"])
        assert [layer["title"] for layer in layers] == ["Servitudes"]
        assert layers[0]["style"] == "hatch"
        assert element["data-fit"] == "base"
        for layer in base + layers:
            assert layer["url"].startswith("http://localhost/ogc/alpha/collections/")
            assert staff.get(layer["url"], headers={"Accept": "application/geo+json"}).json[
                "features"
            ]
        legend = page.html.select_one("#map-legend").get_text(" ", strip=True)
        for entry in ("Zone R1", "Zone ZI", "Servitudes"):
            assert entry in legend
        assert page.html.select('a[href*="/alpha/gis/downloads/parcels.gpkg"]')
        assert mapdata.OWNER not in page.text
        scripts = [s["src"] for s in page.html.select("script[src]")]
        assert any(s.endswith("/static/vendor/leaflet/leaflet.js") for s in scripts)
        assert all(s.startswith("http://localhost/") for s in scripts)


def test_maps_answer_404_where_gis_is_off(app, db):
    with db() as session:
        mapdata.build(session, "nomaps", gis=False)
    app.get("/nomaps/map", status=404)
    app.get("/nomaps/gis/downloads/parcels.geojson", status=404)


def test_site_page_shows_the_picker_and_the_chosen_site(staff, alpha):
    page = staff.get("/c/alpha/gis/site")
    picker = page.html.select_one("[data-site-picker]")
    assert picker.select_one("input[name=parcels][type=text]")
    assert picker.select_one("[data-picker-map]").has_attr("hidden")
    form = page.forms["deform"]
    form["parcels"] = "ALPHA-1, ALPHA-2"
    shown = form.submit("show")
    image = shown.html.select_one("img.site-map")
    assert "parcels=ALPHA-1" in image["src"]
    assert _png(staff.get(image["src"]).body).size == maps.DEFAULT_SIZE
    form = shown.forms["deform"]
    form["parcels"] = "ALPHA-1, NOPE-7"
    refused = form.submit("show", status=400)
    assert "NOPE-7" in refused.html.select_one(".site-picker").parent.get_text()
