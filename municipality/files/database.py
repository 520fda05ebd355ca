"""The database backend: ``stored_files`` rows, their bytes in ``stored_file_chunks``.

Everything is written on the caller's session, so a file commits or rolls back with the
row that refers to it: a process killed mid-upload leaves nothing. Chunks are written as
they are read, under a temporary key (the hash is known only at the end), then moved to
the file's key in one statement. Reads go chunk by chunk through a streaming cursor
(a server-side cursor on PostgreSQL), never loading a file whole.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any, BinaryIO

from sqlalchemy import delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from municipality.db import utcnow
from municipality.files.store import MissingFile, StoredFile, check_sha256, chunks_of, verified
from municipality.models import FileChunk, FileRecord

# Chunks a streaming read fetches from the server at a time (a few MiB in memory).
_FETCH = 4


def _insert_record(session: Session) -> Any:
    """An INSERT into ``stored_files`` that does nothing when the key is already there."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    records = FileRecord.__table__
    return (
        dialect.insert(records)
        .on_conflict_do_nothing(index_elements=[records.c.sha256])
        .returning(records.c.sha256)
    )


class DatabaseStore:
    """Files as rows of the application's own database."""

    def put(self, session: Session, source: BinaryIO | bytes, content_type: str) -> StoredFile:
        partial = "~" + uuid.uuid4().hex
        digest, size = hashlib.sha256(), 0
        for seq, chunk in enumerate(chunks_of(source)):
            digest.update(chunk)
            size += len(chunk)
            session.execute(insert(FileChunk).values(sha256=partial, seq=seq, data=chunk))
        sha256, now = digest.hexdigest(), utcnow()
        added = session.execute(
            _insert_record(session).values(
                sha256=sha256, size=size, content_type=content_type, created_at=now, touched_at=now
            )
        )
        if added.first() is not None:
            session.execute(
                update(FileChunk).where(FileChunk.sha256 == partial).values(sha256=sha256)
            )
        else:
            session.execute(delete(FileChunk).where(FileChunk.sha256 == partial))
            session.execute(
                update(FileRecord).where(FileRecord.sha256 == sha256).values(touched_at=now)
            )
        return StoredFile(sha256, size, content_type)

    def _chunks(self, session: Session, sha256: str) -> Iterator[bytes]:
        stmt = (
            select(FileChunk.data)
            .where(FileChunk.sha256 == sha256)
            .order_by(FileChunk.seq)
            .execution_options(yield_per=_FETCH)
        )
        for (data,) in session.execute(stmt):
            yield data

    def open(self, session: Session, sha256: str) -> Iterator[bytes]:
        if not self.exists(session, sha256):
            raise MissingFile(sha256)
        return verified(sha256, self._chunks(session, sha256))

    def read(self, session: Session, sha256: str) -> bytes:
        return b"".join(self.open(session, sha256))

    def exists(self, session: Session, sha256: str) -> bool:
        try:
            self.stat(session, sha256)
        except MissingFile:
            return False
        return True

    def delete(self, session: Session, sha256: str) -> None:
        session.execute(delete(FileChunk).where(FileChunk.sha256 == sha256))
        session.execute(delete(FileRecord).where(FileRecord.sha256 == sha256))

    def keys(self, session: Session) -> Iterator[str]:
        stmt = select(FileRecord.sha256).order_by(FileRecord.sha256)
        yield from session.execute(stmt).scalars().all()

    def _record(self, session: Session, sha256: str) -> FileRecord:
        stmt = select(FileRecord).where(FileRecord.sha256 == check_sha256(sha256))
        record = session.execute(stmt).scalar_one_or_none()
        if record is None:
            raise MissingFile(sha256)
        return record

    def stat(self, session: Session, sha256: str) -> StoredFile:
        record = self._record(session, sha256)
        return StoredFile(record.sha256, record.size, record.content_type)

    def touched(self, session: Session, sha256: str) -> datetime:
        return self._record(session, sha256).touched_at

    def interrupted(self, older_than: datetime) -> list[str]:
        """None: an interrupted upload's transaction rolled back with it."""
        return []

    def discard_interrupted(self, name: str) -> None:
        """Nothing to discard (see :meth:`interrupted`)."""
