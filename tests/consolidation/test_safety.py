"""Hostile and broken files are refused, with a message, before any parser reads them."""

from __future__ import annotations

import os
import zipfile

import pytest
from sqlalchemy import func, select

from consolidation import safety
from consolidation.models import CommuneReturn
from tests.consolidation import files
from tests.consolidation.conftest import Region, UnitOfWork, filled_workbook, import_one

SHEET = "xl/worksheets/sheet1.xml"
MB = 1_048_576


def _reason(data: bytes) -> str:
    with pytest.raises(safety.Refused) as refused:
        safety.inspect_workbook(data)
    return str(refused.value.reason.interpolate())


def _expanded(name: str, data: bytes) -> list[safety.Upload]:
    return list(safety.expand([(name, data)]))


def test_a_plain_workbook_passes_and_is_described() -> None:
    package = safety.inspect_workbook(files.plain_workbook(sheets=3))
    assert package.sheets == ["Sheet", "S1", "S2"]
    assert package.formulas == {}


def test_a_file_over_10_mb_is_refused() -> None:
    data = files.zip_of({"big.bin": os.urandom(11 * MB)}, zipfile.ZIP_STORED)
    assert _reason(data) == "The file is 11.0 MB; the limit is 10 MB."


def test_a_zip_with_more_than_200_entries_is_refused() -> None:
    data = files.zip_of({f"r{n}.xlsx": b"x" for n in range(201)})
    [upload] = _expanded("returns.zip", data)
    assert upload.refusal is not None
    assert upload.refusal.interpolate() == "The zip holds 201 files; at most 200 are accepted."


def test_a_zip_expanding_over_100_mb_is_refused() -> None:
    data = files.zip_of({f"r{n}.xlsx": b"x" * 100 for n in range(120)})
    [upload] = _expanded("returns.zip", files.forge_declared_sizes(data, MB - 1))
    assert upload.refusal is not None
    assert "the limit is 100.0 MB" in upload.refusal.interpolate()


def test_a_zip_bomb_is_refused_by_its_ratio() -> None:
    data = files.zip_of({"bomb.xlsx": b"\0" * (5 * MB)})
    [upload] = _expanded("returns.zip", data)
    assert upload.refusal is not None
    assert upload.refusal.interpolate() == "The zip expands suspiciously far; it was refused."


def test_a_workbook_whose_header_lies_about_sizes_is_refused_while_expanding() -> None:
    """Only the declared bytes are read; the check sum of the rest then fails."""
    data = files.rewrite(files.plain_workbook(), add={"xl/media/pad.xml": b"<a/>" * (MB // 2)})
    assert _reason(files.forge_declared_sizes(data, 10)) == (
        "The workbook is damaged and cannot be read."
    )


def test_a_workbook_part_with_a_bomb_ratio_is_refused() -> None:
    data = files.rewrite(files.plain_workbook(), add={"xl/media/zeros.xml": b" " * (5 * MB)})
    assert _reason(data) == "The zip expands suspiciously far; it was refused."


def test_more_than_20_sheets_are_refused() -> None:
    assert _reason(files.plain_workbook(sheets=21)) == (
        "The workbook has 21 sheets; at most 20 are accepted."
    )


def test_more_than_50000_rows_are_refused() -> None:
    data = files.rewrite(files.plain_workbook(), replace={SHEET: files.many_rows(50_001)})
    assert _reason(data) == "The workbook has 50001 rows; at most 50000 are accepted."


def test_macros_are_refused() -> None:
    with_vba = files.rewrite(files.plain_workbook(), add={"xl/vbaProject.bin": b"vba"})
    assert _reason(with_vba) == "Workbooks with macros (.xlsm) are not accepted."
    xlsm = files.rewrite(
        files.plain_workbook(),
        replace={
            "[Content_Types].xml": lambda part: part.replace(
                b"sheet.main+xml", b"sheet.macroEnabled.main+xml"
            )
        },
    )
    assert _reason(xlsm) == "Workbooks with macros (.xlsm) are not accepted."


def test_external_links_are_refused() -> None:
    linked = files.rewrite(
        files.plain_workbook(), add={"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}
    )
    message = "Workbooks with links to other files or data connections are refused."
    assert _reason(linked) == message
    relation = (
        b'<Relationship Id="rId9" TargetMode="External" Target="file:///C:/secret.xlsx" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'externalLink"/></Relationships>'
    )
    by_relation = files.rewrite(
        files.plain_workbook(),
        replace={
            "xl/_rels/workbook.xml.rels": lambda part: part.replace(b"</Relationships>", relation)
        },
    )
    assert _reason(by_relation) == message


@pytest.mark.parametrize("part", ["xl/workbook.xml", SHEET, "[Content_Types].xml"])
def test_xml_with_a_dtd_or_entities_is_refused(part: str) -> None:
    data = files.rewrite(files.plain_workbook(), replace={part: files.with_dtd})
    assert _reason(data) == (
        "The workbook contains an XML document type or entities; it was refused."
    )


def test_password_protected_and_old_files_are_named() -> None:
    assert _reason(files.encrypted_ole()) == (
        "The workbook is protected by a password: save it without one."
    )
    assert _reason(files.old_xls()).startswith("This is an old Excel file (.xls)")


def test_csv_and_pdf_renamed_xlsx_are_named() -> None:
    assert _reason(b"commune;received\nsale;12\n").startswith("This is not an Excel workbook")
    assert _reason(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n").startswith("This is a PDF document")


def test_corrupt_files_are_refused() -> None:
    data = files.plain_workbook()
    assert _reason(data[: len(data) // 2]) == "The workbook is damaged and cannot be read."
    assert _reason(b"PK\x03\x04" + os.urandom(2000)) == (
        "The workbook is damaged and cannot be read."
    )
    not_a_workbook = files.zip_of({"[Content_Types].xml": b"<Types/>", "a.txt": b"a"})
    assert _reason(not_a_workbook) == "This is not an Excel workbook (.xlsx)."


def test_a_zip_inside_a_zip_is_refused() -> None:
    inner = files.zip_of({"a.xlsx": files.plain_workbook()})
    uploads = _expanded("outer.zip", files.zip_of({"inner.zip": inner}))
    assert [u.refusal.interpolate() if u.refusal else "" for u in uploads] == [
        "A zip inside a zip is not accepted."
    ]


def test_hostile_files_store_nothing(db: UnitOfWork, region: Region) -> None:
    hostile = {
        "macro.xlsx": files.rewrite(
            filled_workbook(db, region, "dune"), add={"xl/vbaProject.bin": b"vba"}
        ),
        "entities.xlsx": files.rewrite(
            filled_workbook(db, region, "dune"), replace={"xl/workbook.xml": files.with_dtd}
        ),
        "renamed.xlsx": b"a,b\n1,2\n",
        "locked.xlsx": files.encrypted_ole(),
    }
    for name, data in hostile.items():
        result = import_one(db, region, name, data)
        assert not result.accepted
        assert result.problems[0].describe("en")
    with db() as session:
        assert session.execute(select(func.count(CommuneReturn.id))).scalar_one() == 0


def test_cells_far_apart_are_refused_before_a_reader_allocates_the_rectangle() -> None:
    assert _reason(files.far_apart_cells()) == (
        "A sheet of the workbook spans more than 2000000 cells."
    )


def test_a_long_text_repeated_by_many_cells_is_refused() -> None:
    assert _reason(files.repeated_long_string()) == (
        "The workbook repeats long texts too many times; it was refused."
    )
    safety.inspect_workbook(files.repeated_long_string(length=2_000, cells=30))
