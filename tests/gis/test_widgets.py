"""The site picker: a plain parcel-reference field, a map for JavaScript, strict validation."""

from __future__ import annotations

import json

import colander
import pytest
import shapely

from gis import widgets
from tests import factories
from tests.gis import mapdata


def _polygon(*corners):
    return json.dumps({"type": "Polygon", "coordinates": [[*map(list, corners), list(corners[0])]]})


INSIDE = _polygon((-6.805, 34.041), (-6.803, 34.041), (-6.803, 34.043), (-6.805, 34.043))
BOWTIE = _polygon((-6.805, 34.041), (-6.803, 34.043), (-6.803, 34.041), (-6.805, 34.043))
OUTSIDE = _polygon((-6.6, 34.1), (-6.59, 34.1), (-6.59, 34.11), (-6.6, 34.11))


def _type(cstruct):
    return widgets.SiteType().deserialize(colander.SchemaNode(widgets.SiteType()), cstruct)


def test_references_are_split_cleaned_and_deduplicated():
    site = _type({"parcels": " A-1, A-2;A-1\nB/3 ", "polygon": ""})
    assert site.references == ("A-1", "A-2", "B/3")
    assert site.polygon is None
    assert _type({"parcels": "", "polygon": ""}) is colander.null


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "could not be read"),
        ('{"type": "Point", "coordinates": [0, 0]}', "at least three corners"),
        (_polygon((0, 0), (1, 1), (2, 2)), "at least three corners"),
        (BOWTIE, "crosses itself"),
        (_polygon((500, 0), (501, 0), (501, 1)), "longitude and latitude"),
    ],
)
def test_bad_polygons_get_a_clear_message(text, message):
    with pytest.raises(colander.Invalid) as refused:
        _type({"parcels": "", "polygon": text})
    assert message in refused.value.msg.interpolate()


def test_value_round_trips_through_serialize():
    site = _type({"parcels": "A-1, A-2", "polygon": INSIDE})
    again = widgets.SiteType().serialize(None, site)
    assert again["parcels"] == "A-1, A-2"
    assert shapely.from_geojson(again["polygon"]).equals(site.polygon)


@pytest.fixture
def alpha(db):
    with db() as session:
        data = mapdata.build(session, "alpha")
        factories.user(
            session, role="agent", commune_=data.commune, email="agent@alpha.test", locale="en"
        )
        return data


@pytest.fixture
def form(app, alpha):
    factories.log_in(app, "agent@alpha.test")
    return app.get("/c/alpha/gis/site").forms["deform"]


def _submit(form, parcels="", polygon=""):
    form["parcels"] = parcels
    form["polygon"] = polygon
    return form.submit("show", status="*")


def test_the_field_works_without_javascript(form):
    shown = _submit(form, parcels="ALPHA-1")
    assert shown.status_int == 200
    assert "parcels=ALPHA-1" in shown.html.select_one("img.site-map")["src"]


def test_a_drawn_polygon_alone_is_a_site(form):
    shown = _submit(form, polygon=INSIDE)
    assert shown.status_int == 200
    assert "polygon=" in shown.html.select_one("img.site-map")["src"]
    assert shown.html.select_one("[data-picker-polygon]")["value"]


@pytest.mark.parametrize(
    ("parcels", "polygon", "message"),
    [
        ("ALPHA-1, GHOST-1", "", "Unknown parcel references: GHOST-1"),
        ("", OUTSIDE, "goes outside the commune"),
        ("", BOWTIE, "crosses itself"),
        ("", "", "Required"),
    ],
)
def test_refusals_are_shown_on_the_field(form, parcels, polygon, message):
    refused = _submit(form, parcels, polygon)
    assert refused.status_int == 400
    assert message in refused.html.select_one("form#deform").get_text(" ")
    assert refused.html.select_one("[data-picker-parcels]")["value"] == parcels


def test_another_commune_parcels_are_unknown(db, form):
    with db() as session:
        mapdata.build(session, "beta", shift=0.05)
    refused = _submit(form, parcels="BETA-1")
    assert refused.status_int == 400
    assert "BETA-1" in refused.html.select_one("form#deform").get_text(" ")
