"""National platforms: connections, pausing, the delivery board, replay and cancel.

Services take the session, the acting user and the commune explicitly; every change is
audited in the same transaction. Secrets are sealed with the application secret before
they are stored and never returned: an audit entry says a secret changed, not what it is.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, select
from sqlalchemy.orm import Session, aliased

from municipality import audit, outbox
from municipality.errors import NotFound, ValidationFailed
from municipality.i18n import _
from municipality.models import Commune, OutboxMessage
from municipality.outbox import CANCELLED, DEAD, DELIVERED, PENDING
from sync import contracts
from sync.delivery import aware, channel
from sync.models import DeliveryAttempt, DeliveryLane, PlatformConnection
from sync.sealing import seal

PLATFORMS: tuple[str, ...] = tuple(contracts.PLATFORMS)
FAILED, HELD_BACK = "failed", "held_back"
# What the board and the message filter distinguish; "failed" is pending after a try that
# got no answer about it (such tries do not count as attempts, so the last error tells).
STATES = (PENDING, FAILED, HELD_BACK, DEAD, DELIVERED, CANCELLED)


def _known(platform: str) -> str:
    if platform not in PLATFORMS:
        raise NotFound(
            _("There is no national platform named ${name}.", mapping={"name": platform})
        )
    return platform


# --- Connections --------------------------------------------------------------------------


def connection_of(session: Session, commune: Commune, platform: str) -> PlatformConnection | None:
    return session.execute(
        select(PlatformConnection).where(
            PlatformConnection.commune_id == commune.id,
            PlatformConnection.platform == _known(platform),
        )
    ).scalar_one_or_none()


def lane_of(session: Session, commune: Commune, platform: str) -> DeliveryLane | None:
    """The commune's delivery lane to ``platform`` (its breaker and outage), if configured."""
    return session.execute(
        select(DeliveryLane).where(
            DeliveryLane.commune_id == commune.id, DeliveryLane.platform == _known(platform)
        )
    ).scalar_one_or_none()


def _lane(session: Session, commune: Commune, platform: str) -> DeliveryLane:
    lane = session.execute(
        select(DeliveryLane).where(
            DeliveryLane.commune_id == commune.id, DeliveryLane.platform == platform
        )
    ).scalar_one_or_none()
    if lane is None:
        lane = DeliveryLane(commune_id=commune.id, platform=platform, latency_buckets=[])
        session.add(lane)
    return lane


def _rotate(connection: PlatformConnection, key_id: str, sealed: str) -> None:
    """The current key becomes the previous one, still accepted while both sides switch."""
    connection.previous_key_id = connection.key_id
    connection.previous_secret_sealed = connection.secret_sealed
    connection.key_id = key_id
    connection.secret_sealed = sealed


def configure(
    session: Session,
    *,
    actor: str,
    commune: Commune,
    platform: str,
    data: Mapping[str, Any],
    app_secret: str,
) -> PlatformConnection:
    """Create or update the commune's connection to ``platform``.

    ``data`` holds ``base_url``, ``client_id``, ``key_id``, ``secret`` (empty: keep the
    stored one), ``rotate`` (the stored key becomes the previous key) and
    ``forget_previous``. A new key id needs its secret; a new connection needs one.
    """
    connection = connection_of(session, commune, platform)
    secret = (data.get("secret") or "").strip()
    key_id = data["key_id"].strip()
    created = connection is None
    if connection is None:
        if not secret:
            raise ValidationFailed(
                _("Enter the secret of the signing key."),
                {"secret": _("Required for a new connection.")},
            )
        connection = PlatformConnection(commune_id=commune.id, platform=platform, paused=False)
    elif key_id != connection.key_id and not secret:
        raise ValidationFailed(
            _("A new key needs its secret."), {"secret": _("Enter the secret of the new key.")}
        )
    before = {
        "base_url": connection.base_url,
        "client_id": connection.client_id,
        "key_id": connection.key_id,
        "previous_key_id": connection.previous_key_id,
    }
    connection.base_url = data["base_url"].strip()
    connection.client_id = data["client_id"].strip()
    if created:
        connection.key_id, connection.secret_sealed = key_id, seal(app_secret, secret)
    elif secret and data.get("rotate") and key_id != connection.key_id:
        _rotate(connection, key_id, seal(app_secret, secret))
    elif secret:
        connection.key_id, connection.secret_sealed = key_id, seal(app_secret, secret)
    if data.get("forget_previous"):
        connection.previous_key_id = connection.previous_secret_sealed = None
    if created:
        session.add(connection)
        _lane(session, commune, platform)
    after = {
        "base_url": connection.base_url,
        "client_id": connection.client_id,
        "key_id": connection.key_id,
        "previous_key_id": connection.previous_key_id,
    }
    changes: dict[str, Any] = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if secret:
        changes["secret_replaced"] = True
    audit.record(
        session,
        commune_id=commune.id,
        actor=actor,
        action="sync:platform:configured",
        object_type="sync_connection",
        object_id=platform,
        changes=changes,
    )
    return connection


