"""An OpenAPI 3.1 description of the Open311 endpoints, made from the code that answers them.

GeoReport v2 publishes no machine-readable description, so this one lets clients and the
conformance tests read each operation, its parameters and its answers. Each format is its
own path (``.json``, ``.xml``), because the format decides the answer's content type; the
limits come from the constants the views check.
"""

from __future__ import annotations

from typing import Any

from pyramid.request import Request

from complaints.open311.formats import FORMATS
from complaints.open311.schemas import MAX_ADDRESS, MAX_DESCRIPTION, MAX_MEDIA_URL, MAX_NAME
from complaints.open311.views import STATUSES
from complaints.schemas import KINDS
from complaints.workflow import STATES

_TEXT = {"type": "string"}
_MAYBE_TEXT = {"type": ["string", "null"]}
_JURISDICTION = {
    "name": "jurisdiction_id",
    "in": "query",
    "required": True,
    "schema": _TEXT,
    "description": "The commune's slug.",
}
_LOCALE = {"name": "locale", "in": "query", "schema": _TEXT, "description": "ar for Arabic."}
_API_KEY = {
    "name": "api_key",
    "in": "query",
    "schema": _TEXT,
    "description": "A key that may view requests answers their full detail.",
}
_EXTENSIONS = {"name": "extensions", "in": "query", "schema": _TEXT, "description": "true"}


def _object(properties: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """An object with exactly ``properties``, all present but the ``optional`` ones."""
    return {
        "type": "object",
        "required": [name for name in properties if name not in optional],
        "properties": properties,
        "additionalProperties": False,
    }


def _list(item: str) -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}}


SCHEMAS: dict[str, Any] = {
    "Error": _object({"code": {"type": "integer"}, "description": _TEXT}),
    "Discovery": _object(
        {
            "changeset": _TEXT,
            "contact": _TEXT,
            "key_service": _TEXT,
            "endpoints": {
                "type": "array",
                "items": _object(
                    {
                        "specification": _TEXT,
                        "url": _TEXT,
                        "changeset": _TEXT,
                        "type": {"enum": ["production", "test"]},
                        "formats": {"type": "array", "items": {"enum": list(FORMATS.values())}},
                    }
                ),
            },
        }
    ),
    "Service": _object(
        {
            "service_code": _TEXT,
            "service_name": _TEXT,
            "description": _MAYBE_TEXT,
            "metadata": {"type": "boolean"},
            "type": {"enum": ["realtime", "batch", "blackbox"]},
            "keywords": _TEXT,
            "group": _MAYBE_TEXT,
        }
    ),
    "ServiceDefinition": _object(
        {
            "service_code": _TEXT,
            "attributes": {
                "type": "array",
                "items": _object(
                    {
                        "variable": {"type": "boolean"},
                        "code": _TEXT,
                        "datatype": {"enum": ["string", "singlevaluelist"]},
                        "required": {"type": "boolean"},
                        "datatype_description": _MAYBE_TEXT,
                        "order": {"type": "integer"},
                        "description": _TEXT,
                        "values": {
                            "type": "array",
                            "items": _object({"key": _TEXT, "name": _TEXT}),
                        },
                    }
                ),
            },
        }
    ),
    "Request": _object(
        {
            "service_request_id": _TEXT,
            "status": {"enum": list(STATUSES)},
            "status_notes": _MAYBE_TEXT,
            "service_name": _TEXT,
            "service_code": _TEXT,
            "description": _MAYBE_TEXT,
            "agency_responsible": _MAYBE_TEXT,
            "service_notice": {"type": "null"},
            "requested_datetime": _MAYBE_TEXT,
            "updated_datetime": _MAYBE_TEXT,
            "expected_datetime": _MAYBE_TEXT,
            "address": _MAYBE_TEXT,
            "address_id": {"type": "null"},
            "zipcode": {"type": "null"},
            "lat": {"type": ["number", "null"]},
            "long": {"type": ["number", "null"]},
            "media_url": _MAYBE_TEXT,
            "extended_attributes": _object(
                {"detailed_status": {"enum": list(STATES)}, "kind": {"enum": [k for k, _ in KINDS]}}
            ),
        },
        optional=("extended_attributes",),
    ),
    "Token": _object({"service_request_id": _TEXT, "token": _TEXT}),
    "Filed": _object(
        {
            "service_request_id": _TEXT,
            "token": _TEXT,
            "service_notice": _TEXT,
            "account_id": {"type": "null"},
        }
    ),
}

