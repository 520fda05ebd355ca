"""What every part of a backup or restore reports with."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def quiet(_line: str) -> None:
    """Progress that goes nowhere (the default of library callers)."""
