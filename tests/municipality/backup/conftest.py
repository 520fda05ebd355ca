"""A source install (the suite's database) and a fresh, empty one to restore into."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from municipality import cli
from municipality.backup.database import application_tables

PASSPHRASE = "correct horse battery staple"
PHOTO_KEY = "ab/ab0123456789abcdef0123456789abcd.png"


@pytest.fixture
def restored_uploads(tmp_path: Path) -> Path:
    return tmp_path / "restored-uploads"


@pytest.fixture
def restore(
    fresh_engine: Engine,
    restored_uploads: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Callable[..., tuple[int, str, str]]:
    """``baladiya restore ...`` on an install of its own: the fresh database, a new folder."""
    ini = tmp_path / "restore.ini"
    ini.write_text(
        "[app:main]\nuse = egg:baladiya\n"
        f"baladiya.core.message_log = {tmp_path}/restore.log\n"
        f"baladiya.core.upload_dir = {restored_uploads}\n"
    )

    def call(*argv: str) -> tuple[int, str, str]:
        with monkeypatch.context() as patch:
            url = fresh_engine.url.render_as_string(hide_password=False)
            patch.setenv("BALADIYA_DATABASE_URL", url)
            status = cli.main(["--ini", str(ini), "restore", *argv])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return call


@pytest.fixture
def small_archive(run: Callable[..., tuple[int, str, str]], tmp_path: Path) -> Path:
    """An archive of a region, a commune and one stored file."""
    assert (
        run("region", "create", "rsk", "--name-fr", "RSK", "--name-ar", "ج", "--country", "MA")[0]
        == 0
    )
    photo = tmp_path / "uploads" / PHOTO_KEY
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\x89PNG a stored photo")
    archive = tmp_path / "small.tar"
    status, _out, err = run("backup", "--out", str(archive))
    assert status == 0, err
    return archive


def application_tables_of(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return application_tables(connection)


def file_hashes(root: Path) -> dict[str, str]:
    """Every file under ``root`` by its relative path, with its SHA-256."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
