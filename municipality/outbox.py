"""The transactional outbox: what must leave the system is written with its cause.

A message is a row added in the same transaction as the change it reports, so it exists
exactly when the change does. A job delivers due messages through the adapter named by
their destination, retrying with exponential backoff and jitter, and parks a message in
the ``dead`` state after too many failures, where a person can inspect and replay it.
On PostgreSQL, workers claim batches with ``FOR UPDATE SKIP LOCKED`` so two workers never
hold the same row. A module with a worker of its own (national platforms) reserves a
destination prefix, which the core job then leaves alone; a person may cancel a message
that must not leave after all.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from pyramid.registry import Registry
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, sessionmaker

from municipality import audit
from municipality.db import insert_for, utcnow
from municipality.errors import Conflict, NotFound
from municipality.i18n import _
from municipality.models import OutboxMessage
from municipality.transactions import unit_of_work

PENDING, DELIVERED, DEAD, CANCELLED = "pending", "delivered", "dead", "cancelled"
MAX_DELAY_SECONDS = 6 * 3600
RESERVED_PREFIXES_KEY = "baladiya.outbox.reserved_prefixes"


class Deliverer(Protocol):
    """Something that sends one message out; raising means 'try again later'."""

    def __call__(self, message: OutboxMessage) -> None: ...


@dataclass
class OutboxPolicy:
    """How hard to try: attempts before dead-lettering and the base of the backoff."""

    max_attempts: int = 8
    base_delay: float = 30.0
    batch: int = 50
    rng: Callable[[], float] = field(default=random.random)

    def delay(self, attempts: int) -> timedelta:
        """Exponential backoff, capped at six hours, with jitter: half to all of it."""
        ceiling = min(self.base_delay * (2 ** max(attempts - 1, 0)), MAX_DELAY_SECONDS)
        return timedelta(seconds=ceiling * (0.5 + self.rng() / 2))


def enqueue(
    session: Session,
    *,
    destination: str,
    payload: dict[str, Any],
    idempotency_key: str,
    commune_id: int | None,
    ordering_key: str | None = None,
) -> OutboxMessage:
    """Add a message to the caller's transaction; a repeated key returns the first message.

    Messages of one destination sharing an ``ordering_key`` are delivered in the order
    they were enqueued, by workers that honour it (see ``sync.delivery``). The message is
    inserted at once, skipping a key already stored: one statement, where a look-up then an
    insert took two. The session is not flushed first: the change being reported is written
    at commit with the rest.
    """
    values = {
        "destination": destination,
        "payload": payload,
        "idempotency_key": idempotency_key,
        "commune_id": commune_id,
        "ordering_key": ordering_key,
    }
    with session.no_autoflush:
        message = session.execute(
            insert_for(session, OutboxMessage)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
            .returning(OutboxMessage)
        ).scalar_one_or_none()
        if message is None:
            session.info[_LAST_QUEUED] = None
            return session.execute(
                select(OutboxMessage).where(OutboxMessage.idempotency_key == idempotency_key)
            ).scalar_one()
    session.info[_LAST_QUEUED] = message.id
    return message


_LAST_QUEUED = "baladiya.outbox.last_queued"


def queued_now(session: Session, message: OutboxMessage) -> bool:
    """Whether the session's latest :func:`enqueue` queued ``message``, rather than finding
    its key queued before."""
    return message.id is not None and session.info.get(_LAST_QUEUED) == message.id


def reserve_prefix(registry: Registry, prefix: str) -> None:
    """Destinations starting with ``prefix`` are delivered by a module's own worker."""
    registry.setdefault(RESERVED_PREFIXES_KEY, set()).add(prefix)


def reserved_prefixes(registry: Registry) -> tuple[str, ...]:
    return tuple(sorted(registry.get(RESERVED_PREFIXES_KEY, ())))


