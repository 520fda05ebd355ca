"""The filesystem backend: ``<root>/<aa>/<sha256>``, each file whole or not at all.

An upload is written under ``<root>/.incoming/``, flushed to disk, hashed as it is
written and then renamed to its key, and the directory entry flushed too. A process
killed while writing leaves only a piece in ``.incoming``, which the clean-up job
reports and removes once it is older than the grace period. The session argument of
every method is unused: these files live outside any transaction.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from municipality.files.store import (
    UNKNOWN_TYPE,
    MissingFile,
    StoredFile,
    check_sha256,
    chunks_of,
    verified,
)

INCOMING = ".incoming"


def _fsync_directory(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class FilesystemStore:
    """Files under ``root``, one sub-directory per first two hex digits of the key."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return self.root / check_sha256(sha256)[:2] / sha256

    def put(self, session: Session, source: BinaryIO | bytes, content_type: str) -> StoredFile:
        incoming = self.root / INCOMING
        incoming.mkdir(parents=True, exist_ok=True)
        descriptor, partial = tempfile.mkstemp(dir=incoming, suffix=".part")
        digest, size = hashlib.sha256(), 0
        try:
            with os.fdopen(descriptor, "wb") as handle:
                for chunk in chunks_of(source):
                    digest.update(chunk)
                    size += len(chunk)
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            target = self.path(digest.hexdigest())
            if target.is_file():
                os.utime(target)
                Path(partial).unlink()
            else:
                target.parent.mkdir(exist_ok=True)
                Path(partial).replace(target)
                _fsync_directory(target.parent)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        return StoredFile(digest.hexdigest(), size, content_type)

    def _chunks(self, sha256: str) -> Iterator[bytes]:
        try:
            handle = self.path(sha256).open("rb")
        except FileNotFoundError:
            raise MissingFile(sha256) from None
        with handle:
            yield from chunks_of(handle)

    def open(self, session: Session, sha256: str) -> Iterator[bytes]:
        if not self.exists(session, sha256):
            raise MissingFile(sha256)
        return verified(sha256, self._chunks(sha256))

    def read(self, session: Session, sha256: str) -> bytes:
        return b"".join(self.open(session, sha256))

    def exists(self, session: Session, sha256: str) -> bool:
        try:
            return self.path(sha256).is_file()
        except MissingFile:
            return False

    def delete(self, session: Session, sha256: str) -> None:
        self.path(sha256).unlink(missing_ok=True)

    def keys(self, session: Session) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for folder in sorted(self.root.iterdir()):
            if len(folder.name) != 2 or not folder.is_dir():
                continue
            for entry in sorted(folder.iterdir()):
                if entry.name[:2] == folder.name and _is_key(entry.name):
                    yield entry.name

    def stat(self, session: Session, sha256: str) -> StoredFile:
        try:
            return StoredFile(sha256, self.path(sha256).stat().st_size, UNKNOWN_TYPE)
        except FileNotFoundError:
            raise MissingFile(sha256) from None

    def touched(self, session: Session, sha256: str) -> datetime:
        try:
            return datetime.fromtimestamp(self.path(sha256).stat().st_mtime, UTC)
        except FileNotFoundError:
            raise MissingFile(sha256) from None

    def interrupted(self, older_than: datetime) -> list[str]:
        incoming = self.root / INCOMING
        if not incoming.is_dir():
            return []
        cutoff = older_than.timestamp()
        return sorted(p.name for p in incoming.iterdir() if p.stat().st_mtime < cutoff)

    def discard_interrupted(self, name: str) -> None:
        (self.root / INCOMING / Path(name).name).unlink(missing_ok=True)


def _is_key(name: str) -> bool:
    try:
        check_sha256(name)
    except MissingFile:
        return False
    return True
