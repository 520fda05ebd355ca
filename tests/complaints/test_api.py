"""Open311 GeoReport v2 through the real app: spec field names, statuses, tenancy, privacy."""

from __future__ import annotations

from datetime import timedelta

import pytest

from complaints import services
from complaints.workflow import Perm
from municipality.db import utcnow
from tests import factories

EVERYTHING = frozenset(Perm)
SERVICE_FIELDS = {
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
}
REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}


def _category(session, commune, code):
    return services.create_category(
        session,
        actor="tests",
        commune=commune,
        data={
            "code": code,
            "name_fr": f"Nom {code}",
            "name_ar": f"اسم {code}",
            "department": "Service technique",
            "hours_to_acknowledge": 24,
            "days_to_resolve": 20,
        },
    )


@pytest.fixture
def world(db):
    with db() as session:
        sale = factories.commune(session, slug="sale")
        temara = factories.commune(session, slug="temara")
        factories.enable(session, sale, "complaints")
        factories.enable(session, temara, "complaints")
        lights = _category(session, sale, "eclairage")
        _category(session, sale, "voirie")
        _category(session, temara, "dechets")
        still_open = services.file_complaint(
            session,
            actor="public",
            commune=sale,
            data={
                "category": lights,
                "description": "Lampadaire éteint",
                "latitude": 34.05,
                "longitude": -6.79,
                "reporter_email": "secret.reporter@example.org",
                "reporter_name": "Secret Name",
            },
        )
        rejected = services.file_complaint(
            session,
            actor="public",
            commune=sale,
            data={"category": lights, "description": "Pas chez nous", "address": "Rue 3"},
        )
        services.act(
            session,
            actor="t",
            complaint=rejected,
            action="reject",
            permissions=EVERYTHING,
            data={"reason": "Relève de la wilaya"},
        )
        services.add_event(
            session, actor="t", complaint=still_open, kind="note", body="Internal only"
        )
        services.file_complaint(
            session,
            actor="public",
            commune=temara,
            data={
                "category": _category(session, temara, "eau"),
                "description": "Temara leak",
                "address": "Temara",
            },
        )
        return {"open": str(still_open.public_id), "rejected": str(rejected.public_id)}


def test_services_list_the_jurisdictions_categories(app, world):
    listed = app.get("/open311/v2/services.json", {"jurisdiction_id": "sale"}).json
    assert [s["service_code"] for s in listed] == ["eclairage", "voirie"]
    assert all(set(s) == SERVICE_FIELDS for s in listed)
    assert listed[0]["metadata"] is False
    assert listed[0]["type"] == "realtime"
    arabic = app.get("/open311/v2/services.json", {"jurisdiction_id": "sale", "locale": "ar"})
    assert arabic.json[0]["service_name"] == "اسم eclairage"


def test_requests_use_spec_fields_and_two_statuses(app, world):
    listed = app.get("/open311/v2/requests.json", {"jurisdiction_id": "sale"}).json
    by_id = {r["service_request_id"]: r for r in listed}
    assert set(by_id) == {world["open"], world["rejected"]}
    assert all(set(r) == REQUEST_FIELDS for r in listed)
    assert by_id[world["open"]]["status"] == "open"
    assert (by_id[world["open"]]["lat"], by_id[world["open"]]["long"]) == (34.05, -6.79)
    assert by_id[world["rejected"]]["status"] == "closed"
    assert by_id[world["rejected"]]["status_notes"] == "Relève de la wilaya"
    assert by_id[world["open"]]["requested_datetime"].endswith("+00:00")
    closed = app.get("/open311/v2/requests.json", {"jurisdiction_id": "sale", "status": "closed"})
    assert [r["service_request_id"] for r in closed.json] == [world["rejected"]]
    both = app.get(
        "/open311/v2/requests.json", {"jurisdiction_id": "sale", "status": "open,closed"}
    )
    assert len(both.json) == 2
    one = app.get(
        "/open311/v2/requests.json",
        {"jurisdiction_id": "sale", "service_request_id": world["open"]},
    )
    assert [r["description"] for r in one.json] == ["Lampadaire éteint"]
    assert (
        app.get(
            "/open311/v2/requests.json", {"jurisdiction_id": "sale", "service_code": "voirie"}
        ).json
        == []
    )


def test_requests_never_show_reporters_notes_or_tracking_codes(app, world, db):
    page = app.get("/open311/v2/requests.json", {"jurisdiction_id": "sale"})
    for private in ("secret.reporter@example.org", "Secret Name", "Internal only"):
        assert private not in page.text
    with db() as session:
        codes = [c.tracking_code for c in session.execute(services.query()).scalars()]
    assert not [code for code in codes if code in page.text]


def test_each_jurisdiction_sees_only_its_own_requests(app, world):
    temara = app.get("/open311/v2/requests.json", {"jurisdiction_id": "temara"}).json
    assert [r["description"] for r in temara] == ["Temara leak"]
    foreign = app.get(
        "/open311/v2/requests.json",
        {"jurisdiction_id": "temara", "service_request_id": world["open"]},
    )
    assert foreign.json == []


def test_unknown_or_missing_jurisdiction_and_bad_parameters_are_problems(app, world):
    for params in ({}, {"jurisdiction_id": "nowhere"}):
        response = app.get("/open311/v2/requests.json", params, status=404)
        assert response.content_type == "application/problem+json"
    app.get("/open311/v2/services.json", status=404)
    for params in (
        {"status": "pending"},
        {"start_date": "yesterday"},
        {"service_request_id": "42"},
    ):
        response = app.get(
            "/open311/v2/requests.json", {"jurisdiction_id": "sale", **params}, status=422
        )
        assert response.content_type == "application/problem+json"


def test_date_window_limits_the_list(app, world):
    future = (utcnow() + timedelta(days=1)).isoformat()
    assert (
        app.get("/open311/v2/requests.json", {"jurisdiction_id": "sale", "start_date": future}).json
        == []
    )
    past = (utcnow() - timedelta(days=1)).isoformat()
    assert (
        len(
            app.get(
                "/open311/v2/requests.json", {"jurisdiction_id": "sale", "start_date": past}
            ).json
        )
        == 2
    )


def test_disabled_module_has_no_open311(app, db):
    with db() as session:
        factories.commune(session, slug="bouznika")
    app.get("/open311/v2/services.json", {"jurisdiction_id": "bouznika"}, status=404)
