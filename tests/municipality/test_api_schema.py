"""The API documents against what the app answers: schemathesis generates requests from
each OpenAPI document (the JSON API, the OGC API) and checks every answer against it.

Seeded and bounded, so a run is repeatable and short. Open311 has its own:
``tests/complaints/open311/test_openapi.py``.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis

from modules import get_registry
from municipality import accounts
from municipality.roles import api_key_permissions
from tests import factories
from tests.gis import mapdata
from tests.openapi_checks import PLAIN, exercise


def _exercise(schema: Any, commune: str, headers: dict[str, str]) -> None:
    """Send generated requests to every operation of ``schema``, on ``commune``."""

    def on_commune(case: Any) -> None:
        if case.path_parameters and "commune" in case.path_parameters:
            case.path_parameters["commune"] = commune

    exercise(schema, headers, on_commune)


@pytest.fixture
def sale_key(db, wsgi_app) -> str:
    """A key of a commune with the API's modules, carrying every permission it can."""
    with db() as session:
        commune = factories.commune(session, slug="sale")
        modules = ["notices", "complaints", "permits", "civil_status"]
        factories.enable(session, commune, *modules)
        factories.signed_act(session, register_=factories.register(session, commune_=commune))
        granted = api_key_permissions(get_registry(wsgi_app), modules)
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