def set_paused(
    session: Session, *, actor: str, commune: Commune, platform: str, paused: bool
) -> PlatformConnection:
    """Pause or resume delivery of the commune's messages to ``platform``."""
    connection = connection_of(session, commune, platform)
    if connection is None:
        raise NotFound(_("This platform is not configured for the commune yet."))
    if connection.paused != paused:
        audit.record(
            session,
            commune_id=commune.id,
            actor=actor,
            action="sync:platform:paused" if paused else "sync:platform:resumed",
            object_type="sync_connection",
            object_id=platform,
            changes={"paused": [connection.paused, paused]},
        )
        connection.paused = paused
    return connection


# --- Messages -----------------------------------------------------------------------------


def _older() -> Any:
    return aliased(OutboxMessage)


def _behind_dead() -> Any:
    """SQL: an older message of the same object is dead, so this one waits."""
    older = _older()
    return exists().where(
        older.commune_id == OutboxMessage.commune_id,
        older.destination == OutboxMessage.destination,
        older.ordering_key == OutboxMessage.ordering_key,
        older.id < OutboxMessage.id,
        older.state == DEAD,
    )


def _state_condition(state: str) -> Any:
    """SQL of one board state; the waiting states do not overlap."""
    waiting = OutboxMessage.state == PENDING
    if state == PENDING:
        return and_(waiting, OutboxMessage.last_error.is_(None), ~_behind_dead())
    if state == FAILED:
        return and_(waiting, OutboxMessage.last_error.is_not(None), ~_behind_dead())
    if state == HELD_BACK:
        return and_(waiting, _behind_dead())
    return OutboxMessage.state == state


def national_messages(commune: Commune, platform: str = "", state: str = "") -> Select[Any]:
    """The commune's national messages, newest first, filtered by platform and state."""
    stmt = select(OutboxMessage).where(OutboxMessage.commune_id == commune.id)
    if platform in PLATFORMS:
        stmt = stmt.where(OutboxMessage.destination == channel(platform))
    else:
        stmt = stmt.where(OutboxMessage.destination.in_([channel(p) for p in PLATFORMS]))
    if state in STATES:
        stmt = stmt.where(_state_condition(state))
    return stmt.order_by(OutboxMessage.id.desc())


def national_message(session: Session, commune: Commune, public_id: str) -> OutboxMessage:
    """One of the commune's national messages, or :class:`NotFound`."""
    missing = NotFound(_("This message does not exist here."))
    try:
        key = uuid.UUID(public_id)
    except ValueError as exc:
        raise missing from exc
    message = session.execute(
        select(OutboxMessage).where(
            OutboxMessage.public_id == key,
            OutboxMessage.commune_id == commune.id,
            OutboxMessage.destination.in_([channel(p) for p in PLATFORMS]),
        )
    ).scalar_one_or_none()
    if message is None:
        raise missing
    return message


def attempts_of(session: Session, message: OutboxMessage) -> list[DeliveryAttempt]:
    return list(
        session.execute(
            select(DeliveryAttempt)
            .where(DeliveryAttempt.outbox_id == message.id)
            .order_by(DeliveryAttempt.id.desc())
            .limit(50)
        ).scalars()
    )


def blocker_of(session: Session, message: OutboxMessage) -> OutboxMessage | None:
    """The oldest earlier message of the same object that holds this one back, if any."""
    if message.state != PENDING or message.ordering_key is None:
        return None
    return session.execute(
        select(OutboxMessage)
        .where(
            OutboxMessage.commune_id == message.commune_id,
            OutboxMessage.destination == message.destination,
            OutboxMessage.ordering_key == message.ordering_key,
            OutboxMessage.id < message.id,
            OutboxMessage.state.in_((DEAD, PENDING)),
        )
        .order_by(OutboxMessage.id)
        .limit(1)
    ).scalar_one_or_none()


def replay(session: Session, *, actor: str, commune: Commune, public_id: str) -> OutboxMessage:
    """Send a dead message again from scratch (audited by the outbox)."""
    message = national_message(session, commune, public_id)
    return outbox.replay(session, message.public_id, actor=actor)


def cancel(session: Session, *, actor: str, commune: Commune, public_id: str) -> OutboxMessage:
    """Give up on a message that has not left; later messages of its object may then go."""
    message = national_message(session, commune, public_id)
    return outbox.cancel(session, message.public_id, actor=actor)


