"""Checks every uploaded file goes through before any module reads it.

Uploads come from the internet: a file can be far larger than announced, and a zip can
hold thousands of entries, expand to gigabytes from a few kilobytes (a "zip bomb"), or
name paths that climb out of the folder it is unpacked in. :func:`check_size` and
:func:`safe_extract` refuse such files with :class:`UnsafeUpload` before anything is
written, so callers only ever see files within the limits they set.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from municipality.errors import ValidationFailed
from municipality.i18n import _

COPY_CHUNK = 1 << 20
# Entries smaller than this may compress as well as they like: they cannot hurt.
RATIO_FLOOR = 1_048_576


class UnsafeUpload(ValidationFailed):
    """An upload refused for its size or its shape; the message says which limit."""

    status = 413


@dataclass(frozen=True)
class ZipLimits:
    """What a zip may hold: entries, total uncompressed bytes, expansion ratio per entry."""

    max_entries: int = 200
    max_total_bytes: int = 500 * 1_048_576
    max_ratio: float = 200.0


def check_size(path: Path, limit: int) -> int:
    """The file's size in bytes, or :class:`UnsafeUpload` when it is over ``limit``."""
    size = path.stat().st_size
    if size > limit:
        raise UnsafeUpload(
            _(
                "The file is ${size} MB; the limit is ${limit} MB.",
                mapping={"size": _megabytes(size), "limit": _megabytes(limit)},
            )
        )
    return size


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f}"


def zip_members(archive: zipfile.ZipFile, limits: ZipLimits) -> list[zipfile.ZipInfo]:
    """The archive's file entries, once the archive is known to respect ``limits``.

    The sizes checked here are those the archive declares; :func:`safe_extract` also
    counts the bytes it actually writes, so a lying header gains nothing.
    """
    members = [info for info in archive.infolist() if not info.is_dir()]
    if len(members) > limits.max_entries:
        raise UnsafeUpload(
            _(
                "The zip holds ${count} files; at most ${limit} are accepted.",
                mapping={"count": len(members), "limit": limits.max_entries},
            )
        )
    total = 0
    for info in members:
        _check_name(info.filename)
        if info.flag_bits & 0x1:
            raise UnsafeUpload(_("Encrypted zip files are not accepted."))
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > limits.max_ratio:
            raise UnsafeUpload(_("The zip expands suspiciously far; it was refused."))
    if total > limits.max_total_bytes:
        raise UnsafeUpload(
            _(
                "The zip would expand to ${size} MB; the limit is ${limit} MB.",
                mapping={
                    "size": _megabytes(total),
                    "limit": _megabytes(limits.max_total_bytes),
                },
            )
        )
    return members


def _check_name(name: str) -> None:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or ":" in name:
        raise UnsafeUpload(_("The zip contains a file with an unsafe name."))


def safe_extract(source: Path, target: Path, limits: ZipLimits | None = None) -> list[Path]:
    """Unpack a zip into ``target`` after checking it, counting every byte written.

    Returns the extracted files. A file that is not a zip, or is corrupt, is refused
    with the same clear error as a hostile one.
    """
    limits = limits or ZipLimits()
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnsafeUpload(_("The file is not a readable zip archive.")) from exc
    written = 0
    extracted: list[Path] = []
    with archive:
        for info in zip_members(archive, limits):
            destination = target / PurePosixPath(info.filename.replace("\\", "/"))
            destination.parent.mkdir(parents=True, exist_ok=True)
            try:
                written = _copy_member(archive, info, destination, written, limits)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise UnsafeUpload(_("The file is not a readable zip archive.")) from exc
            extracted.append(destination)
    return extracted


def _copy_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    destination: Path,
    written: int,
    limits: ZipLimits,
) -> int:
    budget = max(RATIO_FLOOR, int(max(info.compress_size, 1) * limits.max_ratio))
    own = 0
    with archive.open(info) as source, destination.open("wb") as sink:
        while chunk := source.read(COPY_CHUNK):
            own += len(chunk)
            written += len(chunk)
            if own > budget or written > limits.max_total_bytes:
                raise UnsafeUpload(_("The zip expands suspiciously far; it was refused."))
            sink.write(chunk)
    return written


# What a PDF may carry that would act when it is opened rather than just be read: these
# names, as a name ends (a delimiter or white space follows).
PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA)(?=[\s/<>\[\]()])")


PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _names_spelt_out(data: bytes) -> bytes:
    """The PDF with its names' ``#xx`` escapes written as letters: ``/J#61vaScript`` is
    ``/JavaScript`` to a reader, so it must be to the check."""
    return PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), data)


def accept_pdf(data: bytes, *, max_bytes: int, field: str = "file") -> bytes:
    """``data`` when it is a plain PDF within ``max_bytes``, else why not.

    Over the size: :class:`UnsafeUpload` (413). Empty, not a PDF (no ``%PDF-`` header or
    no ``%%EOF`` trailer), or one that carries scripts, launch actions or embedded files
    (names that act when the file is opened, which a scan, a plan or an invoice never
    needs): :class:`ValidationFailed` (422), the reason under ``field``. The check reads
    names as they are written, escapes spelt out; a name hidden inside a compressed object
    stream is not seen, so stored PDFs are always served as downloads, never rendered in
    the application's pages.
    """
    if len(data) > max_bytes:
        too_large = _(
            "The file is larger than the ${limit} MB allowed.",
            mapping={"limit": f"{max_bytes / 2**20:.3g}"},
        )
        raise UnsafeUpload(too_large, {field: too_large})
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        not_pdf = _("The file is not a PDF document.")
        raise ValidationFailed(not_pdf, {field: not_pdf})
    if PDF_ACTIVE.search(_names_spelt_out(data)):
        active = _("The PDF carries scripts or embedded files; send a plain PDF, such as a scan.")
        raise ValidationFailed(active, {field: active})
    return data
