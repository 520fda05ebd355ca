"""Parsing an uploaded workbook in a child process with a memory ceiling.

The safety checks bound what a file may expand to, but a spreadsheet library parsing
hostile bytes can still ask for more memory than the server has: python-calamine, for
one, does not raise a Python ``MemoryError`` then, it aborts the whole process. So the
checks and the parse run in a small pool of worker processes whose address space is
capped with ``RLIMIT_AS``. A worker that dies takes only the file it was reading with
it: the pool is rebuilt and that file is refused. Workers are reused, so a file costs a
round trip between processes (well under a millisecond), not a process start.

The worker returns plain data (sheet rows, what the checks learnt, or the reason for a
refusal as a message id and its mapping), never a live object.
"""

from __future__ import annotations

import io
import multiprocessing
import resource
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from pyramid.i18n import TranslationString
from python_calamine import CalamineError, CalamineWorkbook

from consolidation import safety
from municipality.i18n import _

# The address space a worker may use. Measured: a worker peaks at about 170 MB reading
# the largest workbook the checks let through (50,000 rows x 20 columns, 51 MB of XML).
MEMORY_LIMIT = 1024 * 1_048_576
WORKERS = 2

Rows = list[list[Any]]


@dataclass
class Parsed:
    """A workbook that passed the checks: what they learnt, and every sheet's rows."""

    package: safety.Package = field(default_factory=safety.Package)
    sheets: dict[str, Rows] = field(default_factory=dict)
    refusal: TranslationString | None = None


def parse_here(data: bytes) -> tuple[safety.Package | None, dict[str, Rows], tuple[str, dict]]:
    """Check and read a workbook in this process; what a worker runs.

    Returns ``(package, sheets, ("", {}))``, or ``(None, {}, (msgid, mapping))`` when the
    file is refused.
    """
    try:
        package = safety.inspect_workbook(data)
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = {
            name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in package.sheets
        }
    except safety.Refused as refused:
        reason = refused.reason
        return None, {}, (str(reason), dict(reason.mapping or {}))
    except (CalamineError, ValueError, OSError, KeyError):
        return None, {}, ("The workbook is damaged and cannot be read.", {})
    return package, sheets, ("", {})


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


class _Pool:
    """The worker processes, started on first use and rebuilt after a worker dies."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None

    def executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=WORKERS,
                    mp_context=multiprocessing.get_context("forkserver"),
                    initializer=_limit_memory,
                )
            return self._executor

    def discard(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is broken:
                self._executor = None
        broken.shutdown(wait=False, cancel_futures=True)


_POOL = _Pool()


def parse(data: bytes) -> Parsed:
    """Check and read a workbook in a worker under :data:`MEMORY_LIMIT`."""
    executor = _POOL.executor()
    try:
        package, sheets, (msgid, mapping) = executor.submit(parse_here, data).result()
    except (BrokenProcessPool, MemoryError):
        _POOL.discard(executor)
        return Parsed(refusal=_("The workbook needs more memory to read than is allowed."))
    if package is None:
        return Parsed(refusal=_(msgid, mapping=mapping or None))
    return Parsed(package, sheets)
