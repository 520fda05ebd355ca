"""Workbooks are parsed in worker processes; a worker that dies costs only its file."""

from __future__ import annotations

import os
import signal

from consolidation import parsing
from tests.consolidation import files


def test_a_workbook_is_read_in_a_worker() -> None:
    parsed = parsing.parse(files.plain_workbook(sheets=2))
    assert parsed.refusal is None
    assert list(parsed.sheets) == ["Sheet", "S1"]


def test_a_refusal_comes_back_as_a_translatable_message() -> None:
    parsed = parsing.parse(files.far_apart_cells())
    assert parsed.refusal is not None
    assert parsed.refusal.interpolate() == "A sheet of the workbook spans more than 2000000 cells."


def test_a_worker_that_dies_refuses_its_file_and_the_pool_recovers() -> None:
    parsing.parse(files.plain_workbook())
    executor = parsing._POOL.executor()
    for pid in list(executor._processes):  # what an out-of-memory abort does to a worker
        os.kill(pid, signal.SIGKILL)
    parsed = parsing.parse(files.plain_workbook())
    assert parsed.refusal is not None
    assert parsed.refusal.interpolate() == (
        "The workbook needs more memory to read than is allowed."
    )
    assert parsing.parse(files.plain_workbook()).refusal is None
