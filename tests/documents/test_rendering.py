"""The sheet: its columns per country, offline rendering, and text a reader can copy."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pypdfium2 as pdfium
import pytest
from PIL import Image

from documents.rendering import Sheet, columns, render_pdf, sheet_html
from documents.residence import RESIDENCE
from municipality.errors import ValidationFailed
from municipality.i18n import _
from municipality.images import accept_image
from municipality.models import Commune

SEAL = "BL1:" + "6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3" * 4
DATA = {
    "full_name": "Amina Benali",
    "full_name_ar": "أمينة بنعلي",
    "date_of_birth": date(1988, 3, 14),
    "place_of_birth": "Rabat",
    "place_of_birth_ar": "الرباط",
    "national_id": "AB123456",
    "address": "12, rue Ibn Khaldoun",
    "address_ar": "12، زنقة ابن خلدون",
    "resident_since": date(2015, 6, 1),
}


def _commune(profile: str, languages: str = "ar fr") -> Commune:
    return Commune(
        slug="sale", name_fr="Salé", name_ar="سلا", country_profile=profile, languages=languages
    )


def _sheet(commune: Commune, language: str, **data: object) -> Sheet:
    return Sheet(
        commune=commune,
        title=RESIDENCE.title,
        number="RES-2026-000042",
        fields=RESIDENCE.printed,
        body=RESIDENCE.body,
        template=RESIDENCE.template,
        data={**DATA, **data},
        language=language,
        issued_on=date(2026, 12, 6),
        expires_on=date(2027, 3, 6),
        seal=SEAL,
        verify_url="https://baladiya.example/verify",
    )


def _text(pdf: bytes) -> str:
    return pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()


@pytest.mark.parametrize(
    ("profile", "language", "expected"),
    [
        ("MA", "ar", ["fr", "ar"]),
        ("MA", "fr", ["fr", "ar"]),
        ("MA", "en", ["en", "ar"]),
        ("ML", "fr", ["fr"]),
        ("ML", "ar", ["ar"]),
    ],
)
def test_a_bilingual_country_puts_arabic_beside_a_latin_column(profile, language, expected):
    assert columns(_commune(profile), language) == expected


def test_an_arabic_sheet_keeps_its_words_in_reading_order():
    text = _text(render_pdf(_sheet(_commune("ML", "ar"), "ar")))
    assert "شهادة السكنى" in text
    assert "أمينة بنعلي" in text
    assert "يشهد رئيس جماعة" in text
    assert "للبطاقة الوطنية" in text
    assert "RES-2026-000042" in text


def test_a_latin_value_in_an_arabic_column_keeps_its_own_order():
    """A phone number or identifier reads left to right even among Arabic words."""
    text = _text(render_pdf(_sheet(_commune("ML", "ar"), "ar", national_id="+212600000000")))
    assert "للتعريف +212600000000" in text


def test_a_bilingual_sheet_carries_both_languages_and_the_verification_address():
    text = _text(render_pdf(_sheet(_commune("MA"), "fr")))
    assert "Attestation de résidence" in text
    assert "شهادة السكنى" in text
    assert "Amina Benali" in text
    assert "أمينة بنعلي" in text
    assert "baladiya.example/verify" in text


def test_typed_markup_is_printed_as_text_never_followed():
    html = sheet_html(_sheet(_commune("ML", "fr"), "fr", full_name='<img src="http://x.test/a">'))
    assert "<img" not in html
    assert "&lt;img" in html


def test_the_renderer_leaves_truncated_uploads_refused():
    """WeasyPrint tolerates truncated images process-wide when imported; the renderer
    turns that back off, so a resident's truncated photo is still refused."""
    photo = io.BytesIO()
    Image.new("RGB", (200, 200), "teal").save(photo, "JPEG")
    truncated = photo.getvalue()[: len(photo.getvalue()) // 2]
    with pytest.raises(ValidationFailed):
        accept_image(truncated)


FIGURE = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50">'
    '<text x="10" y="30">Figure 20 m</text></svg>'
)


def test_a_type_figure_is_printed_after_the_seal_with_its_caption_in_each_column():
    sheet = replace(_sheet(_commune("MA"), "fr"), figure=FIGURE, figure_title=_("Site map"))
    html = sheet_html(sheet)
    assert html.index("Figure 20 m") > html.index('class="seal"')
    pdf = pdfium.PdfDocument(render_pdf(sheet))
    text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    assert "Figure 20 m" in text
    assert "Plan de situation" in text
    assert "مخطط الموقع" in text


def test_a_sheet_without_figure_prints_none():
    html = sheet_html(_sheet(_commune("MA"), "fr"))
    assert 'class="figure"' not in html
