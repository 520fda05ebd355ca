"""The execution report as a workbook: one row per line, totals and rates as formulas.

The rates and the available credit are Excel formulas over the row's figures, so a
reader who corrects a figure in the file sees the rates follow; a bar chart of the
commitment rate per line sits beside the table.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from budget.money import DECIMALS
from budget.services import Execution
from municipality.i18n import _
from municipality.spreadsheets import neutralise

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
HEADERS = (
    (_("Code"), 14),
    (_("Label"), 36),
    (_("Credit"), 16),
    (_("Committed"), 16),
    (_("Liquidated"), 16),
    (_("Ordered"), 16),
    (_("Paid"), 16),
    (_("Available"), 16),
    (_("Commitment rate"), 12),
    (_("Payment rate"), 12),
)


def workbook(
    rows: list[Execution],
    *,
    currency: str,
    translate: Callable[[str], str],
    label: Callable[[Execution], str],
    right_to_left: bool,
    more: Callable[[Workbook], None] | None = None,
) -> bytes:
    """The year's execution, formatted, with its formulas and chart; ``more`` adds sheets
    (the revenues')."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = translate(_("Execution"))[:31]
    sheet.sheet_view.rightToLeft = right_to_left
    for column, (title, width) in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=1, column=column, value=translate(title))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(column)].width = width
    money_format = "#,##0" + ("." + "0" * DECIMALS[currency] if DECIMALS[currency] else "")
    for number, row in enumerate(rows, start=2):
        figures = (row.credit, row.committed, row.liquidated, row.ordered, row.paid)
        sheet.append([row.line.code.code, neutralise(label(row)), *figures])
        sheet.cell(row=number, column=8, value=f"=C{number}-D{number}")
        sheet.cell(row=number, column=9, value=f'=IF(C{number}=0,"",D{number}/C{number})')
        sheet.cell(row=number, column=10, value=f'=IF(C{number}=0,"",G{number}/C{number})')
        for column in range(3, 9):
            sheet.cell(row=number, column=column).number_format = money_format
        for column in (9, 10):
            sheet.cell(row=number, column=column).number_format = "0.0%"
    last = len(rows) + 1
    total = last + 1
    sheet.cell(row=total, column=2, value=translate(_("Total"))).font = Font(bold=True)
    for column in range(3, 9):
        letter = get_column_letter(column)
        cell = sheet.cell(row=total, column=column, value=f"=SUM({letter}2:{letter}{last})")
        cell.number_format = money_format
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"
    if rows:
        chart = BarChart()
        chart.type = "bar"
        chart.title = translate(_("Commitment rate"))
        chart.add_data(Reference(sheet, min_col=9, min_row=1, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last))
        sheet.add_chart(chart, "L2")
    if more is not None:
        more(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
