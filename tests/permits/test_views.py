"""The permits pages through the real app, in French (the commune's first language): an
architect drafts a house breaking the footprint rule, sees the finding, fixes it, attaches
the checklist and submits; the planner accepts, the urban agency gives its opinion, the
commission approves, the fee is paid and the sealed permit verifies."""

from __future__ import annotations

import json
from decimal import Decimal
from threading import Lock

import pytest
from sqlalchemy import select

from documents import issuance, services
from documents.models import IssuedDocument
from documents.services import RevokedInDatabase, server_trust_list
from documents.verification import Status, verify
from municipality.db import utcnow
from municipality.models import OutboxMessage
from permits.models import FileDocument, PermitFile
from permits.payables import PERMIT_FEE
from tests import factories
from tests.documents.support import qr_text

ARCHITECT = "architect@sale.test"
PLANNER = "planner@sale.test"
AGENCY = "agency@sale.test"
COMMISSION = "commission@sale.test"
ADMIN = "admin@sale.test"


@pytest.fixture(autouse=True)
def fresh_trust_cache(monkeypatch):
    """Each test empties the database, so trust list ids repeat with another signer."""
    monkeypatch.setattr(services, "_TRUST_CACHE", services._TrustCache(Lock()))


@pytest.fixture
def people(app, db, site):
    with db() as session:
        commune = factories.permits_commune_by_slug(session, "sale")
        factories.enable(session, commune, "sync")
        for email, role in (
            (ARCHITECT, "resident"),
            (PLANNER, "urban_planner"),
            (AGENCY, "consulted_body"),
            (COMMISSION, "commission_member"),
            (ADMIN, "commune_admin"),
        ):
            factories.user(session, role=role, commune_=commune, email=email)
    return site


def _as(app, email):
    app.reset()
    factories.log_in(app, email, totp=email == ADMIN)


def _file(db) -> PermitFile:
    with db() as session:
        return session.execute(select(PermitFile)).scalar_one()


def _act(app, file, action, **fields):
    page = app.get(f"/c/sale/permits/files/{file.public_id}")
    form = page.forms[f"action-{action}"]
    for name, value in fields.items():
        form[name] = value
    return form.submit().follow()


def test_an_architect_files_a_building_permit_through_to_approval(app, db, people):
    site = people
    _as(app, ARCHITECT)
    page = app.get("/c/sale/permits/new")
    form = page.forms["deform"]
    form["kind"] = "building"
    form["applicant_role"] = "architect"
    form["applicant_name"] = "Nadia Alaoui"
    form["owner_name"] = "Karim Bennani"
    form["address"] = "12 rue des Orangers"
    form["parcels"] = site.parcel
    form["use"] = "housing"
    form["footprint_m2"] = str(round(site.parcel_area_m2 * 0.8))
    form["floor_area_m2"] = "280"
    form["height_m"] = "7"
    form["floors"] = "2"
    form["units"] = "1"
    draft = form.submit("save").follow()
    assert "enfreint une règle du plan en vigueur" in draft.text
    assert "finding-fail" in draft.text
    edit = app.get(draft.request.path + "/edit").forms["deform"]
    edit["footprint_m2"] = "150"
    fixed = edit.submit("save").follow()
    assert "enfreint une règle" not in fixed.text
    file = _file(db)
    with db() as session:
        session.add(file)
        for item in (
            "property_title",
            "survey_plan",
            "situation_plan",
            "plans_1_100",
            "zoning_note",
            "architect_contract",
            "statistics_form",
            "commitment",
        ):
            upload = app.get(fixed.request.path).forms["upload"]
            upload["item"] = item
            upload["upload"] = (
                f"{item}.pdf",
                factories.MINIMAL_PDF + item.encode(),
                "application/pdf",
            )
            upload.submit("attach").follow()
    submitted = _act(app, file, "submit")
    assert "Déposé" in submitted.text
    follow = app.get("/sale/permits/follow", params={"code": file.code})
    assert "Déposé" in follow.text
    _as(app, PLANNER)
    listing = app.get("/c/sale/permits")
    assert file.code in listing.text
    _act(app, file, "accept")
    review = _act(app, file, "request_opinions")
    assert "Agence urbaine" in review.text
    _as(app, AGENCY)
    opinion = app.get(f"/c/sale/permits/files/{file.public_id}").forms["opinion-0"]
    opinion["verdict"] = "favourable"
    opinion.submit().follow()
    _as(app, PLANNER)
    _act(app, file, "to_commission")
    _as(app, COMMISSION)
    decided = _act(app, file, "approve")
    assert "Accordé" in decided.text
    with db() as session:
        messages = (
            session.execute(
                select(OutboxMessage.payload).where(OutboxMessage.destination == "national:permits")
            )
            .scalars()
            .all()
        )
    assert [m["event_type"] for m in messages] == [
        "permit_application.filed",
        "permit_application.decided",
    ]
    assert messages[0]["payload_version"] == "2"
    assert messages[0]["payload"]["permit_type"] == "building"
    with db() as session:
        factories.permits_commune_by_slug(session, "sale")
        assert PERMIT_FEE.find(session, file.code).amount == Decimal("5600.00")
        PERMIT_FEE.settled(session, file.code, receipt="REC-1")
    _as(app, ADMIN)
    issued = _act(app, file, "issue")
    assert "PRM-" in issued.text
    with db() as session:
        factories.permits_commune_by_slug(session, "sale")
        file = session.execute(select(PermitFile)).scalar_one()
        assert file.state == "issued"
        document = session.execute(select(IssuedDocument)).scalar_one()
        assert document.number == file.number
        text = qr_text(issuance.pdf_of(session, app.app.registry, document))
        verdict = verify(
            text, server_trust_list(session), RevokedInDatabase(session), utcnow().date()
        )
    assert verdict.status is Status.VALID
    assert verdict.claims is not None
    assert verdict.claims.fields["fc"] == file.code
    register = app.get("/sale/permits/register.csv")
    assert file.number in register.text


