"""Zone rules to and from an Excel workbook, one row per zone code.

The first row names the columns (:data:`COLUMNS`); uses are separated by spaces or
commas, ratios are fractions (0.6 for 60 %). The import is all or nothing: a formula,
a value that is not a number, an unknown use or a repeated code refuses the whole
workbook with every problem listed by cell, and nothing is saved.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy.orm import Session

from gis import services
from gis.models import ZoneRule, ZoningPlan
from municipality.errors import ValidationFailed
from municipality.i18n import _
from municipality.uploads import UnsafeUpload, ZipLimits, check_size, zip_members

COLUMNS = (
    "zone_code",
    "allowed_uses",
    "forbidden_uses",
    *services.RULE_LIMITS,
    "source_text",
)
MAX_ROWS = 500
MAX_BYTES = 5 * 1_048_576
XLSX_LIMITS = ZipLimits(max_entries=100, max_total_bytes=50 * 1_048_576, max_ratio=200.0)
_SPLIT = re.compile(r"[\s,;]+")


def workbook(rules: list[ZoneRule]) -> bytes:
    """The rules of a plan as a workbook that :func:`import_rules` reads back."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "rules"
    sheet.append(list(COLUMNS))
    for rule in rules:
        sheet.append(
            [
                rule.zone_code,
                " ".join(rule.allowed_uses or []),
                " ".join(rule.forbidden_uses or []),
                *(getattr(rule, field) for field in services.RULE_LIMITS),
                rule.source_text,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_rules(path: Path) -> list[dict[str, Any]]:
    """The workbook's rows as rule data, or :class:`ValidationFailed` listing every problem."""
    check_size(path, MAX_BYTES)
    try:
        with zipfile.ZipFile(path) as archive:
            zip_members(archive, XLSX_LIMITS)
        book = openpyxl.load_workbook(path, data_only=False)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise UnsafeUpload(_("The file is not an Excel workbook (.xlsx).")) from exc
    sheet = book.worksheets[0]
    if sheet.max_row > MAX_ROWS + 1:
        raise ValidationFailed(
            _("The workbook has more than ${count} rows.", mapping={"count": MAX_ROWS})
        )
    rows = list(sheet.iter_rows(max_row=sheet.max_row))
    if not rows:
        raise ValidationFailed(_("The workbook is empty."))
    header = [str(c.value or "").strip().lower() for c in rows[0]]
    if "zone_code" not in header:
        raise ValidationFailed(
            _("The first row must name the columns, starting with zone_code."),
            {"A1": "zone_code"},
        )
    unknown = [name for name in header if name and name not in COLUMNS]
    errors: dict[str, str] = {
        f"{rows[0][i].coordinate}": "unknown column" for i, n in enumerate(header) if n in unknown
    }
    found: list[dict[str, Any]] = []
    codes: set[str] = set()
    for row in rows[1:]:
        data = _row(header, row, errors)
        if data is None:
            continue
        if data["zone_code"] in codes:
            errors[row[header.index("zone_code")].coordinate] = "repeated zone code"
        codes.add(data["zone_code"])
        found.append(data)
    if errors:
        raise ValidationFailed(_("The workbook has invalid cells; nothing was saved."), errors)
    if not found:
        raise ValidationFailed(_("The workbook holds no rule."))
    return found


def _row(header: list[str], row: tuple[Any, ...], errors: dict[str, str]) -> dict[str, Any] | None:
    """One rule from a row (``None`` for an empty row); problems go into ``errors``."""
    cells = {name: cell for name, cell in zip(header, row, strict=False) if name in COLUMNS}
    if all(cell.value in (None, "") for cell in cells.values()):
        return None
    data: dict[str, Any] = {}
    for name, cell in cells.items():
        if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")):
            errors[cell.coordinate] = "formulas are not accepted"
            continue
        value = cell.value
        if name in services.RULE_LIMITS:
            if value not in (None, "") and (
                isinstance(value, bool) or not isinstance(value, int | float)
            ):
                errors[cell.coordinate] = "a number"
                continue
            data[name] = None if value in (None, "") else value
        elif name in ("allowed_uses", "forbidden_uses"):
            data[name] = [u for u in _SPLIT.split(str(value or "").lower()) if u]
        else:
            data[name] = str(value or "").strip()
    if not data.get("zone_code"):
        errors[row[0].coordinate] = "zone code required"
        return None
    try:
        services.clean_rule(data)
    except ValidationFailed as refusal:
        for field, message in refusal.errors.items():
            errors[cells[field].coordinate] = message
    return data


def import_rules(session: Session, *, actor: str, plan: ZoningPlan, path: Path) -> list[ZoneRule]:
    """Save every rule of the workbook into ``plan``, or none of them."""
    return [
        services.save_rule(
            session, actor=actor, plan=plan, zone_code=data.pop("zone_code"), data=data
        )
        for data in read_rules(path)
    ]
