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

import base64
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from shlex import quote
from typing import IO, Any

from alembic.script import ScriptDirectory
from alembic.util import CommandError as AlembicCommandError
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import create_engine, func, inspect, select, table, text
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.pool import NullPool

from municipality.migrate import alembic_config
from municipality.settings import env_name

FORMAT = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
SECRETS = "secrets.json.enc"
FILES_PREFIX = "files/"
CHUNK = 1 << 20
UPLOAD_DIR_SETTING = "baladiya.core.upload_dir"
# Tables an extension owns and fills itself (PostGIS's spatial reference systems): an
# empty install already has them, and they are not the application's data.
EXTENSION_TABLES = frozenset({"spatial_ref_sys"})
# Settings whose value is a secret, by name: the application secret, tokens, passwords
# and keys of any package (``baladiya.core.secret``, ``baladiya.sync.metrics_token``).
SECRET_SETTING = re.compile(r"baladiya\.[a-z_]+\.(?:[a-z_]+_)?(?:secret|token|password|key)")
# A stored file's key: relative, no ".." nor hidden component, so it names no path
# outside the upload folder (the file store's own writes in progress start with ".").
SAFE_KEY = re.compile(r"[\w-][\w.-]*(?:/[\w-][\w.-]*)*", re.ASCII)
MIN_PASSPHRASE = 12
# scrypt's cost: 2**15 x 8 x 128 bytes = 32 MB and about 0.1 s per guess on a server.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
SECRETS_AAD = b"baladiya-backup-secrets-1"

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def _quiet(_line: str) -> None:
    """Progress that goes nowhere (the default of library callers)."""


# --- the database ----------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """A database dump in a file, and what was in the database at that instant."""

    path: Path
    backend: str
    tables: dict[str, int]
    heads: list[str]
    tool_major: int | None = None

    @property
    def member(self) -> str:
        return f"database/{self.backend}.{'db' if self.backend == 'sqlite' else 'dump'}"


def application_tables(connection: Connection) -> list[str]:
    """The tables of the application in the database (an extension's own left out)."""
    return sorted(set(inspect(connection).get_table_names()) - EXTENSION_TABLES)


def table_counts(connection: Connection) -> dict[str, int]:
    """The row count of every application table, read in ``connection``'s transaction."""
    return {
        name: connection.execute(select(func.count()).select_from(table(name))).scalar_one()
        for name in application_tables(connection)
    }


def alembic_heads(connection: Connection) -> list[str]:
    """The migrations the database is at (one per package's branch)."""
    if "alembic_version" not in inspect(connection).get_table_names():
        return []
    rows = connection.execute(text("SELECT version_num FROM alembic_version"))
    return sorted(row[0] for row in rows)


def snapshot_database(engine: Engine, work: Path) -> Snapshot:
    """Dump the database into ``work`` as of one instant, with its row counts of then.

    SQLite: the backup API copies every page in one step under a read lock, so writers
    wait and the copy is one instant's database; the copy is then made standalone
    (journal mode DELETE) and counted. PostgreSQL: ``pg_dump -Fc``, which restores with
    ``pg_restore`` into a newer server too and compresses; it runs on a snapshot this
    function exports from a REPEATABLE READ transaction in which it also counts the rows,
    so the counts in the manifest are exactly those of the dump, however busy the server.
    """
    backend = engine.dialect.name
    if backend == "sqlite":
        return _sqlite_snapshot(engine, work / "sqlite.db")
    if backend == "postgresql":
        return _postgres_snapshot(engine, work / "postgresql.dump")
    raise BackupError(f"cannot back up a {backend} database (SQLite or PostgreSQL only)")


def _sqlite_snapshot(engine: Engine, target: Path) -> Snapshot:
    with engine.connect() as connection:
        copy = sqlite3.connect(target)
        try:
            connection.connection.dbapi_connection.backup(copy)  # type: ignore[union-attr]
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    with _sqlite_file(target) as connection:
        return Snapshot(target, "sqlite", table_counts(connection), alembic_heads(connection))


