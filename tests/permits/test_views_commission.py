"""The commission's, the inspectors' and the president's pages through the real app, in
French: members vote from their queue and the decision shows the tally; an inspection
is recorded with photos shown as thumbnails, hostile photos refused whole; granting
occupancy issues the sealed certificate, which verifies."""

from __future__ import annotations

from io import BytesIO
from threading import Lock

import pytest
from PIL import Image
from sqlalchemy import func, select

from documents import issuance, services
from documents.models import IssuedDocument
from documents.services import RevokedInDatabase, server_trust_list
from documents.verification import Status, verify
from municipality.db import utcnow
from municipality.images import MAX_BYTES
from municipality.models import Commune
from permits.models import Inspection, InspectionPhoto, PermitFile, Vote
from permits.services import handling, inspections
from tests import factories
from tests.documents.support import qr_text
from tests.municipality.test_images import _png_declaring

MEMBER = "member@sale.test"
OTHER_MEMBER = "member2@sale.test"
PLANNER = "planner@sale.test"
ADMIN = "admin@sale.test"


@pytest.fixture(autouse=True)
def fresh_trust_cache(monkeypatch):
    """Each test empties the database, so trust list ids repeat with another signer."""
    monkeypatch.setattr(services, "_TRUST_CACHE", services._TrustCache(Lock()))


@pytest.fixture
def staff(db, site):
    with db() as session:
        commune = factories.permits_commune_by_slug(session, "sale")
        for email, role in (
            (MEMBER, "commission_member"),
            (OTHER_MEMBER, "commission_member"),
            (PLANNER, "urban_planner"),
            (ADMIN, "commune_admin"),
        ):
            factories.user(session, role=role, commune_=commune, email=email)
    return site


def _as(app, email):
    app.reset()
    factories.log_in(app, email, totp=email == ADMIN)


def _file_at(db, site, *actions: str) -> PermitFile:
    with db() as session:
        commune = session.get(Commune, site.commune_id)
        file = factories.submitted_permit(session, commune_=commune, parcels=[site.parcel])
        factories.advance_permit(session, file, *actions)
        return file


ON_AGENDA = ("accept", "request_opinions", "give_opinions", "to_commission")
WORKS = (*ON_AGENDA, "approve", "pay_fee", "issue", "open_works")


