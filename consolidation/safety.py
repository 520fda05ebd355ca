"""Hostile and broken workbooks are refused here, before any spreadsheet library reads them.

A returned file comes from outside. Before python-calamine (or anything else) parses
it, this module proves it is a plain .xlsx within bounds: at most 10 MB, a zip whose
entries, total size and expansion ratio are limited (declared sizes are checked by
:func:`municipality.uploads.zip_members`, actual sizes are counted while decompressing
here), no macros, no external links or data connections, no XML part with a DTD or
entity declarations (each part's prolog goes through defusedxml), at most 20 sheets and
50,000 rows. Password-protected workbooks (an encrypted OLE container), old .xls files,
PDFs and CSV or text renamed .xlsx are named for what they are.

This is how memory stays bounded: what the reader is then handed expands to at most
100 MB of XML with at most 50,000 rows and :data:`MAX_CELLS` cells, so no single file can
exhaust the server (see docs/benchmarks.md for the measured ceiling).

While every worksheet's XML is decompressed anyway, the cells holding a formula are
noted, with whether Excel cached a computed value: the reader cannot tell them apart
from typed values, and a formula's result is never taken for a typed figure.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import cast
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, fromstring, iterparse
from pyramid.i18n import TranslationString

from municipality.i18n import _
from municipality.uploads import UnsafeUpload, ZipLimits, zip_members

MAX_FILE_BYTES = 10 * 1_048_576
MAX_ZIP_BYTES = 100 * 1_048_576
LIMITS = ZipLimits(max_entries=200, max_total_bytes=100 * 1_048_576, max_ratio=100.0)
MAX_SHEETS = 20
MAX_ROWS = 50_000
MAX_CELLS = 1_000_000
# Rows x columns a sheet spans from A1: readers allocate the whole rectangle, so two
# cells at A1 and ZZ200000 would cost gigabytes (measured: python-calamine aborts).
MAX_AREA = 2_000_000
# Cells of shared-string type x the longest shared string: each cell gets its own copy
# when read, so one long string referenced by many cells would cost gigabytes.
MAX_TEXT_BYTES = 50 * 1_048_576
# Small parts may compress as well as they like; above this the ratio limit applies.
RATIO_FLOOR = 1_048_576
CHUNK = 1 << 16

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
CONTENT_TYPES = "[Content_Types].xml"
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_QUOTE = rb"[\"']"
_CELL_REF = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?(?:c|row)\b[^>]*?\sr\s*=\s*" + _QUOTE + rb"\$?([A-Z]{0,3})\$?(\d+)"
)
_DIMENSION = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\sref\s*=\s*"
    + _QUOTE
    + rb"[^\"']*?([A-Z]{0,3})(\d+)"
    + _QUOTE
)
_SHARED_STRING_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?si>")
_SHARED_TYPE = re.compile(rb"\st\s*=\s*" + _QUOTE + rb"s" + _QUOTE)
# Start tags with a namespace prefix (``<x:row``), rare enough to be counted the slow way.
_PREFIXED_ROW = re.compile(rb"<[A-Za-z_][\w.-]*:row[\s>/]")
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]*:c[\s>/]")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# External relationships that fetch or run something when the file is opened.
_LINK_TYPES = ("externalLink", "oleObject", "attachedTemplate", "connections", "package")


class Refused(Exception):
    """A file refused whole; ``reason`` says why in words a commune's staff understand."""

    def __init__(self, reason: TranslationString) -> None:
        super().__init__(str(reason))
        self.reason = reason


@dataclass
class Package:
    """What the checks learnt about a workbook that passed them."""

    sheets: list[str] = field(default_factory=list)
    # sheet name -> {cell reference: whether a computed value is cached}
    formulas: dict[str, dict[str, bool]] = field(default_factory=dict)
    rows: int = 0


@dataclass(frozen=True)
class Upload:
    """One file to read: its name and bytes, or why it was refused before reading."""

    name: str
    data: bytes = b""
    refusal: TranslationString | None = None


