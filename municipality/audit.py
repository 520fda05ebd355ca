"""The audit chain: every write appends a hashed link, chained per commune.

Each event's hash covers its own fields and the previous event's hash, and a head row
per chain records the last link. Editing, deleting, inserting or reordering events
directly in the database therefore breaks either a hash, a link, the sequence or the
head, and :func:`verify_chain` names the first event where that happens.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Executable, select, update
from sqlalchemy.orm import Session

from municipality import domain_events
from municipality.db import insert_for, utcnow
from municipality.models import AuditEvent, AuditHead

GENESIS = "0" * 64
PLATFORM_CHAIN = "platform"


def chain_name(commune_id: int | None) -> str:
    """Name of the chain a commune's events belong to."""
    return PLATFORM_CHAIN if commune_id is None else f"commune:{commune_id}"


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def event_hash(
    *,
    chain: str,
    seq: int,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    changes: dict[str, Any],
    occurred_at: datetime,
    prev_hash: str,
) -> str:
    """The SHA-256 of an event's content and its predecessor's hash."""
    if occurred_at.tzinfo is not None:
        occurred_at = occurred_at.astimezone(UTC).replace(tzinfo=None)
    occurred = occurred_at.isoformat(timespec="microseconds")
    document = {
        "chain": chain,
        "seq": seq,
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "changes": _canonical(changes),
        "occurred_at": occurred,
        "prev_hash": prev_hash,
    }
    encoded = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


def _claim(session: Session, chain: str) -> Executable:
    """The statement that locks the head until the transaction ends and reads it back.

    PostgreSQL locks the row for a ``SELECT ... FOR UPDATE``. SQLite locks nothing for a
    read: two transactions whose first write was their event read the same head and took
    the same link. There an UPDATE that changes nothing takes the write lock first.
    """
    if session.get_bind().dialect.name == "sqlite":
        return (
            update(AuditHead)
            .where(AuditHead.chain == chain)
            .values(seq=AuditHead.seq)
            .returning(AuditHead)
        )
    return select(AuditHead).where(AuditHead.chain == chain).with_for_update()


def _locked_head(session: Session, chain: str) -> AuditHead:
    """The chain's head, held by this transaction, as stored now (not as once loaded)."""
    claim = _claim(session, chain).execution_options(populate_existing=True)
    head = session.execute(claim).scalar_one_or_none()
    if head is None:
        _start_chain(session, chain)
        head = session.execute(claim).scalar_one()
    return head


def hold_chain(session: Session, commune_id: int | None) -> None:
    """Take the commune's chain head now, before the rows a service is about to lock.

    A writer that locks a row and then writes its event takes the head last; another
    that already holds the head (a batch of outbox deliveries, one event each) and then
    wants that row waits for it: a deadlock. Services where both meet take the head
    first, so the head orders every lock after it.
    """
    _locked_head(session, chain_name(commune_id))


