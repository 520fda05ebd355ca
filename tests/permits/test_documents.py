"""The issued permit: its site map, kept in the sealed data and printed on the PDF."""

from __future__ import annotations

import json

import pypdfium2 as pdfium
import pytest
import shapely
from sqlalchemy import select

from documents import issuance
from documents.models import IssuedDocument
from gis import sitemap
from municipality.db import set_commune_scope
from municipality.errors import ValidationFailed
from municipality.models import Commune
from permits.documents import PERMIT, site_figure
from tests import factories

TO_ISSUE = (
    "submit",
    "accept",
    "request_opinions",
    "give_opinions",
    "to_commission",
    "approve",
    "pay_fee",
    "issue",
)


def _pdf_text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def _issue(session, fixture, **data) -> tuple[IssuedDocument, bytes, int]:
    set_commune_scope(session, fixture.commune_id)
    commune = session.get(Commune, fixture.commune_id)
    file = factories.permit_file(session, commune_=commune, **data)
    factories.complete_checklist(session, file)
    factories.advance_permit(session, file, *TO_ISSUE)
    document = session.execute(select(IssuedDocument)).scalar_one()
    pdf = issuance.pdf_of(session, factories.permits_registry(), document)
    return document, pdf, len(pdfium.PdfDocument(pdf))


def test_the_permit_prints_a_map_of_its_parcel_with_a_scale_bar(db, site):
    with db() as session:
        document, pdf, pages = _issue(session, site, parcels=[site.parcel])
        kept = sitemap.parse_site_map(document.data["site_map"])
    assert pages == 2
    assert len(kept.site) == 1
    assert len(kept.site[0]) == 5
    # The parcel (about 100 m x 110 m) is also drawn in grey among its neighbours.
    assert len(kept.around) >= 1
    text = _pdf_text(pdf)
    assert "50 m" in text
    assert "Plan de situation" in text
    assert "\nN" in text or "N\n" in text
    # Reprinting from the sealed data draws the same picture.
    assert site_figure(document.data) == site_figure(json.loads(json.dumps(document.data)))


def test_a_drawn_site_is_mapped_too(db, site):
    west, south = -6.8085, 34.0392
    drawn = shapely.Polygon(
        [(west, south), (west + 0.0004, south), (west + 0.0004, south + 0.0003), (west, south)]
    )
    with db() as session:
        document, pdf, _pages = _issue(session, site, parcels=[], site=shapely.to_geojson(drawn))
        kept = sitemap.parse_site_map(document.data["site_map"])
    assert len(kept.site[0]) == 4
    assert kept.site[0][1] == pytest.approx((west + 0.0004, south), abs=1e-6)
    assert " m" in _pdf_text(pdf)


def test_a_site_map_that_is_not_one_is_refused_at_issue():
    data = {
        "file_code": "ABCD2345",
        "kind": "Permis de construire",
        "full_name": "Karim Bennani",
        "applicant": "Karim Bennani",
        "address": "12 rue des Orangers",
        "parcels": "P-1",
        "use": "Habitation",
        "floor_area": "240",
        "floors": "2",
        "decision": "Accordé",
        "commune": "Salé",
    }
    assert issuance.validated(PERMIT, data)["site_map"] is None
    with pytest.raises(ValidationFailed) as refused:
        issuance.validated(PERMIT, {**data, "site_map": '{"site": [[["<svg>", 1]]]}'})
    assert "site_map" in refused.value.errors
    assert site_figure({**data, "site_map": "<svg onload=x>"}) is None
