"""The written contracts with the national platforms: one JSON Schema per message.

The schemas in this folder are the contract; docs/sync/ explains each platform around
them. ``event.json`` is what every message carries (commune code, stable event id,
event time, payload version, object); ``<platform>.<object_type>.<kind>.json`` adds the
payload of one message type; ``complaints.*.form.json`` and ``complaints.requests.pull``
describe the Open311 wire forms of the complaints platform; ``statuses.pull`` is the
answer of a JSON platform's status pull (:data:`STATUS_PULLS`). Both sides validate with
:func:`validate`: our producers before anything is queued, the simulator on receipt.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

PAYLOAD_VERSION = "1"
EVENT_SCHEMA = "event"

# Platform name -> the message types it accepts (``<object_type>.<kind>``).
PLATFORMS: dict[str, tuple[str, ...]] = {
    "complaints": ("complaint.filed", "complaint.status_changed"),
    "permits": ("permit_application.filed", "permit_application.decided"),
    "civil_status": (
        "civil_status_act.registered",
        "civil_status_act.amended",
        "civil_status_statistics.reported",
        "civil_status_request.forwarded",
    ),
    "budget": ("budget_execution.reported",),
    "spending": ("commitment.recorded", "payment.recorded"),
    "documents": ("document.issued", "document.revoked"),
}

# JSON platforms that answer with statuses (``GET /v1/statuses``, schema
# ``statuses.pull``), and the statuses each may set on a commune's object.
STATUS_PULLS: dict[str, tuple[str, ...]] = {"civil_status": ("ready", "refused")}
STATUS_PULL_SCHEMA = "statuses.pull"

_FORMATS = FormatChecker()


@_FORMATS.checks("date-time", raises=ValueError)
def _is_datetime(value: object) -> bool:
    """RFC 3339 date-time with an offset (jsonschema checks it only with an extra library)."""
    if not isinstance(value, str):
        return True
    if "T" not in value.upper():
        return False
    return datetime.fromisoformat(value).tzinfo is not None


class ContractViolation(ValueError):
    """A document that does not follow its contract; ``errors`` name each place and why."""

    def __init__(self, schema: str, errors: list[dict[str, str]]) -> None:
        self.schema = schema
        self.errors = errors
        first = errors[0]
        super().__init__(f"{schema}: {first['path']}: {first['message']}")


@dataclass(frozen=True)
class Schema:
    """One schema file of the contract, by its file name without ``.json``."""

    name: str
    document: dict[str, Any]


def _files() -> dict[str, dict[str, Any]]:
    folder = resources.files(__name__)
    return {
        entry.name.removesuffix(".json"): json.loads(entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    }


@cache
def schemas() -> dict[str, Schema]:
    """Every schema of the contract, loaded once."""
    return {name: Schema(name, document) for name, document in _files().items()}


@cache
def _registry() -> Registry:
    resources_ = [
        (s.document["$id"], Resource.from_contents(s.document)) for s in schemas().values()
    ]
    return Registry().with_resources(resources_)


@cache
def validator(name: str) -> Draft202012Validator:
    """The validator of schema ``name`` (e.g. ``complaints.complaint.filed``)."""
    try:
        schema = schemas()[name]
    except KeyError:
        raise LookupError(f"no contract schema named {name!r}") from None
    return Draft202012Validator(schema.document, registry=_registry(), format_checker=_FORMATS)


def message_schema(platform: str, message_type: str) -> str:
    """The schema name of a platform's message type; unknown pairs are a programming error."""
    if message_type not in PLATFORMS.get(platform, ()):
        raise LookupError(f"platform {platform!r} has no message type {message_type!r}")
    return f"{platform}.{message_type}"


def errors(name: str, document: Any) -> list[dict[str, str]]:
    """Every way ``document`` breaks schema ``name``, as ``{"path", "message"}`` pairs."""
    found = sorted(validator(name).iter_errors(document), key=lambda e: list(e.absolute_path))
    return [
        {"path": "/" + "/".join(str(p) for p in error.absolute_path), "message": error.message}
        for error in found
    ]


def validate(name: str, document: Any) -> None:
    """Raise :class:`ContractViolation` unless ``document`` follows schema ``name``."""
    problems = errors(name, document)
    if problems:
        raise ContractViolation(name, problems)
