"""Issued documents on paper: a Jinja2 sheet rendered to PDF by WeasyPrint, offline.

One sheet serves every document type: a heading (the commune, the title, the number), a
block of label/value rows and a body paragraph per language column, then the seal's QR
with the signed fields printed beside it. Where the commune's country writes its
documents in Arabic and French (:data:`BILINGUAL_PROFILES`), the sheet has an Arabic
column (right to left) beside a Latin one; elsewhere one column in the document's
language. Pango shapes the Arabic and the PDF keeps the text, so it stays searchable.

Fonts are Debian's Noto (the Makefile installs them), named by family in ``sheet.css``:
nothing is downloaded. The core's renderer (:mod:`municipality.pdf`) serves WeasyPrint
only this package's sheet files and refuses everything else, so a value typed into a form
can never make the server fetch a URL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import segno
from jinja2 import Environment, FunctionLoader, select_autoescape
from markupsafe import Markup
from pyramid.i18n import TranslationString

from documents.interfaces import PrintedField
from municipality.charts import reading
from municipality.i18n import _, localizer_for, text_direction
from municipality.models import Commune
from municipality.pdf import html_to_pdf as render_html

SHEET_DIR = Path(__file__).resolve().parent / "templates" / "sheet"
SHEET_URL = SHEET_DIR.as_uri() + "/"
# Countries whose communes issue their documents in Arabic and French side by side.
BILINGUAL_PROFILES = frozenset({"MA", "DZ", "TN", "MR"})
LATIN = ("fr", "en")
QR_ERROR = "m"
# Every mask reads the same; choosing one spares segno scoring all eight, which took
# longer than sealing, storing and recording the document together.
QR_MASK = 0


@dataclass(frozen=True)
class Sheet:
    """Everything printed on one document, before it is put in a language."""

    commune: Commune
    title: TranslationString
    number: str
    fields: Sequence[PrintedField]
    body: TranslationString | None
    template: str
    data: Mapping[str, Any]
    language: str
    issued_on: date
    expires_on: date | None
    seal: str
    verify_url: str
    # The type's picture (an SVG element its ``figure`` built from the stored data).
    figure: str | None = None
    figure_title: TranslationString | None = None


def columns(commune: Commune, language: str) -> list[str]:
    """The languages of the sheet's columns, in reading order of a Latin page.

    A bilingual country puts the Latin column first (on the left) and the Arabic one on
    the right; the Latin one is the document's language, else French.
    """
    if commune.country_profile not in BILINGUAL_PROFILES:
        return [language]
    return [language if language in LATIN else "fr", "ar"]


def isolated(value: str) -> str:
    """A value set apart from the text around it, in the direction of its own letters.

    A phone number or a reference in an Arabic column would otherwise take the column's
    direction: "+212600000000" printed "212600000000+". WeasyPrint ignores ``<bdi>``, but
    the shaper honours the Unicode first-strong isolate marks.
    """
    return f"\u2068{value}\u2069"


def _value(value: Any, locale: str, profile: str) -> str:
    """A printed value: dates as day/month/year, figures in the column's digits."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        value = value.strftime("%d/%m/%Y")
    return reading(locale, profile).text(str(value)) if value is not None else "—"


@dataclass(frozen=True)
class Column:
    """One language's part of the sheet, translated and formatted."""

    locale: str
    direction: str
    title: str
    commune: str
    rows: list[tuple[str, str]]
    body: str
    labels: dict[str, str]
    figure_title: str = ""


def _column(sheet: Sheet, locale: str) -> Column:
    translate = localizer_for(locale).translate
    profile = sheet.commune.country_profile

    def value_of(name: str) -> str:
        raw = sheet.data.get(f"{name}_ar") if locale == "ar" else None
        return _value(raw or sheet.data.get(name), locale, profile)

    mapping = {name: isolated(value_of(name)) for name in sheet.data}
    mapping["commune"] = sheet.commune.name(locale)
    body = TranslationString(sheet.body, mapping=mapping) if sheet.body else None
    return Column(
        locale=locale,
        direction=text_direction(locale),
        title=translate(sheet.title),
        commune=sheet.commune.name(locale),
        rows=[(translate(f.label), value_of(f.name)) for f in sheet.fields],
        body=translate(body) if body else "",
        labels={key: translate(label) for key, label in LABELS.items()},
        figure_title=translate(sheet.figure_title) if sheet.figure_title else "",
    )


LABELS = {
    "number": _("Document number"),
    "issued": _("Issued on"),
    "expires": _("Valid until"),
    "verify": _("Check this document at"),
    "seal": _("Signed electronic seal"),
}


def qr_svg(seal: str) -> Markup:
    """The seal as a QR code (error correction M), an SVG the sheet sizes itself."""
    code = segno.make_qr(seal, error=QR_ERROR, mode="alphanumeric", mask=QR_MASK, boost_error=False)
    svg = code.svg_inline(scale=1, border=4, omitsize=True, dark="#000")
    return Markup(svg)  # noqa: S704 - segno's own markup of the code


def _load(spec: str) -> str:
    """A sheet template by asset spec (``documents:templates/sheet/sheet.jinja2``)."""
    package, _colon, path = spec.partition(":")
    return (resources.files(package) / path).read_text(encoding="utf-8")


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FunctionLoader(_load),
        autoescape=select_autoescape(default=True, default_for_string=True),
        auto_reload=False,
    )
    environment.filters["isolated"] = isolated
    return environment


def sheet_html(sheet: Sheet) -> str:
    """The sheet's HTML: what WeasyPrint turns into the PDF."""
    profile = sheet.commune.country_profile
    cols = [_column(sheet, locale) for locale in columns(sheet.commune, sheet.language)]
    return (
        _environment()
        .get_template(sheet.template)
        .render(
            sheet=sheet,
            columns=cols,
            number=sheet.number,
            dates=[
                (
                    c,
                    _value(sheet.issued_on, c.locale, profile),
                    _value(sheet.expires_on, c.locale, profile) if sheet.expires_on else None,
                )
                for c in cols
            ],
            qr=qr_svg(sheet.seal),
            figure=Markup(sheet.figure) if sheet.figure else None,  # noqa: S704 - the type's SVG
            stylesheet=SHEET_URL + "sheet.css",
        )
    )


def html_to_pdf(html: str) -> bytes:
    """Render the sheet's HTML; only the sheet's own files may be fetched."""
    return render_html(html, SHEET_DIR)


def render_pdf(sheet: Sheet) -> bytes:
    """The document as PDF bytes."""
    return html_to_pdf(sheet_html(sheet))