def expand(files: Iterable[tuple[str, bytes]]) -> Iterator[Upload]:
    """The workbooks in ``files``; a plain zip (not a workbook) yields its entries.

    A zip over the limits is refused as one upload; an entry that is itself a plain zip
    is refused (no nesting).
    """
    for name, data in files:
        if data.startswith(ZIP_MAGIC) and not _is_workbook_zip(data):
            yield from _zip_entries(name, data)
        else:
            yield Upload(name, data)


def _is_workbook_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return CONTENT_TYPES in archive.NameToInfo
    except (zipfile.BadZipFile, OSError, ValueError):
        return True


def _zip_entries(name: str, data: bytes) -> Iterator[Upload]:
    if len(data) > MAX_ZIP_BYTES:
        yield Upload(name, refusal=_too_big(len(data), MAX_ZIP_BYTES))
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = zip_members(archive, LIMITS)
            budget = [LIMITS.max_total_bytes]
            entries = []
            for info in members:
                if info.file_size > MAX_FILE_BYTES:
                    entries.append(
                        Upload(
                            f"{name}/{info.filename}",
                            refusal=_too_big(info.file_size, MAX_FILE_BYTES),
                        )
                    )
                    continue
                entries.append(
                    Upload(f"{name}/{info.filename}", bytes(_read(archive, info, budget)))
                )
    except UnsafeUpload as exc:
        yield Upload(name, refusal=_reason(exc))
        return
    except Refused as exc:
        yield Upload(name, refusal=exc.reason)
        return
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        yield Upload(name, refusal=_("The zip file is damaged and cannot be read."))
        return
    for entry in entries:
        nested = entry.refusal is None and entry.data.startswith(ZIP_MAGIC)
        if nested and not _is_workbook_zip(entry.data):
            yield Upload(entry.name, refusal=_("A zip inside a zip is not accepted."))
        else:
            yield entry


def _reason(exc: UnsafeUpload) -> TranslationString:
    detail = exc.detail
    return detail if isinstance(detail, TranslationString) else _(str(detail))


def _too_big(size: int, limit: int) -> TranslationString:
    return _(
        "The file is ${size} MB; the limit is ${limit} MB.",
        mapping={"size": f"{size / 1_048_576:.1f}", "limit": f"{limit / 1_048_576:.0f}"},
    )


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> bytearray:
    """An entry's bytes, within its ratio and what the archive may still expand to.

    zipfile yields exactly the declared size and then checks the CRC, so a header that
    lies about the size ends in a damaged-file refusal, never in more bytes than were
    budgeted. The buffer is allocated once: a part is held once in memory, not twice.
    """
    own_limit = max(RATIO_FLOOR, int(max(info.compress_size, 1) * LIMITS.max_ratio))
    budget[0] -= info.file_size
    if info.file_size > own_limit or budget[0] < 0:
        raise Refused(_("The zip expands suspiciously far; it was refused."))
    buffer = bytearray(info.file_size)
    view = memoryview(buffer)
    filled = 0
    with archive.open(info) as opened:
        source = cast(zipfile.ZipExtFile, opened)
        while filled < info.file_size:
            count = source.readinto(view[filled : filled + CHUNK])
            if not count:
                raise Refused(_("The workbook is damaged and cannot be read."))
            filled += count
    return buffer


def sniff(data: bytes) -> TranslationString | None:
    """Why ``data`` is not an .xlsx workbook at all, judged from its first bytes."""
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data:
            return _("The workbook is protected by a password: save it without one.")
        return _("This is an old Excel file (.xls): save it as an Excel workbook (.xlsx).")
    if data.startswith(b"%PDF"):
        return _("This is a PDF document, not an Excel workbook (.xlsx).")
    if not data.startswith(ZIP_MAGIC):
        return _("This is not an Excel workbook (.xlsx); a CSV or text file cannot be read.")
    return None


def inspect_workbook(data: bytes) -> Package:
    """Check a workbook's bytes and describe it; :class:`Refused` at the first problem."""
    if len(data) > MAX_FILE_BYTES:
        raise Refused(_too_big(len(data), MAX_FILE_BYTES))
    reason = sniff(data)
    if reason is not None:
        raise Refused(reason)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _inspect_archive(archive)
    except UnsafeUpload as exc:
        raise Refused(_reason(exc)) from exc
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, ParseError, KeyError) as exc:
        raise Refused(_("The workbook is damaged and cannot be read.")) from exc


