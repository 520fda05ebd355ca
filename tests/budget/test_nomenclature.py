"""The nomenclature: each country's codes as data, and workbooks imported whole or refused."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from budget import nomenclature, services
from municipality.errors import ValidationFailed
from municipality.uploads import UnsafeUpload
from tests import factories

HEADER = ["section", "chapter", "article", "paragraph", "functional", "label_fr", "label_ar"]


def _book(path, *rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize(("country", "first"), [("MA", "10.10.11"), ("ML", "21.213.2131")])
def test_each_country_starts_from_its_own_codes(db, country, first):
    with db() as session:
        commune = factories.commune(session, country=country)
        added = nomenclature.load_country_codes(session, actor="t", commune=commune)
        assert added == len(nomenclature.COUNTRY_CODES[country])
        assert services.codes(session)[0].code == first
        assert nomenclature.load_country_codes(session, actor="t", commune=commune) == 0


def test_a_workbook_is_read_with_paragraphs_as_lines(tmp_path):
    path = _book(
        tmp_path / "codes.xlsx",
        HEADER,
        ["operating", 62, 621, 6211, "01", "Téléphone", "الهاتف"],
        [None] * 7,
    )
    assert nomenclature.read_workbook(path) == [
        {
            "section": "operating",
            "chapter": "62",
            "article": "621",
            "line": "6211",
            "functional": "01",
            "label_fr": "Téléphone",
            "label_ar": "الهاتف",
        }
    ]


def test_every_bad_cell_is_named_and_nothing_is_read(tmp_path):
    path = _book(
        tmp_path / "codes.xlsx",
        HEADER,
        ["salaries", "62", "621", "6211", "", "Téléphone", "الهاتف"],
        ["operating", "=1+1", "621", "6212", "", "Fax", ""],
    )
    with pytest.raises(ValidationFailed) as raised:
        nomenclature.read_workbook(path)
    assert set(raised.value.errors) == {"A2", "B3", "G3"}


def test_missing_columns_are_named(tmp_path):
    path = _book(tmp_path / "codes.xlsx", ["chapter", "label_fr"], ["62", "Téléphone"])
    with pytest.raises(ValidationFailed) as raised:
        nomenclature.read_workbook(path)
    assert "section" in raised.value.detail.interpolate()


@pytest.mark.parametrize(
    "content",
    [b"not a workbook", b"PK\x03\x04broken", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old xls"],
)
def test_what_is_not_a_workbook_is_refused(tmp_path, content):
    path = tmp_path / "codes.xlsx"
    path.write_bytes(content)
    with pytest.raises(UnsafeUpload):
        nomenclature.read_workbook(path)


def test_a_zip_bomb_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 30_000_000)
    with pytest.raises(UnsafeUpload):
        nomenclature.read_workbook(path)


def test_too_many_rows_are_refused(tmp_path):
    rows = [["operating", "62", "621", str(n), "", "x", "x"] for n in range(2_002)]
    path = _book(tmp_path / "codes.xlsx", HEADER, *rows)
    with pytest.raises(ValidationFailed):
        nomenclature.read_workbook(path)