def messages(commune_id: int, state: str | None = None) -> Select[tuple[OutboxMessage]]:
    """A commune's messages for its outbox page, newest first, optionally in one state."""
    stmt = select(OutboxMessage).where(OutboxMessage.commune_id == commune_id)
    if state is not None:
        stmt = stmt.where(OutboxMessage.state == state)
    return stmt.order_by(OutboxMessage.id.desc())


def state_counts(session: Session, commune_id: int) -> dict[str, int]:
    """How many of a commune's messages are in each state."""
    stmt = (
        select(OutboxMessage.state, func.count())
        .where(OutboxMessage.commune_id == commune_id)
        .group_by(OutboxMessage.state)
    )
    return dict(session.execute(stmt).tuples().all())


def claim_due(
    session: Session, limit: int, exclude_prefixes: tuple[str, ...] = ()
) -> list[OutboxMessage]:
    """Lock and return up to ``limit`` due messages that no other worker holds."""
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.state == PENDING, OutboxMessage.next_attempt_at <= utcnow())
        .where(
            *(~OutboxMessage.destination.startswith(p, autoescape=True) for p in exclude_prefixes)
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    return list(session.execute(stmt).scalars())


def _attempt(message: OutboxMessage, deliverer: Deliverer | None, policy: OutboxPolicy) -> bool:
    message.attempts += 1
    try:
        if deliverer is None:
            raise LookupError(f"no adapter for destination {message.destination!r}")
        deliverer(message)
    except Exception as exc:  # any adapter failure is a retry, not a crash
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if message.attempts >= policy.max_attempts:
            message.state = DEAD
        else:
            message.next_attempt_at = utcnow() + policy.delay(message.attempts)
        return False
    message.state = DELIVERED
    message.delivered_at = utcnow()
    message.last_error = None
    return True


@dataclass(frozen=True)
class DeliveryReport:
    """What one delivery pass did."""

    delivered: int = 0
    failed: int = 0


def deliver_batch(
    session_factory: sessionmaker[Session],
    deliverers: dict[str, Deliverer],
    policy: OutboxPolicy,
    exclude_prefixes: tuple[str, ...] = (),
) -> DeliveryReport:
    """Claim one batch and try each message once, in a transaction of its own."""
    delivered = failed = 0
    with unit_of_work(session_factory) as session:
        for message in claim_due(session, policy.batch, exclude_prefixes):
            if _attempt(message, deliverers.get(message.destination), policy):
                delivered += 1
            else:
                failed += 1
    return DeliveryReport(delivered, failed)


def _locked(session: Session, public_id: Any) -> OutboxMessage:
    """The message, locked: a worker delivering it finishes first, and we see its outcome."""
    message = session.execute(
        select(OutboxMessage).where(OutboxMessage.public_id == public_id).with_for_update()
    ).scalar_one_or_none()
    if message is None:
        raise NotFound(_("This message does not exist here."))
    return message


def replay(session: Session, public_id: Any, *, actor: str = "system") -> OutboxMessage:
    """Send a dead-lettered message again from scratch, at a person's request."""
    message = _locked(session, public_id)
    if message.state != DEAD:
        raise Conflict(_("Only messages that failed for good can be sent again."))
    before = message.last_error
    message.state = PENDING
    message.attempts = 0
    message.last_error = None
    message.next_attempt_at = utcnow()
    audit.write(
        session,
        message,
        actor=actor,
        action="municipality:outbox:replayed",
        object_type="outbox_message",
        changes={"state": [DEAD, PENDING], "last_error": [before, None]},
    )
    return message


def cancel(session: Session, public_id: Any, *, actor: str = "system") -> OutboxMessage:
    """Give up on a message that has not left (waiting or dead), at a person's request."""
    message = _locked(session, public_id)
    if message.state not in (PENDING, DEAD):
        raise Conflict(_("Only messages that have not left can be cancelled."))
    before = message.state
    message.state = CANCELLED
    audit.write(
        session,
        message,
        actor=actor,
        action="municipality:outbox:cancelled",
        object_type="outbox_message",
        changes={"state": [before, CANCELLED]},
    )
    return message
