"""One publication policy for every public channel of complaints, set by the commune.

The public list, the public map's GeoJSON and Open311's requests (list and item, JSON and
XML) show the same rounded position and no street address by default; an API key that
may view requests gets the exact ones; the commune's administrator changes what every
channel shows at once.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
import webtest

from complaints.permissions import Perm
from complaints.services import filing, publication
from municipality import accounts
from municipality.errors import ValidationFailed
from municipality.tenancy import commune_by_slug
from tests import factories

# A house whose exact position and address are private by default.
HOUSE = (34.041237, -6.802468)
ADDRESS = "12 rue des Secrets"
DESCRIPTION = "Fuite devant chez Mme Alaoui"
REPORTER = ("amina.reporter@example.org", "Amina Reporter", "+212 600 111 222")
OPEN311 = "/open311/v2"


@pytest.fixture
def sale(db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "complaints")
        factories.user(
            session, role="commune_admin", commune_=commune, email="admin@sale.test", locale="en"
        )
        complaint = filing.file_complaint(
            session,
            actor="public",
            commune=commune,
            data={
                "category": factories.category(session, commune),
                "description": DESCRIPTION,
                "address": ADDRESS,
                "latitude": HOUSE[0],
                "longitude": HOUSE[1],
                "reporter_email": REPORTER[0],
                "reporter_name": REPORTER[1],
                "reporter_phone": REPORTER[2],
            },
        )
        _token, staff_key = accounts.create_api_token(
            session, actor="tests", commune=commune, name="staff", permissions=[Perm.VIEW]
        )
        _token, filing_key = accounts.create_api_token(
            session, actor="tests", commune=commune, name="app", permissions=[Perm.FILE]
        )
        return {
            "id": str(complaint.public_id),
            "staff_key": staff_key,
            "filing_key": filing_key,
        }


def _open311(app: webtest.TestApp, path: str, **params: str) -> webtest.TestResponse:
    return app.get(f"{OPEN311}/{path}", {"jurisdiction_id": "sale", **params})


# Every public channel that shows complaints, by route, with how to read it anonymously.
CHANNELS: dict[str, Callable[[webtest.TestApp, str], list[str]]] = {
    "complaints.public.list": lambda app, _id: [app.get("/sale/complaints").text],
    "complaints.map.public.geojson": lambda app, _id: [
        app.get("/sale/complaints/map.geojson").text
    ],
    "complaints.open311.requests": lambda app, _id: [
        _open311(app, f"requests.{fmt}").text for fmt in ("json", "xml")
    ],
    "complaints.open311.request": lambda app, complaint_id: [
        _open311(app, f"requests/{complaint_id}.{fmt}").text for fmt in ("json", "xml")
    ],
}
# Public routes that show no complaint of anyone else: forms, the map's page (its points
# come from the GeoJSON), photos by unguessable id, a reporter's own complaints (by tracking
# code or account), and Open311's discovery, services, tokens and OpenAPI document.
SHOW_NO_COMPLAINT = {
    "complaints.public",
    "complaints.map.public",
    "complaints.public.photo",
    "complaints.track",
    "complaints.track.lookup",
    "complaints.mine",
    "complaints.account",
    "complaints.open311.discovery",
    "complaints.open311.openapi",
    "complaints.open311.services",
    "complaints.open311.service",
    "complaints.open311.token",
}


def _bodies(app: webtest.TestApp, complaint_id: str) -> dict[str, list[str]]:
    return {route: read(app, complaint_id) for route, read in CHANNELS.items()}


def _xml_request(response: webtest.TestResponse) -> dict[str, str | None]:
    item = ET.fromstring(response.body).find("request")
    assert item is not None
    return {child.tag: child.text for child in item}


def test_every_public_channel_shows_the_same_rounded_position_and_no_address(app, sale):
    for route, bodies in _bodies(app, sale["id"]).items():
        for body in bodies:
            assert "34.041" in body, route
            for private in ("34.0412", "802468", ADDRESS, DESCRIPTION, *REPORTER):
                assert private not in body, (route, private)


def test_open311_json_xml_and_the_map_agree_on_the_published_position(app, sale):
    as_json = _open311(app, f"requests/{sale['id']}.json").json[0]
    as_xml = _xml_request(_open311(app, f"requests/{sale['id']}.xml"))
    point = app.get("/sale/complaints/map.geojson").json["features"][0]
    assert (as_json["lat"], as_json["long"]) == (34.041, -6.802)
    assert (float(as_xml["lat"] or 0), float(as_xml["long"] or 0)) == (34.041, -6.802)
    assert point["geometry"]["coordinates"] == [-6.802, 34.041]
    assert as_json["address"] is None
    assert as_json["description"] is None
    assert not as_xml["address"]
    assert "address" not in point["properties"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_key_that_may_view_requests_gets_the_exact_position_and_address(app, sale, fmt):
    for path in ("requests", f"requests/{sale['id']}"):
        staff = _open311(app, f"{path}.{fmt}", api_key=sale["staff_key"])
        shown = staff.json[0] if fmt == "json" else _xml_request(staff)
        assert (float(shown["lat"] or 0), float(shown["long"] or 0)) == HOUSE
        assert shown["address"] == ADDRESS
        assert shown["description"] == DESCRIPTION
        for private in REPORTER:
            assert private not in staff.text
    # a key that may only file, or none that works, reads what anyone reads
    for key in (sale["filing_key"], "bdy_not-a-key"):
        shown = _open311(app, f"requests/{sale['id']}.json", api_key=key).json[0]
        assert (shown["lat"], shown["address"]) == (34.041, None)


def test_the_communes_policy_changes_what_every_channel_shows(app, sale):
    factories.log_in(app, "admin@sale.test", totp=True)
    page = app.get("/c/sale/complaints/categories")
    assert "about 100 m" in page.text
    form = page.click(href="/complaints/publication").forms["deform"]
    form["grid_decimals"] = "2"
    form["publish_address"] = True
    form["publish_description"] = True
    assert form.submit("save").status_int == 302
    assert "about 1 km" in app.get("/c/sale/complaints/categories").text
    anonymous = webtest.TestApp(app.app, extra_environ=app.extra_environ)
    for route, bodies in _bodies(anonymous, sale["id"]).items():
        for body in bodies:
            assert "34.04" in body, route
            assert "34.041" not in body, route
            assert ADDRESS in body, route
            assert DESCRIPTION in body, route
            for private in REPORTER:
                assert private not in body, (route, private)
    # the commune speaks French
    assert "environ 1 km" in anonymous.get("/sale/complaints/map").text


def test_the_policy_change_is_audited_and_checked(db, sale):
    with db() as session:
        commune = commune_by_slug(session, "sale")
        with pytest.raises(ValidationFailed):
            publication.set_policy(session, actor="t", commune=commune, data={"grid_decimals": 6})
        changed = publication.set_policy(
            session, actor="t", commune=commune, data={"grid_decimals": 4, "publish_address": 1}
        )
        assert changed == publication.Policy(grid_decimals=4, address=True, description=False)
        assert publication.policy_of(session) == changed


def test_every_public_channel_of_complaints_goes_through_the_policy(wsgi_app):
    """A new public route must be classified here, and one that shows complaints tested."""
    introspector = wsgi_app.registry.introspector
    public = set()
    for view in introspector.get_category("views"):
        intr = view["introspectable"]
        route = intr["route_name"] or ""
        methods = intr["request_methods"]
        if not route.startswith("complaints.") or (methods and "GET" not in methods):
            continue
        if not any(r.category_name == "permissions" for r in view["related"]):
            public.add(route)
    assert public == set(CHANNELS) | SHOW_NO_COMPLAINT
