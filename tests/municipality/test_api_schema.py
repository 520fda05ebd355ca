"""The API documents against what the app answers: schemathesis generates requests from
each OpenAPI document (the JSON API, the OGC API) and checks every answer against it.

Seeded and bounded, so a run is repeatable and short. Open311 (GeoReport v2) publishes
no OpenAPI document, so it has nothing to check here.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from modules import get_registry
from municipality import accounts
from municipality.roles import api_key_permissions
from tests import factories
from tests.gis import mapdata

CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 8
# The WSGI test client does not undo the app's gzip, so answers are asked for plain.
PLAIN = {"Host": "localhost", "Accept-Encoding": "identity"}


def _exercise(schema: Any, commune: str, headers: dict[str, str]) -> None:
    """Send generated requests to every operation of ``schema``, on ``commune``."""
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
            if case.path_parameters and "commune" in case.path_parameters:
                case.path_parameters["commune"] = commune
            case.call_and_validate(headers=headers, checks=CHECKS)

        check()


@pytest.fixture
def sale_key(db, wsgi_app) -> str:
    """A key of a commune with the API's modules, carrying every permission it can."""
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "notices", "complaints")
        granted = api_key_permissions(get_registry(wsgi_app), ["notices", "complaints"])
        _token, secret = accounts.create_api_token(
            session,
            actor="tests",
            commune=commune,
            name="conformance",
            permissions=[p for owned in granted.values() for p in owned],
        )
    return secret


def test_the_json_api_answers_as_its_document_says(wsgi_app, sale_key):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    _exercise(schema, "sale", {"Authorization": f"Bearer {sale_key}", **PLAIN})


def test_the_ogc_api_answers_as_its_document_says(wsgi_app, db):
    with db() as session:
        mapdata.build(session, "alpha")
    schema = schemathesis.openapi.from_wsgi("/ogc/alpha/api", wsgi_app)
    _exercise(schema, "alpha", PLAIN)
