"""The contract of the providers' callbacks to us, as an OpenAPI 3.1 document.

Served at ``/payments/callbacks/openapi.json`` beside the endpoints it describes (as
Open311 serves its own), so providers' integrators read what we accept, and the tests
send generated and odd requests to every operation and check each answer against it.
The merchant id in each address is the commune's slug. A callback is a hint: whatever
it says, money moves only on the provider's answer to our own question, so the body
schemas only name the fields we read.
"""

from __future__ import annotations

from typing import Any

from pyramid.request import Request

from payments import CALLBACK_PREFIX
from payments.signing import SIGNATURE_HEADER

OUTCOMES = [
    "credited",
    "failed",
    "duplicate",
    "late_failure",
    "wrong_amount",
    "pending",
    "forged",
    "unknown",
    "unverified",
    "too_large",
    "reversed",
    "refused",
    "sent",
]

SCHEMAS: dict[str, Any] = {
    "Outcome": {
        "type": "object",
        "required": ["outcome"],
        "properties": {"outcome": {"type": "string", "enum": OUTCOMES}},
    },
    "GsmaCallback": {
        "description": "The GSMA Mobile Money API's callback: a transaction or a reversal.",
        "type": "object",
        "required": ["requestingOrganisationTransactionReference"],
        "properties": {
            "requestingOrganisationTransactionReference": {"type": "string", "maxLength": 40},
            "serverCorrelationId": {"type": "string", "maxLength": 100},
            "transactionReference": {"type": "string", "maxLength": 100},
            "transactionStatus": {
                "type": "string",
                "enum": ["pending", "completed", "failed", "reversed"],
            },
            "type": {"type": "string", "enum": ["merchantpay", "reversal"]},
            "amount": {"type": "string"},
            "currency": {"type": "string", "maxLength": 3},
        },
    },
    "OrangeNotification": {
        "description": "Orange Money's web payment notification, matched by its token.",
        "type": "object",
        "required": ["notif_token"],
        "properties": {
            "notif_token": {"type": "string", "minLength": 1, "maxLength": 100},
            "status": {"type": "string", "enum": ["SUCCESS", "FAILED", "PENDING"]},
            "txnid": {"type": "string", "maxLength": 100},
        },
    },
    "CardCallback": {
        "description": "The card gateway's server callback, signed (HMAC of the body).",
        "type": "object",
        "required": ["order", "status"],
        "properties": {
            "merchant": {"type": "string"},
            "order": {"type": "string", "maxLength": 40},
            "amount": {"type": "string"},
            "currency": {"type": "string", "maxLength": 3},
            "status": {"type": "string", "enum": ["approved", "declined", "refunded"]},
            "transaction_id": {"type": "string", "maxLength": 100},
        },
    },
}

_ANSWERS = {
    "200": "Taken (credited, failed, a duplicate absorbed, still pending, a reversal's result)",
    "403": "Refused: unreadable, unsigned or badly signed, naming no payment",
    "404": "No payment of this commune has this reference or token",
    "409": "The provider confirmed another amount: left to reconcile, nothing credited",
    "413": "The body is larger than a callback can be",
    "503": "The provider could not confirm it now: call back later",
}


def _operation(summary: str, schema: str, headers: list[dict[str, Any]]) -> dict[str, Any]:
    outcome = {"application/json": {"schema": {"$ref": "#/components/schemas/Outcome"}}}
    return {
        "summary": summary,
        "operationId": f"callback{schema}",
        "security": [],
        "parameters": [
            {"name": "merchant", "in": "path", "required": True, "schema": {"type": "string"}},
            *headers,
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        },
        "responses": {
            status: {"description": text, "content": outcome} for status, text in _ANSWERS.items()
        },
    }


def document(prefix: str) -> dict[str, Any]:
    """The callbacks' description, their paths under ``prefix`` (``/payments/callbacks/``)."""
    signature = {
        "name": SIGNATURE_HEADER,
        "in": "header",
        "required": True,
        "description": "HMAC-SHA256 of the body with the merchant's shared secret, hex",
        "schema": {"type": "string"},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Baladiya payment callbacks",
            "version": "1",
            "description": __doc__.split("\n\n")[1].replace("\n", " "),
        },
        "paths": {
            f"{prefix}gsma/{{merchant}}": {
                "put": _operation("GSMA merchant payment callback", "GsmaCallback", [])
            },
            f"{prefix}orange/{{merchant}}": {
                "post": _operation("Orange Money notification", "OrangeNotification", [])
            },
            f"{prefix}card/{{merchant}}": {
                "post": _operation("Card gateway server callback", "CardCallback", [signature])
            },
        },
        "components": {"schemas": SCHEMAS},
    }


def openapi_view(request: Request) -> dict[str, Any]:
    """The document, with the callbacks' paths as this application serves them."""
    return document(CALLBACK_PREFIX)
