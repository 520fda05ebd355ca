"""Moving an installation's files from one backend to the other, and in from the old
upload directory (``baladiya files migrate``).

Each file is copied through the target's :meth:`~municipality.files.FileStore.put`
(checked against its hash on the way), committed, and only then removed from the
source, one file per transaction: a run that stops anywhere is resumed by running it
again, and a file is never in neither place.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, cast

from sqlalchemy.orm import Session, sessionmaker

from municipality.files.references import FileReference
from municipality.files.store import ChunkReader, FileStore, MissingFile
from municipality.transactions import unit_of_work

Progress = Callable[[str], None]


def adopt_legacy(
    factory: sessionmaker[Session],
    target: FileStore,
    declared: list[FileReference],
    upload_dir: Path,
    progress: Progress,
) -> int:
    """Let each module move the files it kept under ``upload_dir`` into ``target``."""
    moved = 0
    for reference in declared:
        if reference.adopt_legacy is None:
            continue
        with unit_of_work(factory) as session:
            old = reference.adopt_legacy(session, target, upload_dir)
        for path in old:
            path.unlink(missing_ok=True)
        moved += len(old)
        progress(f"{reference.table}: {len(old)} old file(s) moved into the store")
    return moved


def move_all(
    factory: sessionmaker[Session], source: FileStore, target: FileStore, progress: Progress
) -> int:
    """Move every file of ``source`` to ``target``; returns how many were moved."""
    with unit_of_work(factory) as session:
        keys = list(source.keys(session))
    for number, key in enumerate(keys, start=1):
        move_one(factory, source, target, key)
        progress(f"[{number}/{len(keys)}] {key}")
    return len(keys)


def move_one(
    factory: sessionmaker[Session], source: FileStore, target: FileStore, key: str
) -> None:
    """Copy one file (unless the target has it), commit, then remove it from the source."""
    with unit_of_work(factory) as session:
        try:
            if not target.exists(session, key):
                content_type = source.stat(session, key).content_type
                stream = cast(BinaryIO, ChunkReader(source.open(session, key)))
                stored = target.put(session, stream, content_type)
                assert stored.sha256 == key, "the hash was checked while reading"
        except MissingFile:
            return
    with unit_of_work(factory) as session:
        source.delete(session, key)
