"""Open311 against its own OpenAPI document (``/open311/v2/openapi.json``): schemathesis
generates requests to every operation, in JSON and XML, and checks every answer.

Two clients of a commune that has complaints and a category: one anonymous (its
``api_key`` is whatever was generated), and one with a key that may file and view.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import schemathesis

from complaints.permissions import Perm
from municipality import accounts
from tests import factories
from tests.openapi_checks import PLAIN, exercise

DOCUMENT = "/open311/v2/openapi.json"


@pytest.fixture
def filing_key(db) -> str:
    """A key that may file and view in ``sale``, which has complaints and one category."""
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "complaints")
        factories.category(session, commune, code="eclairage")
        _token, secret = accounts.create_api_token(
            session,
            actor="tests",
            commune=commune,
            name="city app",
            permissions=[Perm.FILE, Perm.VIEW],
        )
    return secret


def _as_client(key: str | None) -> Callable[[Any], None]:
    """Each generated request sent to ``sale``'s category, with ``key`` if one is given."""
    known = {"jurisdiction_id": "sale", "service_code": "eclairage"}
    if key is not None:
        known["api_key"] = key

    def prepare(case: Any) -> None:
        for values in (case.query, case.body):
            if isinstance(values, dict):
                values.update({name: known[name] for name in values.keys() & known.keys()})
        if case.path_parameters and "service_code" in case.path_parameters:
            case.path_parameters["service_code"] = "eclairage"

    return prepare


def test_open311_answers_an_anonymous_client_as_its_document_says(wsgi_app, filing_key):
    schema = schemathesis.openapi.from_wsgi(DOCUMENT, wsgi_app)
    exercise(schema, PLAIN, _as_client(None))


def test_open311_answers_a_filing_client_as_its_document_says(wsgi_app, filing_key):
    schema = schemathesis.openapi.from_wsgi(DOCUMENT, wsgi_app)
    exercise(schema, PLAIN, _as_client(filing_key))
