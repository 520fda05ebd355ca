"""Structured logs: every line carries the request id; JSON in production."""

from __future__ import annotations

import logging
import sys

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


def configure_logging(*, json_logs: bool, level: int = logging.INFO) -> None:
    """Send logs to standard error, as text for people or JSON for collectors."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    formatter: logging.Formatter = (
        JsonFormatter(JSON_FIELDS, rename_fields={"levelname": "level"})
        if json_logs
        else logging.Formatter(TEXT_FORMAT)
    )
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
