"""The council's PDF summary: by section and chapter, figures and totals as the report
computes them, in French and in Arabic, read back from the PDF with pdfium."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from budget import council
from tests import factories


def pdf_text(body: bytes) -> str:
    document = pdfium.PdfDocument(body)
    try:
        return "\n".join(page.get_textpage().get_text_bounded() for page in document)
    finally:
        document.close()


@pytest.mark.parametrize(
    ("language", "words", "figures"),
    [
        (
            "fr",
            ("Section de fonctionnement", "Total du chapitre 10", "Total du budget"),
            ("100 000.00", "1 150.00", "900.00", "98 850.00", "0.9 %", "1.2 %"),
        ),
        # Text read back from a right-to-left page comes in visual order, so a figure's
        # thousands come after its units: figures without a thousands group are checked.
        ("ar", ("جزء التسيير", "مجموع الفصل 10", "مجموع الميزانية"), ("900.00", "150.00")),
    ],
)
def test_the_council_summary_shows_credits_spending_and_totals(spent, language, words, figures):
    factories.log_in(spent, "officer@t.test", totp=True)
    response = spent.get(
        "/c/tiznit/budget/council.pdf", {"year": "2026"}, headers={"Accept-Language": language}
    )
    assert response.content_type == "application/pdf"
    text = pdf_text(response.body)
    flat = text.replace("\u202f", " ").replace("\u00a0", " ")
    # One line of 100,000 of credit: 1,150 committed (900 paid, 250 committed), 900 paid.
    for figure in figures:
        assert figure in flat, figure
    for word in words:
        assert word in text, word


def test_lines_are_grouped_by_section_and_chapter_with_subtotals(spent, db):
    from sqlalchemy import select

    from budget import services
    from municipality.db import set_commune_scope
    from municipality.models import Commune

    with db() as session:
        commune = session.execute(select(Commune).where(Commune.slug == "tiznit")).scalar_one()
        set_commune_scope(session, commune.id)
        rows = services.execution(session, 2026)
        found, total = council.sections(rows)
    assert [s.name for s in found] == ["operating"]
    (chapter,) = found[0].chapters
    assert chapter.totals.committed == total.committed == sum(r.committed for r in rows)
    assert total.payment_rate == rows[0].payment_rate
