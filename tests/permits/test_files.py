"""Drafting and filing: figures, circuit, fee, checklist PDFs, the GIS check's findings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from municipality.db import set_commune_scope
from municipality.errors import Conflict, ValidationFailed
from municipality.models import AuditEvent, Commune
from permits.models import PermitFile
from permits.profiles import profile
from permits.services import files, rules
from tests import factories


def _draft(session, site, **data):
    commune = session.get(Commune, site.commune_id)
    set_commune_scope(session, commune.id)
    return factories.permit_file(session, commune_=commune, parcels=[site.parcel], **data)


def test_a_draft_gets_a_code_its_circuit_and_its_fee(db, site):
    with db() as session:
        file = _draft(session, site)
        assert len(file.code) == 8
        assert file.code.isalnum()
        assert file.state == "draft"
        assert file.circuit == "small"
        # 240 m² of housing at 20 MAD per covered m² (Morocco's construction tax).
        assert file.fee == Decimal("4800.00")
        actions = session.execute(select(AuditEvent.action)).scalars().all()
        assert "permits:file:drafted" in actions


@pytest.mark.parametrize(
    ("kind", "use", "area", "fee"),
    [
        ("building", "retail", 250.5, Decimal("10020.00")),
        ("building", "facility", 900, Decimal("0.00")),
        ("regularisation", "housing", 100, Decimal("4000.00")),
        ("repair", "housing", 100, Decimal("100.00")),
        ("demolition", "housing", 100, Decimal("200.00")),
    ],
)
def test_fee_formula_per_kind_and_use(db, site, kind, use, area, fee):
    with db() as session:
        file = _draft(session, site, kind=kind, use=use, floor_area_m2=area)
        assert file.fee == fee


def test_mali_charges_its_own_rates_in_francs(db):
    with db() as session:
        commune = factories.permits_commune(session, country="ML")
        file = factories.permit_file(session, commune_=commune, floor_area_m2=200.0)
        assert file.circuit == "large"
        assert file.fee == Decimal("50000.00")


def test_the_checklist_lists_what_is_still_missing(db, site):
    with db() as session:
        file = _draft(session, site)
        checklist = profile("MA").kinds["building"].checklist
        assert rules.missing_documents(profile("MA"), file) == list(checklist)
        factories.file_document(session, file_=file)
        assert rules.missing_documents(profile("MA"), file) == list(checklist[1:])


def test_a_file_cannot_be_submitted_before_its_checklist_is_complete(db, site):
    with db() as session:
        file = _draft(session, site)
        with pytest.raises(ValidationFailed, match="Documents missing"):
            factories.advance_permit(session, file, "submit")
        assert file.state == "draft"


NOT_PDF = "not a PDF document"
ACTIVE = "scripts or embedded files"
PLAIN = factories.MINIMAL_PDF


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", NOT_PDF),
        (b"GIF89a not a pdf", NOT_PDF),
        (PLAIN[:40], NOT_PDF),
        (PLAIN.replace(b"/Catalog", b"/Catalog/OpenAction<</S/JavaScript/JS(x)>>"), ACTIVE),
        (PLAIN.replace(b"/Catalog", b"/Catalog/Names<</EmbeddedFiles 3 0 R>>"), ACTIVE),
        (PLAIN.replace(b"/Catalog", b"/Catalog/OpenAction<</S/J#61vaScript>>"), ACTIVE),
        (b"%PDF-1.4\n" + b"0" * (files.MAX_PDF_BYTES + 1) + b"\n%%EOF", "larger than"),
    ],
)
def test_hostile_or_broken_uploads_are_refused(db, site, content, problem):
    with db() as session:
        file = _draft(session, site)
        with pytest.raises(ValidationFailed) as refused:
            files.attach(
                session,
                factories.documents_registry(),
                file,
                actor="a",
                item="survey_plan",
                filename="x.pdf",
                content=content,
            )
        assert problem in refused.value.errors["upload"]
        assert file.documents == []


def test_a_document_outside_the_checklist_is_refused(db, site):
    with db() as session:
        file = _draft(session, site)
        with pytest.raises(ValidationFailed):
            files.attach(
                session,
                factories.documents_registry(),
                file,
                actor="a",
                item="passport",
                filename="x.pdf",
                content=factories.MINIMAL_PDF,
            )


def test_the_check_warns_the_applicant_of_a_footprint_over_the_limit(db, site):
    with db() as session:
        commune = session.get(Commune, site.commune_id)
        too_big = round(site.parcel_area_m2 * 0.8)
        file = _draft(session, site, footprint_m2=float(too_big))
        check = files.run_check(session, commune, file, factories.utcnow().date())
        footprint = next(f for f in check.findings if f.rule == "footprint")
        assert check.outcome == "fail"
        assert footprint.outcome == "fail"
        assert footprint.limit == 0.6
        assert "article 12" in footprint.source
        files.update_draft(
            session,
            commune,
            file,
            actor="a",
            data=factories.permit_data(parcels=[site.parcel], footprint_m2=120.0),
        )
        fixed = files.run_check(session, commune, file, factories.utcnow().date())
        assert next(f for f in fixed.findings if f.rule == "footprint").outcome == "pass"


def test_submission_stores_the_findings_of_the_plan_in_force(db, site):
    with db() as session:
        file = _draft(session, site)
        factories.complete_checklist(session, file)
        factories.advance_permit(session, file, "submit")
        assert file.state == "submitted"
        assert file.plan_reference
        assert file.plan_reference.startswith("PA-")
        rules_found = {f["rule"]: f for f in file.findings}
        assert rules_found["footprint"]["outcome"] == "pass"
        assert rules_found["footprint"]["measured"] is not None
        assert rules_found["footprint"]["msgid"]
        assert file.submitted_at is not None


def test_a_filed_file_can_no_longer_be_edited(db, site):
    with db() as session:
        file = _draft(session, site)
        factories.complete_checklist(session, file)
        factories.advance_permit(session, file, "submit")
        with pytest.raises(Conflict):
            files.update_draft(
                session,
                session.get(Commune, site.commune_id),
                file,
                actor="a",
                data=factories.permit_data(parcels=[site.parcel]),
            )


def test_a_file_is_followed_by_its_code_in_any_case(db, site):
    with db() as session:
        file = _draft(session, site)
        assert files.by_code(session, file.code.lower()) is file
        assert files.by_code(session, "   ") is None
        assert session.execute(select(PermitFile)).scalars().all() == [file]
