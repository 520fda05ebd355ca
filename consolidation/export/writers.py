"""The long-format CSV, and the choice of writer by media type."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO, Any

from consolidation.export.plan import CSV_TYPE, CommuneFigures, Plan
from consolidation.export.workbook import Translate, write_xlsx
from municipality.spreadsheets import neutralise

CSV_HEADER = ("commune_code", "period", "indicator", "breakdown", "value")


def _plain(value: Any) -> str:
    """A stored value as CSV text: numbers without exponent, ``None`` as an empty field."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def csv_rows(plan: Plan, communes: Iterable[CommuneFigures]) -> Iterator[list[Any]]:
    """The long format: one line per counted commune and input cell."""
    yield list(CSV_HEADER)
    cells = plan.definition.cells(plan.period)
    period = plan.period.code
    for commune in communes:
        if not commune.counted:
            continue
        for cell in cells:
            value = commune.values.get(cell.key)
            if value is None:
                continue
            member = cell.member.code if cell.member is not None else ""
            yield [
                neutralise(v)
                for v in (commune.code, period, cell.indicator.code, member, _plain(value))
            ]


def write_csv(plan: Plan, communes: Iterable[CommuneFigures], out: IO[bytes]) -> None:
    """Stream the long-format CSV (UTF-8 with a byte-order mark, so Excel reads Arabic)."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    try:
        csv.writer(text).writerows(csv_rows(plan, communes))
        text.flush()
    finally:
        text.detach()


def write(
    plan: Plan,
    communes: Iterable[CommuneFigures],
    out: IO[bytes],
    *,
    media_type: str,
    translate: Translate,
) -> None:
    """Write the export in the format ``media_type`` names (see :func:`output_type`)."""
    if media_type == CSV_TYPE:
        write_csv(plan, communes, out)
    else:
        write_xlsx(plan, communes, out, translate)
