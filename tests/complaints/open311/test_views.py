"""Open311 GeoReport v2 through the real app, in JSON and XML: fields, errors, filing, limits."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from datetime import timedelta
from typing import Any

import pytest
import webtest
from sqlalchemy import func, select

from complaints.models import Category, Complaint
from complaints.permissions import Perm
from complaints.services import categories, filing, handling, inbox
from municipality import accounts
from municipality.app import make_config
from municipality.db import utcnow
from municipality.models import AuditEvent, Commune, OutboxMessage
from tests import factories
from tests.conftest import app_settings

EVERYTHING = frozenset(Perm)
FORMATS = ("json", "xml")
BASE = "/open311/v2"
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
ATTRIBUTE_FIELDS = {
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
}
_addresses = itertools.count(1)


def _category(session, commune, code):
    return factories.category(
        session,
        commune,
        code=code,
        name_fr=f"Nom {code}",
        name_ar=f"اسم {code}",
        department="Service technique",
        hours_to_acknowledge=24,
        days_to_resolve=20,
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
        still_open = filing.file_complaint(
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
        rejected = filing.file_complaint(
            session,
            actor="public",
            commune=sale,
            data={"category": lights, "description": "Pas chez nous", "address": "Rue 3"},
        )
        handling.act(
            session,
            actor="t",
            complaint=rejected,
            action="reject",
            permissions=EVERYTHING,
            data={"reason": "Relève de la wilaya"},
        )
        handling.add_event(
            session, actor="t", complaint=still_open, kind="note", body="Internal only"
        )
        temara_one = filing.file_complaint(
            session,
            actor="public",
            commune=temara,
            data={
                "category": _category(session, temara, "eau"),
                "description": "Temara leak",
                "address": "Temara",
            },
        )
        _token, key = accounts.create_api_token(
            session,
            actor="tests",
            commune=sale,
            name="city app",
            permissions=[Perm.FILE],
        )
        _token, read_only = accounts.create_api_token(
            session, actor="tests", commune=sale, name="reader", permissions=[Perm.VIEW]
        )
        _token, foreign = accounts.create_api_token(
            session, actor="tests", commune=temara, name="temara app", permissions=[Perm.FILE]
        )
        return {
            "open": str(still_open.public_id),
            "open_token": still_open.tracking_code,
            "rejected": str(rejected.public_id),
            "temara": str(temara_one.public_id),
            "temara_token": temara_one.tracking_code,
            "key": key,
            "read_only_key": read_only,
            "foreign_key": foreign,
        }


@pytest.fixture
def client(app):
    """The app as seen from an address of this test's own (rate limits count per address)."""
    n = next(_addresses)
    app.extra_environ = {**app.extra_environ, "REMOTE_ADDR": f"10.1.{n // 250}.{n % 250}"}
    return app


def _text(element: ET.Element) -> Any:
    if len(element):
        return element
    return element.text


def items(response: webtest.TestResponse, root: str, item: str) -> list[dict[str, Any]]:
    """The answer as a list of objects; XML is parsed and its element names checked."""
    if response.content_type == "application/json":
        assert isinstance(response.json, list)
        return response.json
    assert response.content_type == "text/xml"
    tree = ET.fromstring(response.body)
    assert tree.tag == root
    assert {child.tag for child in tree} <= {item}
    return [{c.tag: _text(c) for c in child} for child in tree]


def error(response: webtest.TestResponse) -> dict[str, Any]:
    """The one error of a GeoReport error answer, code as an int."""
    found = items(response, "errors", "error")
    assert len(found) == 1
    assert set(found[0]) == {"code", "description"}
    assert int(found[0]["code"]) == response.status_int
    assert found[0]["description"]
    return found[0]


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


