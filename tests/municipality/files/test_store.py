"""Both file store backends keep the same promises: content-addressed, streamed, checked."""

from __future__ import annotations

import hashlib
import io

import pytest
from sqlalchemy import update

from municipality.files import (
    CHUNK_SIZE,
    ChunkReader,
    CorruptFile,
    DatabaseStore,
    FilesystemStore,
    MissingFile,
)
from municipality.models import FileChunk


@pytest.fixture(params=["filesystem", "database"])
def store(request, tmp_path):
    return FilesystemStore(tmp_path / "files") if request.param == "filesystem" else DatabaseStore()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_put_open_read_exists_delete_and_keys(db, store):
    with db() as session:
        stored = store.put(session, b"a photo", "image/jpeg")
        assert stored.sha256 == _sha(b"a photo")
        assert stored.size == 7
        assert store.exists(session, stored.sha256)
        assert store.read(session, stored.sha256) == b"a photo"
        assert b"".join(store.open(session, stored.sha256)) == b"a photo"
        assert list(store.keys(session)) == [stored.sha256]
        store.delete(session, stored.sha256)
        assert not store.exists(session, stored.sha256)
        assert list(store.keys(session)) == []
        with pytest.raises(MissingFile):
            store.read(session, stored.sha256)
        store.delete(session, stored.sha256)


def test_the_same_bytes_are_kept_once(db, store):
    with db() as session:
        first = store.put(session, b"same", "text/plain")
        second = store.put(session, io.BytesIO(b"same"), "text/plain")
        assert first == second
        assert list(store.keys(session)) == [first.sha256]


@pytest.mark.parametrize("key", ["../x", "0" * 63, "0" * 64 + "/..", "A" * 64, ""])
def test_a_key_that_is_no_hash_names_nothing(db, store, key):
    with db() as session:
        assert not store.exists(session, key)
        with pytest.raises(MissingFile):
            store.read(session, key)


class CountingStream(io.RawIOBase):
    """``size`` bytes made on demand, remembering the largest read asked for."""

    def __init__(self, size: int) -> None:
        self.left, self.largest, self.digest = size, 0, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        assert size > 0, "the store must never ask for the whole stream"
        self.largest = max(self.largest, size)
        chunk = bytes([self.left % 251]) * min(size, self.left)
        self.left -= len(chunk)
        self.digest.update(chunk)
        return chunk


def test_a_file_bigger_than_a_chunk_is_streamed_both_ways(db, store):
    source = CountingStream(2 * CHUNK_SIZE + 123)
    with db() as session:
        stored = store.put(session, source, "application/zip")  # type: ignore[arg-type]
        assert source.largest <= CHUNK_SIZE
        assert stored.sha256 == source.digest.hexdigest()
        assert stored.size == 2 * CHUNK_SIZE + 123
        pieces = [len(chunk) for chunk in store.open(session, stored.sha256)]
    assert max(pieces) <= CHUNK_SIZE
    assert sum(pieces) == stored.size


def _tamper(session, store, sha256: str) -> None:
    if isinstance(store, FilesystemStore):
        path = store.path(sha256)
        path.write_bytes(b"X" + path.read_bytes()[1:])
    else:
        session.execute(
            update(FileChunk)
            .where(FileChunk.sha256 == sha256, FileChunk.seq == 1)
            .values(data=b"X")
        )


def test_a_changed_file_is_refused_and_logged(db, store, caplog):
    data = bytes(range(256)) * (CHUNK_SIZE // 128)  # two chunks
    with db() as session:
        key = store.put(session, data, "application/octet-stream").sha256
        _tamper(session, store, key)
        with pytest.raises(CorruptFile):
            store.read(session, key)
        with pytest.raises(CorruptFile):
            b"".join(ChunkReader(store.open(session, key)).readall() for _ in range(1))
    assert f"stored file {key} does not match its hash" in caplog.text


def test_the_database_store_follows_the_callers_transaction(db, engine):
    from tests.complaints.views.test_photos import _unit

    store = DatabaseStore()
    tm, session = _unit(engine)
    key = store.put(session, b"rolled back", "text/plain").sha256
    tm.abort()
    with db() as session:
        assert not store.exists(session, key)
        assert list(store.keys(session)) == []


def test_an_interrupted_filesystem_upload_leaves_only_a_piece_in_incoming(db, tmp_path):
    store = FilesystemStore(tmp_path)

    class Broken(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            raise OSError("connection reset")

    with db() as session, pytest.raises(OSError, match="connection reset"):
        store.put(session, Broken(), "text/plain")  # type: ignore[arg-type]
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
