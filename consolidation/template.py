"""The workbook each commune fills in for a campaign.

Headers speak the commune's languages (sheets run right to left when its first language
is Arabic), its identity is filled in, only input cells are unlocked, every input cell
carries Excel data validation (type, bounds, list) and a help prompt, and very hidden
metadata lets the reader recognise the returned file whatever it was renamed to.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from consolidation import layout
from consolidation.definition import (
    CHOICE,
    CURRENCY_UNIT,
    DATE,
    DECIMAL,
    INTEGER,
    PERCENTAGE,
    TEXT,
    Cell,
    Indicator,
    SetDefinition,
)
from consolidation.layout import SheetLayout
from consolidation.models import Campaign
from consolidation.services import campaign_layout, region_communes
from municipality.i18n import _, localizer_for
from municipality.models import Commune

INPUT_FILL = PatternFill("solid", fgColor="FFF4C2")
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
_NUMBER_FORMATS = {
    INTEGER: "#,##0",
    DECIMAL: "#,##0.00",
    PERCENTAGE: "0.00%",
    TEXT: "@",
    DATE: "DD/MM/YYYY",
    CHOICE: "@",
}
_EXCEL_EPOCH = date(1899, 12, 30)


def workbook_bytes(campaign: Campaign, commune: Commune) -> bytes:
    """The commune's workbook for the campaign, as the download button serves it."""
    buffer = io.BytesIO()
    build_workbook(campaign, commune).save(buffer)
    return buffer.getvalue()


def file_name(campaign: Campaign, commune: Commune) -> str:
    """A readable name; the reader never relies on it."""
    return f"{campaign.indicator_set.code}_{campaign.period}_{commune.slug}.xlsx"