def _inspect_archive(archive: zipfile.ZipFile) -> Package:
    """Check every XML part as it is decompressed; keep only what describes the workbook.

    Sheet parts are counted and dropped at once, so memory holds one part at a time
    rather than the whole expanded package.
    """
    members = zip_members(archive, LIMITS)
    names = {info.filename for info in members}
    if CONTENT_TYPES not in names or WORKBOOK not in names:
        raise Refused(_("This is not an Excel workbook (.xlsx)."))
    _refuse_active_content(names)
    budget = [LIMITS.max_total_bytes]
    kept: dict[str, bytearray] = {}
    stats: dict[str, _PartStats] = {}
    for info in members:
        name = info.filename
        if not name.lower().endswith(_XML_SUFFIXES):
            continue
        part = _read(archive, info, budget)
        _refuse_dtd(part)
        if name in (CONTENT_TYPES, WORKBOOK) or name.endswith(".rels"):
            kept[name] = part
        else:
            stats[name] = _part_stats(part)
    if b"macroEnabled" in kept[CONTENT_TYPES]:
        raise Refused(_("Workbooks with macros (.xlsm) are not accepted."))
    for part_name, part in kept.items():
        if part_name.endswith(".rels"):
            _refuse_external_relations(part)
    return _describe(kept, stats)


def _refuse_active_content(names: set[str]) -> None:
    lowered = {n.lower() for n in names}
    if any(n.endswith("vbaproject.bin") or (n.endswith(".bin") and "vba" in n) for n in lowered):
        raise Refused(_("Workbooks with macros (.xlsm) are not accepted."))
    if any(n.startswith("xl/externallinks/") or n == "xl/connections.xml" for n in lowered):
        raise Refused(_("Workbooks with links to other files or data connections are refused."))


class _PrologDone(Exception):
    """Raised by the prolog check at the root element: no DTD can follow it."""


class _StopAtRoot:
    def start(self, _tag: str, _attributes: dict[str, str]) -> None:
        raise _PrologDone

    def close(self) -> None:
        return None


