"""The consolidated workbook, written in openpyxl's write-only mode one commune at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any
from unicodedata import combining, normalize

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from consolidation.aggregate import Consolidation, Figures, as_number
from consolidation.definition import NUMERIC_TYPES, Indicator, Label, cell_key
from consolidation.export.plan import (
    NO_PROVINCE,
    Block,
    CommuneFigures,
    Plan,
    compare,
    number_format,
    sheet_title,
)
from municipality.i18n import _
from municipality.spreadsheets import neutralise

HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
MISSING_FILL = PatternFill("solid", fgColor="FCE4D6")
TITLE_FONT = Font(bold=True, size=13)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")

Translate = Callable[[Any], str]


def reading_order(name: str) -> str:
    """A sort key that files "Préfecture" before "Province", as a reader expects."""
    return "".join(c for c in normalize("NFKD", name.casefold()) if not combining(c))


@dataclass
class _Group:
    """A province (or the region) as the summary counts it."""

    name: str
    communes: int = 0
    counted: int = 0
    totals: dict[str, Decimal] = field(default_factory=dict)

    def add_totals(self, totals: Mapping[str, Decimal]) -> None:
        for code, value in totals.items():
            self.totals[code] = self.totals.get(code, Decimal(0)) + value


class _Book:
    """The write-only workbook and the figures accumulated while communes stream in."""

    def __init__(self, plan: Plan, translate: Translate) -> None:
        self.plan = plan
        self.t = translate
        self.book = Workbook(write_only=True)
        self.taken: set[str] = set()
        self.blocks = plan.blocks()
        self.provinces: dict[str | None, _Group] = {}
        self.region = Consolidation(plan.definition, plan.period)
        self.formats = {i.code: number_format(i, plan.currency) for i in plan.definition.indicators}
        self.keys = plan.key_indicators
        self.adding = {i.code for i in plan.adding}
        self.styles: dict[tuple[int, int, str | None, bool], Any] = {}
        self.summary = self.sheet(translate(_("Summary")))
        self.communes = self.sheet(translate(_("Communes")))
        self.region_sheet = self.sheet(translate(_("Region")))
        self.comparison = self.sheet(translate(_("Comparison")))

    def label(self, item: Indicator | Label) -> str:
        return item.label(self.plan.locale)

    # Cells and sheets -------------------------------------------------------------------

    def sheet(self, name: str) -> Any:
        ws = self.book.create_sheet(sheet_title(name, self.taken))
        ws.sheet_view.rightToLeft = self.plan.right_to_left
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        return ws

    def cell(
        self,
        ws: Any,
        value: Any,
        *,
        font: Font | None = None,
        fill: PatternFill | None = None,
        fmt: str | None = None,
        wrap: bool = False,
    ) -> Any:
        """A cell's content: the bare (neutralised) value, or a styled write-only cell.

        Styling a cell attribute by attribute hashes fonts and fills each time, which
        was most of the export's time; each combination is resolved once and its style
        copied to the next cells that use it.
        """
        value = neutralise(value)
        if font is None and fill is None and fmt is None and not wrap:
            return value
        cell = WriteOnlyCell(ws, value=value)
        key = (id(font), id(fill), fmt, wrap)
        style = self.styles.get(key)
        if style is not None:
            cell._style = copy(style)
            return cell
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if fmt is not None:
            cell.number_format = fmt
        if wrap:
            cell.alignment = WRAP
        self.styles[key] = copy(cell._style)
        return cell

    def header(self, ws: Any, headers: Sequence[str]) -> list[Any]:
        return [self.cell(ws, h, font=BOLD, fill=HEADER_FILL, wrap=True) for h in headers]

    def heading(
        self, ws: Any, subtitle: str, headers: Sequence[str], widths: Sequence[int]
    ) -> None:
        """Title, subtitle and a bold header row; the three rows are frozen and printed."""
        # A write-only sheet writes its columns and panes with its first row: set them first.
        for column, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(column)].width = width
        ws.freeze_panes = "B4"
        ws.print_title_rows = "1:3"
        plan = self.plan
        title = f"{plan.title} · {plan.region} · {plan.period.code}"
        ws.append([self.cell(ws, title, font=TITLE_FONT)])
        ws.append([self.cell(ws, subtitle)])
        ws.append(self.header(ws, headers))

    # Streaming --------------------------------------------------------------------------

    def start(self) -> None:
        self.heading(
            self.communes,
            self.t(_("One line per commune; communes without counted figures are highlighted.")),
            [self.t(_("Commune")), self.t(_("Code")), self.t(_("Province")), self.t(_("Status"))]
            + [self.label(k) for k in self.keys],
            [28, 16, 22, 18] + [16] * len(self.keys),
        )

    def province(self, commune: CommuneFigures) -> str:
        """The commune's province as shown, or the unrecorded group in the reader's language."""
        return commune.province or self.t(NO_PROVINCE)

    def add(self, commune: CommuneFigures) -> None:
        key = commune.province or None
        province = self.provinces.get(key)
        if province is None:
            province = self.provinces[key] = _Group(self.province(commune))
        province.communes += 1
        totals: dict[str, Decimal] = {}
        if commune.counted:
            figures = self.figures_of(commune.values)
            totals = {c: v for c, v in figures.totals().items() if c in self.adding}
            province.counted += 1
            province.add_totals(totals)
            self.region.add(commune.values)
            self.commune_sheet(commune, figures)
        self.commune_row(commune, totals)

    def commune_row(self, commune: CommuneFigures, totals: Mapping[str, Decimal]) -> None:
        ws = self.communes
        fill = None if commune.counted else MISSING_FILL
        row = [
            self.cell(ws, commune.name, fill=fill),
            self.cell(ws, commune.code, fill=fill),
            self.cell(ws, self.province(commune), fill=fill),
            self.cell(ws, commune.status, fill=fill),
        ]
        row.extend(
            self.cell(ws, totals.get(k.code), fill=fill, fmt=self.formats[k.code])
            for k in self.keys
        )
        ws.append(row)

    def figures_of(self, values: Mapping[str, Any]) -> Figures:
        return Figures(self.plan.definition, self.plan.period, values)

    def figures(self, ws: Any, subtitle: str, figures: Figures, empty: str | None = None) -> None:
        """Each block: its section and members as a header, then one row per indicator."""
        widest = max((len(b.members) for b in self.blocks), default=0)
        first = self.blocks[0] if self.blocks else None
        self.heading(ws, subtitle, self.block_headers(first), [44] + [14] * (max(widest, 1) + 1))
        for index, block in enumerate(self.blocks):
            if index:
                ws.append([])
                ws.append(self.header(ws, self.block_headers(block)))
            for indicator in block.indicators:
                ws.append(self.figure_row(ws, block, indicator, figures, empty))

    def block_headers(self, block: Block | None) -> list[str]:
        if block is None:
            return [self.t(_("Indicator"))]
        first = f"{self.label(block.section)} · {self.t(_('Indicator'))}"
        if not block.members:
            return [first, self.t(_("Value"))]
        return [first] + [self.label(m) for m in block.members] + [self.t(_("Total"))]

    def figure_row(
        self,
        ws: Any,
        block: Block,
        indicator: Indicator,
        figures: Figures,
        empty: str | None,
    ) -> list[Any]:
        """The indicator's cells, then (for a breakdown) its total by the indicator's rule."""
        fmt = self.formats[indicator.code]
        values = figures.values
        row = [self.cell(ws, self.label(indicator))]
        if not block.members:
            value = self.shown(indicator, values.get(indicator.code), empty)
            return [*row, self.cell(ws, value, fmt=fmt)]
        for member in block.members:
            value = self.shown(indicator, values.get(cell_key(indicator.code, member.code)), empty)
            row.append(self.cell(ws, value, fmt=fmt))
        row.append(self.cell(ws, figures.total(indicator), font=BOLD, fmt=fmt))
        return row

    def shown(self, indicator: Indicator, value: Any, empty: str | None) -> Any:
        """Numbers as numbers (so they add up in the reader's spreadsheet), the rest as text."""
        if value is None:
            return empty
        if indicator.type in NUMERIC_TYPES:
            number = as_number(value)
            return number if number is not None else value
        return value

    def commune_sheet(self, commune: CommuneFigures, figures: Figures) -> None:
        ws = self.sheet(commune.code)
        subtitle = f"{commune.name} · {self.province(commune)} · {commune.status}"
        self.figures(ws, subtitle, figures, commune.empty_text)
        ws.close()

    # Closing ----------------------------------------------------------------------------

    def finish(self) -> None:
        self.write_summary()
        self.figures(
            self.region_sheet,
            self.t(_("All counted returns of the region, each indicator combined by its rule.")),
            self.region.figures(),
        )
        self.write_comparison()

    def write_summary(self) -> None:
        ws = self.summary
        self.heading(
            ws,
            self.t(_("Totals and return rates by province.")),
            [
                self.t(_("Province")),
                self.t(_("Communes")),
                self.t(_("Counted")),
                self.t(_("Return rate")),
            ]
            + [self.label(k) for k in self.keys],
            [28, 12, 12, 12] + [18] * len(self.keys),
        )
        # Recorded provinces by name, then the communes whose province is not recorded.
        order = sorted(
            self.provinces.items(), key=lambda item: (item[0] is None, reading_order(item[1].name))
        )
        provinces = [group for _province, group in order]
        region = _Group(self.t(_("Region total")))
        for province in provinces:
            region.communes += province.communes
            region.counted += province.counted
            region.add_totals(province.totals)
        for group, font in [(p, None) for p in provinces] + [(region, BOLD)]:
            rate = group.counted / group.communes if group.communes else None
            ws.append(
                [
                    self.cell(ws, group.name, font=font),
                    self.cell(ws, group.communes, font=font, fmt="0"),
                    self.cell(ws, group.counted, font=font, fmt="0"),
                    self.cell(ws, rate, font=font, fmt="0%"),
                ]
                + [
                    self.cell(
                        ws,
                        group.totals.get(k.code, Decimal(0)),
                        font=font,
                        fmt=self.formats[k.code],
                    )
                    for k in self.keys
                ]
            )
        self.charts(ws, len(provinces))

    def charts(self, ws: Any, provinces: int) -> None:
        """A bar chart per key indicator, by province, under the table, two side by side."""
        if not provinces:
            return
        first, last = 4, 3 + provinces
        height = max(6.0, 0.6 * provinces + 2)
        rows_per_chart = int(height * 2) + 2
        for index, indicator in enumerate(self.keys):
            chart = BarChart()
            chart.type = "bar"
            chart.title = self.label(indicator)
            chart.legend = None
            chart.height = height
            chart.width = 15
            chart.add_data(Reference(ws, min_col=5 + index, min_row=first, max_row=last))
            chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
            column = "A" if index % 2 == 0 else "F"
            ws.add_chart(chart, f"{column}{last + 4 + (index // 2) * rows_per_chart}")

    def write_comparison(self) -> None:
        ws = self.comparison
        plan = self.plan
        before = plan.previous_period.code if plan.previous_period else self.t(_("not available"))
        self.heading(
            ws,
            self.t(
                _(
                    "${period} against ${previous}, counted returns only.",
                    mapping={"period": plan.period.code, "previous": before},
                )
            ),
            [
                self.t(_("Indicator")),
                plan.period.code,
                before,
                self.t(_("Change")),
                self.t(_("Change (%)")),
            ],
            [44, 16, 16, 16, 12],
        )
        current = self.region.figures().totals()
        for row in compare(plan.adding, current, plan.previous):
            fmt = self.formats[row.indicator.code]
            ws.append(
                [
                    self.cell(ws, self.label(row.indicator)),
                    self.cell(ws, row.current, fmt=fmt),
                    self.cell(ws, row.previous, fmt=fmt),
                    self.cell(ws, row.change, fmt=fmt),
                    self.cell(ws, row.change_rate, fmt="0.0%"),
                ]
            )


def write_xlsx(
    plan: Plan, communes: Iterable[CommuneFigures], out: IO[bytes], translate: Translate
) -> None:
    """Write the consolidated workbook to ``out``, one commune at a time."""
    book = _Book(plan, translate)
    book.start()
    for commune in communes:
        book.add(commune)
    book.finish()
    book.book.save(out)