def _start_chain(session: Session, chain: str) -> None:
    """Create the head, unless a concurrent transaction just did: it then goes first.

    On PostgreSQL the insert waits for that transaction and does nothing once it has
    committed; the claim that follows then locks the head it made.
    """
    session.execute(
        insert_for(session, AuditHead)
        .values(chain=chain, seq=0, hash=GENESIS)
        .on_conflict_do_nothing()
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The fields whose value changed, as ``{"field": [before, after]}``."""
    keys = sorted(set(before) | set(after))
    return {
        k: [_canonical(before.get(k)), _canonical(after.get(k))]
        for k in keys
        if before.get(k) != after.get(k)
    }


def record(
    session: Session,
    *,
    commune_id: int | None,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an event to the commune's chain, inside the caller's transaction.

    The event is then handed to the application's domain-event subscribers
    (:mod:`municipality.domain_events`), still inside that transaction.
    """
    chain = chain_name(commune_id)
    head = _locked_head(session, chain)
    occurred_at = utcnow()
    seq = head.seq + 1
    payload = changes or {}
    digest = event_hash(
        chain=chain,
        seq=seq,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        changes=payload,
        occurred_at=occurred_at,
        prev_hash=head.hash,
    )
    event = AuditEvent(
        chain=chain,
        commune_id=commune_id,
        seq=seq,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        changes=_canonical(payload),
        occurred_at=occurred_at,
        prev_hash=head.hash,
        hash=digest,
    )
    session.add(event)
    head.seq = seq
    head.hash = digest
    domain_events.publish(session, event)
    return event


T = TypeVar("T")


def write(
    session: Session,
    obj: Any,
    *,
    actor: str,
    action: str,
    object_type: str,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record ``action`` on a row a service just wrote: added if new, flushed, then audited.

    The flush gives a new row its ids before the event names it; the event goes on the
    chain of the row's commune (``commune_id``), or the platform's chain for a row that
    belongs to no commune. The event's object is the row's ``public_id``.
    """
    if obj not in session:
        session.add(obj)
    session.flush()
    return record(
        session,
        commune_id=getattr(obj, "commune_id", None),
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(obj.public_id),
        changes=changes,
    )


@contextmanager
def tracked(
    session: Session,
    obj: T,
    *,
    actor: str,
    action: str,
    object_type: str,
    values: Callable[[T], dict[str, Any]],
) -> Iterator[T]:
    """Audit the changes the ``with`` block makes to ``obj``, as a before/after diff.

    ``values`` reads what the event compares (the same function before and after the
    block). Nothing is recorded when the block raises.
    """
    before = values(obj)
    yield obj
    write(
        session,
        obj,
        actor=actor,
        action=action,
        object_type=object_type,
        changes=diff(before, values(obj)),
    )


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a verification: how many links were checked and the first break."""

    checked: int
    broken_at: int | None = None
    reason: str | None = None

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain(session: Session, commune_id: int | None) -> ChainReport:
    """Walk a chain in sequence order and report the first link that does not hold."""
    chain = chain_name(commune_id)
    events = session.execute(
        select(AuditEvent)
        .where(AuditEvent.chain == chain)
        .order_by(AuditEvent.seq, AuditEvent.id)
        .execution_options(all_communes=True)
    ).scalars()
    prev_hash, expected_seq, last_id = GENESIS, 1, 0
    checked = 0
    for event in events:
        problem = _link_problem(event, chain, expected_seq, prev_hash, last_id)
        if problem:
            return ChainReport(checked, event.seq, problem)
        prev_hash, expected_seq, last_id = event.hash, expected_seq + 1, event.id
        checked += 1
    head = session.get(AuditHead, chain)
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq != checked or head_hash != prev_hash:
        return ChainReport(checked, checked + 1, "events after the last link were removed")
    return ChainReport(checked)


def _link_problem(
    event: AuditEvent, chain: str, expected_seq: int, prev_hash: str, last_id: int
) -> str | None:
    if event.seq != expected_seq:
        return f"sequence jumps from {expected_seq - 1} to {event.seq} (an event was removed)"
    if event.id < last_id:
        return "events are out of order"
    if event.prev_hash != prev_hash:
        return "does not link to the previous event (an event was inserted or reordered)"
    recomputed = event_hash(
        chain=chain,
        seq=event.seq,
        actor=event.actor,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        changes=event.changes,
        occurred_at=event.occurred_at,
        prev_hash=event.prev_hash,
    )
    if recomputed != event.hash:
        return "content does not match its hash (the event was edited)"
    return None


def history(session: Session, object_type: str, object_id: str) -> list[AuditEvent]:
    """Events about one object, oldest first; the tenant scope of the session applies."""
    stmt = select(AuditEvent).where(
        AuditEvent.object_type == object_type, AuditEvent.object_id == object_id
    )
    commune_id = session.info.get("commune_id")
    if commune_id is not None:
        stmt = stmt.where(AuditEvent.commune_id == commune_id)
    return list(session.execute(stmt.order_by(AuditEvent.seq)).scalars())
