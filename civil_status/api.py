"""Copy requests' JSON API and its OpenAPI fragment: ask for a copy, follow it by code.

It is the diaspora form as JSON, for the applications that serve people abroad: no
account is needed (an API key may be sent, and then names the request's author), the
body is read by the form's own colander schema and the request recorded by the same
service, so entitlement, the act's look-up and the fee are those of the form. A power of
attorney is a PDF the agent must see: a request as someone authorised is refused here
and made through the form. Whoever holds a request's code reads where it stands, as on
the tracking page: no one's identity is shown.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import colander
from pyramid.request import Request
from pyramid.view import view_config

from civil_status.models import CopyRequest
from civil_status.profiles import profile
from civil_status.request_schemas import (
    COPY_TYPES,
    DELIVERY_NAMES,
    ID_DOCUMENT_NAMES,
    LANGUAGES,
    REFUSAL_NAMES,
    RELATION_NAMES,
    STATE_NAMES,
    request_schema,
)
from civil_status.request_views import pay_url
from civil_status.services import requests as copies
from municipality.api import created, problem_responses
from municipality.errors import ValidationFailed

CHANNEL = "diaspora"
# Longest text a field takes: bounds the body before the form's own rules read it.
LONGEST_TEXT = 500


def _text(longest: int = 240) -> dict[str, Any]:
    return {"type": "string", "maxLength": longest}


def _choice(values: dict[str, Any]) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


OPENAPI_SCHEMAS: dict[str, Any] = {
    "CopyRequestCreate": {
        "type": "object",
        "description": (
            "The diaspora form's fields. Name the act by act_number and act_year, or by "
            "subject_name and birth_date. A posted copy needs postal_address."
        ),
        "additionalProperties": False,
        "required": [
            "copy_type",
            "requester_name",
            "id_document_type",
            "id_document_number",
            "relation",
            "delivery",
        ],
        "properties": {
            "copy_type": _choice(COPY_TYPES),
            "requester_name": _text(),
            "id_document_type": _choice(ID_DOCUMENT_NAMES),
            "id_document_number": _text(40),
            "relation": _choice(RELATION_NAMES),
            "act_number": {"type": "integer"},
            "act_year": {"type": "integer"},
            "subject_name": _text(),
            "birth_date": {"type": "string", "format": "date", "maxLength": 10},
            "email": _text(254),
            "phone": _text(20),
            "language": _choice(LANGUAGES),
            "delivery": _choice(DELIVERY_NAMES),
            "postal_address": _text(LONGEST_TEXT),
            "country": _text(2),
        },
    },
    "CopyRequestStatus": {
        "type": "object",
        "required": ["code", "state", "copy_type", "delivery", "created_at"],
        "properties": {
            "code": {"type": "string"},
            "state": _choice(STATE_NAMES),
            "copy_type": _choice(COPY_TYPES),
            "delivery": _choice(DELIVERY_NAMES),
            "created_at": {"type": "string", "format": "date-time"},
            "refusal_reason": {"type": ["string", "null"], "enum": [*REFUSAL_NAMES, None]},
            "tracking_reference": {"type": ["string", "null"]},
            "payment_url": {
                "type": ["string", "null"],
                "description": "Where the fee is paid, while the request awaits payment.",
            },
            "copy_url": {
                "type": ["string", "null"],
                "description": "The sealed copy (PDF), once issued for download.",
            },
        },
    },
}

_STATUS = {"application/json": {"schema": {"$ref": "#/components/schemas/CopyRequestStatus"}}}
_COMMUNE = {"$ref": "#/components/parameters/commune"}

OPENAPI_PATHS: dict[str, Any] = {
    "/communes/{commune}/civil-status/requests": {
        "post": {
            "operationId": "requestCivilStatusCopy",
            "security": [{}, {"bearer": []}],
            "parameters": [_COMMUNE, {"$ref": "#/components/parameters/IdempotencyKey"}],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/CopyRequestCreate"}
                    }
                },
            },
            "responses": {
                "201": {"description": "Recorded; keep the code to follow it", "content": _STATUS},
                **problem_responses(400, 404, 409, 413, 422),
            },
        },
    },
    "/communes/{commune}/civil-status/requests/{code}": {
        "get": {
            "operationId": "getCivilStatusCopyRequest",
            "security": [{}, {"bearer": []}],
            "parameters": [
                _COMMUNE,
                {
                    "name": "code",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "maxLength": 40},
                },
            ],
            "responses": {
                "200": {"description": "Where the request stands", "content": _STATUS},
                **problem_responses(404),
            },
        },
    },
}


def _cstruct(body: dict[str, Any]) -> dict[str, Any]:
    """The body as the form would post it: numbers as their digits, the rest as sent."""
    return {k: str(v) if isinstance(v, int) else v for k, v in body.items()}


def _form_data(request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """The body read by the diaspora form's schema: the same rules, field by field."""
    country = profile(request.commune.country_profile)
    schema = request_schema(copies.copy_types(country), abroad=True)
    cstruct = {"language": request.locale_name if request.locale_name in LANGUAGES else "fr"}
    cstruct |= _cstruct(body)
    try:
        data: dict[str, Any] = schema.deserialize(cstruct)
    except colander.Invalid as invalid:
        translate = request.localizer.translate
        errors = {field: translate(message) for field, message in invalid.asdict().items()}
        raise ValidationFailed("the request's fields are not valid", errors) from None
    return data


def _aware(moment: datetime) -> datetime:
    """A stored time with its UTC offset (SQLite gives it back without)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def status_json(request: Request, item: CopyRequest) -> dict[str, Any]:
    """A request as the ``CopyRequestStatus`` schema describes it: no one's identity."""
    copy_url = None
    if item.document_id and item.delivery == "download":
        copy_url = request.route_url(
            "civil_status.track.copy", commune=request.commune.slug, code=item.code
        )
    return {
        "code": item.code,
        "state": item.state,
        "copy_type": item.copy_type,
        "delivery": item.delivery,
        "created_at": _aware(item.created_at).isoformat(),
        "refusal_reason": item.refusal_reason,
        "tracking_reference": item.tracking_reference,
        "payment_url": pay_url(request, item),
        "copy_url": copy_url,
    }


@view_config(
    route_name="civil_status.api.requests",
    request_method="POST",
    renderer="json",
    requires_module="civil_status",
    require_csrf=False,
    api_body="CopyRequestCreate",
    idempotent=True,
)
def create_request(request: Request) -> dict[str, Any]:
    """Record a copy request as the diaspora form would; 201 with its code and state."""
    identity = request.baladiya_identity
    made = copies.submit(
        request.dbsession,
        request.registry,
        actor=str(identity.label) if identity is not None else "api",
        commune=request.commune,
        channel=CHANNEL,
        data=_form_data(request, dict(request.api_body)),
    )
    created(request, "civil_status.api.request", code=made.code)
    return status_json(request, made)


@view_config(
    route_name="civil_status.api.request",
    request_method="GET",
    renderer="json",
    requires_module="civil_status",
    require_csrf=False,
)
def get_request(request: Request) -> dict[str, Any]:
    """Where the request under this code stands; the same 404 for any unknown code."""
    return status_json(request, copies.by_code(request.dbsession, request.matchdict["code"]))
