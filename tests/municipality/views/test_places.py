"""The location picker's questions: a commune's named places, and whether a point is in it."""

from __future__ import annotations

import shapely
import webtest

from gis.models import CommuneBoundary
from municipality.app import make_config
from tests import factories
from tests.conftest import app_settings

INSIDE = {"latitude": "34.04", "longitude": "-6.80"}
OUTSIDE = {"latitude": "33.50", "longitude": "-6.80"}


def _commune_with_places(db, slug: str, *, boundary: bool = False) -> tuple[str, str]:
    """A GIS commune with one market and one street; their French names."""
    with db() as session:
        commune = factories.commune(session, slug=slug)
        factories.enable_gis(session, commune)
        market = factories.named_place(session, commune_=commune)
        street = factories.street(session, commune_=commune)
        if boundary:
            square = shapely.box(factories.GIS_WEST, factories.GIS_SOUTH, -6.79, 34.05)
            session.add(
                CommuneBoundary(commune_id=commune.id, **factories.gis_geoms(commune, square))
            )
        return market.name_fr, street.name_fr


def _names(response) -> list[str]:
    return [place["name"] for place in response.json["places"]]


def test_places_are_found_by_their_french_or_arabic_name(app, db):
    market, street = _commune_with_places(db, "sale")
    number = market.split()[-1]
    assert _names(app.get("/sale/places", {"q": "marche"})) == [market]  # no accent needed
    found = app.get("/sale/places", {"q": f"سوق {number}"}, headers={"Accept-Language": "ar"})
    assert _names(found) == [f"سوق {number}"]  # named in the reader's language
    place = found.json["places"][0]
    assert (place["latitude"], place["longitude"]) == (34.0387, factories.GIS_WEST + 0.004)
    assert _names(app.get("/sale/places", {"q": "RUE"})) == [street]
    assert _names(app.get("/sale/places", {"q": "nowhere"})) == []


def test_a_search_sees_only_the_communes_own_places(app, db):
    _commune_with_places(db, "sale")
    elsewhere, _street = _commune_with_places(db, "rabat")
    names = _names(app.get("/sale/places", {"q": "marché"}))
    assert len(names) == 1
    assert elsewhere not in names
    assert _names(app.get("/rabat/places", {"q": "marché"})) == [elsewhere]
    app.get("/nowhere/places", {"q": "marché"}, status=404)


def test_short_or_long_text_finds_nothing_and_answers_small(app, db):
    _commune_with_places(db, "sale")
    for text in ("", "m", "m" * 101):
        assert app.get("/sale/places", {"q": text}).json == {"places": []}
    assert len(app.get("/sale/places", {"q": "ma"}).body) < 300


def test_a_commune_without_a_gazetteer_has_no_places(app, db):
    with db() as session:
        factories.enable(session, factories.commune(session, slug="sale"), "complaints")
    assert app.get("/sale/places", {"q": "marché"}).json == {"places": []}


def test_the_area_says_inside_outside_or_unknown(app, db):
    _commune_with_places(db, "sale", boundary=True)
    _commune_with_places(db, "rabat")
    assert app.get("/sale/area", INSIDE).json == {"inside": True}
    assert app.get("/sale/area", OUTSIDE).json == {"inside": False}
    assert app.get("/rabat/area", INSIDE).json == {"inside": None}  # no boundary known


def test_the_area_refuses_what_is_no_position(app, db):
    _commune_with_places(db, "sale", boundary=True)
    for query in (
        {},
        {"latitude": "34"},
        {**INSIDE, "latitude": "nan"},
        {**INSIDE, "latitude": "91"},
    ):
        refused = app.get("/sale/area", query, status=400)
        assert refused.content_type == "application/problem+json"
        assert "latitude" in refused.json["detail"]


def test_questions_are_limited_per_client(engine, db, tmp_path):
    _commune_with_places(db, "sale", boundary=True)
    settings = app_settings(engine, tmp_path, **{"baladiya.core.places_rate_per_client": "3"})
    client = webtest.TestApp(
        make_config(settings).make_wsgi_app(),
        extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "203.0.113.9"},
    )
    for _ in range(2):
        client.get("/sale/places", {"q": "marché"})
    client.get("/sale/area", INSIDE)
    refused = client.get("/sale/places", {"q": "marché"}, status=429)
    assert int(refused.headers["Retry-After"]) >= 1
    assert "Trop de tentatives" in refused.json["detail"]
