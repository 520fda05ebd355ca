"""Access lines are written in order, in batches, and none is lost at the end."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import time

from municipality.logs import BatchedStreamHandler


def _logger(stream: io.StringIO, interval: float) -> logging.Logger:
    logger = logging.getLogger(f"tests.access.{id(stream)}")
    logger.propagate = False
    handler = BatchedStreamHandler(stream, interval=interval)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO)
    return logger


def test_lines_arrive_in_order_within_the_interval():
    stream = io.StringIO()
    logger = _logger(stream, interval=0.05)
    for number in range(100):
        logger.info("GET /c/sale/ %d", number)
    deadline = time.monotonic() + 5
    while stream.getvalue().count("\n") < 100 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert stream.getvalue().splitlines() == [f"GET /c/sale/ {n}" for n in range(100)]


CHILD = """
import logging, sys
from municipality.logs import configure_logging
configure_logging(json_logs=False)
logging.getLogger("baladiya.access").info("GET /healthz 200")
configure_logging(json_logs=False)
logging.getLogger("baladiya.access").info("GET /login 200")
"""


def test_the_last_lines_are_written_when_the_process_ends_and_nothing_breaks():
    done = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, check=True, timeout=60
    )
    assert "GET /healthz 200" in done.stderr
    assert "GET /login 200" in done.stderr
    assert "Traceback" not in done.stderr
