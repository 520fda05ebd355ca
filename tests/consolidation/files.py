"""Builders of hostile, broken and altered workbooks for the refusal tests."""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
from collections.abc import Callable

import openpyxl


def plain_workbook(sheets: int = 1) -> bytes:
    """A workbook not made by Baladiya."""
    book = openpyxl.Workbook()
    for n in range(1, sheets):
        book.create_sheet(f"S{n}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite(
    data: bytes,
    *,
    replace: dict[str, Callable[[bytes], bytes]] | None = None,
    add: dict[str, bytes] | None = None,
    drop: frozenset[str] = frozenset(),
) -> bytes:
    """A copy of a workbook's package with parts changed, added or removed."""
    replace = replace or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename in drop:
                continue
            part = source.read(info)
            if info.filename in replace:
                part = replace[info.filename](part)
            target.writestr(info.filename, part)
        for name, part in (add or {}).items():
            target.writestr(name, part)
    return out.getvalue()


def zip_of(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def forge_declared_sizes(data: bytes, size: int) -> bytes:
    """Make every central-directory entry claim ``size`` uncompressed bytes."""
    forged = bytearray(data)
    for match in re.finditer(rb"PK\x01\x02", data):
        struct.pack_into("<I", forged, match.start() + 24, size)
    return bytes(forged)


def with_dtd(part: bytes) -> bytes:
    """The part with a billion-laughs style entity declaration in front of its root."""
    declaration = b'<!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    head, sep, rest = part.partition(b"?>")
    return head + sep + declaration + rest if sep else declaration + part


def encrypted_ole() -> bytes:
    """What Excel writes for a password-protected workbook: an OLE container."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + "EncryptedInfo EncryptedPackage".encode("utf-16-le") + b"\x00" * 1024


def old_xls() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048


def many_rows(rows: int) -> Callable[[bytes], bytes]:
    """A sheet-part rewriter that adds ``rows`` empty rows."""

    def grow(part: bytes) -> bytes:
        filler = b"".join(b'<row r="%d"/>' % n for n in range(2, rows + 2))
        if b"<sheetData/>" in part:
            return part.replace(b"<sheetData/>", b"<sheetData>" + filler + b"</sheetData>")
        return part.replace(b"</sheetData>", filler + b"</sheetData>")

    return grow


def with_formula(ref: str, formula: str, cached: str | None) -> Callable[[bytes], bytes]:
    """A sheet-part rewriter that turns cell ``ref`` into a formula (with a cached value)."""

    def change(part: bytes) -> bytes:
        pattern = re.compile(rb'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % ref.encode(), re.S)
        value = b"<v>%s</v>" % cached.encode() if cached is not None else b""
        cell = b'<c r="%s"><f>%s</f>%s</c>' % (ref.encode(), formula.encode(), value)
        assert pattern.search(part), ref
        return pattern.sub(cell, part, count=1)

    return change


def far_apart_cells() -> bytes:
    """Two cells, at A1 and ZZ200000: tiny, but a reader would allocate the whole rectangle."""
    cells = (
        b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        b"<row r='200000'><c r='ZZ200000'><v>2</v></c></row></sheetData>"
    )
    return rewrite(
        plain_workbook(),
        replace={
            "xl/worksheets/sheet1.xml": lambda part: part.replace(b"<sheetData></sheetData>", cells)
        },
    )


def repeated_long_string(length: int = 2_000_000, cells: int = 3000) -> bytes:
    """One long shared string referenced by many cells: each cell would get its own copy."""
    text = bytes(65 + byte % 26 for byte in os.urandom(length))
    shared = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        b'uniqueCount="1"><si><t>' + text + b"</t></si></sst>"
    )
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (r, r) for r in range(1, cells + 1)
    )
    return rewrite(
        plain_workbook(),
        replace={
            "xl/worksheets/sheet1.xml": lambda part: part.replace(
                b"<sheetData></sheetData>", b"<sheetData>" + rows + b"</sheetData>"
            )
        },
        add={"xl/sharedStrings.xml": shared},
    )