# The standard's arguments of a filing, form-encoded; ``jurisdiction_id`` may instead
# come in the query string.
FILING = _object(
    {
        "jurisdiction_id": _TEXT,
        "api_key": _TEXT,
        "service_code": _TEXT,
        "lat": {"type": "number", "minimum": -90, "maximum": 90},
        "long": {"type": "number", "minimum": -180, "maximum": 180},
        "address_string": {"type": "string", "maxLength": MAX_ADDRESS},
        "address_id": _TEXT,
        "attribute[landmark]": {"type": "string", "maxLength": MAX_ADDRESS},
        "attribute[kind]": {"enum": [k for k, _ in KINDS]},
        "description": {"type": "string", "minLength": 1, "maxLength": MAX_DESCRIPTION},
        "email": {"type": "string", "format": "email", "maxLength": 254},
        "first_name": {"type": "string", "maxLength": MAX_NAME},
        "last_name": {"type": "string", "maxLength": MAX_NAME},
        "phone": {"type": "string", "pattern": r"^\+?[0-9 ]{6,20}$"},
        "media_url": {"type": "string", "format": "uri", "maxLength": MAX_MEDIA_URL},
        "device_id": _TEXT,
        "account_id": _TEXT,
    },
    optional=(
        "lat",
        "long",
        "address_string",
        "address_id",
        "attribute[landmark]",
        "attribute[kind]",
        "email",
        "first_name",
        "last_name",
        "phone",
        "media_url",
        "device_id",
        "account_id",
    ),
)

ERRORS = {
    400: "A parameter is missing or wrong, or jurisdiction_id was not given.",
    403: "api_key is missing, unknown, of another commune, or may not file.",
    404: "Unknown jurisdiction, service, request or token; or no complaints there.",
    429: "Too many filings; Retry-After says how many seconds to wait.",
}


def _answers(fmt: str, schema: dict[str, Any], *errors: int) -> dict[str, Any]:
    """A 200 with ``schema`` and the standard's error list for each of ``errors``.

    XML answers carry the same fields as elements; their content is not described here.
    """

    def content(body: dict[str, Any]) -> dict[str, Any]:
        return {FORMATS[fmt]: {"schema": body} if fmt == "json" else {}}

    answers = {"200": {"description": "OK", "content": content(schema)}}
    for status in errors:
        answers[str(status)] = {"description": ERRORS[status], "content": content(_list("Error"))}
    if 429 in errors:
        answers["429"]["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
    return answers


def _path(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": _TEXT}


def _operations(fmt: str) -> dict[str, Any]:
    """The paths of one format, by path."""
    ref = {"$ref": "#/components/schemas/Discovery"}
    return {
        f"/discovery.{fmt}": {"get": {"responses": _answers(fmt, ref)}},
        f"/services.{fmt}": {
            "get": {
                "parameters": [_JURISDICTION, _LOCALE],
                "responses": _answers(fmt, _list("Service"), 400, 404),
            }
        },
        f"/services/{{service_code}}.{fmt}": {
            "get": {
                "parameters": [_path("service_code"), _JURISDICTION, _LOCALE],
                "responses": _answers(
                    fmt, {"$ref": "#/components/schemas/ServiceDefinition"}, 400, 404
                ),
            }
        },
        f"/requests.{fmt}": {
            "get": {
                "parameters": [
                    _JURISDICTION,
                    _API_KEY,
                    _LOCALE,
                    _EXTENSIONS,
                    *(
                        {"name": name, "in": "query", "schema": _TEXT}
                        for name in (
                            "service_request_id",
                            "service_code",
                            "status",
                            "start_date",
                            "end_date",
                        )
                    ),
                ],
                "responses": _answers(fmt, _list("Request"), 400, 404),
            },
            "post": {
                "parameters": [{**_JURISDICTION, "required": False}, _LOCALE],
                "requestBody": {
                    "required": True,
                    "content": {"application/x-www-form-urlencoded": {"schema": FILING}},
                },
                "responses": _answers(fmt, _list("Filed"), 400, 403, 404, 429),
            },
        },
        f"/requests/{{service_request_id}}.{fmt}": {
            "get": {
                "parameters": [
                    _path("service_request_id"),
                    _JURISDICTION,
                    _API_KEY,
                    _LOCALE,
                    _EXTENSIONS,
                ],
                "responses": _answers(fmt, _list("Request"), 400, 404),
            }
        },
        f"/tokens/{{token}}.{fmt}": {
            "get": {
                "parameters": [_path("token"), _JURISDICTION],
                "responses": _answers(fmt, _list("Token"), 400, 404),
            }
        },
    }


def document(prefix: str) -> dict[str, Any]:
    """The whole description, its paths under ``prefix`` (the Open311 base path)."""
    paths: dict[str, Any] = {}
    for fmt in FORMATS:
        paths.update({prefix + path: item for path, item in _operations(fmt).items()})
    return {
        "openapi": "3.1.0",
        "info": {"title": "Open311 GeoReport v2", "version": "2"},
        "paths": paths,
        "components": {"schemas": SCHEMAS},
    }


def openapi_view(request: Request) -> dict[str, Any]:
    base = request.route_path("complaints.open311.discovery", format="json").rsplit("/", 1)[0]
    return document(base)
