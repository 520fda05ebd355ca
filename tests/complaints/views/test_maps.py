"""Maps of complaints: public points snapped to a grid with no identity, the staff inbox map."""

from __future__ import annotations

import json

import pytest
import webtest

from complaints.permissions import Perm
from complaints.services import filing, handling
from tests import factories

# A house whose exact position must not be published.
HOUSE = (34.041237, -6.802468)
REPORTER = "amina.reporter@example.org"
SECRET_ADDRESS = "12 rue des Secrets"


@pytest.fixture
def sale(db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "complaints")
        category = factories.category(session, commune, days_to_resolve=15)
        factories.user(
            session, role="agent", commune_=commune, email="agent@sale.test", locale="en"
        )
        everything = frozenset(Perm)
        for index, (description, actions) in enumerate(
            (
                ("Nid-de-poule devant la maison", ()),
                ("Lampadaire éteint", ("acknowledge",)),
                ("Trottoir cassé réparé", ("acknowledge", "assign", "start", "resolve")),
                ("Rien à faire", ("reject",)),
            )
        ):
            complaint = filing.file_complaint(
                session,
                actor="public",
                commune=commune,
                data={
                    "category": category,
                    "description": description,
                    "address": SECRET_ADDRESS,
                    "latitude": HOUSE[0] + index * 0.01,
                    "longitude": HOUSE[1],
                    "reporter_email": REPORTER,
                    "reporter_name": "Amina Reporter",
                },
            )
            for action in actions:
                data = {"reason": "Hors compétence de la commune."} if action == "reject" else {}
                handling.act(
                    session,
                    actor="tests",
                    complaint=complaint,
                    action=action,
                    permissions=everything,
                    data=data,
                )
        filing.file_complaint(
            session,
            actor="public",
            commune=commune,
            data={"category": category, "description": "Sans position", "address": "Quelque part"},
        )
    return "sale"


def test_public_points_carry_no_identity_and_no_exact_position(app, sale):
    response = app.get("/sale/complaints/map.geojson")
    assert response.content_type == "application/geo+json"
    features = response.json["features"]
    assert len(features) == 4
    for forbidden in (REPORTER, "Amina", SECRET_ADDRESS, "Nid-de-poule", "41237", "02468"):
        assert forbidden not in response.text
    first = min(features, key=lambda f: f["geometry"]["coordinates"][1])
    assert first["geometry"]["coordinates"] == [-6.802, 34.041]
    assert set(first["properties"]) == {"category", "state", "status", "area", "filed", "resolved"}
    assert first["properties"]["area"] == "34.041, -6.802"
    assert "id" not in first
    statuses = sorted(f["properties"]["status"] for f in features)
    assert statuses == ["open", "open", "rejected", "resolved"]


def test_public_map_page_uses_map_js_with_a_legend(app, sale):
    page = app.get("/sale/complaints/map")
    element = page.html.select_one("[data-map]")
    layers = json.loads(element["data-layers"])
    assert layers[0]["url"] == "http://localhost/sale/complaints/map.geojson"
    assert layers[0]["kind"] == "point"
    assert "link" not in layers[0]
    assert len(page.html.select("#complaints-legend li")) == 3
    assert page.html.select_one('script[src$="/static/map.js"]')
    listed = app.get("/sale/complaints")
    assert listed.html.select_one('a[href="http://localhost/sale/complaints/map"]')


def test_staff_map_follows_the_inbox_filters(app, sale):
    factories.log_in(app, "agent@sale.test")
    everything = app.get("/c/sale/complaints/map.geojson").json["features"]
    assert len(everything) == 4
    assert {f["geometry"]["coordinates"][0] for f in everything} == {HOUSE[1]}
    assert everything[0]["properties"]["url"].startswith("http://localhost/c/sale/complaints/")
    open_only = app.get("/c/sale/complaints/map.geojson", params={"state": "open"}).json
    assert len(open_only["features"]) == 2
    found = app.get("/c/sale/complaints/map.geojson", params={"q": "Lampadaire"}).json
    assert [f["properties"]["description"] for f in found["features"]] == ["Lampadaire éteint"]
    page = app.get("/c/sale/complaints/map", params={"state": "open", "q": "x"})
    layers = json.loads(page.html.select_one("[data-map]")["data-layers"])
    assert "state=open" in layers[0]["url"]
    assert "q=x" in layers[0]["url"]
    back = page.html.select_one('a[href*="/c/sale/complaints?"]')["href"]
    assert "state=open" in back
    inbox = app.get("/c/sale/complaints", params={"state": "open"})
    assert "state=open" in inbox.html.select_one('a[href*="/complaints/map"]')["href"]


def test_staff_map_needs_a_login_and_complaints_enabled(app, sale, db):
    assert "/login" in app.get("/c/sale/complaints/map", status=302).location
    with db() as session:
        factories.commune(session, slug="quiet")
    anonymous = webtest.TestApp(app.app, extra_environ={"HTTP_HOST": "localhost"})
    anonymous.get("/quiet/complaints/map", status=404)
    anonymous.get("/quiet/complaints/map.geojson", status=404)