# --- The board ----------------------------------------------------------------------------


@dataclass
class PlatformStatus:
    """One line of the board: a platform as one commune (or every commune) sees it."""

    platform: str
    connection: PlatformConnection | None = None
    lane: DeliveryLane | None = None
    oldest: datetime | None = None
    pending: int = 0
    failed: int = 0
    held_back: int = 0
    dead: int = 0
    delivered: int = 0
    cancelled: int = 0

    def lag_seconds(self, now: datetime) -> float:
        """How long the oldest waiting message has waited (0 when none waits)."""
        return max((now - aware(self.oldest)).total_seconds(), 0.0) if self.oldest else 0.0


def _bucket() -> Any:
    """The board state of a message, as SQL (see :data:`STATES`)."""
    waiting = OutboxMessage.state == PENDING
    return case(
        (and_(waiting, _behind_dead()), HELD_BACK),
        (and_(waiting, OutboxMessage.last_error.is_not(None)), FAILED),
        else_=OutboxMessage.state,
    )


def state_counts(session: Session, commune_id: int | None = None) -> list[tuple[Any, ...]]:
    """``(commune_id, destination, state, count)`` of national messages, by board state."""
    inner = select(
        OutboxMessage.commune_id, OutboxMessage.destination, _bucket().label("bucket")
    ).where(OutboxMessage.destination.in_([channel(p) for p in PLATFORMS]))
    if commune_id is not None:
        inner = inner.where(OutboxMessage.commune_id == commune_id)
    rows = inner.subquery()
    stmt = select(rows.c.commune_id, rows.c.destination, rows.c.bucket, func.count()).group_by(
        rows.c.commune_id, rows.c.destination, rows.c.bucket
    )
    return [tuple(row) for row in session.execute(stmt)]


def waiting_stats(session: Session, commune_id: int | None = None) -> list[tuple[Any, ...]]:
    """``(commune_id, destination, oldest created_at)`` of messages not yet delivered."""
    stmt = (
        select(
            OutboxMessage.commune_id,
            OutboxMessage.destination,
            func.min(OutboxMessage.created_at),
        )
        .where(
            OutboxMessage.destination.in_([channel(p) for p in PLATFORMS]),
            OutboxMessage.state == PENDING,
        )
        .group_by(OutboxMessage.commune_id, OutboxMessage.destination)
    )
    if commune_id is not None:
        stmt = stmt.where(OutboxMessage.commune_id == commune_id)
    return [tuple(row) for row in session.execute(stmt)]


@dataclass
class CommuneStatus(PlatformStatus):
    """A line of the overview of every commune: one commune's stream to one platform."""

    commune: Commune | None = None


def overview(session: Session, platform: str = "") -> list[CommuneStatus]:
    """Every commune's stream to every platform that has messages, busiest problems first."""
    communes = {c.id: c for c in session.execute(select(Commune)).scalars()}
    rows: dict[tuple[int, str], CommuneStatus] = {}

    def row(commune_id: int, destination: str) -> CommuneStatus:
        name = destination.removeprefix("national:")
        key = (commune_id, name)
        if key not in rows:
            rows[key] = CommuneStatus(name, commune=communes.get(commune_id))
        return rows[key]

    for commune_id, destination, state, count in state_counts(session):
        setattr(row(commune_id, destination), state, count)
    for commune_id, destination, oldest in waiting_stats(session):
        row(commune_id, destination).oldest = oldest
    found = [r for r in rows.values() if not platform or r.platform == platform]
    return sorted(
        found,
        key=lambda r: (-r.dead, -r.failed, -r.held_back, r.commune.slug if r.commune else ""),
    )


def board(session: Session, commune: Commune) -> list[PlatformStatus]:
    """Every platform as the commune sees it: connection, breaker, counts and lag."""
    rows = {p: PlatformStatus(p) for p in PLATFORMS}
    for connection in session.execute(
        select(PlatformConnection).where(PlatformConnection.commune_id == commune.id)
    ).scalars():
        if connection.platform in rows:
            rows[connection.platform].connection = connection
    for lane in session.execute(
        select(DeliveryLane).where(DeliveryLane.commune_id == commune.id)
    ).scalars():
        if lane.platform in rows:
            rows[lane.platform].lane = lane
    for _commune, destination, state, count in state_counts(session, commune.id):
        setattr(rows[destination.removeprefix("national:")], state, count)
    for _commune, destination, oldest in waiting_stats(session, commune.id):
        rows[destination.removeprefix("national:")].oldest = oldest
    return list(rows.values())
