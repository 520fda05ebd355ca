"""Running an uploaded import after the request that received it.

The upload page stores the file and an :class:`~gis.models.ImportRun`, then hands the
run to :func:`start` once its transaction has committed. By default the import runs in
a background thread, so a large file does not hold the request; the page polls a small
status answer for the progress (kept in memory by this process while the run works,
and in the run's row from start to finish). With ``baladiya.gis.import_in_background``
off (tests, one-shot tools) it runs right away, in the same thread.

The upload lives in the core's file store (:mod:`municipality.files`), so whichever
process runs the import reads it there, checked against its hash, into a temporary file
of its own. The import itself is one transaction: refused or failed, nothing of it is
stored, and the run's row records the report. Once a run ends its row no longer names
the upload, and the core's clean-up job removes the file.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pyramid.registry import Registry
from sqlalchemy import select
from sqlalchemy.orm import Session

from gis.imports import ImportOptions, ImportRefused, finish_run, import_file, max_import_bytes
from gis.models import ImportRun
from municipality.files import ChunkReader, FileStore, file_store
from municipality.files.references import FileReference
from municipality.jobs import commune_session
from municipality.models import Commune

log = logging.getLogger(__name__)
_LIVE: dict[str, int] = {}
_LIVE_LOCK = threading.Lock()


def live_progress(public_id: str) -> int | None:
    """How far a run of this process has got, while it works."""
    with _LIVE_LOCK:
        return _LIVE.get(public_id)


def _note(public_id: str, value: int | None) -> None:
    with _LIVE_LOCK:
        if value is None:
            _LIVE.pop(public_id, None)
        else:
            _LIVE[public_id] = value


@contextmanager
def local_copy(session: Session, store: FileStore, sha256: str, filename: str) -> Iterator[Path]:
    """The stored upload as a temporary file named like the original (its suffix tells
    the reader the format), removed after the block."""
    with tempfile.TemporaryDirectory(prefix="gis-import-") as folder:
        path = Path(folder) / ("upload" + Path(filename).suffix.lower()[:8])
        with path.open("wb") as sink:
            shutil.copyfileobj(ChunkReader(store.open(session, sha256)), sink)
        yield path


def adopt_legacy(session: Session, store: FileStore, upload_dir: Path) -> list[Path]:
    """Move the uploads of runs that were waiting when the store arrived (kept as
    ``upload_dir/gis/<file_key>``) into the store; returns the old files to remove."""
    moved = []
    stmt = select(ImportRun).where(ImportRun.file_key.is_not(None))
    for run in session.execute(stmt).scalars():
        path = upload_dir / "gis" / Path(run.file_key or "").name
        if path.is_file():
            with path.open("rb") as source:
                run.file_sha256 = store.put(session, source, "application/octet-stream").sha256
            moved.append(path)
        run.file_key = None
    return moved


FILES = FileReference("gis_import_runs", ("file_sha256",), adopt_legacy=adopt_legacy)


def start(registry: Registry, commune_id: int, run_id: int) -> None:
    """Run the import now or in a background thread, as the settings say."""
    if registry.settings.get("baladiya.gis.import_in_background", True) in (True, "true"):
        thread = threading.Thread(
            target=execute, args=(registry, commune_id, run_id), name=f"gis-import-{run_id}"
        )
        thread.daemon = True
        thread.start()
    else:
        execute(registry, commune_id, run_id)


def _load(session: Session, run_id: int) -> ImportRun:
    return session.execute(select(ImportRun).where(ImportRun.id == run_id)).scalar_one()


def _set_state(registry: Registry, commune_id: int, run_id: int, **values: Any) -> None:
    with commune_session(registry, commune_id) as session:
        run = _load(session, run_id)
        for key, value in values.items():
            setattr(run, key, value)


def execute(registry: Registry, commune_id: int, run_id: int) -> None:
    """Import the run's file in one transaction and record the outcome on the run.

    The outcome is the last thing written: once a run is ``done``, ``refused`` or
    ``failed``, nothing touches the database for it any more. The uploaded file is
    not kept (the stored layer and the report are the record).
    """
    _set_state(registry, commune_id, run_id, state="running", progress=5)
    public_id = ""
    refused: ImportRefused | None = None
    try:
        with commune_session(registry, commune_id) as session:
            run = _load(session, run_id)
            public_id = str(run.public_id)
            commune = session.get(Commune, commune_id)
            assert commune is not None
            store = file_store(registry)
            try:
                with local_copy(session, store, run.file_sha256 or "", run.filename) as path:
                    report = import_file(
                        session,
                        commune=commune,
                        actor=run.actor,
                        path=path,
                        filename=run.filename,
                        options=ImportOptions.from_json(run.options),
                        max_bytes=max_import_bytes(registry.settings),
                        run=run,
                        progress=lambda value: _note(public_id, value),
                    )
            except ImportRefused as refusal:
                refused = refusal
                raise
            finish_run(run, report, "done")
    except ImportRefused:
        _record(registry, commune_id, run_id, "refused", refused)
    except Exception:
        log.exception("GIS import %s failed", run_id)
        _record(registry, commune_id, run_id, "failed", None)
    finally:
        _note(public_id, None)


def _record(
    registry: Registry, commune_id: int, run_id: int, state: str, refusal: ImportRefused | None
) -> None:
    with commune_session(registry, commune_id) as session:
        finish_run(_load(session, run_id), refusal.report if refusal is not None else None, state)
