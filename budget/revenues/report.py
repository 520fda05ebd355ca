"""The revenue sheet of the execution workbook: forecast, assessed and collected per line,
with the rates as formulas, so a corrected figure moves its rates."""

from __future__ import annotations

from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.styles import PatternFill

from budget.report import headers_row, money_format, total_row
from budget.revenues.models import RevenueLine
from budget.revenues.services import RevenueExecution
from municipality.i18n import _
from municipality.spreadsheets import neutralise

# Green headers tell the revenues from the expenses' blue at a glance.
REVENUE_FILL = PatternFill("solid", fgColor="E3EFD9")
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
    headers_row(sheet, HEADERS, translate, REVENUE_FILL)
    amounts = money_format(currency)
    for number, row in enumerate(rows, start=2):
        sheet.append(
            [row.line.code, neutralise(label(row.line)), row.forecast, row.assessed, row.collected]
        )
        sheet.cell(row=number, column=6, value=f'=IF(C{number}=0,"",E{number}/C{number})')
        sheet.cell(row=number, column=7, value=f'=IF(D{number}=0,"",E{number}/D{number})')
        for column in range(3, 6):
            sheet.cell(row=number, column=column).number_format = amounts
        for column in (6, 7):
            sheet.cell(row=number, column=column).number_format = "0.0%"
    total_row(
        sheet,
        last=len(rows) + 1,
        label_column=2,
        columns=range(3, 6),
        translate=translate,
        number_format=amounts,
    )
    sheet.freeze_panes = "C2"
