"""The revenue sheet of the execution workbook: forecast, assessed and collected per line,
with the rates as formulas, so a corrected figure moves its rates."""

from __future__ import annotations

from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from budget.money import DECIMALS
from budget.revenues.models import RevenueLine
from budget.revenues.services import RevenueExecution
from municipality.i18n import _
from municipality.spreadsheets import neutralise

HEADER_FILL = PatternFill("solid", fgColor="E3EFD9")
HEADERS = (
    (_("Code"), 14),
    (_("Label"), 36),
    (_("Forecast"), 16),
    (_("Assessed"), 16),
    (_("Amount collected"), 16),
    (_("Collected of forecast"), 14),
    (_("Collected of assessed"), 14),
)


def revenue_sheet(
    book: Workbook,
    rows: list[RevenueExecution],
    *,
    currency: str,
    translate: Callable[[str], str],
    label: Callable[[RevenueLine], str],
    right_to_left: bool,
) -> None:
    """Add the year's revenues to ``book`` as their own sheet, with totals."""
    sheet = book.create_sheet(translate(_("Revenues"))[:31])
    sheet.sheet_view.rightToLeft = right_to_left
    for column, (title, width) in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=1, column=column, value=translate(title))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(column)].width = width
    money_format = "#,##0" + ("." + "0" * DECIMALS[currency] if DECIMALS[currency] else "")
    for number, row in enumerate(rows, start=2):
        sheet.append(
            [row.line.code, neutralise(label(row.line)), row.forecast, row.assessed, row.collected]
        )
        sheet.cell(row=number, column=6, value=f'=IF(C{number}=0,"",E{number}/C{number})')
        sheet.cell(row=number, column=7, value=f'=IF(D{number}=0,"",E{number}/D{number})')
        for column in range(3, 6):
            sheet.cell(row=number, column=column).number_format = money_format
        for column in (6, 7):
            sheet.cell(row=number, column=column).number_format = "0.0%"
    last = len(rows) + 1
    total = last + 1
    sheet.cell(row=total, column=2, value=translate(_("Total"))).font = Font(bold=True)
    for column in range(3, 6):
        letter = get_column_letter(column)
        cell = sheet.cell(row=total, column=column, value=f"=SUM({letter}2:{letter}{last})")
        cell.number_format = money_format
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"
