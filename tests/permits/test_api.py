"""The permits JSON API through the real app: a client application drafts a file for an
applicant, the applicant attaches the documents, the client submits and reads the zoning
plan's findings; anyone reads the register and follows a file by its code. Odd input is
a 4xx that writes nothing; schemathesis runs the operations, well-formed and not."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode
from sqlalchemy import func, select

from municipality import accounts
from municipality.db import set_commune_scope
from municipality.models import AuditEvent, Commune, OutboxMessage
from permits.models import PermitFile
from permits.permissions import Perm
from tests import factories
from tests.openapi_checks import CHECKS, PLAIN

API = "/api/v1/communes/sale/permits"
APPLICANT = "salma@sale.test"


def _key(db, site, permissions=(Perm.APPLY,)) -> str:
    with db() as session:
        commune = session.get(Commune, site.commune_id)
        _token, secret = accounts.create_api_token(
            session, actor="tests", commune=commune, name="portal", permissions=list(permissions)
        )
    return secret


@pytest.fixture
def key(db, site) -> str:
    return _key(db, site)


def _auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _draft(where, **fields: Any) -> dict[str, Any]:
    """A two-floor house of 240 m² whose 150 m² footprint the plan's 60 % allows."""
    return {
        "kind": "building",
        "applicant_name": "Salma Idrissi",
        "applicant_email": APPLICANT,
        "language": "ar",
        "address": "12 rue des Orangers",
        "parcels": [where.parcel],
        "use": "housing",
        "footprint_m2": 150,
        "floor_area_m2": 240.0,
        "height_m": 7,
        "floors": 2,
        "units": 1,
        **fields,
    }


def _written(db) -> tuple[int, int]:
    """Files, and the permits audit events: what a refused request must not change."""
    with db() as session:
        files = session.execute(
            select(func.count()).select_from(PermitFile).execution_options(all_communes=True)
        ).scalar_one()
        events = session.execute(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action.like("permits:%"))
        ).scalar_one()
    return files, events


def _attach_checklist(db, file_id: str) -> None:
    """What the applicant does on the file's page: attach every document of the checklist."""
    with db() as session:
        file = session.execute(
            select(PermitFile)
            .where(PermitFile.public_id == uuid.UUID(file_id))
            .execution_options(all_communes=True)
        ).scalar_one()
        set_commune_scope(session, file.commune_id)
        factories.complete_checklist(session, file)


def test_a_client_drafts_then_submits_and_reads_the_findings(app, db, site, key):
    created = app.post_json(f"{API}/files", _draft(site), headers=_auth(key), status=201)
    draft = created.json
    assert created.headers["Location"].endswith(f"/permits/files/{draft['id']}")
    assert (draft["state"], draft["applicant_email"], draft["language"]) == (
        "draft",
        APPLICANT,
        "ar",
    )
    assert (draft["fee"], draft["currency"]) == ("4800.00", "MAD")
    assert draft["documents_url"].endswith(f"/c/sale/permits/files/{draft['id']}")
    assert "property_title" in draft["missing_documents"]
    refused = app.post(f"{API}/files/{draft['id']}/submission", headers=_auth(key), status=422)
    assert "property_title" in refused.json["detail"]

    _attach_checklist(db, draft["id"])
    submitted = app.post(
        f"{API}/files/{draft['id']}/submission",
        headers={**_auth(key), "Accept-Language": "fr"},
    ).json
    assert submitted["state"] == "submitted"
    assert submitted["missing_documents"] == []
    check = submitted["check"]
    assert check["outcome"] == "pass"
    footprint = next(f for f in check["findings"] if f["rule"] == "footprint")
    assert footprint["outcome"] == "pass"
    assert footprint["source"] == "Règlement du plan d'aménagement, article 12"
    again = app.get(f"{API}/files/{draft['id']}", headers=_auth(key)).json
    assert again["check"] == check
    with db() as session:
        note = session.execute(
            select(OutboxMessage.payload)
            .where(OutboxMessage.destination == "messaging")
            .execution_options(all_communes=True)
        ).scalar_one()
        actors = set(
            session.execute(
                select(AuditEvent.actor).where(AuditEvent.object_type == "permit_file")
            ).scalars()
        )
    # The applicant is told, in the language the client filed in.
    assert note["to"] == APPLICANT
    assert note["body"].startswith(f"تم إيداع ملفكم {draft['code']}")
    assert actors == {actor for actor in actors if actor.startswith("apikey:")}


