"""Upload checks: sizes, zip entry counts, expansion, unsafe names, PDFs."""

from __future__ import annotations

import zipfile

import pytest

from municipality.errors import ValidationFailed
from municipality.uploads import UnsafeUpload, ZipLimits, accept_pdf, check_size, safe_extract
from tests import factories


def test_size_limit(tmp_path):
    path = tmp_path / "big.bin"
    with path.open("wb") as handle:
        handle.truncate(3 * 1_048_576)
    assert check_size(path, 4 * 1_048_576) == 3 * 1_048_576
    with pytest.raises(UnsafeUpload) as refused:
        check_size(path, 1_048_576)
    assert refused.value.status == 413


def _zip(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_good_zip_is_extracted(tmp_path):
    archive = _zip(tmp_path / "ok.zip", {"a/b.txt": b"hello", "c.txt": b"x" * 2000})
    files = safe_extract(archive, tmp_path / "out")
    assert sorted(f.name for f in files) == ["b.txt", "c.txt"]
    assert (tmp_path / "out" / "a" / "b.txt").read_bytes() == b"hello"


@pytest.mark.parametrize(
    ("entries", "limits"),
    [
        ({"../evil.txt": b"x"}, ZipLimits()),
        ({"/etc/evil": b"x"}, ZipLimits()),
        ({f"f{i}": b"x" for i in range(5)}, ZipLimits(max_entries=4)),
        ({"zeros": b"\0" * (3 * 1_048_576)}, ZipLimits()),
        (
            {"a": b"ab" * 600_000, "b": b"ba" * 600_000},
            ZipLimits(max_total_bytes=2_000_000, max_ratio=10_000),
        ),
    ],
)
def test_hostile_zips_are_refused_before_writing(tmp_path, entries, limits):
    archive = _zip(tmp_path / "bad.zip", entries)
    with pytest.raises(UnsafeUpload):
        safe_extract(archive, tmp_path / "out", limits)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*"))


def test_bytes_written_are_counted_too(tmp_path, monkeypatch):
    """A header that understates an entry's size gains nothing: writing stops at the limit."""
    archive = _zip(tmp_path / "liar.zip", {"data": b"\0" * (2 * 1_048_576)})
    monkeypatch.setattr(
        "municipality.uploads.zip_members", lambda zipped, _limits: zipped.infolist()
    )
    with pytest.raises(UnsafeUpload):
        safe_extract(
            archive, tmp_path / "out", ZipLimits(max_total_bytes=1_048_576 + 10, max_ratio=1e9)
        )


def test_not_a_zip(tmp_path):
    path = tmp_path / "no.zip"
    path.write_bytes(b"plain text")
    with pytest.raises(UnsafeUpload):
        safe_extract(path, tmp_path / "out")


# --- PDFs ------------------------------------------------------------------------------


def _with(after: bytes, added: bytes) -> bytes:
    """The minimal PDF with ``added`` written right after ``after``."""
    return factories.MINIMAL_PDF.replace(after, after + added)


def test_a_plain_pdf_is_accepted_as_it_is():
    assert accept_pdf(factories.MINIMAL_PDF, max_bytes=1024) == factories.MINIMAL_PDF


@pytest.mark.parametrize(
    ("data", "refusal"),
    [
        (factories.MINIMAL_PDF + b" " * 2000, UnsafeUpload),
        (b"GIF89a not a pdf %%EOF", ValidationFailed),
        (b"%PDF-1.4 no trailer", ValidationFailed),
        (
            factories.MINIMAL_PDF.replace(b"/Pages 2 0 R", b"/Pages 2 0 R/OpenAction<</S/Launch>>"),
            ValidationFailed,
        ),
        (
            factories.MINIMAL_PDF.replace(b"/Count 0", b"/Count 0/Names<</EmbeddedFiles 3 0 R>>"),
            ValidationFailed,
        ),
    ],
)
def test_oversized_foreign_and_active_pdfs_are_refused(data, refusal):
    with pytest.raises(refusal):
        accept_pdf(data, max_bytes=1024)


def test_an_active_name_spelt_with_escapes_is_refused():
    hidden = factories.MINIMAL_PDF.replace(b"/Catalog", b"/Catalog/OpenAction<</S/J#61vaScript>>")
    with pytest.raises(ValidationFailed, match="scripts"):
        accept_pdf(hidden, max_bytes=1024, field="upload")


def test_a_name_that_only_begins_like_an_active_one_is_not_refused():
    harmless = factories.MINIMAL_PDF.replace(b"/Count 0", b"/Count 0/JSONish true")
    assert accept_pdf(harmless, max_bytes=1024) == harmless
