"""Which stored files rows still need, and the clean-up job that acts on it.

A module declares the columns that hold file keys with a ``Kind.FILE_REFERENCE``
provider (a :class:`FileReference`). :func:`check` compares them with the store:

- an *orphan* is a stored file no declared column names, last put longer ago than the
  grace period (``baladiya.core.orphan_grace_seconds``), so an upload whose row is not
  committed yet is never one. A GIS upload becomes one when its import ends, a refused
  complaint's photos (filesystem backend) at once;
- a *missing* file is named by a row but not stored: this must never happen, and is
  logged as an error;
- an *interrupted* upload is a piece a killed process left (filesystem backend).

The scheduled job ``files.check`` logs the report and, with
``baladiya.core.remove_orphan_files`` on (the default), removes orphans and interrupted
pieces; ``baladiya files check`` prints the same report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pyramid.registry import Registry
from sqlalchemy import ColumnClause, column, select, table
from sqlalchemy.orm import Session

from municipality.database import SESSION_FACTORY_KEY
from municipality.db import utcnow
from municipality.files import file_store
from municipality.files.store import FileStore, MissingFile
from municipality.providers import Kind, providers
from municipality.transactions import unit_of_work

log = logging.getLogger(__name__)

GRACE_SETTING = "baladiya.core.orphan_grace_seconds"
REMOVE_SETTING = "baladiya.core.remove_orphan_files"
CHECK_INTERVAL_SECONDS = 3600

# Moves the files an older release kept under the upload directory into the store and
# points the rows at them; returns the old files to remove once that has committed.
LegacyAdopter = Callable[[Session, FileStore, Path], list[Path]]


@dataclass(frozen=True)
class FileReference:
    """Columns of one table that hold the keys (SHA-256) of stored files."""

    table: str
    columns: tuple[str, ...]
    adopt_legacy: LegacyAdopter | None = None


@dataclass
class FileReport:
    """What :func:`check` found; ``missing`` maps ``table.column`` to absent keys."""

    stored: int = 0
    in_use: int = 0
    referenced: int = 0
    recent: int = 0
    orphans: list[str] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)
    interrupted: list[str] = field(default_factory=list)
    removed: int = 0

    @property
    def healthy(self) -> bool:
        """No row names a file that is not stored."""
        return not self.missing

    def lines(self) -> list[str]:
        """The report for a person, one fact a line."""
        lines = [
            f"stored files: {self.stored}",
            f"in use: {self.in_use}",
            f"keys named by rows: {self.referenced}",
            f"unreferenced, within the grace period: {self.recent}",
            f"orphans (unreferenced, older): {len(self.orphans)}",
            f"interrupted uploads: {len(self.interrupted)}",
        ]
        for where, keys in self.missing.items():
            lines.append(f"missing in {where}: {len(keys)}")
            lines += [f"  {key}" for key in keys]
        if self.removed:
            lines.append(f"removed: {self.removed}")
        return lines


def references(registry: Registry) -> list[FileReference]:
    """Every module's declared file columns."""
    return [offered.provider for offered in providers(registry, Kind.FILE_REFERENCE)]


def referenced_keys(session: Session, declared: Iterable[FileReference]) -> dict[str, set[str]]:
    """The keys each declared ``table.column`` holds (the whole platform, every commune)."""
    found: dict[str, set[str]] = {}
    for reference in declared:
        for name in reference.columns:
            key: ColumnClause[str] = column(name)
            stmt = select(key).select_from(table(reference.table, key)).where(key.is_not(None))
            found[f"{reference.table}.{name}"] = set(session.execute(stmt).scalars())
    return found


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check(
    session: Session,
    store: FileStore,
    declared: Iterable[FileReference],
    *,
    grace: timedelta,
    remove: bool = False,
) -> FileReport:
    """Compare the store with the rows; with ``remove``, delete orphans and leftovers."""
    named = referenced_keys(session, declared)
    needed = set().union(*named.values())
    report = FileReport(referenced=len(needed))
    cutoff = utcnow() - grace
    for key in list(store.keys(session)):
        report.stored += 1
        if key in needed:
            report.in_use += 1
            continue
        try:
            old = _aware(store.touched(session, key)) < cutoff
        except MissingFile:
            continue
        if old:
            report.orphans.append(key)
        else:
            report.recent += 1
    for where, keys in named.items():
        absent = sorted(k for k in keys if not store.exists(session, k))
        if absent:
            report.missing[where] = absent
            log.error("%d file(s) named in %s are not stored: %s", len(absent), where, absent)
    report.interrupted = store.interrupted(cutoff)
    if remove:
        for key in report.orphans:
            store.delete(session, key)
        for name in report.interrupted:
            store.discard_interrupted(name)
        report.removed = len(report.orphans) + len(report.interrupted)
    return report


def grace_of(registry: Registry) -> timedelta:
    return timedelta(seconds=int(registry.settings[GRACE_SETTING]))


def check_files(registry: Registry) -> None:
    """The scheduled job: report, and remove what no row needs when the settings say so."""
    with unit_of_work(registry[SESSION_FACTORY_KEY]) as session:
        report = check(
            session,
            file_store(registry),
            references(registry),
            grace=grace_of(registry),
            remove=bool(registry.settings[REMOVE_SETTING]),
        )
    log.info("file store: %s", "; ".join(report.lines()))