def test_a_failing_project_is_submitted_with_its_findings(app, db, site, key):
    draft = app.post_json(
        f"{API}/files", _draft(site, footprint_m2=9000), headers=_auth(key), status=201
    ).json
    _attach_checklist(db, draft["id"])
    check = app.post(f"{API}/files/{draft['id']}/submission", headers=_auth(key)).json["check"]
    assert check["outcome"] == "fail"
    assert any(f["outcome"] == "fail" for f in check["findings"])


def test_a_key_sees_and_submits_only_the_files_it_drafted(app, db, site, key):
    draft = app.post_json(f"{API}/files", _draft(site), headers=_auth(key), status=201).json
    other = _key(db, site)
    app.get(f"{API}/files/{draft['id']}", headers=_auth(other), status=404)
    app.post(f"{API}/files/{draft['id']}/submission", headers=_auth(other), status=404)
    app.get(f"{API}/files/not-a-uuid", headers=_auth(key), status=404)


def test_drafting_needs_a_key_with_the_permission(app, db, site):
    before = _written(db)
    app.post_json(f"{API}/files", _draft(site), status=401)
    reader = _key(db, site, permissions=(Perm.VIEW,))
    refused = app.post_json(f"{API}/files", _draft(site), headers=_auth(reader), status=403)
    assert refused.content_type == "application/problem+json"
    assert _written(db)[0] == before[0]


def test_submitting_twice_is_a_conflict_and_changes_nothing(app, db, site, key):
    draft = app.post_json(f"{API}/files", _draft(site), headers=_auth(key), status=201).json
    _attach_checklist(db, draft["id"])
    app.post(f"{API}/files/{draft['id']}/submission", headers=_auth(key))
    before = _written(db)
    again = app.post(f"{API}/files/{draft['id']}/submission", headers=_auth(key), status=409)
    assert again.content_type == "application/problem+json"
    assert _written(db) == before


def test_an_unknown_parcel_is_a_422_at_submission(app, db, site, key):
    draft = app.post_json(
        f"{API}/files", _draft(site, parcels=["NOPE-1"]), headers=_auth(key), status=201
    ).json
    _attach_checklist(db, draft["id"])
    before = _written(db)
    refused = app.post(f"{API}/files/{draft['id']}/submission", headers=_auth(key), status=422)
    assert "NOPE-1" in refused.json["detail"]
    assert _written(db) == before


def test_the_register_lists_issued_permits_without_the_applicant(app, db, site):
    with db() as session:
        set_commune_scope(session, site.commune_id)
        commune = session.get(Commune, site.commune_id)
        issued = factories.permit_file(session, commune_=commune, parcels=[site.parcel])
        factories.complete_checklist(session, issued)
        factories.advance_permit(
            session,
            issued,
            "submit",
            "accept",
            "request_opinions",
            "give_opinions",
            "to_commission",
            "approve",
            "pay_fee",
            "issue",
        )
        factories.permit_file(session, commune_=commune, parcels=[site.parcel])
        number, applicant = issued.number, issued.applicant_name
    listed = app.get(f"{API}/register").json
    assert (listed["total"], listed["pages"]) == (1, 1)
    (entry,) = listed["items"]
    assert (entry["number"], entry["kind"], entry["status"]) == (number, "building", "issued")
    assert all(entry[day] for day in ("filed_on", "decided_on", "issued_on"))
    assert applicant not in json.dumps(listed)
    assert app.get(f"{API}/register?kind=demolition").json["total"] == 0
    assert app.get(f"{API}/register?status=issued&kind=building").json["total"] == 1
    assert app.get(f"{API}/register?size=1&page=2").json["items"] == []
    for bad in ("kind=spaceship", "status=draft", "size=0", "page=x"):
        refused = app.get(f"{API}/register?{bad}", status=400)
        assert refused.content_type == "application/problem+json"


