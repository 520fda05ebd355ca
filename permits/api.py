"""The permits JSON API and its OpenAPI fragment.

Public, without a key: the register of issued permits (what the register page and its CSV
publish, never the applicant) and a file's state by its follow-up code (what the follow-up
page shows). With a key holding ``permits:file:apply``, a client application (an
architect's software, a national portal) drafts a file for an applicant and submits it,
which runs the zoning plan's check and answers its findings. Documents are not sent here:
the applicant attaches them on the file's page, whose address the answers give. A key
sees and submits only the files it drafted.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pyramid.request import Request
from pyramid.view import view_config

from gis.interfaces import USES
from municipality.api import created, problem_responses
from municipality.db import utcnow
from municipality.errors import NotFound, ValidationFailed
from municipality.i18n import _
from municipality.pagination import paginate
from permits.models import PermitFile
from permits.permissions import Perm
from permits.profiles import profile
from permits.schemas import DECISIONS, KINDS, MAX_AREA_M2, MAX_COUNT, MAX_HEIGHT_M, STATES
from permits.services import files, handling, register, rules
from permits.services.notifications import LANGUAGES

MAX_PARCELS = 50
MAX_SITE = 20_000
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
COUNTS = ("floors", "units", "parking")
AREAS = {"footprint_m2": MAX_AREA_M2, "floor_area_m2": MAX_AREA_M2, "height_m": MAX_HEIGHT_M}

_DATE = {"type": ["string", "null"], "format": "date"}
_MOMENT = {"type": ["string", "null"], "format": "date-time"}
_TEXT = {"type": "string"}

OPENAPI_SCHEMAS: dict[str, Any] = {
    "PermitRegisterEntry": {
        "type": "object",
        "required": ["number", "kind", "status", "issued_on"],
        "properties": {
            "number": _TEXT,
            "kind": {"type": "string", "enum": list(KINDS)},
            "address": _TEXT,
            "parcel": _TEXT,
            "use": _TEXT,
            "floor_area_m2": {"type": "number"},
            "units": {"type": "integer"},
            "status": {"type": "string", "enum": list(register.ISSUED_STATES)},
            "filed_on": _DATE,
            "decided_on": _DATE,
            "issued_on": _DATE,
        },
    },
    "PermitRegister": {
        "type": "object",
        "required": ["items", "page", "pages", "total"],
        "properties": {
            "items": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/PermitRegisterEntry"},
            },
            "page": {"type": "integer"},
            "pages": {"type": "integer"},
            "total": {"type": "integer"},
        },
    },
    "PermitFollow": {
        "type": "object",
        "required": ["code", "kind", "state"],
        "properties": {
            "code": _TEXT,
            "kind": {"type": "string", "enum": list(KINDS)},
            "state": {"type": "string", "enum": list(STATES)},
            "due_on": _DATE,
            "working_days_left": {"type": ["integer", "null"]},
        },
    },
    "PermitFinding": {
        "type": "object",
        "required": ["rule", "outcome", "message"],
        "properties": {
            "rule": _TEXT,
            "outcome": _TEXT,
            "zone": _TEXT,
            "measured": {"type": ["number", "string", "null"]},
            "limit": {"type": ["number", "string", "null"]},
            "source": _TEXT,
            "message": _TEXT,
        },
    },
    "PermitCheck": {
        "type": "object",
        "required": ["outcome", "findings"],
        "properties": {
            "outcome": {"type": ["string", "null"]},
            "plan": {"type": ["string", "null"]},
            "checked_on": _DATE,
            "findings": {"type": "array", "items": {"$ref": "#/components/schemas/PermitFinding"}},
        },
    },
    "PermitFile": {
        "type": "object",
        "required": ["id", "code", "kind", "state", "missing_documents", "documents_url"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "code": _TEXT,
            "kind": {"type": "string", "enum": list(KINDS)},
            "circuit": _TEXT,
            "state": {"type": "string", "enum": list(STATES)},
            "applicant_name": _TEXT,
            "applicant_role": _TEXT,
            "owner_name": _TEXT,
            "applicant_email": _TEXT,
            "language": {"type": ["string", "null"]},
            "address": _TEXT,
            "parcels": {"type": "array", "items": _TEXT},
            "site": {"type": ["string", "null"]},
            "use": _TEXT,
            "footprint_m2": {"type": "number"},
            "floor_area_m2": {"type": "number"},
            "height_m": {"type": "number"},
            "floors": {"type": "integer"},
            "units": {"type": "integer"},
            "parking": {"type": "integer"},
            "fee": {"type": "string", "description": "Decimal amount in the commune's currency"},
            "currency": _TEXT,
            "missing_documents": {"type": "array", "items": _TEXT},
            "documents_url": {"type": "string", "format": "uri"},
            "submitted_at": _MOMENT,
            "due_on": _DATE,
            "decision": {"type": ["string", "null"], "enum": [*DECISIONS, None]},
            "check": {"$ref": "#/components/schemas/PermitCheck"},
        },
    },
    "PermitDraft": {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "applicant_name", "applicant_email", "address"],
        "properties": {
            "kind": {"type": "string", "enum": list(KINDS)},
            "applicant_name": {"type": "string", "minLength": 1, "maxLength": 200},
            "applicant_role": {"type": "string", "enum": list(files.ROLES)},
            "owner_name": {"type": "string", "maxLength": 200},
            "applicant_email": {"type": "string", "maxLength": 254, "pattern": EMAIL_PATTERN},
            "language": {"type": "string", "enum": list(LANGUAGES)},
            "address": {"type": "string", "minLength": 1, "maxLength": 300},
            "parcels": {
                "type": "array",
                "maxItems": MAX_PARCELS,
                "items": {"type": "string", "minLength": 1, "maxLength": 40},
            },
            "site": {"type": ["string", "null"], "maxLength": MAX_SITE},
            "use": {"type": "string", "enum": list(USES)},
            **{
                name: {"type": "number", "minimum": 0, "maximum": limit}
                for name, limit in AREAS.items()
            },
            **{name: {"type": "integer", "minimum": 0, "maximum": MAX_COUNT} for name in COUNTS},
        },
    },
}

_COMMUNE = {"$ref": "#/components/parameters/commune"}
_FILE_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
_PERMIT_FILE = {"application/json": {"schema": {"$ref": "#/components/schemas/PermitFile"}}}
_PUBLIC: list[dict[str, Any]] = [{}, {"bearer": []}]

OPENAPI_PATHS: dict[str, Any] = {
    "/communes/{commune}/permits/register": {
        "get": {
            "operationId": "listIssuedPermits",
            "summary": "The public register of issued permits, newest first",
            "security": _PUBLIC,
            "parameters": [
                _COMMUNE,
                {"name": "kind", "in": "query", "schema": {"type": "string", "enum": list(KINDS)}},
                {
                    "name": "status",
                    "in": "query",
                    "schema": {"type": "string", "enum": list(register.ISSUED_STATES)},
                },
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                {
                    "name": "size",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                },
            ],
            "responses": {
                "200": {
                    "description": "Issued permits",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/PermitRegister"}
                        }
                    },
                },
                **problem_responses(400, 404),
            },
        },
    },
    "/communes/{commune}/permits/follow/{code}": {
        "get": {
            "operationId": "followPermitFile",
            "summary": "Where a filed file stands, by its follow-up code",
            "security": _PUBLIC,
            "parameters": [
                _COMMUNE,
                {
                    "name": "code",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "maxLength": 32},
                },
            ],
            "responses": {
                "200": {
                    "description": "The file's state",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/PermitFollow"}
                        }
                    },
                },
                **problem_responses(400, 404),
            },
        },
    },
    "/communes/{commune}/permits/files": {
        "post": {
            "operationId": "draftPermitFile",
            "summary": "Draft a file for an applicant; its documents are attached on its page",
            "parameters": [_COMMUNE, {"$ref": "#/components/parameters/IdempotencyKey"}],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/PermitDraft"}}
                },
            },
            "responses": {
                "201": {"description": "Drafted", "content": _PERMIT_FILE},
                **problem_responses(400, 401, 403, 404, 409, 413, 422),
            },
        },
    },
    "/communes/{commune}/permits/files/{id}": {
        "get": {
            "operationId": "getPermitFile",
            "summary": "A file this key drafted",
            "parameters": [_COMMUNE, _FILE_ID],
            "responses": {
                "200": {"description": "The file", "content": _PERMIT_FILE},
                **problem_responses(400, 401, 403, 404),
            },
        },
    },
    "/communes/{commune}/permits/files/{id}/submission": {
        "post": {
            "operationId": "submitPermitFile",
            "summary": "Submit a draft: the zoning plan's check runs and its findings are kept",
            "parameters": [_COMMUNE, _FILE_ID, {"$ref": "#/components/parameters/IdempotencyKey"}],
            "responses": {
                "200": {
                    "description": "Submitted, with the check's findings",
                    "content": _PERMIT_FILE,
                },
                **problem_responses(400, 401, 403, 404, 409, 422),
            },
        },
    },
}


def _day(value: date | datetime | None) -> str | None:
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat() if value is not None else None


def register_entry(file: PermitFile) -> dict[str, Any]:
    """A register row as the API gives it: the register's public fields, dates or null."""
    row = register.register_row(file)
    return {
        **row,
        "floor_area_m2": float(row["floor_area_m2"]),
        "filed_on": _day(file.submitted_at),
        "decided_on": _day(file.decided_at),
        "issued_on": _day(file.issued_at),
    }