# --- Discovery, services and service definitions --------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery_names_the_specification_and_both_formats(client, fmt):
    response = client.get(f"{BASE}/discovery.{fmt}")
    if fmt == "json":
        endpoint = response.json["endpoints"][0]
        assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
        assert endpoint["formats"] == ["application/json", "text/xml"]
        assert endpoint["url"] == "http://localhost/open311/v2"
        assert response.json["changeset"].endswith("+00:00")
    else:
        tree = ET.fromstring(response.body)
        assert tree.tag == "discovery"
        assert [e.tag for e in tree] == ["changeset", "contact", "key_service", "endpoints"]
        endpoint = tree.find("endpoints/endpoint")
        assert endpoint is not None
        assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
        assert [f.text for f in endpoint.findall("formats/format")] == [
            "application/json",
            "text/xml",
        ]
        assert endpoint.findtext("type") == "production"


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_list_the_jurisdictions_categories(client, world, fmt):
    response = client.get(f"{BASE}/services.{fmt}", {"jurisdiction_id": "sale"})
    listed = items(response, "services", "service")
    assert [s["service_code"] for s in listed] == ["eclairage", "voirie"]
    assert all(set(s) == SERVICE_FIELDS for s in listed)
    assert _scalar(listed[0]["metadata"]) == "true"
    assert listed[0]["type"] == "realtime"
    arabic = client.get(f"{BASE}/services.{fmt}", {"jurisdiction_id": "sale", "locale": "ar"})
    assert items(arabic, "services", "service")[0]["service_name"] == "اسم eclairage"


def test_service_definition_in_json(client, world):
    definition = client.get(f"{BASE}/services/voirie.json", {"jurisdiction_id": "sale"}).json
    assert definition["service_code"] == "voirie"
    by_code = {a["code"]: a for a in definition["attributes"]}
    assert set(by_code) == {"landmark", "kind"}
    assert all(set(a) == ATTRIBUTE_FIELDS for a in definition["attributes"])
    assert by_code["landmark"]["datatype"] == "string"
    assert by_code["landmark"]["variable"] is True
    assert by_code["landmark"]["required"] is False
    assert by_code["kind"]["datatype"] == "singlevaluelist"
    assert [v["key"] for v in by_code["kind"]["values"]] == [
        "complaint",
        "observation",
        "suggestion",
    ]
    assert sorted(a["order"] for a in definition["attributes"]) == [1, 2]
    arabic = client.get(
        f"{BASE}/services/voirie.json", {"jurisdiction_id": "sale", "locale": "ar"}
    ).json
    kind = next(a for a in arabic["attributes"] if a["code"] == "kind")
    assert kind["values"][0] == {"key": "complaint", "name": "شكاية"}
    assert kind["description"] == "نوع البلاغ"


def test_service_definition_in_xml(client, world):
    response = client.get(f"{BASE}/services/voirie.xml", {"jurisdiction_id": "sale"})
    tree = ET.fromstring(response.body)
    assert tree.tag == "service_definition"
    assert tree.findtext("service_code") == "voirie"
    attributes = tree.findall("attributes/attribute")
    assert len(attributes) == 2
    assert all({e.tag for e in a} == ATTRIBUTE_FIELDS for a in attributes)
    kind = next(a for a in attributes if a.findtext("code") == "kind")
    assert kind.findtext("datatype") == "singlevaluelist"
    assert kind.findtext("required") == "false"
    values = kind.findall("values/value")
    assert [v.findtext("key") for v in values] == ["complaint", "observation", "suggestion"]
    assert all(v.findtext("name") for v in values)


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_or_foreign_service_code_is_404(client, world, fmt):
    for code in ("nothing", "dechets"):
        response = client.get(
            f"{BASE}/services/{code}.{fmt}", {"jurisdiction_id": "sale"}, status=404
        )
        assert "service_code" in error(response)["description"]