def _refuse_dtd(part: bytearray) -> None:
    """Refuse a part declaring a DTD or entities; only its prolog needs reading.

    A document type declaration may only come before the root element, so defusedxml
    reads up to the root's start tag and no further: the cost does not grow with the
    size of the sheet.
    """
    if part[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise Refused(_("The workbook is damaged and cannot be read."))
    parser = DefusedXMLParser(target=_StopAtRoot(), forbid_dtd=True)
    try:
        for start in range(0, len(part), CHUNK):
            parser.feed(part[start : start + CHUNK])
    except _PrologDone:
        return
    except DefusedXmlException as exc:
        raise Refused(
            _("The workbook contains an XML document type or entities; it was refused.")
        ) from exc


def _refuse_external_relations(part: bytearray) -> None:
    for relation in fromstring(part, forbid_dtd=True):
        if relation.get("TargetMode") != "External":
            continue
        kind = relation.get("Type", "").rsplit("/", 1)[-1]
        if kind in _LINK_TYPES:
            raise Refused(_("Workbooks with links to other files or data connections are refused."))


@dataclass(frozen=True)
class _PartStats:
    rows: int
    cells: int
    area: int
    formulas: dict[str, bool]
    string_cells: int = 0
    longest_string: int = 0


def _part_stats(part: bytearray) -> _PartStats:
    """Rows, cells and formula cells of a part, counted without building a tree.

    Counting start tags is done on bytes (in C, no allocation); only a part that holds
    a formula is parsed, as a stream, to learn which cells.
    """
    rows = part.count(b"<row ") + part.count(b"<row>") + part.count(b"<row/>")
    cells = part.count(b"<c ") + part.count(b"<c>") + part.count(b"<c/>")
    if b":row" in part or b":c" in part:
        rows += sum(1 for _match in _PREFIXED_ROW.finditer(part))
        cells += sum(1 for _match in _PREFIXED_CELL.finditer(part))
    if cells > MAX_CELLS:
        return _PartStats(rows, cells, 0, {})
    formulas = _formula_cells(part) if _FORMULA.search(part) else {}
    string_cells = sum(1 for _match in _SHARED_TYPE.finditer(part)) if cells else 0
    return _PartStats(
        rows, cells, _area(part), formulas, string_cells, _longest_shared_string(part)
    )


def _longest_shared_string(part: bytearray) -> int:
    """The longest ``<si>`` entry of a shared-strings part, in bytes (0 for other parts)."""
    longest = start = 0
    for match in _SHARED_STRING_END.finditer(part):
        longest = max(longest, match.end() - start)
        start = match.end()
    return longest


def _area(part: bytearray) -> int:
    """Rows x columns from A1 to the farthest cell a sheet names (its dimension included)."""
    last_row = last_column = 0
    for pattern in (_CELL_REF, _DIMENSION):
        for match in pattern.finditer(part):
            last_row = max(last_row, int(match.group(2)))
            last_column = max(last_column, _column_number(match.group(1)))
    return last_row * max(last_column, 1)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _describe(kept: dict[str, bytearray], stats: dict[str, _PartStats]) -> Package:
    """Sheet names in order, formula cells and row counts, from the workbook's XML.

    Rows and cells are counted over every part, not only those the workbook names as
    sheets, so a sheet hidden at an unusual path cannot slip past the limits.
    """
    workbook = fromstring(kept[WORKBOOK], forbid_dtd=True)
    sheets = workbook.find(f"{_NS_MAIN}sheets")
    entries = list(sheets) if sheets is not None else []
    if len(entries) > MAX_SHEETS:
        raise Refused(
            _(
                "The workbook has ${count} sheets; at most ${limit} are accepted.",
                mapping={"count": len(entries), "limit": MAX_SHEETS},
            )
        )
    rows = sum(s.rows for s in stats.values())
    if rows > MAX_ROWS:
        raise Refused(
            _(
                "The workbook has ${count} rows; at most ${limit} are accepted.",
                mapping={"count": rows, "limit": MAX_ROWS},
            )
        )
    cells = sum(s.cells for s in stats.values())
    if cells > MAX_CELLS:
        raise Refused(
            _(
                "The workbook has ${count} cells; at most ${limit} are accepted.",
                mapping={"count": cells, "limit": MAX_CELLS},
            )
        )
    if any(s.area > MAX_AREA for s in stats.values()):
        raise Refused(
            _(
                "A sheet of the workbook spans more than ${limit} cells.",
                mapping={"limit": MAX_AREA},
            )
        )
    text = sum(s.string_cells for s in stats.values()) * max(
        (s.longest_string for s in stats.values()), default=0
    )
    if text > MAX_TEXT_BYTES:
        raise Refused(_("The workbook repeats long texts too many times; it was refused."))
    targets = _sheet_targets(kept.get(WORKBOOK_RELS))
    package = Package(rows=rows)
    for entry in entries:
        name = entry.get("name", "")
        package.sheets.append(name)
        part = stats.get(targets.get(entry.get(f"{_NS_REL}id", ""), ""))
        if part is not None and part.formulas:
            package.formulas[name] = part.formulas
    return package


def _sheet_targets(rels: bytearray | None) -> dict[str, str]:
    """Relationship id -> part name of the workbook's sheets."""
    if not rels:
        return {}
    targets = {}
    for relation in fromstring(rels, forbid_dtd=True):
        target = relation.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        targets[relation.get("Id", "")] = posixpath.normpath(path)
    return targets


def _formula_cells(part: bytearray) -> dict[str, bool]:
    """The cells of a sheet holding a formula, each with whether a value is cached."""
    found: dict[str, bool] = {}
    cell_tag, formula_tag, value_tag = f"{_NS_MAIN}c", f"{_NS_MAIN}f", f"{_NS_MAIN}v"
    for _event, element in iterparse(io.BytesIO(part), events=("end",), forbid_dtd=True):
        if element.tag == cell_tag:
            if element.find(formula_tag) is not None:
                value = element.find(value_tag)
                found[element.get("r", "")] = value is not None and bool(value.text)
            element.clear()
        elif element.tag == f"{_NS_MAIN}row":
            element.clear()
    return found
