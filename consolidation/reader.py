"""Reading a returned workbook: recognise it, check its structure, collect its cells.

The file is recognised from its very hidden metadata sheet, never from its name. Values
are read with python-calamine (far faster than openpyxl), in a worker process with a
memory ceiling (:mod:`consolidation.parsing`); what calamine cannot say (which cells
hold a formula, the sheet list) comes from the safety checks, which read the package's
XML anyway. A workbook whose structure changed (a sheet deleted or
renamed, rows moved, inserted or deleted, a column inserted) is refused as such rather
than read at the wrong place.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pyramid.i18n import TranslationString

from consolidation import layout, parsing, safety
from consolidation.definition import SetDefinition
from consolidation.models import Campaign
from consolidation.periods import Period
from consolidation.validate import FileResult, Problem, RawValue, validate_cells
from municipality.i18n import _, localizer_for
from municipality.models import Commune

Rows = list[list[Any]]


def expand(files: Iterable[tuple[str, bytes]]) -> Iterator[safety.Upload]:
    """The workbooks among ``files`` (zips opened); see :func:`safety.expand`."""
    return safety.expand(files)


def read_return(
    upload: safety.Upload,
    campaign: Campaign,
    definition: SetDefinition,
    period: Period,
    communes: Mapping[str, Commune],
) -> FileResult:
    """Everything about one file: its commune and clean values, or why it is refused."""
    result = FileResult(upload.name)
    if upload.refusal is not None:
        return _refused(result, upload.refusal)
    parsed = parsing.parse(upload.data)
    if parsed.refusal is not None:
        return _refused(result, parsed.refusal)
    meta = _metadata(parsed)
    if meta is None:
        return _refused(
            result,
            _(
                "This workbook was not made by Baladiya for a campaign: "
                "fill in the workbook downloaded for your commune."
            ),
        )
    reason = _recognise(meta, campaign, communes)
    if reason is not None:
        return _refused(result, reason)
    commune = communes[meta["commune"]]
    sheets = layout.sheet_layouts(definition, period, commune)
    if layout.layout_digest(sheets) != meta["layout"]:
        return _refused(result, _("The workbook was made for another layout of this return."))
    raw, structure = _collect(parsed, sheets, commune)
    if structure:
        result.problems.extend(structure)
        return result
    cells = [cell for sheet in sheets for cell in sheet.cells]
    values, problems = validate_cells(definition, cells, raw)
    result.problems.extend(problems)
    result.commune = commune
    if not problems:
        result.values = values
        result.computed = [key for key, value in raw.items() if value.computed]
    return result


def _refused(result: FileResult, reason: TranslationString) -> FileResult:
    result.problems.append(Problem(expected=reason))
    return result


def _metadata(parsed: parsing.Parsed) -> dict[str, str] | None:
    """The hidden sheet's keys and values, or None for a workbook we did not make."""
    rows = parsed.sheets.get(layout.META_SHEET)
    if rows is None:
        return None
    return {str(row[0]): str(row[1]) for row in rows if len(row) >= 2 and row[0]}


def _recognise(
    meta: Mapping[str, str], campaign: Campaign, communes: Mapping[str, Commune]
) -> TranslationString | None:
    """Why the metadata does not belong to this campaign, if it does not."""
    if meta.get("format") != layout.FORMAT or meta.get("checksum") != layout.checksum(dict(meta)):
        return _("The workbook's hidden identification was altered; download it again.")
    if meta["campaign"] != str(campaign.public_id):
        return _(
            "This workbook belongs to another campaign (${set}, ${period}).",
            mapping={"set": meta["set"], "period": meta["period"]},
        )
    if meta["commune"] not in communes:
        return _(
            "Commune ${commune} is not part of this campaign's region.",
            mapping={"commune": meta["commune"]},
        )
    return None


def _collect(
    parsed: parsing.Parsed,
    sheets: list[layout.SheetLayout],
    commune: Commune,
) -> tuple[dict[str, RawValue], list[Problem]]:
    """Each input cell's raw value, or the structure problems that forbid reading them."""
    raw: dict[str, RawValue] = {}
    problems: list[Problem] = []
    value_header = localizer_for(layout.languages(commune)[0]).translate(_("Value"))
    for sheet in sheets:
        if sheet.name not in parsed.sheets:
            problems.append(
                Problem(
                    expected=_(
                        "Sheet ${sheet} was deleted or renamed: the workbook's structure "
                        "must stay as it was downloaded.",
                        mapping={"sheet": sheet.name},
                    ),
                    sheet=sheet.name,
                )
            )
            continue
        rows = parsed.sheets[sheet.name]
        problem = _structure_problem(sheet, rows, value_header)
        if problem is not None:
            problems.append(problem)
            continue
        formulas = parsed.package.formulas.get(sheet.name, {})
        for offset, cell in enumerate(sheet.cells):
            row = layout.FIRST_ROW + offset
            ref = f"{layout.VALUE_LETTER}{row}"
            has_formula = ref in formulas
            raw[cell.key] = RawValue(
                value=_at(rows, row, layout.VALUE_COLUMN),
                sheet=sheet.name,
                cell=ref,
                computed=has_formula and formulas[ref],
                formula_without_value=has_formula and not formulas[ref],
            )
    return raw, problems


def _at(rows: Rows, row: int, column: int) -> Any:
    """The value at 1-based ``row``/``column``, None past the sheet's end."""
    if row > len(rows) or column > len(rows[row - 1]):
        return None
    return rows[row - 1][column - 1]


def _structure_problem(sheet: layout.SheetLayout, rows: Rows, value_header: str) -> Problem | None:
    """The first sign that rows or columns moved: keys in column A, the value header."""
    if _at(rows, layout.HEADER_ROW, layout.VALUE_COLUMN) != value_header:
        return Problem(
            expected=_(
                "Columns of sheet ${sheet} were inserted, deleted or moved.",
                mapping={"sheet": sheet.name},
            ),
            sheet=sheet.name,
            cell=f"{layout.VALUE_LETTER}{layout.HEADER_ROW}",
        )
    for offset, cell in enumerate(sheet.cells):
        row = layout.FIRST_ROW + offset
        if _at(rows, row, layout.KEY_COLUMN) != cell.key:
            return Problem(
                expected=_(
                    "Row ${row} of sheet ${sheet} no longer holds this indicator: rows were "
                    "moved, inserted or deleted.",
                    mapping={"row": row, "sheet": sheet.name},
                ),
                sheet=sheet.name,
                cell=f"A{row}",
                key=cell.key,
                indicator=cell.indicator,
                found=str(_at(rows, row, layout.KEY_COLUMN) or ""),
                member=cell.member,
            )
    extra = layout.FIRST_ROW + len(sheet.cells)
    if _at(rows, extra, layout.KEY_COLUMN) not in (None, ""):
        return Problem(
            expected=_(
                "Rows were added to sheet ${sheet} below its last indicator.",
                mapping={"sheet": sheet.name},
            ),
            sheet=sheet.name,
            cell=f"A{extra}",
        )
    return None
