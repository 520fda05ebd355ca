"""Structured logs: every line carries the request id; JSON in production.

The access log (one line per request) is written in batches by a thread of its own, as
web servers buffer theirs: a write per request, made from the request's thread, costs
far more than the write itself once several threads share the interpreter (each write
hands the interpreter lock to another thread and must wait to get it back). Other logs
are written at once.
"""

from __future__ import annotations

import atexit
import logging
import sys
import threading
from collections import deque
from typing import TextIO

from pyramid.threadlocal import get_current_request
from pythonjsonlogger.json import JsonFormatter

TEXT_FORMAT = "%(asctime)s %(levelname)s [%(name)s] [%(request_id)s] %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"


class RequestIdFilter(logging.Filter):
    """Adds the current request's id (or ``-``) to each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = get_current_request()
        record.request_id = getattr(request, "request_id", "-") if request else "-"
        return True


ACCESS_LOGGER = "baladiya.access"
ACCESS_FLUSH_SECONDS = 0.25


class BatchedStreamHandler(logging.Handler):
    """Formats in the caller's thread, writes every ``interval`` seconds and at exit."""

    def __init__(self, stream: TextIO, interval: float = ACCESS_FLUSH_SECONDS) -> None:
        super().__init__()
        self._stream = stream
        self._interval = interval
        self._lines: deque[str] = deque()
        self._write_lock = threading.Lock()
        self._stopped = threading.Event()
        threading.Thread(target=self._write_forever, name="access-log", daemon=True).start()
        atexit.register(self.flush)

    def handle(self, record: logging.LogRecord) -> bool:
        """No handler lock: appending to a deque is atomic, and emit only appends."""
        if self.filter(record):
            self.emit(record)
            return True
        return False

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._lines.append(self.format(record))
        except Exception:
            self.handleError(record)

    def flush(self) -> None:
        with self._write_lock:
            lines = []
            while self._lines:
                lines.append(self._lines.popleft())
            if lines:
                self._write("\n".join(lines) + "\n")

    def _write(self, text: str) -> None:
        try:
            self._stream.write(text)
            self._stream.flush()
        except ValueError:
            # The stream was closed under us (the process is ending): nothing to write to.
            self._stopped.set()

    def close(self) -> None:
        """Write what is left and stop the writing thread (the logger got a new handler)."""
        self._stopped.set()
        self.flush()
        super().close()

    def _write_forever(self) -> None:
        while not self._stopped.wait(self._interval):
            self.flush()


def _formatter(json_logs: bool) -> logging.Formatter:
    if json_logs:
        return JsonFormatter(JSON_FIELDS, rename_fields={"levelname": "level"})
    return logging.Formatter(TEXT_FORMAT)


def configure_logging(*, json_logs: bool, level: int = logging.INFO) -> None:
    """Send logs to standard error, as text for people or JSON for collectors."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(_formatter(json_logs))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    access = BatchedStreamHandler(sys.stderr)
    access.addFilter(RequestIdFilter())
    access.setFormatter(_formatter(json_logs))
    access_logger = logging.getLogger(ACCESS_LOGGER)
    for old in access_logger.handlers:
        old.close()
    access_logger.handlers[:] = [access]
    access_logger.propagate = False
