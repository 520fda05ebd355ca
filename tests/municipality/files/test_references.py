"""``baladiya files check`` and the hourly job: orphans, missing files, the grace period;
``baladiya files migrate`` between the backends and from the old upload directory."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta

from sqlalchemy import select

from complaints.models import ComplaintPhoto
from municipality.files import DatabaseStore, FilesystemStore
from municipality.files.references import FileReference, check
from tests import factories


def _configured(engine, tmp_path):
    """The store the ``run`` fixture's ini gives (filesystem on SQLite, else database)."""
    if engine.dialect.name == "sqlite":
        return FilesystemStore(tmp_path / "uploads")
    return DatabaseStore()


def test_files_check_reports_orphans_after_the_grace_and_missing_files(
    run, db, engine, tmp_path, monkeypatch
):
    store = _configured(engine, tmp_path)
    with db() as session:
        kept = store.put(session, b"the photo", "image/jpeg").sha256
        orphan = store.put(session, b"nobody's", "image/jpeg").sha256
        photo = factories.complaint_photo(session)
        photo.sha256 = kept
        absent = photo.thumbnail_sha256

    status, out, err = run("files", "check")
    assert status == 1
    assert "unreferenced, within the grace period: 1" in out
    assert "orphans (unreferenced, older): 0" in out
    assert f"missing in complaint_photos.thumbnail_sha256: 1\n  {absent}" in out
    assert "rows name files that are not stored" in err

    monkeypatch.setenv("BALADIYA_CORE_ORPHAN_GRACE_SECONDS", "0")
    status, out, _err = run("files", "check", "--remove")
    assert "orphans (unreferenced, older): 1" in out
    assert "removed: 1" in out
    with db() as session:
        assert store.exists(session, kept)
        assert not store.exists(session, orphan)


def test_the_job_removes_only_with_the_setting_and_explains_interrupted_uploads(db, tmp_path):
    store = FilesystemStore(tmp_path)
    (tmp_path / ".incoming").mkdir()
    (tmp_path / ".incoming" / "abc.part").write_bytes(b"half")
    table = FileReference("complaint_photos", ("sha256",))
    with db() as session:
        orphan = store.put(session, b"orphan", "text/plain").sha256
        report = check(session, store, [table], grace=timedelta(0), remove=False)
        assert report.orphans == [orphan]
        assert report.interrupted == ["abc.part"]
        assert store.exists(session, orphan)
        report = check(session, store, [table], grace=timedelta(0), remove=True)
        assert report.removed == 2
        assert not store.exists(session, orphan)
    assert list((tmp_path / ".incoming").iterdir()) == []


def _legacy_photo(session, uploads, image: bytes, thumbnail: bytes) -> ComplaintPhoto:
    """A photo row as an older release left it: files named by a random key."""
    photo = factories.complaint_photo(session)
    photo.sha256 = hashlib.sha256(image).hexdigest()
    photo.thumbnail_sha256 = None
    for attribute, data in (("image_key", image), ("thumbnail_key", thumbnail)):
        key = uuid.uuid4().hex + ".jpg"
        (uploads / key[:2]).mkdir(parents=True, exist_ok=True)
        (uploads / key[:2] / key).write_bytes(data)
        setattr(photo, attribute, key)
    return photo


def test_files_migrate_moves_every_file_there_and_back(run, db, tmp_path):
    uploads = tmp_path / "uploads"
    on_disk, in_database = FilesystemStore(uploads), DatabaseStore()
    with db() as session:
        loose = on_disk.put(session, b"x" * (3 << 20), "application/zip").sha256
        _legacy_photo(session, uploads, b"old image", b"old thumb")

    status, out, err = run("files", "migrate", "--to", "database")
    assert status == 0, err
    assert "complaint_photos: 2 old file(s) moved into the store" in out
    assert "[2/2]" not in out
    assert "[1/1]" in out
    with db() as session:
        photo = session.execute(select(ComplaintPhoto)).scalar_one()
        assert photo.image_key is None
        assert photo.thumbnail_key is None
        assert in_database.read(session, photo.sha256) == b"old image"
        assert in_database.read(session, photo.thumbnail_sha256 or "") == b"old thumb"
        assert in_database.read(session, loose) == b"x" * (3 << 20)
    assert [p for p in uploads.rglob("*") if p.is_file()] == []

    assert run("files", "migrate", "--to", "database")[0] == 0  # nothing left to do
    status, out, err = run("files", "migrate", "--to", "filesystem")
    assert status == 0, err
    assert "[3/3]" in out
    with db() as session:
        assert list(in_database.keys(session)) == []
        assert sorted(on_disk.keys(session)) == sorted(
            [loose, photo.sha256, photo.thumbnail_sha256 or ""]
        )
        assert on_disk.read(session, photo.sha256) == b"old image"
