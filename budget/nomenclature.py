"""The budget nomenclature of each country profile, as data, and its import from .xlsx.

Morocco's communes code an expense by chapter, article and line, with a functional
code; Mali's by section, chapter, article and paragraph (kept in ``line``). Both split
operating from investment spending (``section``). A commune starts from its country's
codes (:data:`COUNTRY_CODES`) and may import its own from a workbook whose first row
names the columns :data:`COLUMNS` (``paragraph`` is read as ``line``).

The workbook is refused whole (nothing saved) when it is too big, not a plain .xlsx,
holds a formula, or has a row that breaks a rule; every problem is listed by cell.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import select
from sqlalchemy.orm import Session

from budget.models import BudgetCode
from municipality import audit
from municipality.errors import ValidationFailed
from municipality.i18n import _
from municipality.models import Commune
from municipality.uploads import UnsafeUpload, ZipLimits, check_size, zip_members

SECTIONS = ("operating", "investment")
SECTION_TITLES = {"operating": _("Operating"), "investment": _("Investment")}
COLUMNS = ("section", "chapter", "article", "line", "functional", "label_fr", "label_ar")
REQUIRED = ("section", "chapter", "article", "line", "label_fr", "label_ar")
ALIASES = {"paragraph": "line", "paragraphe": "line", "ligne": "line"}
MAX_ROWS = 2_000
MAX_BYTES = 2 * 1_048_576
XLSX_LIMITS = ZipLimits(max_entries=50, max_total_bytes=20 * 1_048_576, max_ratio=100.0)
LENGTHS = {"chapter": 8, "article": 8, "line": 8, "functional": 16, "label_fr": 200}

# (section, chapter, article, line, functional, label_fr, label_ar)
COUNTRY_CODES: dict[str, tuple[tuple[str, ...], ...]] = {
    "MA": (
        ("operating", "10", "10", "11", "011", "Traitements et indemnités", "الأجور والتعويضات"),
        ("operating", "10", "20", "11", "011", "Fournitures de bureau", "لوازم المكتب"),
        ("operating", "10", "20", "21", "011", "Carburants et lubrifiants", "المحروقات والزيوت"),
        (
            "operating",
            "30",
            "20",
            "31",
            "064",
            "Entretien de l'éclairage public",
            "صيانة الإنارة العمومية",
        ),
        (
            "operating",
            "30",
            "20",
            "41",
            "051",
            "Collecte des déchets ménagers",
            "جمع النفايات المنزلية",
        ),
        ("investment", "40", "10", "11", "045", "Travaux de voirie", "أشغال الطرق"),
        ("investment", "40", "20", "21", "081", "Équipements sportifs", "التجهيزات الرياضية"),
    ),
    "ML": (
        ("operating", "60", "601", "6011", "01", "Fournitures de bureau", "لوازم المكتب"),
        ("operating", "60", "604", "6041", "01", "Carburant", "الوقود"),
        ("operating", "61", "615", "6151", "05", "Entretien des bâtiments", "صيانة المباني"),
        ("operating", "64", "641", "6411", "01", "Salaires du personnel", "أجور الموظفين"),
        (
            "investment",
            "21",
            "213",
            "2131",
            "04",
            "Construction de salles de classe",
            "بناء الأقسام",
        ),
        (
            "investment",
            "21",
            "215",
            "2151",
            "06",
            "Forages et adductions d'eau",
            "الآبار وشبكات الماء",
        ),
    ),
}


def code_of(chapter: str, article: str, line: str) -> str:
    return f"{chapter}.{article}.{line}"


def _values(row: tuple[str, ...]) -> dict[str, Any]:
    return dict(zip(COLUMNS, row, strict=True))


def load_country_codes(session: Session, *, actor: str, commune: Commune) -> int:
    """Give ``commune`` its country's nomenclature (the codes it does not have yet)."""
    rows = [_values(r) for r in COUNTRY_CODES.get(commune.country_profile, ())]
    return save_codes(session, actor=actor, commune=commune, rows=rows)


def save_codes(
    session: Session, *, actor: str, commune: Commune, rows: list[dict[str, Any]]
) -> int:
    """Add the codes ``commune`` does not have yet, each audited; returns how many."""
    known = set(session.execute(select(BudgetCode.code)).scalars())
    added = 0
    for row in rows:
        code = code_of(row["chapter"], row["article"], row["line"])
        if code in known:
            continue
        known.add(code)
        audit.write(
            session,
            BudgetCode(commune_id=commune.id, code=code, **row),
            actor=actor,
            action="budget:code:created",
            object_type="budget_code",
            changes={"code": [None, code]},
        )
        added += 1
    return added


def read_workbook(path: Path) -> list[dict[str, Any]]:
    """The workbook's rows as codes, or :class:`ValidationFailed` listing every problem."""
    check_size(path, MAX_BYTES)
    try:
        with zipfile.ZipFile(path) as archive:
            zip_members(archive, XLSX_LIMITS)
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise UnsafeUpload(_("The file is not an Excel workbook (.xlsx).")) from exc
    try:
        sheet = book.worksheets[0]
        rows = list(sheet.iter_rows(max_row=MAX_ROWS + 2))
    finally:
        book.close()
    if len(rows) > MAX_ROWS + 1:
        raise ValidationFailed(
            _("The workbook has more than ${count} rows.", mapping={"count": MAX_ROWS})
        )
    if not rows:
        raise ValidationFailed(_("The workbook is empty."))
    header = [ALIASES.get(h, h) for h in (str(c.value or "").strip().lower() for c in rows[0])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ValidationFailed(
            _("Columns missing: ${columns}.", mapping={"columns": ", ".join(missing)})
        )
    problems: dict[str, str] = {}
    parsed = [_row(header, cells, problems) for cells in rows[1:] if any(c.value for c in cells)]
    if problems:
        raise ValidationFailed(_("The workbook was not imported: fix these cells."), problems)
    return parsed


def _row(header: list[str], cells: tuple[Any, ...], problems: dict[str, str]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for name, cell in zip(header, cells, strict=False):
        if name not in COLUMNS:
            continue
        where = f"{cell.column_letter}{cell.row}" if hasattr(cell, "column_letter") else name
        text = _text(cell.value)
        if cell.data_type == "f":
            problems[where] = _("A formula is not accepted; type the value.")
        elif name in REQUIRED and not text:
            problems[where] = _("This cell is empty.")
        elif len(text) > LENGTHS.get(name, 200) or "\x00" in text:
            problems[where] = _("This value is too long or holds a forbidden character.")
        elif name == "section" and text not in SECTIONS:
            problems[where] = _("The section is operating or investment.")
        row[name] = text or None
    return row


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()
