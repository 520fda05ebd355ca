"""The execution report as a workbook: one row per line, totals and rates as formulas.

The rates and the available credit are Excel formulas over the row's figures, so a
reader who corrects a figure in the file sees the rates follow; a bar chart of the
commitment rate per line sits beside the table. A second sheet gives the year month by
month: committed and paid, their running totals as formulas, and a column chart.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from budget.money import DECIMALS
from budget.services import Execution
from budget.trend import Month
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


MONTH_HEADERS = (
    (_("Month"), 14),
    (_("Committed"), 16),
    (_("Paid"), 16),
    (_("Committed to date"), 18),
    (_("Paid to date"), 18),
)


def money_format(currency: str) -> str:
    """The cells' number format for amounts in ``currency``, with as many decimals as it has."""
    return "#,##0" + ("." + "0" * DECIMALS[currency] if DECIMALS[currency] else "")


def headers_row(
    sheet: Worksheet,
    headers: tuple[tuple[str, int], ...],
    translate: Callable[[str], str],
    fill: PatternFill = HEADER_FILL,
) -> None:
    """Row 1: each title translated, bold and wrapped on ``fill``, its column at its width."""
    for column, (title, width) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column, value=translate(title))
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(column)].width = width


def total_row(
    sheet: Worksheet,
    *,
    last: int,
    label_column: int,
    columns: Iterable[int],
    translate: Callable[[str], str],
    number_format: str,
) -> None:
    """Under rows 2 to ``last``, a bold "Total" row summing ``columns`` as formulas, so a
    figure corrected in the workbook moves its total."""
    total = last + 1
    sheet.cell(row=total, column=label_column, value=translate(_("Total"))).font = Font(bold=True)
    for column in columns:
        letter = get_column_letter(column)
        cell = sheet.cell(row=total, column=column, value=f"=SUM({letter}2:{letter}{last})")
        cell.number_format = number_format
        cell.font = Font(bold=True)


def _monthly_sheet(
    book: Workbook,
    months: list[Month],
    names: list[str],
    *,
    currency: str,
    translate: Callable[[str], str],
    right_to_left: bool,
) -> None:
    """Committed and paid per month, running totals as formulas, and their column chart."""
    sheet = book.create_sheet(translate(_("Per month"))[:31])
    sheet.sheet_view.rightToLeft = right_to_left
    headers_row(sheet, MONTH_HEADERS, translate)
    amounts = money_format(currency)
    for number, month in enumerate(months, start=2):
        sheet.append([names[month.month - 1], month.committed, month.paid])
        sheet.cell(row=number, column=4, value=f"=SUM(B$2:B{number})")
        sheet.cell(row=number, column=5, value=f"=SUM(C$2:C{number})")
        for column in range(2, 6):
            sheet.cell(row=number, column=column).number_format = amounts
    last = len(months) + 1
    total_row(
        sheet,
        last=last,
        label_column=1,
        columns=(2, 3),
        translate=translate,
        number_format=amounts,
    )
    sheet.freeze_panes = "B2"
    chart = BarChart()
    chart.type = "col"
    chart.title = translate(_("Committed and paid per month"))
    chart.add_data(
        Reference(sheet, min_col=2, max_col=3, min_row=1, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last))
    sheet.add_chart(chart, "G2")


def workbook(
    rows: list[Execution],
    *,
    months: list[Month],
    month_names: list[str],
    currency: str,
    translate: Callable[[str], str],
    label: Callable[[Execution], str],
    right_to_left: bool,
    more: Callable[[Workbook], None] | None = None,
) -> bytes:
    """The year's execution, formatted, with its formulas and charts; ``months`` (the
    year month by month) fills a second sheet when there is a year; ``more`` adds sheets
    (the revenues')."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = translate(_("Execution"))[:31]
    sheet.sheet_view.rightToLeft = right_to_left
    headers_row(sheet, HEADERS, translate)
    amounts = money_format(currency)
    for number, row in enumerate(rows, start=2):
        figures = (row.credit, row.committed, row.liquidated, row.ordered, row.paid)
        sheet.append([row.line.code.code, neutralise(label(row)), *figures])
        sheet.cell(row=number, column=8, value=f"=C{number}-D{number}")
        sheet.cell(row=number, column=9, value=f'=IF(C{number}=0,"",D{number}/C{number})')
        sheet.cell(row=number, column=10, value=f'=IF(C{number}=0,"",G{number}/C{number})')
        for column in range(3, 9):
            sheet.cell(row=number, column=column).number_format = amounts
        for column in (9, 10):
            sheet.cell(row=number, column=column).number_format = "0.0%"
    last = len(rows) + 1
    total_row(
        sheet,
        last=last,
        label_column=2,
        columns=range(3, 9),
        translate=translate,
        number_format=amounts,
    )
    sheet.freeze_panes = "C2"
    if rows:
        chart = BarChart()
        chart.type = "bar"
        chart.title = translate(_("Commitment rate"))
        chart.add_data(Reference(sheet, min_col=9, min_row=1, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last))
        sheet.add_chart(chart, "L2")
    if months:
        _monthly_sheet(
            book,
            months,
            month_names,
            currency=currency,
            translate=translate,
            right_to_left=right_to_left,
        )
    if more is not None:
        more(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
