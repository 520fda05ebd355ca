"""The JSON API under ``/api/v1``: its OpenAPI 3 document, body validation, idempotency.

Modules add their operations with ``config.add_openapi(paths, schemas)`` next to the
views that serve them, so the document and the routes cannot drift apart (a test
compares them). A view declares ``api_body="SchemaName"`` to have its JSON body parsed
and validated against that component schema before it runs, and ``idempotent=True`` to
honour the ``Idempotency-Key`` header.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

from jsonschema import Draft202012Validator
from pyramid.config import Configurator
from pyramid.interfaces import IRoutesMapper
from pyramid.registry import Registry
from pyramid.request import Request
from pyramid.response import Response
from pyramid.tweens import MAIN
from pyramid.view import view_config
from referencing import Registry as SchemaRegistry
from referencing import Resource
from referencing.jsonschema import DRAFT202012 as _DRAFT
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from municipality.database import SESSION_FACTORY_KEY
from municipality.db import insert_for, utcnow
from municipality.errors import Conflict, ValidationFailed
from municipality.models import IdempotencyRecord
from municipality.parsing import InputError, loads_json
from municipality.roles import Perm
from municipality.transactions import unit_of_work
from municipality.web import problem

API_PREFIX = "/api/v1"
OPENAPI_KEY = "baladiya.openapi"
MAX_IDEMPOTENCY_KEY = 200

PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}


def _problem_responses(*statuses: int) -> dict[str, Any]:
    return {
        str(code): {
            "description": "Problem",
            "content": {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
            },
        }
        for code in statuses
    }


def base_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Baladiya API",
            "version": "1.0.0",
            "description": "Municipal services of each commune.",
        },
        "servers": [{"url": API_PREFIX}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Problem": PROBLEM_SCHEMA,
                "Commune": {
                    "type": "object",
                    "required": ["slug", "name_fr", "name_ar", "currency", "timezone"],
                    "properties": {
                        "slug": {"type": "string"},
                        "name_fr": {"type": "string"},
                        "name_ar": {"type": "string"},
                        "currency": {"type": "string"},
                        "timezone": {"type": "string"},
                        "languages": {"type": "array", "items": {"type": "string"}},
                        "modules": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
            "parameters": {
                "commune": {
                    "name": "commune",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                },
                "IdempotencyKey": {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string", "maxLength": MAX_IDEMPOTENCY_KEY},
                },
            },
        },
        "security": [{"bearer": []}],
        "paths": {
            "/communes/{commune}": {
                "get": {
                    "operationId": "getCommune",
                    "parameters": [{"$ref": "#/components/parameters/commune"}],
                    "responses": {
                        "200": {
                            "description": "The commune",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Commune"}
                                }
                            },
                        },
                        **_problem_responses(401, 403, 404),
                    },
                },
            },
        },
    }


def problem_responses(*statuses: int) -> dict[str, Any]:
    """Problem responses to list in an operation, for modules' fragments."""
    return _problem_responses(*statuses)


def created(request: Request, route: str, **parts: Any) -> None:
    """Answer ``201 Created`` with the new resource's address in ``Location``, as every
    operation that creates one does (the body is the resource itself)."""
    request.response.status = 201
    request.response.headers["Location"] = request.route_url(
        route, commune=request.commune.slug, **parts
    )


def add_openapi(config: Configurator, paths: dict[str, Any], schemas: dict[str, Any]) -> None:
    """Add a module's operations and component schemas to the API document."""
    document = config.registry[OPENAPI_KEY]
    for path, operations in paths.items():
        document["paths"].setdefault(path, {}).update(operations)
    document["components"]["schemas"].update(schemas)


def schema_validator(document: dict[str, Any], name: str) -> Draft202012Validator:
    """A validator for one component schema, resolving ``$ref`` inside the document."""
    resource = Resource.from_contents(document, default_specification=_DRAFT)
    registry: SchemaRegistry = SchemaRegistry().with_resource("urn:baladiya:api", resource)
    return Draft202012Validator(
        {"$ref": f"urn:baladiya:api#/components/schemas/{name}"}, registry=registry
    )


def _error_path(error: Any) -> str:
    return "/".join(str(p) for p in error.absolute_path) or "(body)"


def parse_json_body(request: Request) -> Any:
    if request.content_type != "application/json":
        raise ValidationFailed(
            "send the body as application/json", {"(body)": "Content-Type must be application/json"}
        )
    try:
        return loads_json(request.body or b"")
    except InputError as exc:
        raise ValidationFailed("the body is not valid JSON", {"(body)": str(exc)}) from exc


