"""Copy requests' JSON API: a request made as the diaspora form makes it, read back by its
code; entitlement decided by the same service; odd bodies answered 4xx, nothing written."""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode
from sqlalchemy import func, select

from civil_status.models import CopyRequest
from municipality.models import AuditEvent
from tests import factories
from tests.documents.support import enable_documents
from tests.openapi_checks import CHECKS, PLAIN

API = "/api/v1/communes/sale/civil-status/requests"


@pytest.fixture
def act(db, wsgi_app):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "civil_status")
        enable_documents(session, wsgi_app.registry, commune)
        factories.enable_payments(session, commune)
        made = factories.signed_act(
            session, register_=factories.register(session, commune_=commune)
        )
        return {"act_number": made.number, "act_year": made.register.year}


def _body(act, **values):
    return {
        "copy_type": "extract",
        "requester_name": "Yasmine El Amrani",
        "id_document_type": "passport",
        "id_document_number": "XK1234567",
        "relation": "self",
        **act,
        "email": "yasmine@example.org",
        "language": "fr",
        "delivery": "download",
        **values,
    }


def _written(db) -> tuple[int, int]:
    """Requests stored, and audit events about requests."""
    with db() as session:
        requests = session.execute(select(func.count()).select_from(CopyRequest)).scalar_one()
        events = session.execute(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.object_type == "civil_status_request")
        ).scalar_one()
    return requests, events


def test_a_request_sent_as_json_awaits_payment_and_is_followed_by_its_code(app, db, act):
    created = app.post_json(API, _body(act), status=201)
    made = created.json
    assert made["state"] == "awaiting_payment"
    assert made["payment_url"].endswith(f"/sale/pay/civil_status.request/{made['code']}")
    assert created.headers["Location"].endswith(f"{API}/{made['code']}")
    assert "Yasmine" not in created.text  # no one's identity in the answer
    with db() as session:
        stored = session.execute(select(CopyRequest)).scalar_one()
    assert (stored.channel, stored.requester_name, stored.act_number) == (
        "diaspora",
        "Yasmine El Amrani",
        act["act_number"],
    )
    followed = app.get(f"{API}/{made['code'].lower().replace('-', ' ')}").json
    assert followed == made
    app.get(f"{API}/CS-AAAA-BBBB-CCCC", status=404)


def test_entitlement_is_the_services_a_stranger_is_refused_a_full_copy(app, act):
    made = app.post_json(API, _body(act, copy_type="full_copy", relation="other"), status=201)
    assert (made.json["state"], made.json["refusal_reason"]) == ("refused", "entitlement")
    assert made.json["payment_url"] is None


def test_a_repeated_request_with_its_idempotency_key_is_recorded_once(app, db, act):
    headers = {"Idempotency-Key": "diaspora-42"}
    first = app.post_json(API, _body(act), headers=headers, status=201)
    again = app.post_json(API, _body(act), headers=headers, status=201)
    assert again.json["code"] == first.json["code"]
    assert _written(db)[0] == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"requester_name": "Yas\x00mine"}, "(body)"),
        ({"act_number": 10**30}, "act_number"),
        ({"act_year": -1}, "act_year"),
        ({"act_number": "12"}, "act_number"),
        ({"act_number": True}, "act_number"),
        ({"relation": ["self"]}, "relation"),
        ({"copy_type": "passport"}, "copy_type"),
        ({"id_document_number": "\u202e"}, "id_document_number"),
        ({"birth_date": "2026-02-31", "act_number": None}, "birth_date"),
        ({"act_number": None, "subject_name": None}, "act_number"),
        ({"birth_date": "2026-02-31"}, "birth_date"),
        ({"email": "not an address"}, "email"),
        ({"country": "F1"}, "country"),
        ({"unknown": 1}, "(body)"),
        ({"relation": "authorised"}, "attorney"),
        ({"delivery": "post"}, "postal_address"),
    ],
)
def test_odd_bodies_are_refused_and_write_nothing(app, db, act, values, field):
    body = {k: v for k, v in _body(act, **values).items() if v is not None}
    answer = app.post_json(API, body, status="*")
    assert 400 <= answer.status_int < 500, answer.text
    assert answer.content_type == "application/problem+json"
    assert field in json.dumps(answer.json.get("errors", {})) or field == "(body)"
    assert _written(db) == (0, 0)


def test_a_lone_surrogate_or_a_body_that_is_no_json_is_refused(app, db, act):
    raw = json.dumps(_body(act)).replace("Yasmine", "\\ud800").encode()
    app.post(API, raw, content_type="application/json", status=422)
    app.post(API, b"{", content_type="application/json", status=422)
    app.post(API, b"copy_type=extract", status=422)
    assert _written(db) == (0, 0)


ODD_VALUES = ["CS-\x00", "\ud800", "A" * 10_000, 10**400, -(2**70), 1e308, True, None, [], {}]
FIELDS = [
    "copy_type",
    "requester_name",
    "id_document_type",
    "id_document_number",
    "relation",
    "act_number",
    "act_year",
    "birth_date",
    "email",
    "phone",
    "delivery",
    "country",
]


@pytest.mark.parametrize("field", FIELDS)
def test_odd_values_in_any_field_are_a_4xx_and_write_nothing(app, db, act, field):
    for value in ODD_VALUES:
        raw = json.dumps(_body(act, **{field: value}), ensure_ascii=True).encode()
        answer = app.post(API, raw, content_type="application/json", expect_errors=True)
        assert 400 <= answer.status_int < 500, (value, answer.text[:300])
    assert _written(db) == (0, 0)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_generated_requests_answer_as_the_document_says(db, wsgi_app, act, mode):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    operations = [
        result.ok()
        for result in schema.get_all_operations()
        if "/civil-status/" in result.ok().path
    ]
    assert len(operations) == 2
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=12,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            case.path_parameters["commune"] = "sale"
            response = case.call(headers=PLAIN)
            assert response.status_code < 500, response.text[:300]
            case.validate_response(response, checks=CHECKS)

        check()
    if mode is GenerationMode.NEGATIVE:
        assert _written(db) == (0, 0)


def test_a_code_is_followed_only_in_its_own_commune(app, db, act):
    code = app.post_json(API, _body(act), status=201).json["code"]
    with db() as session:
        other = factories.commune(session, slug="rabat")
        factories.enable(session, other, "civil_status")
    app.get(f"/api/v1/communes/rabat/civil-status/requests/{code}", status=404)
    app.get(f"{API}/{code}", status=200)
