"""Every demo document type, from issue to paper and back: the seal read off the page checks.

Issue -> PDF -> page rasterised with PDFium -> QR decoded with zxing-cpp -> verified
against the server's trust list -> the signed fields are the data issued.
"""

from __future__ import annotations

from threading import Lock

import pytest

from documents import issuance, services
from documents.services import RevokedInDatabase, server_trust_list
from documents.verification import Status, verify
from municipality.db import utcnow
from tests.documents.support import ISSUER, RESIDENT, issue, issuing_commune, qr_text

DEMO_TYPES = ["RES"]


@pytest.fixture(autouse=True)
def fresh_trust_cache(monkeypatch):
    """The server keeps the parsed trust list while its sections' ids stay the same; each
    test empties the database, so ids repeat with another signer behind them."""
    monkeypatch.setattr(services, "_TRUST_CACHE", services._TrustCache(Lock()))


@pytest.mark.parametrize("type_code", DEMO_TYPES)
@pytest.mark.parametrize(("country", "lang"), [("MA", "ar"), ("MA", "fr"), ("ML", "fr")])
def test_the_seal_read_off_the_pdf_verifies_with_the_issued_fields(
    db, wsgi_app, type_code, country, lang
):
    registry = wsgi_app.registry
    with db() as session:
        commune = issuing_commune(session, registry, "sale", country=country)
        document = issue(session, registry, commune, lang=lang)
        text = qr_text(issuance.pdf_of(session, registry, document))
        verdict = verify(
            text, server_trust_list(session), RevokedInDatabase(session), utcnow().date()
        )
    doc_type = issuance.document_type(registry, type_code)
    assert text == document.seal
    assert verdict.status == Status.VALID, verdict.reason
    assert verdict.claims is not None
    assert verdict.claims.number == document.number
    assert verdict.claims.commune == "sale"
    assert verdict.claims.expires == document.expires_on
    assert dict(verdict.claims.fields) == {
        key: RESIDENT[name] for key, name in doc_type.seal_sources.items()
    }


def test_a_revoked_document_reads_revoked_off_its_paper(db, wsgi_app):
    registry = wsgi_app.registry
    with db() as session:
        commune = issuing_commune(session, registry)
        document = issue(session, registry, commune)
        issuance.revoke(
            session, actor="tests", document=document, reason="wrong address", permissions=ISSUER
        )
        text = qr_text(issuance.pdf_of(session, registry, document))
        verdict = verify(
            text, server_trust_list(session), RevokedInDatabase(session), utcnow().date()
        )
    assert verdict.status == Status.REVOKED
