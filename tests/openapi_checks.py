"""Schemathesis runs of an OpenAPI document against the app, seeded and bounded.

Every answer is checked: no server error, and status code, content type and body as the
document says.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 8
# The WSGI test client does not undo the app's gzip, so answers are asked for plain.
PLAIN = {"Host": "localhost", "Accept-Encoding": "identity"}


def exercise(schema: Any, headers: dict[str, str], prepare: Callable[[Any], None]) -> None:
    """Send generated requests to every operation of ``schema``, each changed by ``prepare``."""
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            prepare(case)
            case.call_and_validate(headers=headers, checks=CHECKS)

        check()
