"""Granting occupancy issues the sealed occupancy certificate (``OCC``), printed in French
and Arabic, whose seal verifies; a file not ready for it gets nothing sealed."""

from __future__ import annotations

from threading import Lock

import pypdfium2 as pdfium
import pytest
from sqlalchemy import func, select

from documents import issuance, services
from documents.models import IssuedDocument
from documents.services import RevokedInDatabase, server_trust_list
from documents.verification import Status, verify
from municipality.db import utcnow
from municipality.errors import InvalidTransition, ValidationFailed
from permits.services import handling
from tests import factories
from tests.documents.support import qr_text

COMPLETED = (
    *("accept", "request_opinions", "give_opinions", "to_commission", "approve"),
    *("pay_fee", "issue", "open_works", "complete_works"),
)


@pytest.fixture(autouse=True)
def fresh_trust_cache(monkeypatch):
    """Each test empties the database, so trust list ids repeat with another signer."""
    monkeypatch.setattr(services, "_TRUST_CACHE", services._TrustCache(Lock()))


def _text(pdf: bytes) -> str:
    return pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()


def test_granting_occupancy_issues_a_bilingual_sealed_certificate(db):
    with db() as session:
        file = factories.submitted_permit(session)
        factories.advance_permit(session, file, *COMPLETED, "grant_occupancy")
        assert file.state == "occupancy_granted"
        certificate = session.execute(
            select(IssuedDocument).where(IssuedDocument.type_code == "OCC")
        ).scalar_one()
        assert certificate.number == file.occupancy_number
        assert certificate.number.startswith("OCC-")
        assert str(certificate.public_id) == file.occupancy_document_id
        pdf = issuance.pdf_of(session, factories.permits_registry(), certificate)
        text = _text(pdf)
        verdict = verify(
            qr_text(pdf), server_trust_list(session), RevokedInDatabase(session), utcnow().date()
        )
    assert "Permis d'habiter" in text
    assert "رخصة السكن" in text
    assert "Permis de construire" in text
    assert "رخصة البناء" in text
    assert file.number in text
    assert verdict.status is Status.VALID
    assert verdict.claims is not None
    assert verdict.claims.fields["fc"] == file.code
    assert verdict.claims.fields["pn"] == file.number
    assert verdict.claims.fields["ow"] == "Karim Bennani"


def test_occupancy_before_the_works_are_completed_seals_nothing(db):
    with db() as session:
        file = factories.submitted_permit(session)
        factories.advance_permit(session, file, *COMPLETED[:-1])
        with pytest.raises(InvalidTransition):
            factories.advance_permit(session, file, "grant_occupancy")
        counted = select(func.count()).where(IssuedDocument.type_code == "OCC")
        assert session.execute(counted).scalar_one() == 0


def test_the_move_without_its_certificate_is_refused_not_half_done(db):
    with db() as session:
        file = factories.submitted_permit(session)
        factories.advance_permit(session, file, *COMPLETED)
        with pytest.raises(ValidationFailed, match="occupancy certificate"):
            handling.act(
                session,
                file,
                "grant_occupancy",
                actor=factories.ACTOR,
                permissions=factories.PERMIT_ALL,
            )