# --- Reading requests -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_requests_use_spec_fields_and_two_statuses(client, world, fmt):
    def listed(**params: str) -> list[dict[str, Any]]:
        response = client.get(f"{BASE}/requests.{fmt}", {"jurisdiction_id": "sale", **params})
        return items(response, "service_requests", "request")

    by_id = {r["service_request_id"]: r for r in listed()}
    assert set(by_id) == {world["open"], world["rejected"]}
    assert all(set(r) == REQUEST_FIELDS for r in by_id.values())
    still_open, rejected = by_id[world["open"]], by_id[world["rejected"]]
    assert still_open["status"] == "open"
    assert (_scalar(still_open["lat"]), _scalar(still_open["long"])) == ("34.05", "-6.79")
    assert rejected["status"] == "closed"
    assert rejected["status_notes"] == "Relève de la wilaya"
    assert rejected["agency_responsible"] == "Service technique"
    for field in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert still_open[field].endswith("+00:00")
    assert [r["service_request_id"] for r in listed(status="closed")] == [world["rejected"]]
    assert [r["service_request_id"] for r in listed(status="open")] == [world["open"]]
    assert len(listed(status="open,closed")) == 2
    one = listed(service_request_id=world["open"], api_key=world["read_only_key"])
    assert [r["description"] for r in one] == ["Lampadaire éteint"]
    both = listed(service_request_id=f"{world['open']},{world['rejected']}")
    assert len(both) == 2
    assert listed(service_code="voirie") == []
    assert len(listed(service_code="eclairage")) == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_requests_never_show_reporters_notes_or_tracking_codes(client, world, db, fmt):
    page = client.get(f"{BASE}/requests.{fmt}", {"jurisdiction_id": "sale", "extensions": "true"})
    for private in ("secret.reporter@example.org", "Secret Name", "Internal only"):
        assert private not in page.text
    with db() as session:
        codes = [c.tracking_code for c in session.execute(inbox.query()).scalars()]
    assert not [code for code in codes if code in page.text]


