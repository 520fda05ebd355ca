"""The providers' callbacks against their OpenAPI document (``/payments/callbacks/openapi.json``).

Schemathesis sends generated callbacks to every operation, well-formed and not (wrong
types, missing fields, odd strings), then hand-made odd ones (NUL bytes, lone
surrogates, huge numbers): every answer is the document's, a 4xx or a 200 that takes
nothing, never a server error, and no payment is ever credited by them.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode
from sqlalchemy import func, select

from municipality.models import AuditEvent
from payments.models import Payment
from tests import factories
from tests.openapi_checks import CHECKS, PLAIN

DOCUMENT = "/payments/callbacks/openapi.json"
EXAMPLES = 12


@pytest.fixture
def paying_commune(db) -> None:
    """``sale`` takes payments and has one waiting for each provider."""
    with db() as session:
        sale = factories.payments_commune(session, slug="sale")
        for provider in ("gsma", "orange", "card"):
            factories.payment(session, commune_=sale, provider=provider)


def _nothing_credited(db) -> None:
    with db() as session:
        credited = session.execute(
            select(func.count()).select_from(Payment).where(Payment.state != "created")
        ).scalar_one()
        moves = session.execute(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action.like("payments:payment:%"))
            .where(AuditEvent.action != "payments:payment:created")
        ).scalar_one()
    assert (credited, moves) == (0, 0)


def _on_sale(case: Any) -> None:
    case.path_parameters["merchant"] = "sale"


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_callbacks_answer_as_their_document_says_and_credit_nothing(
    db, wsgi_app, paying_commune, mode
):
    schema = schemathesis.openapi.from_wsgi(DOCUMENT, wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {o.path.rsplit("/", 2)[1] for o in operations} == {"gsma", "orange", "card"}
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            _on_sale(case)
            response = case.call(headers=PLAIN)
            assert response.status_code < 500, response.text[:300]
            case.validate_response(response, checks=CHECKS)

        check()
    _nothing_credited(db)


ODD_VALUES = [
    "PAY-\x00",
    "\ud800",
    "A" * 10_000,
    10**400,
    -(2**70),
    1e308,
    True,
    None,
    [],
    {"nested": {"deeper": ["x"]}},
]


@pytest.mark.parametrize(
    ("provider", "field"),
    [
        ("gsma", "requestingOrganisationTransactionReference"),
        ("gsma", "transactionStatus"),
        ("gsma", "transactionReference"),
        ("orange", "notif_token"),
        ("orange", "status"),
        ("card", "order"),
    ],
)
def test_odd_values_in_a_callback_are_a_clear_4xx_and_credit_nothing(
    app, db, paying_commune, provider, field
):
    for value in ODD_VALUES:
        body = {field: value, "transactionStatus": "completed", "status": "SUCCESS"}
        raw = json.dumps(body, ensure_ascii=True).encode()
        method = "PUT" if provider == "gsma" else "POST"
        answer = app.request(
            f"/payments/callbacks/{provider}/sale",
            method=method,
            body=raw,
            content_type="application/json",
            expect_errors=True,
        )
        assert 400 <= answer.status_int < 500, (field, repr(value)[:40], answer.text[:200])
        assert answer.json["outcome"] in ("forged", "unknown", "too_large")
    _nothing_credited(db)


def test_the_document_is_served_and_lists_the_three_callbacks(app):
    document = app.get(DOCUMENT).json
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {
        "/payments/callbacks/gsma/{merchant}",
        "/payments/callbacks/orange/{merchant}",
        "/payments/callbacks/card/{merchant}",
    }