def test_a_file_is_followed_by_its_code_once_filed(app, db, site, key):
    draft = app.post_json(f"{API}/files", _draft(site), headers=_auth(key), status=201).json
    app.get(f"{API}/follow/{draft['code']}", status=404)
    _attach_checklist(db, draft["id"])
    app.post(f"{API}/files/{draft['id']}/submission", headers=_auth(key))
    followed = app.get(f"{API}/follow/{draft['code'].lower()}").json
    assert followed == {
        "code": draft["code"],
        "kind": "building",
        "state": "submitted",
        "due_on": None,
        "working_days_left": None,
    }
    app.get(f"{API}/follow/UNKNOWN1", status=404)


def test_a_commune_without_permits_answers_404(app, db, site):
    with db() as session:
        factories.commune(session, slug="rabat")
    app.get("/api/v1/communes/rabat/permits/register", status=404)


ODD_VALUES = [
    "Salma\x00",
    "\ud800",
    "A" * 10_000,
    10**400,
    -(2**70),
    1e308,
    -1,
    True,
    None,
    [],
    {"nested": {"deeper": ["x"]}},
]
DRAFTABLE = [("site", None), ("site", "A" * 10_000), ("parcels", [])]
FIELDS = [
    "kind",
    "applicant_name",
    "applicant_email",
    "applicant_role",
    "language",
    "address",
    "parcels",
    "site",
    "use",
    "floor_area_m2",
    "floors",
]


@pytest.mark.parametrize("field", FIELDS)
def test_odd_values_are_a_clear_4xx_and_write_nothing(app, db, site, key, field):
    before = _written(db)
    for value in ODD_VALUES:
        body = json.dumps(_draft(site, **{field: value}), ensure_ascii=True).encode()
        answer = app.post(
            f"{API}/files",
            body,
            headers=_auth(key),
            content_type="application/json",
            expect_errors=True,
        )
        if answer.status_int == 201:
            # A draft may have no site yet, or a long one: submission reads it.
            assert (field, value) in DRAFTABLE, (field, repr(value)[:40])
            continue
        assert 400 <= answer.status_int < 500, (field, repr(value)[:40], answer.text[:200])
        assert answer.content_type == "application/problem+json"
        assert "Traceback" not in answer.text
    if not any(field == name for name, _value in DRAFTABLE):
        assert _written(db) == before


@pytest.mark.parametrize(
    "site_text",
    [
        "POLYGON((0 0, 1 0, 1 1, 0 0)",
        '{"type": "FeatureCollection", "features": []}',
        "[1, 2, 3]",
        "[" * 5000 + "]" * 5000,
        '{"a": ' + "[" * 5000 + "]" * 5000 + "}",
        '{"type": "Feature"}',
        '{"type": "Feature", "geometry": 5}',
        "POINT(-6.8 34.0)",
        "POLYGON((500 500, 501 500, 501 501, 500 500))",
    ],
)
def test_an_unreadable_site_is_refused_at_submission(app, db, site, key, site_text):
    draft = app.post_json(
        f"{API}/files", _draft(site, parcels=[], site=site_text), headers=_auth(key), status=201
    ).json
    _attach_checklist(db, draft["id"])
    before = _written(db)
    refused = app.post(f"{API}/files/{draft['id']}/submission", headers=_auth(key), status=422)
    assert refused.content_type == "application/problem+json"
    assert _written(db) == before


def _permits_operations(wsgi_app) -> list[Any]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    return [o for o in operations if "/permits/" in o.path]


def _consistent(db) -> int:
    """Nothing half-written: every file has its drafting event, and none was filed (no
    generated draft has its documents); how many files were drafted."""
    with db() as session:
        files = (
            session.execute(select(PermitFile).execution_options(all_communes=True)).scalars().all()
        )
        drafted = set(
            session.execute(
                select(AuditEvent.object_id).where(AuditEvent.action == "permits:file:drafted")
            ).scalars()
        )
    assert {str(f.public_id) for f in files} == drafted
    assert all(f.state == "draft" and f.checked_on is None for f in files)
    return len(files)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_operations_answer_as_the_document_says(db, wsgi_app, site, key, mode):
    operations = _permits_operations(wsgi_app)
    assert len(operations) == 5
    headers = {**PLAIN, **_auth(key)}
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
            response = case.call(headers=headers)
            assert response.status_code < 500, response.text[:300]
            if mode == GenerationMode.POSITIVE:
                case.validate_response(response, checks=CHECKS)

        check()
    drafted = _consistent(db)
    # Well-formed bodies draft files; malformed ones draft none.
    assert (drafted > 0) == (mode == GenerationMode.POSITIVE)
