"""The notice board's JSON API and its OpenAPI fragment."""

from __future__ import annotations

from datetime import date
from typing import Any

from pyramid.request import Request
from pyramid.view import view_config

from municipality.api import created, problem_responses
from municipality.errors import ValidationFailed
from municipality.pagination import paginate
from notices import services
from notices.models import Notice
from notices.permissions import Perm

# Every change to the board is announced (municipality.readcache); the list only ages out
# in case the database is edited by hand.
LIST_MAX_AGE = 300

OPENAPI_SCHEMAS: dict[str, Any] = {
    "Notice": {
        "type": "object",
        "required": ["id", "title", "body", "language", "state"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "title": {"type": "string"},
            "body": {"type": "string"},
            "language": {"type": "string", "enum": ["fr", "ar", "en"]},
            "state": {"type": "string", "enum": ["published", "withdrawn"]},
            "published_at": {"type": ["string", "null"], "format": "date-time"},
            "expires_on": {"type": ["string", "null"], "format": "date"},
        },
    },
    "NoticeList": {
        "type": "object",
        "required": ["items", "page", "pages", "total"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Notice"}},
            "page": {"type": "integer"},
            "pages": {"type": "integer"},
            "total": {"type": "integer"},
        },
    },
    "NoticeCreate": {
        "type": "object",
        "additionalProperties": False,
        "required": ["title", "body", "language"],
        "properties": {
            "title": {"type": "string", "minLength": 3, "maxLength": 200},
            "body": {"type": "string", "minLength": 3, "maxLength": 10000},
            "language": {"type": "string", "enum": ["fr", "ar", "en"]},
            "expires_on": {
                "type": ["string", "null"],
                "format": "date",
                "pattern": r"^\d{4}-\d{2}-\d{2}$",
            },
        },
    },
}

_NOTICE = {"application/json": {"schema": {"$ref": "#/components/schemas/Notice"}}}
_COMMUNE = {"$ref": "#/components/parameters/commune"}

OPENAPI_PATHS: dict[str, Any] = {
    "/communes/{commune}/notices": {
        "get": {
            "operationId": "listNotices",
            "parameters": [
                _COMMUNE,
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                {
                    "name": "size",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                },
            ],
            "responses": {
                "200": {
                    "description": "Published notices",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/NoticeList"}}
                    },
                },
                **problem_responses(401, 403, 404),
            },
        },
        "post": {
            "operationId": "publishNotice",
            "parameters": [_COMMUNE, {"$ref": "#/components/parameters/IdempotencyKey"}],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/NoticeCreate"}}
                },
            },
            "responses": {
                "201": {"description": "Published", "content": _NOTICE},
                **problem_responses(400, 401, 403, 404, 409, 413, 422),
            },
        },
    },
    "/communes/{commune}/notices/{id}": {
        "get": {
            "operationId": "getNotice",
            "parameters": [
                _COMMUNE,
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "format": "uuid"},
                },
            ],
            "responses": {
                "200": {"description": "The notice", "content": _NOTICE},
                **problem_responses(401, 403, 404),
            },
        },
    },
}


def notice_json(notice: Notice) -> dict[str, Any]:
    """A notice as the ``Notice`` schema of the OpenAPI document describes it."""
    return {
        "id": str(notice.public_id),
        "title": notice.title,
        "body": notice.body,
        "language": notice.language,
        "state": notice.state,
        "published_at": notice.published_at.isoformat() if notice.published_at else None,
        "expires_on": notice.expires_on.isoformat() if notice.expires_on else None,
    }


@view_config(
    route_name="notices.api.collection",
    request_method="GET",
    renderer="json",
    permission=Perm.VIEW,
    requires_module="notices",
    require_csrf=False,
    cache_max_age=LIST_MAX_AGE,
)
def list_notices(request: Request) -> dict[str, Any]:
    """Published notices, a page at a time."""
    page = paginate(request, request.dbsession, services.query(state="published"))
    return {
        "items": [notice_json(n) for n in page.items],
        "page": page.number,
        "pages": page.pages,
        "total": page.total,
    }


@view_config(
    route_name="notices.api.collection",
    request_method="POST",
    renderer="json",
    permission=Perm.PUBLISH,
    requires_module="notices",
    require_csrf=False,
    api_body="NoticeCreate",
    idempotent=True,
)
def create_notice(request: Request) -> dict[str, Any]:
    """Publish from a client application; the body was checked against ``NoticeCreate``."""
    body = dict(request.api_body)
    if body.get("expires_on"):
        try:
            body["expires_on"] = date.fromisoformat(body["expires_on"])
        except ValueError as exc:
            raise ValidationFailed("invalid date", {"expires_on": "not a calendar date"}) from exc
    notice = services.publish(
        request.dbsession, actor=request.baladiya_identity.label, commune=request.commune, data=body
    )
    created(request, "notices.api.item", public_id=notice.public_id)
    return notice_json(notice)


@view_config(
    route_name="notices.api.item",
    request_method="GET",
    renderer="json",
    permission=Perm.VIEW,
    requires_module="notices",
    require_csrf=False,
)
def get_notice(request: Request) -> dict[str, Any]:
    """One notice of the commune, whatever its state."""
    return notice_json(services.get(request.dbsession, request.matchdict["public_id"]))