def _check_json(request: Request, file: PermitFile) -> dict[str, Any]:
    """The findings the file keeps from its submission, in the reader's language."""
    translate = request.localizer.translate
    return {
        "outcome": file.check_outcome,
        "plan": file.plan_reference,
        "checked_on": _day(file.checked_on),
        "findings": [
            {
                key: finding.get(key)
                for key in ("rule", "outcome", "zone", "measured", "limit", "source")
            }
            | {"message": files.finding_text(translate, finding)}
            for finding in file.findings or []
        ],
    }


def file_json(request: Request, file: PermitFile) -> dict[str, Any]:
    """A file as the ``PermitFile`` schema describes it, for the key that drafted it."""
    country = profile(request.commune.country_profile)
    return {
        "id": str(file.public_id),
        "code": file.code,
        "kind": file.kind,
        "circuit": file.circuit,
        "state": file.state,
        "applicant_name": file.applicant_name,
        "applicant_role": file.applicant_role,
        "owner_name": file.owner_name,
        "applicant_email": file.applicant_email,
        "language": file.language,
        "address": file.address,
        "parcels": list(file.parcels or []),
        "site": file.site,
        "use": file.use,
        **{name: float(getattr(file, name)) for name in AREAS},
        **{name: int(getattr(file, name)) for name in COUNTS},
        "fee": str(file.fee),
        "currency": request.commune.currency,
        "missing_documents": rules.missing_documents(country, file),
        "documents_url": request.route_url(
            "permits.file", commune=request.commune.slug, public_id=file.public_id
        ),
        "submitted_at": file.submitted_at.isoformat() if file.submitted_at else None,
        "due_on": _day(file.due_on),
        "decision": file.decision,
        "check": _check_json(request, file),
    }