@contextmanager
def _sqlite_file(path: Path) -> Iterator[Connection]:
    """A plain connection to a SQLite file (no pragmas: the file is only read)."""
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def _postgres_snapshot(engine: Engine, target: Path) -> Snapshot:
    pg_dump = client_tool("pg_dump")
    with engine.connect() as plain:
        server = server_major(plain)
    if pg_dump.major < server:
        raise BackupError(
            f"pg_dump {pg_dump.major} cannot dump a PostgreSQL {server} server: install the "
            f"client tools of version {server} or newer ({pg_dump.path})"
        )
    dsn, env = libpq_target(engine.url)
    with (
        engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection,
        connection.begin(),
    ):
        exported = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        tables, heads = table_counts(connection), alembic_heads(connection)
        pg_dump.run(["--format=custom", f"--snapshot={exported}", f"--file={target}", dsn], env)
    return Snapshot(target, "postgresql", tables, heads, pg_dump.major)


@dataclass(frozen=True)
class ClientTool:
    """A PostgreSQL client program found on the ``PATH``, and its major version."""

    name: str
    path: str
    major: int

    def run(self, arguments: list[str], env: Mapping[str, str]) -> str:
        """Run it; its last error line becomes a :class:`BackupError` if it fails."""
        done = subprocess.run(  # noqa: S603 - a program found by name, arguments of ours
            [self.path, *arguments], env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines() or [f"exit status {done.returncode}"]
            raise BackupError(f"{self.name} failed: {lines[-1]}")
        return done.stdout


def client_tool(name: str) -> ClientTool:
    """``pg_dump`` or ``pg_restore``, or a :class:`BackupError` saying how to get it."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on the PATH: install the PostgreSQL client tools "
            "(e.g. the postgresql-client package) of the server's version or newer"
        )
    answer = subprocess.run(  # noqa: S603 - the program found above
        [path, "--version"], capture_output=True, text=True, check=False
    ).stdout
    found = re.search(r"\)\s+(\d+)", answer)
    if found is None:
        raise BackupError(f"cannot tell the version of {path} from {answer.strip()!r}")
    return ClientTool(name, path, int(found.group(1)))


def server_major(connection: Connection) -> int:
    """The PostgreSQL server's major version (15 for 15.4)."""
    return int(connection.execute(text("SHOW server_version_num")).scalar_one()) // 10000


def libpq_target(url: URL) -> tuple[str, dict[str, str]]:
    """A connection string for the client tools, and their environment.

    The password goes in ``PGPASSWORD``, never on a command line other users can read.
    """
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    dsn = url.set(drivername="postgresql", password=None)
    return dsn.render_as_string(hide_password=False), env


def restore_database(engine: Engine, dump: Path, manifest: Mapping[str, Any]) -> None:
    """Load a verified dump into the empty database ``engine`` reaches, all or nothing.

    SQLite: the backup API, the other way round (one transaction). PostgreSQL:
    ``pg_restore --single-transaction``, keeping the target's owner and privileges
    (``--no-owner --no-privileges``) and leaving out comments on extensions, which only
    their owner (often not the application's role) may set.
    """
    if engine.dialect.name == "sqlite":
        source = sqlite3.connect(dump)
        try:
            with engine.connect() as connection:
                source.backup(connection.connection.dbapi_connection)  # type: ignore[arg-type]
        finally:
            source.close()
        return
    pg_restore = client_tool("pg_restore")
    dumped_with = manifest["database"].get("tool_major") or 0
    if pg_restore.major < dumped_with:
        raise BackupError(
            f"pg_restore {pg_restore.major} cannot read a dump of pg_dump {dumped_with}: "
            f"install the client tools of version {dumped_with} or newer"
        )
    dsn, env = libpq_target(engine.url)
    listing = pg_restore.run(["--list", str(dump)], env)
    wanted = dump.with_suffix(".list")
    wanted.write_text(
        "".join(line for line in listing.splitlines(True) if " COMMENT - EXTENSION " not in line)
    )
    pg_restore.run(
        [
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--use-list={wanted}",
            f"--dbname={dsn}",
            str(dump),
        ],
        env,
    )


# --- the files -------------------------------------------------------------------------


def stored_file_keys(settings: Mapping[str, Any]) -> Iterator[str]:
    """The key of every stored file: its path under the upload folder, in a stable order.

    Hidden files are an image store's writes in progress, never a stored file.
    """
    root = Path(settings[UPLOAD_DIR_SETTING])
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        if path.is_file() and SAFE_KEY.fullmatch(key):
            yield key


def open_stored_file(settings: Mapping[str, Any], key: str) -> Iterator[bytes]:
    """The stored file ``key``, in chunks (never whole in memory)."""
    with (Path(settings[UPLOAD_DIR_SETTING]) / key).open("rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


# --- the secrets -----------------------------------------------------------------------


def secret_settings(settings: Mapping[str, Any]) -> dict[str, str]:
    """The secret settings that have a value, by name (see :data:`SECRET_SETTING`)."""
    return {
        key: str(value)
        for key, value in sorted(settings.items())
        if SECRET_SETTING.fullmatch(key) and value
    }


def _secrets_key(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(
        passphrase.encode()
    )


def seal_secrets(values: Mapping[str, str], passphrase: str) -> bytes:
    """``values`` encrypted and authenticated with a key derived from ``passphrase``.

    scrypt makes each guess of the passphrase cost memory and time; AES-256-GCM (as
    sync's sealing uses) refuses a wrong key and an altered byte alike.
    """
    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupError(f"the passphrase must have at least {MIN_PASSPHRASE} characters")
    salt, nonce = os.urandom(16), os.urandom(12)
    plaintext = json.dumps(dict(values), sort_keys=True).encode()
    sealed = AESGCM(_secrets_key(passphrase, salt)).encrypt(nonce, plaintext, SECRETS_AAD)
    envelope = {
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P},
        "cipher": "AES-256-GCM",
        "salt": base64.b64encode(salt).decode(),
        "nonce": base64.b64encode(nonce).decode(),
        "ciphertext": base64.b64encode(sealed).decode(),
    }
    return json.dumps(envelope, indent=1).encode()


def open_secrets(blob: bytes, passphrase: str) -> dict[str, str]:
    """The secret settings sealed in ``blob``; :class:`BackupError` for a wrong passphrase."""
    try:
        envelope = json.loads(blob)
        kdf = envelope["kdf"]
        key = Scrypt(
            salt=base64.b64decode(envelope["salt"]), length=32, n=kdf["n"], r=kdf["r"], p=kdf["p"]
        ).derive(passphrase.encode())
        plaintext = AESGCM(key).decrypt(
            base64.b64decode(envelope["nonce"]),
            base64.b64decode(envelope["ciphertext"]),
            SECRETS_AAD,
        )
    except InvalidTag as exc:
        raise BackupError("wrong passphrase: the secrets in the archive cannot be opened") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError("the archive's secrets are damaged") from exc
    values: dict[str, str] = json.loads(plaintext)
    return values


# --- writing an archive ------------------------------------------------------------------


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
class _Writer:
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
    progress: Progress = _quiet,
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
            writer = _Writer(tar, created.timestamp())
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
            manifest = _manifest(created, snapshot, files, secrets, writer.members)
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
    writer: _Writer, settings: Mapping[str, Any], work: Path, progress: Progress
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
    files: list[dict[str, Any]],
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
        # Files kept by the upload folder; a store inside the database leaves this empty.
        "files": {"storage": "upload_dir", "items": files},
        "secrets": None if secrets is None else {"member": SECRETS, "settings": sorted(secrets)},
        "members": dict(members),
    }


def _sync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


# --- reading and restoring an archive ------------------------------------------------------


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
def open_archive(path: Path, progress: Progress = _quiet) -> Iterator[Archive]:
    """Open ``path`` and check everything in it against its manifest; write nothing."""
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    try:
        tar = tarfile.open(path, "r:")  # noqa: SIM115 - closed by the with below
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(DAMAGED.format(detail="not a readable tar archive")) from exc
    with tar:
        with _reading("the list of members"):
            members = {info.name: info for info in tar.getmembers()}
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
    progress: Progress = _quiet,
) -> RestoreReport:
    """Restore the archive ``path`` into the empty install ``engine`` and ``settings`` use.

    Refused with nothing written: a damaged, cut or half-written archive, one of another
    database backend or of a newer schema, a database that has tables, an upload folder
    that has files, a wrong passphrase. The secrets are opened (with ``passphrase``) and
    written to ``secrets_out`` only when asked. At the end every table's row count is
    compared with the manifest's.
    """
    uploads = Path(settings[UPLOAD_DIR_SETTING])
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
