"""A wall clock the tests move forward, for code that reads ``utcnow`` to decide."""

from __future__ import annotations

from datetime import datetime, timedelta

from municipality.db import utcnow


class Clock:
    """The time the code under test reads (patched over its ``utcnow``), moved by the test."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def sleep(self, seconds: float) -> None:
        """A ``sleep`` that waits no real time: the clock jumps instead."""
        self.advance(seconds=seconds)