def draft_data(body: dict[str, Any]) -> dict[str, Any]:
    """The checked body as the drafting service takes it: absent fields at their defaults,
    counts as whole numbers (JSON's 2.0 is an integer to the schema, not to the database)."""
    return {
        "kind": body["kind"],
        "applicant_name": body["applicant_name"],
        "applicant_role": body.get("applicant_role", "owner"),
        "owner_name": body.get("owner_name", ""),
        "address": body["address"],
        "parcels": list(body.get("parcels") or []),
        "site": body.get("site"),
        "use": body.get("use", "housing"),
        **{name: float(body.get(name, 0)) for name in AREAS},
        **{name: int(body.get(name, 0)) for name in COUNTS},
    }


def _label(request: Request) -> str:
    return str(request.baladiya_identity.label)


def _drafted_here(request: Request) -> PermitFile:
    """The file of the URL, if this key drafted it; the same 404 for any other."""
    file = files.get(request.dbsession, request.matchdict["public_id"])
    if file.filed_by != _label(request):
        raise NotFound(_("This permit file does not exist."))
    return file


@view_config(
    route_name="permits.api.register",
    request_method="GET",
    renderer="json",
    requires_module="permits",
    require_csrf=False,
)
def list_register(request: Request) -> dict[str, Any]:
    """Issued permits, a page at a time, of one kind or status if asked (the document
    holds the query to the known values)."""
    query = register.issued_query(
        kind=request.GET.get("kind") or None, status=request.GET.get("status") or None
    )
    page = paginate(request, request.dbsession, query)
    return {
        "items": [register_entry(f) for f in page.items],
        "page": page.number,
        "pages": page.pages,
        "total": page.total,
    }