def _jpeg(colour: str = "orange", size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def _count(db, model) -> int:
    with db() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_members_vote_from_their_queue_and_the_decision_shows_the_tally(app, db, staff):
    file = _file_at(db, staff, *ON_AGENDA)
    _as(app, MEMBER)
    queue = app.get("/c/sale/permits/commission")
    assert file.code in queue.text
    assert "Pas encore voté" in queue.text
    summary = queue.click(href=f"/commission/{file.public_id}")
    assert "Avis des organismes consultés" in summary.text
    assert "Vérification du plan" in summary.text
    form = summary.forms["vote-form"]
    form["choice"] = "refuse"
    refused = form.submit(status=422)
    assert "Indiquez les conditions ou les motifs de votre vote." in refused.text
    assert 'value="refuse" checked' in refused.text
    assert _count(db, Vote) == 0
    form = refused.forms["vote-form"]
    form["reasons"] = "Hauteur supérieure au plan"
    back = form.submit().follow()
    assert "Votre vote : Refuser" in back.text
    changed = back.click(href=f"/commission/{file.public_id}").forms["vote-form"]
    changed["choice"] = "approve"
    changed.submit().follow()
    _as(app, OTHER_MEMBER)
    other = app.get(f"/c/sale/permits/commission/{file.public_id}").forms["vote-form"]
    other["choice"] = "approve_with_conditions"
    other["reasons"] = "Accès pompiers"
    other.submit().follow()
    with db() as session:
        votes = session.execute(select(Vote.member, Vote.choice).order_by(Vote.member)).all()
    assert dict(votes) == {MEMBER: "approve", OTHER_MEMBER: "approve_with_conditions"}
    page = app.get(f"/c/sale/permits/files/{file.public_id}")
    tally = page.html.find(id="tally").get_text(" ", strip=True)
    assert "Accorder: 1" in tally
    assert "Accorder sous conditions: 1" in tally
    assert "Refuser: 0" in tally
    decided = page.forms["action-approve"].submit().follow()
    assert "Accordé" in decided.text
    closed = app.get(f"/c/sale/permits/commission/{file.public_id}")
    assert "vote-form" not in closed.text
    assert "les votes sont clos" in closed.html.get_text()
    late = app.post(
        f"/c/sale/permits/commission/{file.public_id}",
        {
            "choice": "refuse",
            "reasons": "x",
            "csrf_token": factories.csrf_token(app, closed.request.path),
        },
        status=409,
    )
    assert "les votes sont clos" in late.html.get_text()
    empty = app.get("/c/sale/permits/commission").html.get_text()
    assert "Aucun dossier n'attend la commission." in empty


def test_only_members_open_the_queue_and_an_unknown_file_is_404(app, db, staff):
    file = _file_at(db, staff, *ON_AGENDA)
    _as(app, PLANNER)
    app.get("/c/sale/permits/commission", status=403)
    app.get(f"/c/sale/permits/commission/{file.public_id}", status=403)
    _as(app, MEMBER)
    app.get("/c/sale/permits/commission/not-a-uuid", status=404)
    app.get("/c/sale/permits/commission/00000000-0000-4000-8000-000000000000", status=404)


def _inspection_form(app, file):
    page = app.get(f"/c/sale/permits/files/{file.public_id}")
    return page, page.forms["inspection-0"]


def test_an_inspection_is_recorded_with_photos_shown_as_thumbnails(app, db, staff):
    file = _file_at(db, staff, *WORKS)
    _as(app, PLANNER)
    page = app.get(f"/c/sale/permits/files/{file.public_id}")
    scheduled = page.forms["inspection-new"].submit().follow()
    assert "Visite de chantier planifiée." in scheduled.text
    form = scheduled.forms["inspection-0"]
    form["outcome"] = "remarks"
    form["findings"] = "Garde-corps manquant au 1er étage"
    form["photos"] = [("facade.jpg", _jpeg("orange")), ("toit.png", _jpeg("grey"))]
    recorded = form.submit().follow()
    assert "Garde-corps manquant" in recorded.text
    thumbnails = recorded.html.select("#inspections ul.photos img")
    assert len(thumbnails) == 2
    thumbnail = app.get(thumbnails[0]["src"])
    assert thumbnail.content_type == "image/jpeg"
    assert thumbnail.headers["X-Content-Type-Options"] == "nosniff"
    assert Image.open(BytesIO(thumbnail.body)).size == (64, 48)
    full = app.get(thumbnails[0].parent["href"])
    assert full.content_type == "image/jpeg"
    with db() as session:
        inspection = session.execute(select(Inspection)).scalar_one()
        photos = session.execute(select(InspectionPhoto)).scalars().all()
        assert inspection.outcome == "remarks"
        assert [p.position for p in photos] == [0, 1]
    _as(app, MEMBER)  # staff who see files see the photos; another's photo id is 404
    assert app.get(thumbnails[0]["src"]).status_int == 200
    app.get(
        thumbnails[0]["src"].split("?")[0].rsplit("/", 1)[0]
        + "/00000000-0000-4000-8000-000000000000",
        status=404,
    )


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [
        ("notes.jpg", b"%PDF-1.4 not a photo", 422, "n\u2019est pas une image JPEG, PNG ou WebP"),
        ("big.jpg", b"\xff\xd8" + b"0" * MAX_BYTES, 422, "dépasse les 8 Mo autorisés"),
        ("bomb.png", _png_declaring(20_000, 20_000), 422, "dépasse les 40 millions de pixels"),
    ],
)
def test_a_hostile_photo_refuses_the_whole_record_with_a_clear_message(
    app, db, staff, name, data, status, message
):
    file = _file_at(db, staff, *WORKS)
    with db() as session:
        factories.permits_commune_by_slug(session, "sale")
        handling.schedule_inspection(
            session, session.merge(file), actor=PLANNER, on=utcnow().date()
        )
    _as(app, PLANNER)
    _page, form = _inspection_form(app, file)
    form["outcome"] = "compliant"
    form["photos"] = [("good.jpg", _jpeg()), (name, data)]
    refused = form.submit(status=status)
    assert message in refused.text
    assert _count(db, InspectionPhoto) == 0
    with db() as session:
        assert session.execute(select(Inspection.outcome)).scalar_one() is None


def test_more_photos_than_allowed_are_refused(app, db, staff):
    file = _file_at(db, staff, *WORKS)
    _as(app, PLANNER)
    page = app.get(f"/c/sale/permits/files/{file.public_id}")
    form = page.forms["inspection-new"].submit().follow().forms["inspection-0"]
    form["outcome"] = "compliant"
    form["photos"] = [(f"p{n}.jpg", _jpeg()) for n in range(inspections.MAX_PHOTOS + 1)]
    refused = form.submit(status=422)
    assert "Au plus 6 photos peuvent être jointes." in refused.text
    assert _count(db, InspectionPhoto) == 0


def test_granting_occupancy_issues_a_sealed_certificate_that_verifies(app, db, staff):
    file = _file_at(db, staff, *WORKS, "complete_works")
    _as(app, ADMIN)
    page = app.get(f"/c/sale/permits/files/{file.public_id}")
    granted = page.forms["action-grant_occupancy"].submit().follow()
    assert "Permis d'habiter OCC-" in granted.html.get_text()
    with db() as session:
        factories.permits_commune_by_slug(session, "sale")
        file = session.execute(select(PermitFile)).scalar_one()
        assert file.state == "occupancy_granted"
        certificate = session.execute(
            select(IssuedDocument).where(IssuedDocument.type_code == "OCC")
        ).scalar_one()
        assert certificate.number == file.occupancy_number
        assert str(certificate.public_id) == file.occupancy_document_id
        assert certificate.data["permit_number"] == file.number
        text = qr_text(issuance.pdf_of(session, app.app.registry, certificate))
        verdict = verify(
            text, server_trust_list(session), RevokedInDatabase(session), utcnow().date()
        )
    assert verdict.status is Status.VALID
    assert verdict.claims is not None
    assert verdict.claims.fields["fc"] == file.code
    assert verdict.claims.fields["pn"] == file.number
    form = app.get("/verify").forms["deform"]
    form["text"] = text
    checked = form.submit("check")
    assert "Permis d'habiter" in checked.html.get_text()
    assert file.number in checked.text