def test_hostile_upload_answers_a_clear_400_and_stores_nothing(app, db, people):
    with db() as session:
        commune = factories.permits_commune_by_slug(session, "sale")
        file = factories.permit_file(session, commune_=commune, parcels=[people.parcel])
        file.applicant_email = ARCHITECT
    _as(app, ARCHITECT)
    upload = app.get(f"/c/sale/permits/files/{file.public_id}").forms["upload"]
    upload["item"] = "survey_plan"
    upload["upload"] = ("plan.pdf", b"%PDF-1.4 /JavaScript (x)\n%%EOF", "application/pdf")
    refused = upload.submit("attach", status=422)
    assert "scripts ou des fichiers intégrés" in refused.text
    with db() as session:
        assert session.execute(select(FileDocument)).scalars().all() == []


def test_another_applicant_cannot_open_a_file(app, db, people):
    with db() as session:
        commune = factories.permits_commune_by_slug(session, "sale")
        file = factories.permit_file(session, commune_=commune, parcels=[people.parcel])
    _as(app, ARCHITECT)
    app.get(f"/c/sale/permits/files/{file.public_id}", status=404)
    app.get("/c/sale/permits", status=403)


def test_the_public_follow_page_knows_no_draft_and_no_unknown_code(app, db, people):
    with db() as session:
        commune = factories.permits_commune_by_slug(session, "sale")
        file = factories.permit_file(session, commune_=commune, parcels=[people.parcel])
    app.get("/sale/permits/follow", params={"code": file.code}, status=404)
    app.get("/sale/permits/follow", params={"code": "ZZZZ9999"}, status=404)
    app.get("/sale/permits/follow", params={"code": "\x00" * 40}, status=400)
    assert "Code de suivi" in app.get("/sale/permits/follow").text


def test_bad_figures_answer_400_with_the_form(app, db, people):
    _as(app, ARCHITECT)
    form = app.get("/c/sale/permits/new").forms["deform"]
    form["applicant_name"] = "Nadia"
    form["address"] = "x"
    form["footprint_m2"] = "1e400"
    form["floors"] = "3_0"
    response = form.submit("save", status=400)
    assert "error" in response.text


def _draft_form(app):
    form = app.get("/c/sale/permits/new").forms["deform"]
    form["applicant_name"] = "Amina Benali"
    form["address"] = "3 rue Ibn Khaldoun"
    form["footprint_m2"] = "120"
    form["floor_area_m2"] = "240"
    return form


def test_the_form_picks_the_site_on_the_map_and_asks_no_coordinates(app, db, people):
    _as(app, ARCHITECT)
    page = app.get("/c/sale/permits/new")
    assert "data-site-picker" in page.text
    scripts = [script["src"] for script in page.html.find_all("script")]
    assert scripts[-1].endswith("/picker.js")
    assert "/map.js" in scripts[-2]
    assert "/ogc/sale/collections/parcels/items" in page.text
    form = page.forms["deform"]
    assert form["parcels"].value == ""
    assert form.fields["polygon"][0].__class__.__name__ == "Hidden"
    assert page.html.find("textarea") is None
    assert "WKT" not in page.text
    assert "longitude" not in page.text.lower()


def test_a_draft_keeps_the_parcels_typed_or_tapped(app, db, people):
    _as(app, ARCHITECT)
    form = _draft_form(app)
    form["parcels"] = f" {people.parcel} ; "
    form.submit("save").follow()
    file = _file(db)
    assert file.parcels == [people.parcel]
    assert file.site is None
    edit = app.get(f"/c/sale/permits/files/{file.public_id}/edit").forms["deform"]
    assert edit["parcels"].value == people.parcel


def test_a_draft_keeps_the_outline_drawn_on_the_map(app, db, people):
    drawn = {
        "type": "Polygon",
        "coordinates": [
            [[-6.8085, 34.0392], [-6.8081, 34.0392], [-6.8081, 34.0395], [-6.8085, 34.0392]]
        ],
    }
    _as(app, ARCHITECT)
    form = _draft_form(app)
    form["polygon"].force_value(json.dumps(drawn))
    page = form.submit("save").follow()
    assert "dessinez le terrain" not in page.text
    file = _file(db)
    assert file.parcels == []
    assert json.loads(file.site) == drawn
    edit = app.get(f"/c/sale/permits/files/{file.public_id}/edit").forms["deform"]
    assert json.loads(edit["polygon"].value) == drawn
    edit.submit("save").follow()
    assert json.loads(_file(db).site) == drawn


@pytest.mark.parametrize(
    ("parcels", "polygon", "message"),
    [
        ("NOPE-1", "", "NOPE-1"),
        ("", "{not json", "Le contour dessiné"),
        ("", json.dumps({"type": "Point", "coordinates": [-6.8, 34.0]}), "au moins trois"),
    ],
)
def test_a_site_that_is_not_one_answers_400_and_stores_nothing(
    app, db, people, parcels, polygon, message
):
    _as(app, ARCHITECT)
    form = _draft_form(app)
    form["parcels"] = parcels
    form["polygon"].force_value(polygon)
    refused = form.submit("save", status=400)
    assert message in refused.text
    assert "data-site-picker" in refused.text
    with db() as session:
        assert session.execute(select(PermitFile)).scalars().all() == []
