"""An import's report in the reader's language: as text, CSV or an Excel workbook.

One line per problem: file, sheet, cell, indicator, the value found and what was
expected. Accepted files get one line saying which commune and version they became.
The same rows feed the three formats, so the terminal, the download and the upload
page never disagree.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font

from consolidation.validate import FileResult, ImportReport
from municipality.i18n import _, localizer_for
from municipality.spreadsheets import neutralise

COLUMNS = (
    _("File"),
    _("Outcome"),
    _("Commune"),
    _("Sheet"),
    _("Cell"),
    _("Indicator"),
    _("Found"),
    _("Expected"),
)


@dataclass(frozen=True)
class Line:
    """One row of the report."""

    file: str
    outcome: str
    commune: str
    sheet: str = ""
    cell: str = ""
    indicator: str = ""
    found: str = ""
    expected: str = ""

    def cells(self) -> tuple[str, ...]:
        return (
            self.file,
            self.outcome,
            self.commune,
            self.sheet,
            self.cell,
            self.indicator,
            self.found,
            self.expected,
        )


def lines(report: ImportReport, locale: str) -> list[Line]:
    """The report's rows: one per accepted file, one per problem of a refused file."""
    rows: list[Line] = []
    for result in report.files:
        rows.extend(_file_lines(result, locale))
    return rows


def _file_lines(result: FileResult, locale: str) -> list[Line]:
    translate = localizer_for(locale).translate
    commune = result.commune.name(locale) if result.commune is not None else ""
    if result.accepted:
        version = result.commune_return.version if result.commune_return else 0
        outcome = translate(_("accepted as version ${version}", mapping={"version": version}))
        return [Line(result.name, outcome, commune)]
    refused = translate(_("refused"))
    return [
        Line(
            result.name,
            refused,
            commune,
            problem.sheet,
            problem.cell,
            problem.indicator_label(locale),
            problem.found,
            problem.describe(locale),
        )
        for problem in result.problems
    ]


def headers(locale: str) -> list[str]:
    translate = localizer_for(locale).translate
    return [translate(column) for column in COLUMNS]


def as_text(report: ImportReport, locale: str) -> str:
    """For a terminal: a heading line per file, then its problems indented."""
    translate = localizer_for(locale).translate
    out: list[str] = []
    for result in report.files:
        file_lines = _file_lines(result, locale)
        first = file_lines[0]
        out.append(f"{first.file}: {first.outcome} {first.commune}".rstrip())
        if result.accepted:
            continue
        for line in file_lines:
            where = " ".join(p for p in (line.sheet, line.cell) if p)
            found = translate(_("found: ${value}", mapping={"value": line.found}))
            parts = [p for p in (where, line.indicator, found if line.found else "") if p]
            prefix = f"{' — '.join(parts)}: " if parts else ""
            out.append(f"  - {prefix}{line.expected}")
    return "\n".join(out) + "\n"


def as_csv(report: ImportReport, locale: str) -> str:
    """For spreadsheets and scripts: a header row, then one row per line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers(locale))
    for line in lines(report, locale):
        writer.writerow([neutralise(value) for value in line.cells()])
    return buffer.getvalue()


def as_xlsx(report: ImportReport, locale: str) -> bytes:
    """For the download button: the same rows as a workbook, right to left in Arabic."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = localizer_for(locale).translate(_("Report"))[:31]
    sheet.sheet_view.rightToLeft = locale == "ar"
    sheet.append(headers(locale))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in lines(report, locale):
        sheet.append([neutralise(value) for value in line.cells()])
    for letter, width in zip("ABCDEFGH", (30, 22, 22, 20, 8, 36, 16, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
