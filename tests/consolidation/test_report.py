"""An import's report as text, CSV and xlsx, in the reader's language."""

from __future__ import annotations

import csv
import io

import openpyxl

from consolidation import report, services
from tests.consolidation.conftest import Region, UnitOfWork, filled_workbook, load


def _outcome(db: UnitOfWork, region: Region) -> services.ImportReport:
    good = filled_workbook(db, region, "dune")
    bad = filled_workbook(db, region, "dune", permits_filed="@SUM(A1)")
    with db() as session:
        campaign, _commune = load(session, region, "dune")
        return services.import_files(
            session,
            actor="tests",
            campaign=campaign,
            files=[("good.xlsx", good), ("bad.xlsx", bad)],
            channel="upload",
        )


def test_the_same_rows_in_three_formats(db: UnitOfWork, region: Region) -> None:
    outcome = _outcome(db, region)
    rows = list(csv.reader(io.StringIO(report.as_csv(outcome, "ar"))))
    assert rows[0] == [
        "الملف",
        "النتيجة",
        "الجماعة",
        "الورقة",
        "الخلية",
        "المؤشر",
        "القيمة الموجودة",
        "المنتظر",
    ]
    assert rows[1][:2] == ["good.xlsx", "مقبول كنسخة 1"]
    assert rows[2][:5] == ["bad.xlsx", "مرفوض", "جماعة dune", "Autorisations", "F4"]
    assert rows[2][6] == "'@SUM(A1)"
    sheet = openpyxl.load_workbook(io.BytesIO(report.as_xlsx(outcome, "fr"))).active
    assert sheet.sheet_view.rightToLeft is not True
    assert [c.value for c in sheet[3]][:5] == [
        "bad.xlsx",
        "refusé",
        "Commune dune",
        "Autorisations",
        "F4",
    ]
    assert sheet["H3"].value == "Un nombre entier."
    text = report.as_text(outcome, "en")
    assert "bad.xlsx: refused Commune dune\n  - Autorisations F4 — Demandes" in text
