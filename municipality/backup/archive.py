"""The archive: a tar whose members are listed, with their hashes, in a manifest.

The manifest and its checksum are the last members written, so an archive cut short has
none; reading checks the manifest's checksum, then every member against the manifest,
before anyone writes a byte from it.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from municipality.backup.errors import BackupError, Progress, quiet

FORMAT = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
CHUNK = 1 << 20
# A stored file's key: relative, no ".." nor hidden component, so it names no path
# outside the upload folder (the file store's own writes in progress start with ".").
SAFE_KEY = re.compile(r"[\w-][\w.-]*(?:/[\w-][\w.-]*)*", re.ASCII)


class _Hashing:
    """A readable file that hashes what is read through it (tar copies from ``read``)."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source, self.digest, self.size = source, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


@dataclass
class Writer:
    """Adds members to a tar archive and remembers each one's SHA-256 and size."""

    tar: tarfile.TarFile
    created: float
    members: dict[str, dict[str, Any]] = field(default_factory=dict)

    def _info(self, name: str, size: int) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, int(self.created), 0o600
        return info

    def add_path(self, name: str, path: Path) -> dict[str, Any]:
        with path.open("rb") as handle:
            reader = _Hashing(handle)
            self.tar.addfile(self._info(name, path.stat().st_size), reader)
        self.members[name] = {"sha256": reader.digest.hexdigest(), "size": reader.size}
        return self.members[name]

    def add_bytes(self, name: str, data: bytes) -> None:
        self.tar.addfile(self._info(name, len(data)), io.BytesIO(data))
        self.members[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

    def add_chunks(self, name: str, chunks: Iterator[bytes], work: Path) -> dict[str, Any]:
        """A member of unknown size: spooled through a file, since a tar header comes first."""
        spool = work / "spool"
        with spool.open("wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        try:
            return self.add_path(name, spool)
        finally:
            spool.unlink()


CUT_SHORT = "it ends too early: it was cut short or not fully written"
DAMAGED = "the archive is damaged or incomplete ({detail}); nothing was restored"


@dataclass
class Archive:
    """An archive opened for restoring, its manifest and members checked."""

    tar: tarfile.TarFile
    manifest: dict[str, Any]
    members: dict[str, tarfile.TarInfo]

    def copy_member(self, name: str, target: Path) -> None:
        """Write member ``name`` to ``target``, checking its hash again on the way."""
        expected = self.manifest["members"][name]["sha256"]
        with _reading(name), self._open(name) as source, target.open("wb") as sink:
            reader = _Hashing(source)
            while chunk := reader.read(CHUNK):
                sink.write(chunk)
        if reader.digest.hexdigest() != expected:
            raise BackupError(DAMAGED.format(detail=f"{name} changed while it was read"))

    def read_member(self, name: str) -> bytes:
        with _reading(name), self._open(name) as source:
            return source.read()

    def _open(self, name: str) -> IO[bytes]:
        handle = self.tar.extractfile(self.members[name])
        if handle is None:
            raise BackupError(DAMAGED.format(detail=f"{name} is not a file"))
        return handle


@contextmanager
def _reading(name: str) -> Iterator[None]:
    """Turns the errors of reading a cut or garbled tar into one clear refusal."""
    try:
        yield
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(DAMAGED.format(detail=f"{name} cannot be read")) from exc


@contextmanager
def open_archive(path: Path, progress: Progress = quiet) -> Iterator[Archive]:
    """Open ``path`` and check everything in it against its manifest; write nothing."""
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    try:
        tar = tarfile.open(path, "r:")  # noqa: SIM115 - closed by the with below
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(DAMAGED.format(detail="not a readable tar archive")) from exc
    with tar:
        try:
            members = {info.name: info for info in tar.getmembers()}
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise BackupError(DAMAGED.format(detail=CUT_SHORT)) from exc
        archive = Archive(tar, {}, members)
        archive.manifest = _checked_manifest(archive)
        _check_members(archive, progress)
        yield archive


def _checked_manifest(archive: Archive) -> dict[str, Any]:
    if MANIFEST not in archive.members or MANIFEST_SUM not in archive.members:
        raise BackupError(
            DAMAGED.format(detail="it has no manifest: it was cut short or not fully written")
        )
    encoded = archive.read_member(MANIFEST)
    expected = archive.read_member(MANIFEST_SUM).decode("ascii", "replace").strip()
    if hashlib.sha256(encoded).hexdigest() != expected:
        raise BackupError(DAMAGED.format(detail="the manifest does not match its checksum"))
    manifest: dict[str, Any] = json.loads(encoded)
    if manifest.get("application") != "baladiya" or manifest.get("format") != FORMAT:
        raise BackupError(
            f"not a Baladiya backup of format {FORMAT} (format {manifest.get('format')!r})"
        )
    return manifest


def _check_members(archive: Archive, progress: Progress) -> None:
    listed = set(archive.manifest["members"])
    present = set(archive.members) - {MANIFEST, MANIFEST_SUM}
    if missing := sorted(listed - present):
        raise BackupError(DAMAGED.format(detail=f"{missing[0]} is missing"))
    if extra := sorted(present - listed):
        raise BackupError(DAMAGED.format(detail=f"{extra[0]} is not in its manifest"))
    for name in sorted(listed):
        digest = hashlib.sha256()
        with _reading(name), archive._open(name) as source:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != archive.manifest["members"][name]["sha256"]:
            raise BackupError(DAMAGED.format(detail=f"{name} does not match its checksum"))
    for item in archive.manifest["files"]["items"]:
        if not SAFE_KEY.fullmatch(item["key"]):
            raise BackupError(DAMAGED.format(detail=f"file key {item['key']!r} is not safe"))
    progress(f"archive: {len(listed)} members match the manifest")