class ApiBodyDeriver:
    """Parses and validates the JSON body against a named component schema."""

    @staticmethod
    def derive(view: Callable, info: Any) -> Callable:
        name = info.options.get("api_body")
        if not name:
            return view
        validators: dict[str, Draft202012Validator] = {}

        def validating(context: Any, request: Request) -> Response:
            if name not in validators:
                validators[name] = schema_validator(request.registry[OPENAPI_KEY], name)
            body = parse_json_body(request)
            errors = sorted(validators[name].iter_errors(body), key=lambda e: list(e.path))
            if errors:
                raise ValidationFailed(
                    "the body does not match the API description",
                    {_error_path(e): e.message for e in errors},
                )
            request.api_body = body
            return view(context, request)

        return validating


ApiBodyDeriver.derive.options = ("api_body",)  # type: ignore[attr-defined]


def _client_of(request: Request) -> str:
    identity = request.baladiya_identity
    if identity is not None and identity.token is not None:
        return f"token:{identity.token.public_id}"
    return f"anonymous:{request.client_addr}"


def _fingerprint(request: Request) -> str:
    material = b"\n".join([request.method.encode(), request.path.encode(), request.body or b""])
    return hashlib.sha256(material).hexdigest()


def _independent(request: Request, work: Callable[[Any], Any]) -> Any:
    """Run ``work`` in a transaction of its own, committed before the request's."""
    with unit_of_work(request.registry[SESSION_FACTORY_KEY]) as session:
        return work(session)


REPLAYED_HEADERS = ("Location",)


def _replayed_headers(response: Response) -> dict[str, str]:
    """The headers a client needs again when the answer is replayed."""
    return {name: response.headers[name] for name in REPLAYED_HEADERS if name in response.headers}


def _replay(record: IdempotencyRecord) -> Response:
    response = Response(
        body=(record.body or "").encode(),
        status=record.status,
        content_type="application/json",
        charset="utf-8",
    )
    response.headers.update(record.headers or {})
    response.headers["Idempotent-Replayed"] = "true"
    return response


class IdempotencyDeriver:
    """``Idempotency-Key``: a repeat replays, a changed payload is refused, a race is 409."""

    @staticmethod
    def derive(view: Callable, info: Any) -> Callable:
        if not info.options.get("idempotent"):
            return view

        def idempotent(context: Any, request: Request) -> Response:
            key = request.headers.get("Idempotency-Key")
            if key is None:
                return view(context, request)
            if not key or len(key) > MAX_IDEMPOTENCY_KEY:
                raise ValidationFailed(
                    "invalid Idempotency-Key",
                    {"Idempotency-Key": f"1 to {MAX_IDEMPOTENCY_KEY} characters"},
                )
            client, fingerprint = _client_of(request), _fingerprint(request)
            claimed = _claim(request, client, key, fingerprint)
            if isinstance(claimed, Response):
                return claimed
            if claimed is not None:
                current = request.tm.get()
                current.addAfterCommitHook(_release_on_failure, (request, claimed))
                current.addAfterAbortHook(_release, (request, claimed))
            response = view(context, request)
            request.dbsession.execute(
                update(IdempotencyRecord)
                .where(IdempotencyRecord.client == client, IdempotencyRecord.key == key)
                .values(
                    status=response.status_code,
                    body=response.text,
                    headers=_replayed_headers(response),
                )
            )
            return response

        return idempotent


IdempotencyDeriver.derive.options = ("idempotent",)  # type: ignore[attr-defined]


def _forget(session: Any, record_id: int) -> None:
    session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id == record_id))


def _release(request: Request, record_id: int) -> None:
    """Free the key of a request whose work was rolled back, so that a retry runs.

    Only this request's own marker goes: a retry may already have claimed the key anew.
    """
    _independent(request, lambda s: _forget(s, record_id))


def _release_on_failure(success: bool, request: Request, record_id: int) -> None:
    if not success:
        _release(request, record_id)


def _answer_repeat(
    request: Request, record: IdempotencyRecord | None, fingerprint: str
) -> Response:
    """What a request whose key is already taken gets back."""
    if record is None:
        raise Conflict("the first request with this key just failed; send it again")
    if record.request_hash != fingerprint:
        return problem(
            422,
            "Idempotency key reused",
            "This Idempotency-Key was already used with a different request.",
            request=request,
        )
    if record.status is None:
        return problem(
            409,
            "Request in progress",
            "A request with this Idempotency-Key is still being processed.",
            request=request,
        )
    return _replay(record)


def _find(session: Any, client: str, key: str) -> IdempotencyRecord | None:
    return session.execute(
        select(IdempotencyRecord).where(
            IdempotencyRecord.client == client, IdempotencyRecord.key == key
        )
    ).scalar_one_or_none()


