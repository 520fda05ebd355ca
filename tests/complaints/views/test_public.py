"""Saying where the problem is on the resident's form, as it works without JavaScript: a
place from the commune's list or an address; a pin outside the commune is confirmed."""

from __future__ import annotations

import shapely
from sqlalchemy import select

from complaints.models import Complaint
from gis.models import CommuneBoundary
from municipality.tenancy import commune_by_slug
from tests import factories

# Inside the market's commune boundary, and south of it.
INSIDE = ("34.041", "-6.801")
OUTSIDE = ("33.5", "-6.8")


def _with_places(db, slug: str = "sale") -> tuple[str, str, float, float]:
    """GIS on, a boundary and a market in ``slug``: the market's names and position."""
    with db() as session:
        commune = commune_by_slug(session, slug)
        factories.enable_gis(session, commune)
        square = shapely.box(factories.GIS_WEST, factories.GIS_SOUTH, -6.79, 34.05)
        session.add(CommuneBoundary(commune_id=commune.id, **factories.gis_geoms(commune, square)))
        market = factories.named_place(session, commune_=commune)
        point = market.geom_4326
        return market.name_fr, market.name_ar, point.y, point.x


def _form(app, description: str = "Dépôt d'ordures sauvage près du marché"):
    form = app.get("/sale/complaints/new").forms["deform"]
    form["category"] = form["category"].options[1][0]
    form["description"] = description
    return form


def _complaints(db) -> list[Complaint]:
    with db() as session:
        found = list(session.execute(select(Complaint)).scalars())
        session.expunge_all()
        return found


def _option(form, name: str) -> str:
    return next(value for value, _selected, text in form["place"].options if text == name)


def test_residents_are_never_asked_for_coordinates(app, sale):
    page = app.get("/sale/complaints/new")
    for name in ("latitude", "longitude"):
        assert [i["type"] for i in page.html.select(f"input[name={name}]")] == ["hidden"]
    assert "Latitude" not in page.text
    assert page.html.select_one("fieldset.location-picker legend").get_text() == "Où est-ce ?"
    address = page.html.select_one("input[name=address]")
    assert page.html.select_one(f"label[for={address['id']}]").get_text() == (
        "Adresse ou point de repère"
    )


def test_a_place_chosen_from_the_list_gives_the_position(app, db, sale):
    market, _arabic, latitude, longitude = _with_places(db)
    form = _form(app)
    form["place"] = _option(form, market)
    form.submit("send").follow()
    (complaint,) = _complaints(db)
    assert (complaint.latitude, complaint.longitude) == (
        round(latitude, 6),
        round(longitude, 6),
    )
    assert complaint.address is None
    assert not complaint.outside_area


def test_the_list_names_places_in_the_readers_language(app, db, sale):
    market, arabic, *_position = _with_places(db)
    french = app.get("/sale/complaints/new").forms["deform"]["place"].options
    arabic_page = app.get("/sale/complaints/new", headers={"Accept-Language": "ar"})
    assert market in [text for *_v, text in french]
    assert arabic in [text for *_v, text in arabic_page.forms["deform"]["place"].options]


def test_an_address_alone_is_enough(app, db, sale):
    form = _form(app)
    form["address"] = "  Derrière la mosquée, rue 7  "
    form.submit("send").follow()
    (complaint,) = _complaints(db)
    assert complaint.address == "Derrière la mosquée, rue 7"
    assert (complaint.latitude, complaint.longitude) == (None, None)


def test_neither_address_nor_place_is_refused_at_the_address(app, db, sale):
    refused = _form(app).submit("send", status=400)
    address = refused.html.select_one("input[name=address]")
    message = refused.html.select_one(f"#{address['aria-describedby']}").get_text()
    assert message == "Indiquez une adresse ou une position."
    assert _complaints(db) == []


def test_a_pin_outside_the_commune_is_a_warning_to_confirm(app, db, sale):
    _with_places(db)
    form = _form(app)
    form["latitude"], form["longitude"] = OUTSIDE  # where the picker's pin was put
    warned = form.submit("send", status=400)
    box = warned.html.select_one("[data-picker-outside]")
    assert not box.has_attr("hidden")
    assert "Cette position est hors de la commune" in box.get_text()
    assert _complaints(db) == []
    again = warned.forms["deform"]
    assert (again["latitude"].value, again["longitude"].value) == OUTSIDE  # the pin is kept
    again["confirm_outside"] = True
    again.submit("send").follow()
    (complaint,) = _complaints(db)
    assert (complaint.latitude, complaint.longitude) == (33.5, -6.8)
    assert complaint.outside_area


def test_a_pin_inside_the_commune_files_at_once(app, db, sale):
    _with_places(db)
    form = _form(app)
    assert (
        app.get("/sale/complaints/new").html.select_one("[data-picker-outside]").has_attr("hidden")
    )
    form["latitude"], form["longitude"] = INSIDE
    form.submit("send").follow()
    (complaint,) = _complaints(db)
    assert (complaint.latitude, complaint.longitude) == (34.041, -6.801)
    assert not complaint.outside_area


def test_a_forged_place_or_half_a_position_is_refused(app, db, sale):
    _with_places(db)
    form = _form(app)
    form["place"].force_value("34.04;nowhere")
    assert "Choisissez un lieu dans la liste." in form.submit("send", status=400).text
    form = _form(app)
    form["latitude"] = INSIDE[0]
    refused = form.submit("send", status=400)
    assert "La position n'a pas pu être lue" in refused.text
    assert _complaints(db) == []


def test_the_counter_files_at_a_place_from_the_list(app, db, sale):
    market, _arabic, latitude, _longitude = _with_places(db)
    factories.log_in(app, "agent@sale.test")
    form = app.get("/c/sale/complaints/counter").forms["deform"]
    form["category"] = form["category"].options[1][0]
    form["description"] = "Lampadaire cassé sur la place du marché"
    form["place"] = _option(form, market)
    form.submit("file").follow()
    (complaint,) = _complaints(db)
    assert complaint.channel == "counter"
    assert complaint.latitude == round(latitude, 6)
