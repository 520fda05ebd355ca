"""Events for the national platforms: what producers call to queue a message.

:func:`emit` builds the event document of the contract (commune code, stable event id,
event time, payload version, the object it is about), validates it against the
platform's JSON Schema and writes it to the transactional outbox in the caller's
transaction. A producer bug therefore fails at the write that caused it, in tests,
never later at the national platform.

The outbox row for platform ``p`` has the destination ``national:p`` and the
idempotency key ``national:p:<event id>``; its payload is the event document itself,
which is also what the platform receives (or, for Open311, what its form is made of).
Messages about one object share an :func:`object_key` (the outbox row's
``ordering_key``), so the delivery keeps their order.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from municipality import outbox
from municipality.models import Commune, OutboxMessage
from sync import contracts

DESTINATION_PREFIX = "national:"

# Stable event ids derived from something already unique (an audit event) live here.
EVENT_NAMESPACE = uuid.UUID("6f1d7c3e-5a8b-4f0e-9c2d-1b3a4e5f6a7b")


def destination(platform: str) -> str:
    """The outbox destination of a platform's messages (``national:complaints``)."""
    return f"{DESTINATION_PREFIX}{platform}"


def platform_of(destination_: str) -> str | None:
    """The platform an outbox destination names, or ``None`` for other destinations."""
    if destination_.startswith(DESTINATION_PREFIX):
        return destination_.removeprefix(DESTINATION_PREFIX)
    return None


def stable_event_id(source: str) -> uuid.UUID:
    """The same event id every time for the same source (e.g. ``"commune:3:42"``)."""
    return uuid.uuid5(EVENT_NAMESPACE, source)


def object_key(document: Mapping[str, Any]) -> str:
    """What orders deliveries: a commune's messages about one object go out in order."""
    obj = document["object"]
    return f"{document['commune']}:{obj['type']}:{obj['id']}"


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def build(
    *,
    commune: Commune | str,
    object_type: str,
    object_id: str,
    kind: str,
    payload: Mapping[str, Any],
    occurred_at: datetime,
    event_id: uuid.UUID | None = None,
    payload_version: str = contracts.PAYLOAD_VERSION,
) -> dict[str, Any]:
    """The event document of the contract (not validated; :func:`emit` validates)."""
    code = commune if isinstance(commune, str) else commune.slug
    return {
        "event_id": str(event_id or uuid.uuid4()),
        "event_type": f"{object_type}.{kind}",
        "occurred_at": _iso(occurred_at),
        "commune": code,
        "payload_version": payload_version,
        "object": {"type": object_type, "id": str(object_id)},
        "payload": _plain(dict(payload)),
    }


def _plain(value: Any) -> Any:
    """Dates as RFC 3339 text, other JSON values unchanged: what a JSON column can hold."""
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def emit(
    session: Session,
    *,
    commune: Commune,
    platform: str,
    object_type: str,
    object_id: str,
    kind: str,
    payload: Mapping[str, Any],
    occurred_at: datetime,
    event_id: uuid.UUID | None = None,
    payload_version: str = contracts.PAYLOAD_VERSION,
) -> OutboxMessage:
    """Queue one message to ``platform`` in the caller's transaction and return it.

    ``payload`` holds the message's own fields (``None`` values are left out, datetimes
    become RFC 3339 text). Raises :class:`sync.contracts.ContractViolation` when the
    document breaks the contract, and ``LookupError`` when the platform does not take
    this kind of message. Give ``event_id`` (see :func:`stable_event_id`) when the same
    cause may be emitted twice: the outbox then keeps only the first.
    """
    document = build(
        commune=commune,
        object_type=object_type,
        object_id=object_id,
        kind=kind,
        payload=payload,
        occurred_at=occurred_at,
        event_id=event_id,
        payload_version=payload_version,
    )
    contracts.validate(contracts.EVENT_SCHEMA, document)
    contracts.validate(contracts.message_schema(platform, document["event_type"]), document)
    return outbox.enqueue(
        session,
        destination=destination(platform),
        payload=document,
        idempotency_key=f"{destination(platform)}:{document['event_id']}",
        commune_id=commune.id,
        ordering_key=object_key(document),
    )
