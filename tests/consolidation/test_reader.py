"""Returned workbooks: recognised whatever their name, read cell by cell, stored whole."""

from __future__ import annotations

import io
from datetime import date

import openpyxl

from consolidation import layout, services
from consolidation.validate import FileResult
from tests.consolidation import files
from tests.consolidation.conftest import (
    Region,
    UnitOfWork,
    cell_of,
    filled_workbook,
    import_one,
    load,
)


def test_a_filled_workbook_is_accepted_under_any_name(db: UnitOfWork, region: Region) -> None:
    data = filled_workbook(db, region, "palmeraie")
    result = import_one(db, region, "scan 2 (final) copie.xlsx", data)
    assert [p.describe("en") for p in result.problems] == []
    assert result.accepted
    assert result.commune is not None
    assert result.commune.slug == "palmeraie"
    assert result.commune_return is not None
    assert result.commune_return.version == 1


def test_stored_values_are_exact_and_nested(db: UnitOfWork, region: Region) -> None:
    result = import_one(db, region, "r.xlsx", filled_workbook(db, region, "dune"))
    assert result.commune_return is not None
    values = result.commune_return.values
    assert values["complaints_online_share"] == "35"
    assert values["data_source"] == "software"
    assert isinstance(values["civil_acts"]["birth"], int)
    assert values["revenue"]["fees"] == "121900"
    assert values["remarks"] is None


def _problems(result: FileResult) -> list[str]:
    return [p.describe("en") for p in result.problems]


def _sheet_part(data: bytes, title: str) -> str:
    """The package part of the sheet called ``title``."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return f"xl/worksheets/sheet{book.sheetnames.index(title) + 1}.xml"


def test_a_deleted_sheet_is_refused_clearly(db: UnitOfWork, region: Region) -> None:
    book = openpyxl.load_workbook(io.BytesIO(filled_workbook(db, region, "dune")))
    del book["Autorisations"]
    result = import_one(db, region, "r.xlsx", _saved(book))
    assert _problems(result) == [
        "Sheet Autorisations was deleted or renamed: the workbook's structure must stay as it "
        "was downloaded."
    ]


def test_moved_rows_are_refused_clearly(db: UnitOfWork, region: Region) -> None:
    book = openpyxl.load_workbook(io.BytesIO(filled_workbook(db, region, "dune")))
    sheet = book["Réclamations"]
    sheet.insert_rows(5)
    result = import_one(db, region, "r.xlsx", _saved(book))
    assert _problems(result) == [
        "Row 5 of sheet Réclamations no longer holds this indicator: rows were moved, "
        "inserted or deleted."
    ]
    assert (result.problems[0].sheet, result.problems[0].cell) == ("Réclamations", "A5")


def test_an_inserted_column_is_refused_clearly(db: UnitOfWork, region: Region) -> None:
    book = openpyxl.load_workbook(io.BytesIO(filled_workbook(db, region, "dune")))
    book["Recettes"].insert_cols(3)
    result = import_one(db, region, "r.xlsx", _saved(book))
    assert _problems(result) == ["Columns of sheet Recettes were inserted, deleted or moved."]


def test_altered_metadata_is_refused(db: UnitOfWork, region: Region) -> None:
    book = openpyxl.load_workbook(io.BytesIO(filled_workbook(db, region, "dune")))
    book[layout.META_SHEET]["B5"] = "palmeraie"
    result = import_one(db, region, "r.xlsx", _saved(book))
    assert _problems(result) == [
        "The workbook's hidden identification was altered; download it again."
    ]


def test_a_workbook_not_made_for_a_campaign_is_refused(db: UnitOfWork, region: Region) -> None:
    result = import_one(db, region, "r.xlsx", files.plain_workbook())
    assert _problems(result)[0].startswith("This workbook was not made by Baladiya")


def test_a_workbook_of_another_campaign_is_refused(db: UnitOfWork, region: Region) -> None:
    data = filled_workbook(db, region, "dune")
    with db() as session:
        campaign, _commune = load(session, region, "dune")
        other = services.create_campaign(
            session,
            actor="tests",
            region=campaign.region,
            set_code="activity-monthly",
            period="2026-11",
            deadline=date(2026, 12, 15),
        )
        report = services.import_files(
            session, actor="tests", campaign=other, files=[("r.xlsx", data)], channel="upload"
        )
    assert _problems(report.files[0]) == [
        "This workbook belongs to another campaign (activity-monthly, 2026-10)."
    ]


def test_a_typed_value_in_a_formula_cell_counts_as_computed(db: UnitOfWork, region: Region) -> None:
    data = filled_workbook(db, region, "dune", complaints_received=None)
    sheet, ref = cell_of(data, "complaints_received")
    computed = files.rewrite(
        data, replace={_sheet_part(data, sheet): files.with_formula(ref, "100+59", "159")}
    )
    result = import_one(db, region, "r.xlsx", computed)
    assert _problems(result) == []
    assert result.commune_return is not None
    assert result.commune_return.values["complaints_received"] == 159
    assert result.commune_return.computed == ["complaints_received"]


def test_a_formula_without_a_cached_value_is_refused(db: UnitOfWork, region: Region) -> None:
    data = filled_workbook(db, region, "dune", complaints_received=None)
    sheet, ref = cell_of(data, "complaints_received")
    uncached = files.rewrite(
        data, replace={_sheet_part(data, sheet): files.with_formula(ref, "100+59", None)}
    )
    result = import_one(db, region, "r.xlsx", uncached)
    assert _problems(result) == ["A formula without a computed value: type the value itself."]
    assert (result.problems[0].sheet, result.problems[0].cell) == (sheet, ref)


def test_every_bad_cell_is_reported_and_nothing_stored(db: UnitOfWork, region: Region) -> None:
    data = filled_workbook(
        db, region, "palmeraie", permits_filed="many", complaints_resolved=10_000
    )
    result = import_one(db, region, "r.xlsx", data)
    assert not result.accepted
    assert [(p.key, p.found) for p in result.problems] == [
        ("permits_filed", "many"),
        ("complaints_resolved", "10000"),
    ]
    with db() as session:
        campaign, commune = load(session, region, "palmeraie")
        assert services.latest_return(session, campaign, commune) is None


def _saved(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
