"""Backups that can be restored: one archive, checked whole before anything is written.

An archive is an uncompressed POSIX tar (``tar tvf`` lists it on any machine); what is
worth compressing already is: ``pg_dump -Fc`` compresses, photos are JPEG or PNG. Members:

``database/sqlite.db`` or ``database/postgresql.dump``
    a consistent snapshot of the database (see :func:`snapshot_database`);
``files/<key>``
    every stored file, by its key (:func:`stored_file_keys`);
``secrets.json.enc``
    only when asked: the secret settings, encrypted with a passphrase (:func:`seal_secrets`);
``manifest.json``
    what the archive holds: format, application version, time, database backend, Alembic
    heads, the row count of every table, each file's SHA-256 and size, and the SHA-256 and
    size of every member above;
``manifest.sha256``
    the SHA-256 of ``manifest.json``.

The manifest and its checksum are written last, and the archive is written under
``FILE.partial`` and renamed once complete: an archive whose writing stopped has no
final name, and one cut short or damaged later has no manifest, a manifest that fails
its checksum, or a member that fails its own. :func:`restore_backup` checks all of that,
and that the target is empty, before it writes a byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from shlex import quote
from typing import Any

from alembic.script import ScriptDirectory
from alembic.util import CommandError as AlembicCommandError
from sqlalchemy.engine import Engine

from municipality.backup.archive import (
    CHUNK,
    FORMAT,
    MANIFEST,
    MANIFEST_SUM,
    SAFE_KEY,
    Archive,
    Writer,
    open_archive,
)
from municipality.backup.database import (
    Snapshot,
    application_tables,
    restore_database,
    snapshot_database,
    table_counts,
)
from municipality.backup.errors import BackupError, Progress, quiet
from municipality.backup.secrets import open_secrets, seal_secrets, secret_settings
from municipality.files import backend_of, upload_dir
from municipality.migrate import alembic_config
from municipality.settings import env_name

__all__ = ["BackupError", "RestoreReport", "create_backup", "restore_backup"]

SECRETS = "secrets.json.enc"
FILES_PREFIX = "files/"


def stored_file_keys(settings: Mapping[str, Any]) -> Iterator[str]:
    """The key of every stored file: its path under the upload folder, in a stable order.

    Hidden files are an image store's writes in progress, never a stored file.
    """
    root = upload_dir(settings)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        if path.is_file() and SAFE_KEY.fullmatch(key):
            yield key


def open_stored_file(settings: Mapping[str, Any], key: str) -> Iterator[bytes]:
    """The stored file ``key``, in chunks (never whole in memory)."""
    with (upload_dir(settings) / key).open("rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def application_version() -> str:
    try:
        return version("baladiya")
    except PackageNotFoundError:
        return "unknown"


def partial_path(out: Path) -> Path:
    """Where an archive is written until it is complete."""
    return out.with_name(out.name + ".partial")


def create_backup(
    engine: Engine,
    settings: Mapping[str, Any],
    out: Path,
    *,
    passphrase: str | None = None,
    progress: Progress = quiet,
) -> dict[str, Any]:
    """Write the archive ``out`` (see the module's docstring) and return its manifest.

    The secret settings go in only when ``passphrase`` is given, encrypted with it.
    """
    if out.exists():
        raise BackupError(f"{out} already exists: choose another file name")
    if not out.parent.is_dir():
        raise BackupError(f"folder {out.parent} does not exist")
    secrets = secret_settings(settings) if passphrase is not None else None
    sealed = seal_secrets(secrets or {}, passphrase) if passphrase is not None else None
    partial = partial_path(out)
    created = datetime.now(UTC)
    try:
        with (
            tempfile.TemporaryDirectory(dir=out.parent, prefix=".baladiya-backup-") as work,
            tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar,
        ):
            writer = Writer(tar, created.timestamp())
            progress(f"database: taking a snapshot of the {engine.dialect.name} database")
            snapshot = snapshot_database(engine, Path(work))
            writer.add_path(snapshot.member, snapshot.path)
            snapshot.path.unlink()
            progress(
                f"database: {len(snapshot.tables)} tables, {sum(snapshot.tables.values())} rows"
            )
            files = _write_files(writer, settings, Path(work), progress)
            if sealed is not None:
                writer.add_bytes(SECRETS, sealed)
                progress(f"secrets: {len(secrets or {})} settings, encrypted")
            storage = backend_of(settings)
            manifest = _manifest(created, snapshot, (storage, files), secrets, writer.members)
            encoded = json.dumps(manifest, indent=1, sort_keys=True).encode()
            writer.add_bytes(MANIFEST, encoded)
            writer.add_bytes(MANIFEST_SUM, (hashlib.sha256(encoded).hexdigest() + "\n").encode())
        _sync_file(partial)
        partial.replace(out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    progress(f"written {out} ({out.stat().st_size} bytes)")
    return manifest


def _write_files(
    writer: Writer, settings: Mapping[str, Any], work: Path, progress: Progress
) -> list[dict[str, Any]]:
    files = []
    for count, key in enumerate(stored_file_keys(settings), start=1):
        member = writer.add_chunks(FILES_PREFIX + key, open_stored_file(settings, key), work)
        files.append({"key": key, **member})
        if count % 100 == 0:
            progress(f"files: {count}")
    progress(f"files: {len(files)}, {sum(f['size'] for f in files)} bytes")
    return files


def _manifest(
    created: datetime,
    snapshot: Snapshot,
    files: tuple[str, list[dict[str, Any]]],
    secrets: Mapping[str, str] | None,
    members: Mapping[str, Any],
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "application": "baladiya",
        "version": application_version(),
        "created_at": created.isoformat(),
        "database": {
            "backend": snapshot.backend,
            "member": snapshot.member,
            "alembic_heads": snapshot.heads,
            "tables": snapshot.tables,
            "tool_major": snapshot.tool_major,
        },
        # The upload folder's files: the whole filesystem store. With the database store
        # (``storage`` says which) its files are rows of the dump, and the folder holds
        # only files an operator has not moved in yet (``baladiya files migrate``).
        "files": {"storage": files[0], "items": files[1]},
        "secrets": None if secrets is None else {"member": SECRETS, "settings": sorted(secrets)},
        "members": dict(members),
    }


def _sync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


@dataclass(frozen=True)
class RestoreReport:
    """What a restore did, to tell the operator."""

    backend: str
    tables: int
    rows: int
    files: int
    secrets_file: Path | None


def restore_backup(
    engine: Engine,
    settings: Mapping[str, Any],
    path: Path,
    *,
    secrets_out: Path | None = None,
    passphrase: str | None = None,
    progress: Progress = quiet,
) -> RestoreReport:
    """Restore the archive ``path`` into the empty install ``engine`` and ``settings`` use.

    Refused with nothing written: a damaged, cut or half-written archive, one of another
    database backend or of a newer schema, a database that has tables, an upload folder
    that has files, a wrong passphrase. The secrets are opened (with ``passphrase``) and
    written to ``secrets_out`` only when asked. At the end every table's row count is
    compared with the manifest's.
    """
    uploads = upload_dir(settings)
    with open_archive(path, progress) as archive:
        manifest = archive.manifest
        _check_compatible(engine, settings, manifest)
        secrets = _wanted_secrets(archive, secrets_out, passphrase)
        _check_empty(engine, uploads)
        staged = _stage_files(archive, uploads, progress)
        try:
            _restore_database_member(engine, archive, progress)
        except BaseException:
            shutil.rmtree(staged, ignore_errors=True)
            raise
    _put_in_place(staged, uploads)
    if secrets_out is not None and secrets is not None:
        _write_secrets(secrets_out, secrets)
    tables = _check_counts(engine, manifest["database"]["tables"])
    progress(f"database: {len(tables)} tables, row counts equal to the manifest's")
    return RestoreReport(
        engine.dialect.name,
        len(tables),
        sum(tables.values()),
        len(manifest["files"]["items"]),
        secrets_out if secrets is not None else None,
    )


def _restore_database_member(engine: Engine, archive: Archive, progress: Progress) -> None:
    member = archive.manifest["database"]["member"]
    with tempfile.TemporaryDirectory(prefix=".baladiya-restore-") as work:
        dump = Path(work) / Path(member).name
        archive.copy_member(member, dump)
        progress(f"database: restoring into the {engine.dialect.name} database")
        restore_database(engine, dump, archive.manifest)


def _check_compatible(engine: Engine, settings: Mapping[str, Any], manifest: Any) -> None:
    backend = manifest["database"]["backend"]
    if backend != engine.dialect.name:
        raise BackupError(
            f"the archive holds a {backend} database; the configured database is "
            f"{engine.dialect.name}: restore into a {backend} database"
        )
    script = ScriptDirectory.from_config(
        alembic_config(packages=str(settings.get("baladiya.modules.available", "")).split())
    )
    for head in manifest["database"]["alembic_heads"]:
        try:
            script.get_revision(head)
        except AlembicCommandError as exc:
            raise BackupError(
                f"the archive's database is at migration {head}, which this version of "
                f"Baladiya does not know: restore with version {manifest['version']} or newer"
            ) from exc


def _wanted_secrets(
    archive: Archive, secrets_out: Path | None, passphrase: str | None
) -> dict[str, str] | None:
    if secrets_out is None:
        return None
    if archive.manifest["secrets"] is None:
        raise BackupError("the archive holds no secrets (it was made without --with-secrets)")
    if secrets_out.exists() or not secrets_out.parent.is_dir():
        raise BackupError(f"{secrets_out} must be a new file in an existing folder")
    if passphrase is None:
        raise BackupError("opening the secrets needs the archive's passphrase")
    return open_secrets(archive.read_member(SECRETS), passphrase)


def _check_empty(engine: Engine, uploads: Path) -> None:
    with engine.connect() as connection:
        tables = application_tables(connection)
    if tables:
        raise BackupError(
            f"the configured database already has {len(tables)} tables ({tables[0]}, ...): "
            "restore only into an empty database"
        )
    if uploads.exists() and any(p.is_file() for p in uploads.rglob("*")):
        raise BackupError(
            f"the upload folder {uploads} already holds files: restore only into an empty one"
        )


def _stage_files(archive: Archive, uploads: Path, progress: Progress) -> Path:
    """The archive's files, written beside the upload folder until the database is in."""
    uploads.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(dir=uploads.parent, prefix=f".{uploads.name}.restoring-"))
    try:
        for item in archive.manifest["files"]["items"]:
            target = staged / item["key"]
            target.parent.mkdir(parents=True, exist_ok=True)
            archive.copy_member(FILES_PREFIX + item["key"], target)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    progress(f"files: {len(archive.manifest['files']['items'])} restored")
    return staged


def _put_in_place(staged: Path, uploads: Path) -> None:
    if uploads.exists():
        shutil.rmtree(uploads)  # checked above: folders only, no file
    staged.replace(uploads)


def _write_secrets(path: Path, values: Mapping[str, str]) -> None:
    """The secrets as ``BALADIYA_...`` variables, readable by their owner only."""
    lines = "".join(f"{env_name(key)}={quote(value)}\n" for key, value in values.items())
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(lines)


def _check_counts(engine: Engine, expected: Mapping[str, int]) -> dict[str, int]:
    with engine.connect() as connection:
        found = table_counts(connection)
    if found != dict(expected):
        wrong = sorted(t for t in set(found) | set(expected) if found.get(t) != expected.get(t))
        raise BackupError(
            f"the restored database differs from the manifest in {', '.join(wrong)}: "
            "do not use it; restore again into an empty database"
        )
    return found
