"""The consolidated workbook of a campaign, and the same figures as long-format CSV.

The writer works on plain data (:class:`Plan` and a stream of :class:`CommuneFigures`),
so it is tested and benchmarked without a database. The communes arrive one at a time
and the workbook is written in openpyxl's write-only mode, each commune's sheet closed
as soon as it is written: memory stays flat whether a region has 40 communes or 1,500.

Layout (every sheet with frozen headers, fitted to the page width, its title rows
repeated on each printed page, right to left in Arabic):

- *Summary*: one row per province, its subtotals (communes, returned, return rate, the key
  indicators' totals), the communes without a province last as one group, the region's
  total, and a bar chart per key indicator;
- *Communes*: one row per commune with its province, status and key indicators, the
  communes whose figures are missing highlighted;
- *Region*: every indicator by breakdown, summed over the counted returns;
- *Comparison*: each indicator against the same period a year before;
- one sheet per commune, its figures as returned.

Only accepted returns (and figures pulled from communes running Baladiya) are counted;
every text cell goes through :func:`municipality.spreadsheets.neutralise`.
"""

from __future__ import annotations

from consolidation.export.campaign import (
    comparison,
    export_campaign,
    export_file_name,
    region_locale,
    workbook_locale,
)
from consolidation.export.plan import (
    CSV_TYPE,
    WORKBOOK_LOCALES,
    XLSX_TYPE,
    CommuneFigures,
    ComparisonRow,
    Plan,
    compare,
    output_type,
    same_period_a_year_before,
)
from consolidation.export.workbook import MISSING_FILL, write_xlsx
from consolidation.export.writers import write, write_csv

__all__ = [
    "CSV_TYPE",
    "MISSING_FILL",
    "WORKBOOK_LOCALES",
    "XLSX_TYPE",
    "CommuneFigures",
    "ComparisonRow",
    "Plan",
    "compare",
    "comparison",
    "export_campaign",
    "export_file_name",
    "output_type",
    "region_locale",
    "same_period_a_year_before",
    "workbook_locale",
    "write",
    "write_csv",
    "write_xlsx",
]
