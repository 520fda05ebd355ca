"""Archives a restore refuses, and targets it will not write into: each with a clear
message, and nothing written to the database or the upload folder."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest

from tests.municipality.backup.conftest import PHOTO_KEY, application_tables_of


def _assert_nothing_written(fresh_engine, restored_uploads: Path) -> None:
    assert application_tables_of(fresh_engine) == []
    assert not restored_uploads.exists() or not any(restored_uploads.rglob("*"))
    assert not [p for p in restored_uploads.parent.iterdir() if ".restoring-" in p.name]


def _member(archive: Path, name: str) -> tarfile.TarInfo:
    with tarfile.open(archive) as tar:
        return tar.getmember(name)


def _cut(archive: Path, size: int) -> Path:
    cut = archive.with_name("cut.tar")
    cut.write_bytes(archive.read_bytes()[:size])
    return cut


def _flip(archive: Path, offset: int) -> Path:
    flipped = archive.with_name("flipped.tar")
    data = bytearray(archive.read_bytes())
    data[offset] ^= 0x01
    flipped.write_bytes(bytes(data))
    return flipped


def _without(archive: Path, name: str) -> Path:
    smaller = archive.with_name("smaller.tar")
    with tarfile.open(archive) as source, tarfile.open(smaller, "w") as target:
        for info in source.getmembers():
            if info.name != name:
                target.addfile(info, source.extractfile(info))
    return smaller


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda a: _cut(a, a.stat().st_size // 2), "cut short"),
        (lambda a: _cut(a, _member(a, "manifest.json").offset), "it has no manifest"),
        (lambda a: _cut(a, 700), "cut short"),
        (lambda a: _flip(a, _member(a, "database/" + _db(a)).offset_data + 5000), "does not match"),
        (lambda a: _flip(a, _member(a, "files/" + PHOTO_KEY).offset_data + 3), "does not match"),
        (lambda a: _flip(a, _member(a, "manifest.json").offset_data + 40), "manifest"),
        (lambda a: _without(a, "files/" + PHOTO_KEY), f"files/{PHOTO_KEY} is missing"),
    ],
    ids=[
        "cut-in-half",
        "cut-before-the-manifest",
        "cut-in-the-first-member",
        "flipped-in-the-database",
        "flipped-in-a-file",
        "flipped-in-the-manifest",
        "member-missing",
    ],
)
def test_a_damaged_archive_is_refused_before_anything_is_written(
    small_archive, restore, fresh_engine, restored_uploads, damage, message
):
    status, _out, err = restore(str(damage(small_archive)))

    assert status == 1
    assert message in err
    assert "nothing was restored" in err
    _assert_nothing_written(fresh_engine, restored_uploads)


def _db(archive: Path) -> str:
    with tarfile.open(archive) as tar:
        return next(n for n in tar.getnames() if n.startswith("database/")).split("/")[1]


def test_a_database_that_has_tables_is_refused(small_archive, tmp_path, run):
    uploads = tmp_path / "uploads"
    before = sorted(p.name for p in uploads.rglob("*"))

    status, _out, err = run("restore", str(small_archive))

    assert status == 1
    assert "already has" in err
    assert "restore only into an empty database" in err
    assert sorted(p.name for p in uploads.rglob("*")) == before


def test_an_upload_folder_that_holds_files_is_refused(
    small_archive, restore, fresh_engine, restored_uploads
):
    restored_uploads.mkdir()
    (restored_uploads / "left-over.png").write_bytes(b"an earlier photo")

    status, _out, err = restore(str(small_archive))

    assert status == 1
    assert "already holds files" in err
    assert application_tables_of(fresh_engine) == []
    assert [p.name for p in restored_uploads.iterdir()] == ["left-over.png"]


def _with_manifest(archive: Path, change) -> Path:
    """A copy of ``archive`` whose manifest ``change`` edited, its checksum made anew."""
    changed = archive.with_name("changed.tar")
    with tarfile.open(archive) as source, tarfile.open(changed, "w") as target:
        manifest = json.load(source.extractfile("manifest.json"))
        change(manifest)
        encoded = json.dumps(manifest).encode()
        checksum = hashlib.sha256(encoded).hexdigest().encode()
        for info in source.getmembers():
            if info.name == "manifest.json":
                info.size = len(encoded)
                target.addfile(info, io.BytesIO(encoded))
            elif info.name == "manifest.sha256":
                info.size = len(checksum)
                target.addfile(info, io.BytesIO(checksum))
            else:
                target.addfile(info, source.extractfile(info))
    return changed


def test_an_archive_of_the_other_database_is_refused(
    small_archive, restore, fresh_engine, restored_uploads, backend
):
    other = "postgresql" if backend == "sqlite" else "sqlite"
    changed = _with_manifest(small_archive, lambda m: m["database"].update(backend=other))

    status, _out, err = restore(str(changed))

    assert status == 1
    assert f"the archive holds a {other} database" in err
    _assert_nothing_written(fresh_engine, restored_uploads)


def test_an_archive_of_a_newer_schema_is_refused(
    small_archive, restore, fresh_engine, restored_uploads
):
    def newer(manifest):
        manifest["database"]["alembic_heads"].append("municipality_9999")

    status, _out, err = restore(str(_with_manifest(small_archive, newer)))

    assert status == 1
    assert "municipality_9999, which this version of Baladiya does not know" in err
    _assert_nothing_written(fresh_engine, restored_uploads)


def test_a_file_key_that_climbs_out_of_the_folder_is_refused(
    small_archive, restore, fresh_engine, restored_uploads
):
    def climbing(manifest):
        manifest["files"]["items"][0]["key"] = "../../etc/cron.d/job"

    status, _out, err = restore(str(_with_manifest(small_archive, climbing)))

    assert status == 1
    assert "is not safe" in err
    _assert_nothing_written(fresh_engine, restored_uploads)


def test_an_existing_out_file_is_kept(run, tmp_path):
    out = tmp_path / "kept.tar"
    out.write_bytes(b"yesterday's backup")

    status, _out, err = run("backup", "--out", str(out))

    assert status == 1
    assert "already exists" in err
    assert out.read_bytes() == b"yesterday's backup"
    assert not Path(f"{out}.partial").exists()


def test_without_pg_dump_the_backup_says_what_to_install(run, tmp_path, backend, monkeypatch):
    if backend != "postgresql":
        pytest.skip("SQLite needs no client program")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "none.tar"

    status, _out, err = run("backup", "--out", str(out))

    assert status == 1
    assert "pg_dump was not found" in err
    assert not out.exists()
    assert not Path(f"{out}.partial").exists()