def write_templates(session: Session, campaign: Campaign, out_dir: Path) -> list[Path]:
    """One workbook per commune of the campaign's region, written into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for commune in region_communes(session, campaign.region_id):
        path = out_dir / file_name(campaign, commune)
        path.write_bytes(workbook_bytes(campaign, commune))
        written.append(path)
    return written


def build_workbook(campaign: Campaign, commune: Commune) -> Workbook:
    definition, period = campaign_layout(campaign)
    locales = layout.languages(commune)
    sheets = layout.sheet_layouts(definition, period, commune)
    book = Workbook()
    identity = book.active
    assert identity is not None
    _identity_sheet(identity, campaign, commune, locales)
    lists = _lists_sheet(book, definition, locales[0])
    for sheet_layout in sheets:
        _data_sheet(book.create_sheet(sheet_layout.name), sheet_layout, campaign, commune, lists)
    # Hidden sheets go last, so the commune's own sheets come first everywhere.
    book.move_sheet(layout.LISTS_SHEET, offset=len(sheets))
    _meta_sheet(book, campaign, commune, sheets)
    book.security = WorkbookProtection(lockStructure=True)
    return book


def _translate(locale: str, message: str) -> str:
    return localizer_for(locale).translate(_(message))


def _protect(sheet: Worksheet, locale: str) -> None:
    sheet.protection.sheet = True
    sheet.protection.formatCells = False
    sheet.protection.formatColumns = False
    sheet.sheet_view.rightToLeft = locale == "ar"


def _identity_sheet(
    sheet: Worksheet, campaign: Campaign, commune: Commune, locales: list[str]
) -> None:
    locale = locales[0]
    sheet.title = layout.identity_sheet_name(commune)
    indicator_set = campaign.indicator_set
    rows = [
        (_translate(locale, "Commune"), " / ".join(commune.name(loc) for loc in locales)),
        (_translate(locale, "Commune code"), commune.slug),
        (
            _translate(locale, "Region"),
            commune.region.name_ar if locale == "ar" else commune.region.name_fr,
        ),
        (_translate(locale, "Return"), indicator_set.title(locale)),
        (_translate(locale, "Period"), campaign.period),
        (_translate(locale, "Deadline"), campaign.deadline.isoformat()),
        (_translate(locale, "Currency"), commune.currency),
    ]
    sheet["A1"] = _translate(locale, "Fill in the yellow cells of the following sheets only.")
    sheet["A1"].font = Font(bold=True)
    for offset, (label, value) in enumerate(rows, start=3):
        sheet.cell(offset, 1, label).font = Font(bold=True)
        sheet.cell(offset, 2, value)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 48
    _protect(sheet, locale)


def _lists_sheet(book: Workbook, definition: SetDefinition, locale: str) -> dict[str, str]:
    """Choice labels for drop-down lists, one column per choice indicator."""
    sheet = book.create_sheet(layout.LISTS_SHEET)
    ranges = {}
    choice_indicators = [i for i in definition.indicators if i.type == CHOICE]
    for column, indicator in enumerate(choice_indicators, start=1):
        for row, choice in enumerate(indicator.choices, start=1):
            sheet.cell(row, column, choice.label(locale))
        letter = get_column_letter(column)
        ranges[indicator.code] = (
            f"'{layout.LISTS_SHEET}'!${letter}$1:${letter}${len(indicator.choices)}"
        )
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True
    return ranges


def _headers(locales: list[str]) -> dict[int, str]:
    first = locales[0]
    headers = {
        layout.KEY_COLUMN: "key",
        layout.LABEL_COLUMN: _translate(first, "Indicator"),
        layout.MEMBER_COLUMN: _translate(first, "Detail"),
        layout.UNIT_COLUMN: _translate(first, "Unit"),
        layout.VALUE_COLUMN: _translate(first, "Value"),
        layout.HELP_COLUMN: _translate(first, "Help"),
    }
    if len(locales) > 1:
        headers[layout.OTHER_LABEL_COLUMN] = _translate(locales[1], "Indicator")
    return headers


def _data_sheet(
    sheet: Worksheet,
    sheet_layout: SheetLayout,
    campaign: Campaign,
    commune: Commune,
    lists: dict[str, str],
) -> None:
    locales = layout.languages(commune)
    locale = locales[0]
    sheet["B1"] = f"{sheet_layout.title} — {campaign.indicator_set.title(locale)} {campaign.period}"
    sheet["B1"].font = Font(bold=True, size=13)
    sheet["B2"] = commune.name(locale)
    for column, text in _headers(locales).items():
        header = sheet.cell(layout.HEADER_ROW, column, text)
        header.font = Font(bold=True)
        header.fill = HEADER_FILL
    validations: dict[str, DataValidation] = {}
    for row, cell in enumerate(sheet_layout.cells, start=layout.FIRST_ROW):
        _data_row(sheet, row, cell, locales, commune)
        indicator = cell.indicator
        if indicator.code not in validations:
            validations[indicator.code] = _validation(indicator, locale, lists)
            sheet.add_data_validation(validations[indicator.code])
        validations[indicator.code].add(f"{layout.VALUE_LETTER}{row}")
    sheet.column_dimensions["A"].hidden = True
    for column, width in ((2, 42), (3, 24), (4, 42), (5, 10), (6, 18), (7, 50)):
        sheet.column_dimensions[get_column_letter(column)].width = width
    if len(locales) == 1:
        sheet.column_dimensions["D"].hidden = True
    sheet.freeze_panes = f"B{layout.FIRST_ROW}"
    _protect(sheet, locale)


def _data_row(sheet: Worksheet, row: int, cell: Cell, locales: list[str], commune: Commune) -> None:
    indicator = cell.indicator
    first = locales[0]
    sheet.cell(row, layout.KEY_COLUMN, cell.key)
    sheet.cell(row, layout.LABEL_COLUMN, indicator.label(first)).alignment = Alignment(
        wrap_text=True
    )
    if cell.member is not None:
        sheet.cell(row, layout.MEMBER_COLUMN, cell.member.label(first))
    if len(locales) > 1:
        other = locales[1]
        text = indicator.label(other)
        if cell.member is not None:
            text = f"{text} — {cell.member.label(other)}"
        sheet.cell(row, layout.OTHER_LABEL_COLUMN, text)
    unit = commune.currency if indicator.unit == CURRENCY_UNIT else indicator.unit
    sheet.cell(row, layout.UNIT_COLUMN, unit)
    value = sheet.cell(row, layout.VALUE_COLUMN)
    value.protection = Protection(locked=False)
    value.fill = INPUT_FILL
    value.number_format = _NUMBER_FORMATS[indicator.type]
    required = _translate(first, "Required") if indicator.required else ""
    help_text = " ".join(t for t in (required, indicator.help(first)) if t)
    sheet.cell(row, layout.HELP_COLUMN, help_text).alignment = Alignment(wrap_text=True)


def _validation(indicator: Indicator, locale: str, lists: dict[str, str]) -> DataValidation:
    """Excel's own check of an input cell, with the indicator's help as its prompt."""
    kind, operator, low, high = _rule(indicator)
    validation = DataValidation(
        type=kind,
        operator=operator,
        formula1=low if kind != "list" else lists[indicator.code],
        formula2=high,
        allow_blank=not indicator.required,
        showErrorMessage=True,
        showInputMessage=True,
    )
    validation.promptTitle = indicator.label(locale)[:32]
    validation.prompt = (indicator.help(locale) or indicator.label(locale))[:255]
    validation.errorTitle = _translate(locale, "Value refused")[:32]
    validation.error = _translate(locale, "This value does not fit; see the help column.")
    return validation


def _rule(indicator: Indicator) -> tuple[str, str | None, str | None, str | None]:
    """Excel validation type, operator and formulas for an indicator."""
    low, high = indicator.minimum, indicator.maximum
    if indicator.type == CHOICE:
        return "list", None, None, None
    if indicator.type == TEXT:
        return "textLength", "lessThanOrEqual", high or "32767", None
    if indicator.type == DATE:
        low, high = _serial(low), _serial(high)
    if indicator.type == PERCENTAGE:
        low, high = _fraction(low), _fraction(high)
    kind = {INTEGER: "whole", DATE: "date"}.get(indicator.type, "decimal")
    if low is not None and high is not None:
        return kind, "between", low, high
    if low is not None:
        return kind, "greaterThanOrEqual", low, None
    if high is not None:
        return kind, "lessThanOrEqual", high, None
    return kind, "between", "-1E+300", "1E+300"


def _serial(text: str | None) -> str | None:
    if text is None:
        return None
    return str((date.fromisoformat(text) - _EXCEL_EPOCH).days)


def _fraction(text: str | None) -> str | None:
    return None if text is None else str(Decimal(text) / 100)


def _meta_sheet(
    book: Workbook, campaign: Campaign, commune: Commune, sheets: list[SheetLayout]
) -> None:
    meta = metadata(campaign, commune, sheets)
    sheet = book.create_sheet(layout.META_SHEET)
    for row, key in enumerate(layout.META_KEYS, start=1):
        sheet.cell(row, 1, key)
        sheet.cell(row, 2, meta[key])
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


def metadata(campaign: Campaign, commune: Commune, sheets: list[SheetLayout]) -> dict[str, str]:
    """What the hidden sheet records: set, version, commune, period, layout, checksum."""
    meta = {
        "format": layout.FORMAT,
        "campaign": str(campaign.public_id),
        "set": campaign.indicator_set.code,
        "version": str(campaign.set_version.number),
        "commune": commune.slug,
        "period": campaign.period,
        "layout": layout.layout_digest(sheets),
    }
    meta["checksum"] = layout.checksum(meta)
    return meta
