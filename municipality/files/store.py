"""The file store's contract and what both backends share (see :mod:`municipality.files`)."""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO, Protocol

from sqlalchemy.orm import Session

from municipality.errors import DomainError
from municipality.i18n import _

log = logging.getLogger(__name__)

CHUNK_SIZE = 1 << 20
UNKNOWN_TYPE = "application/octet-stream"
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class StoredFile:
    """What the store knows of a file: its key (the hash of its bytes), size and type."""

    sha256: str
    size: int
    content_type: str


class MissingFile(KeyError):
    """No file is stored under this key."""


class CorruptFile(DomainError):
    """The stored bytes no longer hash to their key: the file was changed or damaged."""

    status = 500
    title = "Stored file damaged"


class FileStore(Protocol):
    """Where uploaded files are kept, by the SHA-256 of their bytes."""

    def put(self, session: Session, source: BinaryIO | bytes, content_type: str) -> StoredFile:
        """Store the bytes of ``source`` (read in chunks, never whole) and return their key.

        Idempotent: the same bytes give the same key and one copy.
        """
        ...

    def open(self, session: Session, sha256: str) -> Iterator[bytes]:
        """The file's bytes in chunks; :class:`CorruptFile` at the end if they do not
        hash to ``sha256``, :class:`MissingFile` when nothing is stored under it."""
        ...

    def read(self, session: Session, sha256: str) -> bytes:
        """A small file's bytes, checked before they are returned (see :meth:`open`)."""
        ...

    def exists(self, session: Session, sha256: str) -> bool: ...

    def delete(self, session: Session, sha256: str) -> None:
        """Forget the file; forgetting one that is not stored is not an error."""
        ...

    def keys(self, session: Session) -> Iterator[str]:
        """The key of every stored file."""
        ...

    def stat(self, session: Session, sha256: str) -> StoredFile:
        """Size and type of a stored file (the filesystem keeps no type); MissingFile."""
        ...

    def touched(self, session: Session, sha256: str) -> datetime:
        """When these bytes were last put: the clean-up job's grace period starts there."""
        ...

    def interrupted(self, older_than: datetime) -> list[str]:
        """Pieces of uploads a killed process left behind, last written before then."""
        ...

    def discard_interrupted(self, name: str) -> None: ...


def check_sha256(key: str) -> str:
    """``key`` if it is a lower-case hex SHA-256, so it can name no path outside a store."""
    if not _SHA256.fullmatch(key):
        raise MissingFile(key)
    return key


def chunks_of(source: BinaryIO | bytes) -> Iterator[bytes]:
    """``source`` in pieces of at most :data:`CHUNK_SIZE` bytes."""
    if isinstance(source, bytes | bytearray | memoryview):
        view = memoryview(source)
        for start in range(0, len(view), CHUNK_SIZE):
            yield bytes(view[start : start + CHUNK_SIZE])
        return
    while chunk := source.read(CHUNK_SIZE):
        yield chunk


def verified(sha256: str, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Pass ``chunks`` on, hashing them; raise :class:`CorruptFile` when they end wrong."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
        yield chunk
    if digest.hexdigest() != sha256:
        log.error("stored file %s does not match its hash (found %s)", sha256, digest.hexdigest())
        raise CorruptFile(_("A stored file was changed or damaged and is refused."))


class ChunkReader(io.RawIOBase):
    """A read-only stream over an iterator of chunks, so one store's :meth:`FileStore.open`
    feeds another's :meth:`FileStore.put` without holding the file whole."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            self._pending = next(self._chunks, b"")
            if not self._pending:
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size