@view_config(
    route_name="permits.api.follow",
    request_method="GET",
    renderer="json",
    requires_module="permits",
    require_csrf=False,
)
def follow(request: Request) -> dict[str, Any]:
    """What the follow-up page shows of a filed file: kind, state, deadline, days left."""
    file = files.by_code(request.dbsession, str(request.matchdict["code"])[:32])
    if file is None or file.state == "draft":
        raise NotFound(_("No filed permit has this code here."))
    country = profile(request.commune.country_profile)
    return {
        "code": file.code,
        "kind": file.kind,
        "state": file.state,
        "due_on": _day(file.due_on),
        "working_days_left": rules.remaining_days(country, file, utcnow().date()),
    }


@view_config(
    route_name="permits.api.files",
    request_method="POST",
    renderer="json",
    permission=Perm.APPLY,
    requires_module="permits",
    require_csrf=False,
    api_body="PermitDraft",
    idempotent=True,
)
def create_file(request: Request) -> dict[str, Any]:
    """Draft a file for the applicant named in the body; the body was checked against
    ``PermitDraft``."""
    body = request.api_body
    file = files.create_draft(
        request.dbsession,
        request.commune,
        actor=_label(request),
        data=draft_data(body),
        applicant_email=body["applicant_email"],
        language=body.get("language"),
    )
    created(request, "permits.api.file", public_id=file.public_id)
    return file_json(request, file)


@view_config(
    route_name="permits.api.file",
    request_method="GET",
    renderer="json",
    permission=Perm.APPLY,
    requires_module="permits",
    require_csrf=False,
)
def get_file(request: Request) -> dict[str, Any]:
    return file_json(request, _drafted_here(request))


@view_config(
    route_name="permits.api.file.submission",
    request_method="POST",
    renderer="json",
    permission=Perm.APPLY,
    requires_module="permits",
    require_csrf=False,
    idempotent=True,
)
def submit_file(request: Request) -> dict[str, Any]:
    """File the draft: the workflow refuses it while documents are missing; otherwise the
    zoning plan's check runs and the answer carries its findings."""
    file = _drafted_here(request)
    try:
        handling.act(
            request.dbsession,
            file,
            "submit",
            actor=_label(request),
            permissions=request.permissions,
        )
    except NotFound as unknown:
        # What the check cannot find is in the file (a parcel reference), not the file.
        raise ValidationFailed(unknown.detail, {"parcels": "unknown"}) from unknown
    return file_json(request, file)
