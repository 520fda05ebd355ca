"""What the documents tests share: a commune that issues, and the data of a certificate."""

from __future__ import annotations

from typing import Any

import pypdfium2 as pdfium
import zxingcpp
from pyramid.registry import Registry
from sqlalchemy.orm import Session

from documents import demo, issuance
from documents.models import IssuedDocument
from documents.permissions import Perm
from documents.reading import QR
from modules import load_registry
from municipality import activation
from municipality.models import Commune
from tests import factories

ISSUER = frozenset({Perm.VIEW, Perm.ISSUE, Perm.REVOKE})
RESIDENT = {
    "full_name": "Amina Benali",
    "full_name_ar": "أمينة بنعلي",
    "date_of_birth": "1988-03-14",
    "place_of_birth": "Rabat",
    "national_id": "AB123456",
    "address": "12, rue Ibn Khaldoun, Hay Salam",
    "resident_since": "2015-06-01",
}


def enable_documents(session: Session, registry: Registry, commune: Commune) -> None:
    """The documents module enabled in ``commune``, with its document-signer."""
    activation.enable(
        session, load_registry(["documents"]), actor="tests", commune=commune, name="documents"
    )
    demo.signer(session, registry, commune, "tests")


def issuing_commune(session: Session, registry: Registry, slug: str = "sale", **kw: Any) -> Commune:
    """A new commune that issues documents."""
    commune = factories.commune(session, slug=slug, **kw)
    enable_documents(session, registry, commune)
    return commune


def issue(
    session: Session, registry: Registry, commune: Commune, lang: str = "fr", **data: Any
) -> IssuedDocument:
    return issuance.issue_document(
        session,
        registry,
        actor="tests",
        commune=commune,
        type_code="RES",
        data={**RESIDENT, **data},
        lang=lang,
        permissions=ISSUER,
    )


def qr_text(pdf: bytes) -> str:
    """The seal read back from the PDF the way a phone reads paper: page image, QR decoder."""
    image = pdfium.PdfDocument(pdf)[0].render(scale=3).to_pil()
    found = zxingcpp.read_barcodes(image, formats=QR)
    assert len(found) == 1, found
    return str(found[0].text)