@pytest.mark.parametrize("fmt", FORMATS)
def test_detailed_status_only_as_an_extension(client, world, fmt):
    params = {"jurisdiction_id": "sale", "service_request_id": world["rejected"]}
    plain = items(client.get(f"{BASE}/requests.{fmt}", params), "service_requests", "request")
    assert "extended_attributes" not in plain[0]
    extended = items(
        client.get(f"{BASE}/requests.{fmt}", {**params, "extensions": "true"}),
        "service_requests",
        "request",
    )[0]["extended_attributes"]
    if fmt == "json":
        assert extended == {"detailed_status": "rejected", "kind": "complaint"}
    else:
        assert extended.findtext("detailed_status") == "rejected"
    single = client.get(
        f"{BASE}/requests/{world['open']}.{fmt}", {"jurisdiction_id": "sale", "extensions": "1"}
    )
    detailed = items(single, "service_requests", "request")[0]["extended_attributes"]
    status = detailed["detailed_status"] if fmt == "json" else detailed.findtext("detailed_status")
    assert status == "received"


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_request_and_its_token(client, world, fmt):
    response = client.get(f"{BASE}/requests/{world['open']}.{fmt}", {"jurisdiction_id": "sale"})
    found = items(response, "service_requests", "request")
    assert [r["service_request_id"] for r in found] == [world["open"]]
    assert set(found[0]) == REQUEST_FIELDS
    token = client.get(f"{BASE}/tokens/{world['open_token']}.{fmt}", {"jurisdiction_id": "sale"})
    assert items(token, "service_requests", "request") == [
        {"service_request_id": world["open"], "token": world["open_token"]}
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_jurisdiction_sees_only_its_own_requests(client, world, fmt):
    temara = client.get(f"{BASE}/requests.{fmt}", {"jurisdiction_id": "temara"})
    assert [r["service_request_id"] for r in items(temara, "service_requests", "request")] == [
        world["temara"]
    ]
    foreign = client.get(
        f"{BASE}/requests.{fmt}", {"jurisdiction_id": "sale", "service_request_id": world["temara"]}
    )
    assert items(foreign, "service_requests", "request") == []
    for path in (
        f"{BASE}/requests/{world['temara']}.{fmt}",
        f"{BASE}/tokens/{world['temara_token']}.{fmt}",
        f"{BASE}/requests/not-an-id.{fmt}",
        f"{BASE}/tokens/NOPE.{fmt}",
    ):
        response = client.get(path, {"jurisdiction_id": "sale"}, status=404)
        assert "Temara" not in response.text
        error(response)


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_unknown_jurisdiction_and_bad_parameters(client, world, fmt):
    for path in ("services", "requests", "services/voirie", f"requests/{world['open']}"):
        missing = client.get(f"{BASE}/{path}.{fmt}", status=400)
        assert "jurisdiction_id" in error(missing)["description"]
        unknown = client.get(f"{BASE}/{path}.{fmt}", {"jurisdiction_id": "nowhere"}, status=404)
        assert "jurisdiction_id" in error(unknown)["description"]
    for params in (
        {"status": "pending"},
        {"start_date": "yesterday"},
        {"end_date": "2026-13-45"},
        {"service_request_id": "42"},
    ):
        response = client.get(
            f"{BASE}/requests.{fmt}", {"jurisdiction_id": "sale", **params}, status=400
        )
        assert error(response)["description"]


def test_unsupported_format_is_a_json_404(client, world):
    response = client.get(f"{BASE}/services.csv", {"jurisdiction_id": "sale"}, status=404)
    assert response.content_type == "application/json"
    assert "format" in error(response)["description"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_date_window_limits_the_list(client, world, fmt):
    def count(**params: str) -> int:
        response = client.get(f"{BASE}/requests.{fmt}", {"jurisdiction_id": "sale", **params})
        return len(items(response, "service_requests", "request"))

    assert count(start_date=(utcnow() + timedelta(days=1)).isoformat()) == 0
    assert count(start_date=(utcnow() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")) == 2
    assert count(end_date=(utcnow() - timedelta(days=1)).isoformat()) == 0


def test_requests_older_than_90_days_need_dates(client, world, db):
    with db() as session:
        old = session.execute(
            select(Complaint)
            .execution_options(all_communes=True)
            .where(Complaint.address == "Rue 3")
        ).scalar_one()
        old.created_at = utcnow() - timedelta(days=120)
    listed = client.get(f"{BASE}/requests.json", {"jurisdiction_id": "sale"}).json
    assert [r["service_request_id"] for r in listed] == [world["open"]]
    start = (utcnow() - timedelta(days=200)).isoformat()
    dated = client.get(f"{BASE}/requests.json", {"jurisdiction_id": "sale", "start_date": start})
    assert len(dated.json) == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_disabled_module_has_no_open311(client, db, fmt):
    with db() as session:
        factories.commune(session, slug="bouznika")
    response = client.get(f"{BASE}/services.{fmt}", {"jurisdiction_id": "bouznika"}, status=404)
    error(response)


# --- Filing requests ------------------------------------------------------------------------


def _count(db, model) -> int:
    with db() as session:
        stmt = select(func.count()).select_from(model).execution_options(all_communes=True)
        return session.execute(stmt).scalar_one()


def _filing(world, **extra: str) -> dict[str, str]:
    return {
        "jurisdiction_id": "sale",
        "api_key": world["key"],
        "service_code": "voirie",
        "description": "Nid-de-poule devant la poste",
        "lat": "34.0531",
        "long": "-6.7985",
        **extra,
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_filing_a_request_answers_its_id_and_token(client, world, db, fmt):
    before = {m: _count(db, m) for m in (AuditEvent, OutboxMessage)}
    response = client.post(
        f"{BASE}/requests.{fmt}",
        _filing(
            world,
            email="Resident@Example.org",
            first_name="Amina",
            last_name="Benali",
            phone="+212 600 000 000",
            media_url="https://photos.example.org/pothole.jpg",
            **{"attribute[landmark]": "En face de la poste", "attribute[kind]": "observation"},
        ),
    )
    answer = items(response, "service_requests", "request")
    assert len(answer) == 1
    assert set(answer[0]) == {"service_request_id", "token", "service_notice", "account_id"}
    assert "20" in answer[0]["service_notice"]
    new_id = answer[0]["service_request_id"]
    staff_view = {
        "jurisdiction_id": "sale",
        "extensions": "true",
        "api_key": world["read_only_key"],
    }
    shown = client.get(f"{BASE}/requests/{new_id}.json", staff_view).json[0]
    assert shown["status"] == "open"
    assert shown["service_code"] == "voirie"
    assert shown["media_url"] == "https://photos.example.org/pothole.jpg"
    assert (shown["lat"], shown["long"]) == (34.0531, -6.7985)
    assert shown["address"] == "En face de la poste"
    assert shown["extended_attributes"]["kind"] == "observation"
    assert "Amina" not in str(shown)
    token = client.get(f"{BASE}/tokens/{answer[0]['token']}.json", {"jurisdiction_id": "sale"})
    assert token.json[0]["service_request_id"] == new_id
    with db() as session:
        filed = session.execute(
            select(Complaint)
            .execution_options(all_communes=True)
            .where(Complaint.tracking_code == answer[0]["token"])
        ).scalar_one()
        assert filed.channel == "api"
        assert filed.reporter_email == "resident@example.org"
        assert filed.reporter_name == "Amina Benali"
    assert _count(db, AuditEvent) == before[AuditEvent] + 1
    # the reporter left an e-mail and a phone: one message each through the outbox
    assert _count(db, OutboxMessage) == before[OutboxMessage] + 2


def _voirie(session):
    sale = session.execute(select(Commune).where(Commune.slug == "sale")).scalar_one()
    category = session.execute(
        select(Category)
        .execution_options(all_communes=True)
        .where(Category.commune_id == sale.id, Category.code == "voirie")
    ).scalar_one()
    return sale, category


def test_a_changed_or_withdrawn_service_is_seen_by_the_next_filing(client, world, db):
    """The service is kept between filings, but never past a change of the commune's."""
    assert "20" in client.post(f"{BASE}/requests.json", _filing(world)).json[0]["service_notice"]
    with db() as session:
        sale, voirie = _voirie(session)
        categories.update_category(
            session, actor="tests", commune=sale, category=voirie, data={"days_to_resolve": 7}
        )
    notice = client.post(f"{BASE}/requests.json", _filing(world)).json[0]["service_notice"]
    assert "7" in notice
    assert "20" not in notice
    with db() as session:
        categories.set_category_active(
            session, actor="tests", category=_voirie(session)[1], active=False
        )
    withdrawn = client.post(f"{BASE}/requests.json", _filing(world), status=404)
    assert "service_code" in error(withdrawn)["description"]


def test_filing_with_an_address_only_and_anonymously(client, world, db):
    response = client.post(
        f"{BASE}/requests.json",
        {**_filing(world, address_string="12 rue des Orangers"), "lat": "", "long": ""},
    )
    new_id = response.json[0]["service_request_id"]
    staff_view = {"jurisdiction_id": "sale", "api_key": world["read_only_key"]}
    shown = client.get(f"{BASE}/requests/{new_id}.json", staff_view).json[0]
    assert shown["address"] == "12 rue des Orangers"
    assert shown["lat"] is None
    assert shown["media_url"] is None


def test_jurisdiction_may_come_in_the_query_string_of_a_post(client, world):
    body = _filing(world)
    del body["jurisdiction_id"]
    response = client.post(f"{BASE}/requests.json?jurisdiction_id=sale", body)
    assert response.json[0]["service_request_id"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_bad_filings_are_spec_errors_and_write_nothing(client, world, db, fmt):
    cases = [
        (403, {"api_key": ""}),
        (403, {"api_key": "bld_not-a-key"}),
        (403, {"api_key": world["foreign_key"]}),
        (403, {"api_key": world["read_only_key"]}),
        (400, {"service_code": ""}),
        (404, {"service_code": "nothing"}),
        (404, {"service_code": "dechets"}),
        (400, {"lat": "91"}),
        (400, {"long": "-180.5"}),
        (400, {"lat": "north"}),
        (400, {"long": ""}),
        (400, {"lat": "", "long": ""}),
        (400, {"description": "  "}),
        (400, {"description": "x" * 4001}),
        (400, {"attribute[colour]": "red"}),
        (400, {"attribute[kind]": "rant"}),
        (400, {"media_url": "file:///etc/passwd"}),
        (400, {"email": "not-an-address"}),
        (400, {"phone": "call me"}),
    ]
    before = _count(db, Complaint)
    for status, change in cases:
        response = client.post(f"{BASE}/requests.{fmt}", _filing(world, **change), status=status)
        error(response)
    missing = _filing(world)
    del missing["jurisdiction_id"]
    error(client.post(f"{BASE}/requests.{fmt}", missing, status=400))
    unknown = client.post(
        f"{BASE}/requests.{fmt}", {**_filing(world), "jurisdiction_id": "nowhere"}, status=404
    )
    error(unknown)
    # the key of sale does not file in temara, even for temara's own service
    elsewhere = {**_filing(world), "jurisdiction_id": "temara", "service_code": "dechets"}
    error(client.post(f"{BASE}/requests.{fmt}", elsewhere, status=403))
    assert _count(db, Complaint) == before


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("change", "mentions"),
    [
        ({"address_string": "rue " * 2_500}, "address_string is longer than 300"),
        ({"attribute[landmark]": "x" * 301}, "attribute[landmark] is longer than 300"),
        ({"first_name": "A" * 201}, "first_name and last_name is longer than 200"),
        ({"lat": "3_4"}, "lat must be a decimal number"),
        ({"long": "-6_7"}, "long must be a decimal number"),
        ({"lat": "NaN"}, "lat must be a decimal number"),
        ({"long": "-inf"}, "long must be a decimal number"),
        ({"description": "Nid-de-poule\x00 devant la poste"}, "description"),
        ({"jurisdiction_id": "sa\x00le"}, "jurisdiction_id"),
    ],
)
def test_filings_are_refused_rather_than_cut_or_guessed(client, world, db, fmt, change, mentions):
    before = _count(db, Complaint)
    response = client.post(f"{BASE}/requests.{fmt}", _filing(world, **change), status=400)
    assert mentions in error(response)["description"]
    assert _count(db, Complaint) == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_nul_in_an_open311_address_is_a_spec_error(client, world, fmt):
    for path in (f"{BASE}/requests/ab%00cd.{fmt}", f"{BASE}/services/vo%00irie.{fmt}"):
        response = client.get(path, {"jurisdiction_id": "sale"}, status=400)
        assert "NUL" in error(response)["description"]
    query = client.get(f"{BASE}/requests.{fmt}", {"jurisdiction_id": "sa\x00le"}, status=400)
    assert "jurisdiction_id" in error(query)["description"]


def test_filing_needs_no_csrf_token_and_no_cookie(client, world):
    client.reset()
    response = client.post(f"{BASE}/requests.xml", _filing(world))
    assert ET.fromstring(response.body).findtext("request/service_request_id")


# --- Rate limits ----------------------------------------------------------------------------


@pytest.fixture
def limited_app(engine, tmp_path, db):
    settings = app_settings(engine, tmp_path, **{"baladiya.complaints.rate_per_minute": "2"})
    wsgi = make_config(settings).make_wsgi_app()
    return webtest.TestApp(wsgi, extra_environ={"HTTP_HOST": "localhost"})


@pytest.mark.parametrize("fmt", FORMATS)
def test_floods_get_429_with_retry_after(limited_app, world, db, fmt):
    address = {"REMOTE_ADDR": "192.0.2.10"}
    for _i in range(2):
        limited_app.post(f"{BASE}/requests.{fmt}", _filing(world), extra_environ=address)
    before = _count(db, Complaint)
    refused = limited_app.post(
        f"{BASE}/requests.{fmt}", _filing(world), extra_environ=address, status=429
    )
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    error(refused)
    assert _count(db, Complaint) == before
    # from another address, the same key has spent its own share too
    other = {"REMOTE_ADDR": "192.0.2.11"}
    keyed = limited_app.post(
        f"{BASE}/requests.{fmt}", _filing(world), extra_environ=other, status=429
    )
    error(keyed)
    # another client from that address is not held back by the first one's key
    foreign = {**_filing(world), "jurisdiction_id": "temara", "service_code": "dechets"}
    foreign["api_key"] = world["foreign_key"]
    limited_app.post(f"{BASE}/requests.{fmt}", foreign, extra_environ=other)
    # reading is not limited
    limited_app.get(f"{BASE}/services.{fmt}", {"jurisdiction_id": "sale"}, extra_environ=address)
