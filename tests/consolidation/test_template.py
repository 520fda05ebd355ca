"""The workbook a commune fills in: languages, identity, protection, validation, metadata."""

from __future__ import annotations

import io

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from consolidation import layout
from tests.consolidation.conftest import Region, UnitOfWork, blank_workbook


def _book(db: UnitOfWork, region: Region, slug: str) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(blank_workbook(db, region, slug)))


def _validation_of(sheet: Worksheet, ref: str) -> object:
    return next(v for v in sheet.data_validations.dataValidation if ref in v.sqref)


def test_an_arabic_first_commune_gets_right_to_left_arabic_sheets(
    db: UnitOfWork, region: Region
) -> None:
    book = _book(db, region, "palmeraie")
    visible = [s for s in book.worksheets if s.sheet_state == "visible"]
    assert [s.title for s in visible] == [
        "الجماعة",
        "الحالة المدنية",
        "الشكايات",
        "الرخص",
        "المداخيل",
        "ملاحظات",
    ]
    assert all(s.sheet_view.rightToLeft for s in visible)
    complaints = book["الشكايات"]
    assert complaints.cell(layout.HEADER_ROW, layout.LABEL_COLUMN).value == "المؤشر"
    assert complaints.cell(layout.HEADER_ROW, layout.OTHER_LABEL_COLUMN).value == "Indicateur"
    assert complaints.cell(layout.FIRST_ROW, layout.OTHER_LABEL_COLUMN).value == (
        "Réclamations reçues"
    )


def test_a_french_only_commune_hides_the_second_language(db: UnitOfWork, region: Region) -> None:
    book = _book(db, region, "dune")
    sheet = book["Réclamations"]
    assert not sheet.sheet_view.rightToLeft
    assert sheet.column_dimensions["D"].hidden
    assert sheet.column_dimensions["A"].hidden


def test_identity_is_filled_in(db: UnitOfWork, region: Region) -> None:
    identity = _book(db, region, "dune")["Commune"]
    values = {identity.cell(r, 1).value: identity.cell(r, 2).value for r in range(3, 10)}
    assert values["Code de la commune"] == "dune"
    assert values["Période"] == "2026-10"
    assert values["Monnaie"] == "MAD"
    assert values["Relevé"] == "Activité mensuelle"


def test_only_input_cells_are_unlocked_and_all_sheets_protected(
    db: UnitOfWork, region: Region
) -> None:
    book = _book(db, region, "dune")
    assert book.security is not None
    assert book.security.lockStructure
    for sheet in book.worksheets:
        assert sheet.protection.sheet
        unlocked = {
            cell.coordinate
            for row in sheet.iter_rows()
            for cell in row
            if cell.protection.locked is False
        }
        if sheet.title in ("Commune", layout.META_SHEET, layout.LISTS_SHEET):
            assert unlocked == set()
        else:
            last = sheet.max_row
            assert unlocked == {f"F{r}" for r in range(layout.FIRST_ROW, last + 1)}


def test_every_input_cell_has_data_validation_and_help(db: UnitOfWork, region: Region) -> None:
    book = _book(db, region, "dune")
    received = _validation_of(book["Réclamations"], "F4")
    assert (received.type, received.operator, received.formula1, received.formula2) == (
        "whole",
        "between",
        "0",
        "1000000",
    )
    assert received.prompt.startswith("Nombre enregistré")
    share = _validation_of(book["Réclamations"], "F6")
    assert (share.type, share.formula1, share.formula2, share.allow_blank) == (
        "decimal",
        "0",
        "1",
        True,
    )
    remarks = book["Remarques"]
    source = _validation_of(remarks, "F4")
    assert (source.type, source.formula1) == ("list", "'_lists'!$A$1:$A$3")
    assert _validation_of(remarks, "F5").type == "textLength"
    for sheet in book.worksheets[1:6]:
        covered = {str(r) for v in sheet.data_validations.dataValidation for r in v.sqref.ranges}
        inputs = {f"F{r}" for r in range(layout.FIRST_ROW, sheet.max_row + 1)}
        assert inputs <= covered, sheet.title


def test_metadata_is_very_hidden_and_names_the_campaign(db: UnitOfWork, region: Region) -> None:
    book = _book(db, region, "dune")
    meta_sheet = book[layout.META_SHEET]
    assert meta_sheet.sheet_state == "veryHidden"
    assert book[layout.LISTS_SHEET].sheet_state == "veryHidden"
    meta = {meta_sheet.cell(r, 1).value: meta_sheet.cell(r, 2).value for r in range(1, 9)}
    assert meta["campaign"] == region.campaign
    assert (meta["set"], meta["version"], meta["commune"], meta["period"]) == (
        "activity-monthly",
        "1",
        "dune",
        "2026-10",
    )
    assert meta["checksum"] == layout.checksum(meta)