def _claim(request: Request, client: str, key: str, fingerprint: str) -> Response | int | None:
    """Take the key for this request, or return the answer a repeat gets.

    Where writers run side by side (PostgreSQL) the in-progress marker is committed in a
    transaction of its own, so a concurrent repeat sees it at once and gets 409; its id
    is returned, to be deleted if the request's own transaction does not commit. SQLite
    has one writer at a time, and a request that has written (an API token's last use is
    recorded before the view runs) keeps the lock to its end, so a transaction of its own
    would wait on its own request: there the marker joins the request's transaction
    (``None``), and a repeat waits for the first to finish, then gets its answer.
    """
    session = request.dbsession
    if session.get_bind().dialect.name == "sqlite":
        inserted = session.execute(
            insert_for(session, IdempotencyRecord)
            .values(client=client, key=key, request_hash=fingerprint, created_at=utcnow())
            .on_conflict_do_nothing(index_elements=["client", "key"])
        )
        if inserted.rowcount:
            return None
        return _answer_repeat(request, _find(session, client, key), fingerprint)

    def insert(session: Any) -> int:
        record = IdempotencyRecord(client=client, key=key, request_hash=fingerprint)
        session.add(record)
        session.flush()
        return record.id

    try:
        return _independent(request, insert)
    except IntegrityError:
        record = _independent(request, lambda s: _find(s, client, key))
        return _answer_repeat(request, record, fingerprint)


HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


def _template(path: str) -> str:
    """A path with its placeholders unnamed, so a route and its documented path compare."""
    return _PLACEHOLDER.sub("{}", path)


def _documented_paths(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {_template(path): operations for path, operations in document["paths"].items()}


def _allowed(operations: dict[str, Any]) -> list[str]:
    methods = [m.upper() for m in HTTP_METHODS if m in operations]
    return [*methods, "HEAD"] if "GET" in methods and "HEAD" not in methods else methods


def _query_errors(request: Request, operation: dict[str, Any]) -> dict[str, str]:
    """Query parameters that break their documented schema (``size`` over its maximum)."""
    errors: dict[str, str] = {}
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "query" or parameter["name"] not in request.GET:
            continue
        schema, raw = parameter.get("schema", {}), request.GET[parameter["name"]]
        value: Any = raw
        if schema.get("type") == "integer":
            try:
                value = int(raw)
            except ValueError:
                errors[parameter["name"]] = "must be an integer"
                continue
        problems = list(Draft202012Validator(schema).iter_errors(value))
        if problems:
            errors[parameter["name"]] = problems[0].message
    return errors


def conformance_tween_factory(handler: Callable, registry: Registry) -> Callable:
    """Hold API requests to the document: 405 for an undocumented method, 400 for bad query.

    Routes without a ``request_method`` would otherwise answer any method as a GET.
    """
    mapper = registry.getUtility(IRoutesMapper)
    paths = _documented_paths(registry[OPENAPI_KEY])

    def conformance_tween(request: Request) -> Response:
        if not request.path.startswith(API_PREFIX + "/"):
            return handler(request)
        route = mapper(request)["route"]
        operations = route and paths.get(_template(route.pattern[len(API_PREFIX) :]))
        if not operations:
            return handler(request)
        refusal = _refusal(request, operations)
        if refusal is None:
            return handler(request)
        # Reading who asks (for the answer's language) may note a key's use: a refused
        # request writes nothing.
        request.tm.doom()
        return refusal

    return conformance_tween


def _refusal(request: Request, operations: dict[str, Any]) -> Response | None:
    """The 405 or 400 answer a request that the document does not allow gets, if any."""
    allowed = _allowed(operations)
    if request.method not in allowed:
        response = problem(
            405,
            "Method not allowed",
            f"{request.method} is not an operation of this resource.",
            request=request,
        )
        response.headers["Allow"] = ", ".join(allowed)
        return response
    operation = operations.get("get" if request.method == "HEAD" else request.method.lower())
    errors = _query_errors(request, operation or {})
    if errors:
        return problem(
            400,
            "Invalid query parameters",
            "the query does not match the API description",
            request=request,
            errors=errors,
        )
    return None


@view_config(route_name="api.openapi", renderer="json", require_csrf=False)
def openapi_document(request: Request) -> dict[str, Any]:
    return request.registry[OPENAPI_KEY]


@view_config(
    route_name="api.commune",
    request_method="GET",
    renderer="json",
    permission=Perm.COMMUNE_READ,
    require_csrf=False,
)
def commune_read(request: Request) -> dict[str, Any]:
    commune = request.commune
    return {
        "slug": commune.slug,
        "name_fr": commune.name_fr,
        "name_ar": commune.name_ar,
        "currency": commune.currency,
        "timezone": commune.timezone,
        "languages": commune.languages.split(),
        "modules": sorted(request.enabled_modules),
    }


def includeme(config: Configurator) -> None:
    config.registry[OPENAPI_KEY] = base_document()
    config.add_directive("add_openapi", add_openapi)
    config.add_view_deriver(IdempotencyDeriver.derive, name="baladiya_idempotency")
    config.add_view_deriver(
        ApiBodyDeriver.derive, name="baladiya_api_body", under="baladiya_idempotency"
    )
    config.add_tween("municipality.api.conformance_tween_factory", over=MAIN)
    config.add_route("api.openapi", f"{API_PREFIX}/openapi.json")
    config.add_route("api.commune", f"{API_PREFIX}/communes/{{commune}}")
    config.scan(".api")
