"""One store for every uploaded file, whichever process received it.

Files are content-addressed: a file's key is the SHA-256 of its bytes, so putting the
same bytes twice keeps one copy, and every read checks the bytes still hash to their
key (a changed file is refused with :class:`CorruptFile` and logged). Rows refer to
files by that key; each module declares the columns that do through a
``Kind.FILE_REFERENCE`` provider (:class:`~municipality.files.references.FileReference`),
so the core's clean-up job (:mod:`municipality.files.references`) knows which files are
still needed without importing any module.

Two backends, chosen by ``baladiya.core.file_store``:

- ``filesystem`` (:class:`~municipality.files.filesystem.FilesystemStore`) keeps
  ``upload_dir/<aa>/<sha256>``, each written to a temporary file, flushed to disk and
  renamed, so a file is there whole or not at all. It is for one machine: another
  process elsewhere cannot see the files.
- ``database`` (:class:`~municipality.files.database.DatabaseStore`) keeps the bytes in
  the ``stored_files`` and ``stored_file_chunks`` tables, written on the caller's
  session: a file and the row that refers to it commit or roll back together, and every
  app process of the installation sees it.

Left empty (the default), the setting picks ``filesystem`` on SQLite and ``database``
on any other database. Only the database backend keeps a ``stored_files`` row; the
filesystem backend keeps nothing in the database, so its files can never disagree with
a row of their own. ``baladiya files migrate --to database|filesystem`` moves an
installation's files from one backend to the other (:mod:`municipality.files.transfer`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pyramid.config import Configurator
from pyramid.exceptions import ConfigurationError
from pyramid.registry import Registry

from municipality.files.database import DatabaseStore
from municipality.files.filesystem import FilesystemStore
from municipality.files.store import (
    CHUNK_SIZE,
    ChunkReader,
    CorruptFile,
    FileStore,
    MissingFile,
    StoredFile,
    check_sha256,
)
from municipality.settings import CORE_DEFAULTS

__all__ = [
    "CHUNK_SIZE",
    "ChunkReader",
    "CorruptFile",
    "DatabaseStore",
    "FileStore",
    "FilesystemStore",
    "MissingFile",
    "StoredFile",
    "check_sha256",
    "file_store",
]

STORE_KEY = "baladiya.file_store"
BACKEND_SETTING = "baladiya.core.file_store"
UPLOAD_DIR_SETTING = "baladiya.core.upload_dir"
BACKENDS = ("filesystem", "database")


def backend_of(settings: Mapping[str, object]) -> str:
    """The backend the settings choose; empty means filesystem on SQLite, else database."""
    chosen = str(settings.get(BACKEND_SETTING) or "").strip()
    if not chosen:
        url = str(settings.get("sqlalchemy.url", ""))
        return "filesystem" if url.startswith("sqlite") else "database"
    if chosen not in BACKENDS:
        raise ConfigurationError(
            f"{BACKEND_SETTING}: {chosen!r} is not one of {', '.join(BACKENDS)}"
        )
    return chosen


def make_store(backend: str, settings: dict[str, object]) -> FileStore:
    """A store of ``backend``; the filesystem one keeps its files under the upload dir."""
    if backend == "database":
        return DatabaseStore()
    return FilesystemStore(upload_dir(settings))


def upload_dir(settings: Mapping[str, object]) -> Path:
    """The folder of the filesystem store (and of files not yet moved into the database)."""
    return Path(str(settings.get(UPLOAD_DIR_SETTING) or CORE_DEFAULTS[UPLOAD_DIR_SETTING]))


def file_store(registry: Registry) -> FileStore:
    """The store registered for the application."""
    store: FileStore = registry[STORE_KEY]
    return store


def includeme(config: Configurator) -> None:
    settings = config.get_settings()
    config.registry[STORE_KEY] = make_store(backend_of(settings), settings)
