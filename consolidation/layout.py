"""Where things sit in a return workbook: shared by the writer and the reader.

A workbook has an identity sheet, one sheet per section of the set (one row per input
cell), and two very hidden sheets: the metadata that recognises a returned file
whatever its name, and the lists behind drop-down choices. Each data row carries its
cell key in hidden column A, so a moved, inserted or deleted row is caught on return.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from consolidation.definition import Cell, SetDefinition
from consolidation.periods import Period
from municipality.i18n import _, localizer_for
from municipality.models import Commune

FORMAT = "baladiya-return/1"
META_SHEET = "_baladiya"
LISTS_SHEET = "_lists"
HEADER_ROW = 3
FIRST_ROW = 4
# 1-based columns of a data sheet.
KEY_COLUMN, LABEL_COLUMN, MEMBER_COLUMN, OTHER_LABEL_COLUMN = 1, 2, 3, 4
UNIT_COLUMN, VALUE_COLUMN, HELP_COLUMN = 5, 6, 7
VALUE_LETTER = "F"
META_KEYS = ("format", "campaign", "set", "version", "commune", "period", "layout", "checksum")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


@dataclass(frozen=True)
class SheetLayout:
    """A data sheet: its name and its input cells, one per row from :data:`FIRST_ROW`."""

    name: str
    title: str
    cells: tuple[Cell, ...]


def languages(commune: Commune) -> list[str]:
    """The commune's languages, first one first; the workbook speaks them."""
    return commune.languages.split() or ["fr"]


def identity_sheet_name(commune: Commune) -> str:
    return localizer_for(languages(commune)[0]).translate(_("Commune"))


def sheet_layouts(definition: SetDefinition, period: Period, commune: Commune) -> list[SheetLayout]:
    """The data sheets of the commune's workbook, named in its first language."""
    locale = languages(commune)[0]
    taken = {identity_sheet_name(commune), META_SHEET, LISTS_SHEET}
    layouts = []
    for section in definition.sections:
        cells: list[Cell] = []
        for indicator in definition.section_indicators(section.code):
            cells.extend(definition.indicator_cells(indicator, period))
        if not cells:
            continue
        name = _unique_name(section.label(locale), taken)
        taken.add(name)
        layouts.append(SheetLayout(name, section.label(locale), tuple(cells)))
    return layouts


def _unique_name(title: str, taken: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", title).strip()[:SHEET_NAME_MAX] or "Sheet"
    name, number = base, 2
    while name in taken:
        suffix = f" ({number})"
        name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        number += 1
    return name


def layout_digest(layouts: list[SheetLayout]) -> str:
    """A fingerprint of sheet names and row keys: what a returned file must still match."""
    lines = [
        f"{layout.name}\t{FIRST_ROW + row}\t{cell.key}"
        for layout in layouts
        for row, cell in enumerate(layout.cells)
    ]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def checksum(meta: dict[str, str]) -> str:
    """Ties the metadata together, so an edited metadata sheet is caught."""
    text = "|".join(meta.get(key, "") for key in META_KEYS if key != "checksum")
    return hashlib.sha256(text.encode()).hexdigest()[:32]
