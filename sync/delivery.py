"""The delivery engine: outbox messages of ``national:<platform>`` out to the platform.

Work is divided into *lanes*, one per commune and platform (:class:`DeliveryLane`). A
worker takes a lane by locking its row (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so
two workers never hold one lane and neither waits for the other), claims a batch of the
lane's due messages, sends them one by one and records each outcome, all in that one
transaction. If the worker dies or loses its connection, PostgreSQL rolls the
transaction back and releases the lane at once: the batch is claimable again and is
sent again, and the platform absorbs the repeat through the idempotency key (the event
id). Exactly-once *in effect* rests on that key, never on the worker surviving.

Rules a batch follows:

- **Order per object.** A message is not claimable while an older message with the same
  ``ordering_key`` is dead or waiting for a retry; within a batch, once a message of an
  object fails the later ones of that object are left for later. A dead message
  therefore holds back the later messages of its object until a person replays or
  cancels it (the board counts them as "waiting behind a dead message").
- **Absence is not failure.** A platform that is not there (refused or dropped
  connection, unknown host, timeout), busy (5xx, 408/425/429) or whose answer cannot be
  trusted or read (bad signature, garbage) says nothing about the message: the attempt
  is logged, but the message spends no attempt and never moves towards dead. It waits
  with exponential backoff and jitter (the core's :class:`~municipality.outbox.
  OutboxPolicy`, capped at ``breaker_max_cooldown``), longer if the platform said
  ``Retry-After``, while the lane's breaker paces the platform. An adapter bug counts
  the same way: the lane waits for the fix rather than losing messages.
- **A message dies** only when the platform refuses it (a signed 4xx answer about the
  message: retrying cannot help), or when it was not delivered within the platform's
  age limit (``max_age``, checked at each batch of the lane, whatever the breaker).
- **Rate limit.** Each lane has a token bucket refilled at the platform's rate and as
  deep as one batch; a batch takes at most the whole tokens available.
- **Circuit breaker.** After ``breaker_failures`` consecutive failures the lane opens
  for ``breaker_cooldown``; its messages then wait. Once the cooldown passed, one trial
  goes (half-open): the oldest due message, a real delivery that spends no attempt.
  Success closes the breaker and makes every waiting message of the lane due at once, so
  the queue drains by itself, in order, at the lane's rate; failure opens it again for
  twice as long, up to ``breaker_max_cooldown`` (a week offline costs a few hundred
  trials, not ten thousand).
- **Paused or unconfigured lanes** are skipped; their messages wait.
"""

from __future__ import annotations

import logging
import math
import os
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, aliased, sessionmaker

from municipality.db import utcnow
from municipality.models import Commune, OutboxMessage
from municipality.outbox import DEAD, DELIVERED, PENDING, OutboxPolicy
from municipality.transactions import unit_of_work
from sync import adapters, contracts
from sync.models import CLOSED, HALF_OPEN, OPEN, DeliveryAttempt, DeliveryLane, PlatformConnection
from sync.sealing import SealError, unseal

log = logging.getLogger(__name__)

# Upper bounds (seconds) of the delivery-latency histogram: event written -> delivered.
LATENCY_BUCKETS = (0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 1800.0, 3600.0, 21600.0)
RETRIED, REFUSED = "retry", "dead"  # "retry": no answer about the message, spends nothing
MAX_DOUBLINGS = 32
DUPLICATE = "duplicate"
ERROR_LIMIT = 2000

Sender = Callable[[Mapping[str, Any], adapters.PlatformConfig], adapters.Ack]


def channel(platform: str) -> str:
    """The outbox destination of a platform (the same rule as ``sync.events``)."""
    return f"national:{platform}"


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def aware(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; every one we store is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class DeliveryPolicy:
    """How one platform is fed; built from the ``baladiya.sync.*`` settings."""

    batch: int = 20
    base_delay: float = 30.0
    rate_per_minute: int = 300
    breaker_failures: int = 5
    breaker_cooldown: timedelta = timedelta(seconds=60)
    breaker_max_cooldown: timedelta = timedelta(minutes=30)
    max_age: timedelta = timedelta(days=30)
    timeout: float = 10.0
    run_budget: float = 20.0
    backoff: OutboxPolicy = field(default_factory=OutboxPolicy)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], platform: str) -> DeliveryPolicy:
        """The platform's policy; a :class:`ValueError` names a setting that cannot be used."""
        rates = parse_per_platform("baladiya.sync.platform_rates", settings, minimum=0)
        ages = parse_per_platform("baladiya.sync.platform_max_age_days", settings, minimum=1)
        max_age_days = ages.get(platform, settings["baladiya.sync.max_age_days"])
        if max_age_days < 1:
            raise ValueError(f"baladiya.sync.max_age_days: {max_age_days} is not at least 1")
        base_delay = settings["baladiya.sync.base_delay_ms"] / 1000
        return cls(
            batch=settings["baladiya.sync.batch"],
            base_delay=base_delay,
            rate_per_minute=rates.get(platform, settings["baladiya.sync.rate_per_minute"]),
            breaker_failures=settings["baladiya.sync.breaker_failures"],
            breaker_cooldown=timedelta(milliseconds=settings["baladiya.sync.breaker_cooldown_ms"]),
            breaker_max_cooldown=timedelta(
                milliseconds=settings["baladiya.sync.breaker_max_cooldown_ms"]
            ),
            max_age=timedelta(days=max_age_days),
            timeout=settings["baladiya.sync.timeout_ms"] / 1000,
            run_budget=settings["baladiya.sync.run_budget_ms"] / 1000,
            backoff=OutboxPolicy(base_delay=base_delay),
        )

    def cooldown(self, failures: int) -> timedelta:
        """How long the breaker stays open after ``failures`` consecutive failures.

        The first opening waits ``breaker_cooldown``; each failed trial after it doubles
        the wait, up to ``breaker_max_cooldown``.
        """
        doublings = min(max(failures - self.breaker_failures, 0), MAX_DOUBLINGS)
        return min(self.breaker_cooldown * 2**doublings, self.breaker_max_cooldown)

    def retry_delay(self, tries: int, retry_after: float | None) -> timedelta:
        """How long a message waits after its ``tries``-th try without an answer about it.

        Never longer than the breaker's longest cooldown, so a lane that recovers finds
        its messages due; never shorter than the platform's ``Retry-After``.
        """
        delay = min(self.backoff.delay(tries), self.breaker_max_cooldown)
        if retry_after is not None:
            delay = max(delay, timedelta(seconds=retry_after))
        return delay


def parse_per_platform(key: str, settings: Mapping[str, Any], minimum: int) -> dict[str, int]:
    """``"permits=60 budget=6"`` -> ``{"permits": 60, "budget": 6}``, each a known platform."""
    values = {}
    for item in str(settings[key]).split():
        platform, _eq, value = item.partition("=")
        if platform not in contracts.PLATFORMS:
            raise ValueError(f"{key}: {item!r} names no national platform")
        if not value.isdigit() or int(value) < minimum:
            raise ValueError(f"{key}: {item!r} is not platform=number (at least {minimum})")
        values[platform] = int(value)
    return values


@dataclass
class LaneReport:
    """What one batch of one lane did; ``wait`` is when the lane may go on (rate limit)."""

    delivered: int = 0
    retried: int = 0
    dead: int = 0
    claimed: int = 0
    wait: float | None = None

    @property
    def attempted(self) -> int:
        return self.delivered + self.retried + self.dead


@dataclass
class RunReport:
    """What one run of a platform's job did, over all lanes."""

    delivered: int = 0
    retried: int = 0
    dead: int = 0
    errors: int = 0
    batches: int = 0

    def add(self, lane: LaneReport) -> None:
        self.delivered += lane.delivered
        self.retried += lane.retried
        self.dead += lane.dead
        self.batches += lane.claimed > 0


def platform_config(
    connection: PlatformConnection, commune_slug: str, app_secret: str, timeout: float
) -> adapters.PlatformConfig:
    """What the adapter needs, with the secrets unsealed for the length of a batch."""
    keys = adapters.envelope.KeyRing.of(
        connection.key_id,
        unseal(app_secret, connection.secret_sealed or ""),
        connection.previous_key_id,
        unseal(app_secret, connection.previous_secret_sealed)
        if connection.previous_secret_sealed
        else None,
    )
    return adapters.PlatformConfig(
        platform=connection.platform,
        commune=commune_slug,
        base_url=connection.base_url,
        client_id=connection.client_id,
        keys=keys,
        timeout=timeout,
    )


def claimable(now: datetime) -> Any:
    """SQL: the message is due and no older message of its object holds it back."""
    older = aliased(OutboxMessage)
    held_back = exists().where(
        older.commune_id == OutboxMessage.commune_id,
        older.destination == OutboxMessage.destination,
        older.ordering_key == OutboxMessage.ordering_key,
        older.id < OutboxMessage.id,
        or_(older.state == DEAD, and_(older.state == PENDING, older.next_attempt_at > now)),
    )
    return and_(OutboxMessage.state == PENDING, OutboxMessage.next_attempt_at <= now, ~held_back)


def claim(
    session: Session, commune_id: int, platform: str, limit: int, now: datetime
) -> list[OutboxMessage]:
    """The lane's next ``limit`` claimable messages, oldest first, locked.

    The lane lock already keeps other workers out; the row locks make a person's replay
    or cancel wait for the batch, so it sees the batch's outcome instead of undoing it.
    """
    stmt = (
        select(OutboxMessage)
        .where(
            OutboxMessage.commune_id == commune_id,
            OutboxMessage.destination == channel(platform),
            claimable(now),
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(of=OutboxMessage)
    return list(session.execute(stmt).scalars())


def admit(lane: DeliveryLane, policy: DeliveryPolicy, now: datetime) -> tuple[int, float | None]:
    """How many messages the lane may send now, and else how long until one may go.

    Refills the token bucket and moves an open breaker whose cooldown passed to
    half-open (one trial message).
    """
    if lane.breaker == OPEN:
        until = aware(lane.open_until) if lane.open_until else now
        if until > now:
            return 0, None
        lane.breaker = HALF_OPEN
    rate = policy.rate_per_minute / 60
    depth = float(policy.batch)
    elapsed = max((now - aware(lane.tokens_at)).total_seconds(), 0.0)
    lane.tokens = depth if lane.tokens is None else min(depth, lane.tokens + elapsed * rate)
    lane.tokens_at = now
    allowed = min(policy.batch, math.floor(lane.tokens))
    if lane.breaker == HALF_OPEN:
        allowed = min(allowed, 1)
    if allowed == 0:
        return 0, (1 - lane.tokens) / rate if rate > 0 else None
    return allowed, None


def _observe_latency(lane: DeliveryLane, seconds: float) -> None:
    buckets = list(lane.latency_buckets or [0] * (len(LATENCY_BUCKETS) + 1))
    index = next((i for i, le in enumerate(LATENCY_BUCKETS) if seconds <= le), len(buckets) - 1)
    buckets[index] += 1
    lane.latency_buckets = buckets  # a new list, so the JSON column is seen as changed
    lane.latency_sum += seconds
    lane.delivered_total += 1


@dataclass(frozen=True)
class Result:
    """How one attempt ended."""

    outcome: str
    error: str | None = None
    remote_id: str | None = None
    retry_after: float | None = None
    duration_ms: int = 0


def attempt(sender: Sender, message: OutboxMessage, config: adapters.PlatformConfig) -> Result:
    """Send one message; any failure becomes a :class:`Result`, never an exception."""
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        ack = sender(message.payload, config)
    except adapters.PermanentError as exc:
        return Result(REFUSED, exc.detail[:ERROR_LIMIT], duration_ms=took())
    except adapters.RetryableError as exc:
        return Result(RETRIED, exc.detail[:ERROR_LIMIT], None, exc.retry_after, took())
    except Exception as exc:  # an adapter bug must not stop the lane's other messages
        log.exception("adapter failed on message %s", message.public_id)
        return Result(RETRIED, f"{type(exc).__name__}: {exc}"[:ERROR_LIMIT], duration_ms=took())
    outcome = DUPLICATE if ack.duplicate else DELIVERED
    return Result(outcome, remote_id=ack.remote_id, duration_ms=took())


def record(
    session: Session,
    lane: DeliveryLane,
    message: OutboxMessage,
    result: Result,
    *,
    policy: DeliveryPolicy,
    worker: str,
) -> None:
    """Write the attempt's outcome on the message, the lane and the attempt log.

    Only an answer about the message itself (delivered, refused) counts as one of its
    attempts; anything else leaves the count alone and makes the message and the lane
    wait (see the module's rules).
    """
    now = utcnow()
    if result.outcome in (DELIVERED, DUPLICATE):
        message.attempts += 1
        _delivered(session, lane, message, now)
    elif result.outcome == REFUSED:
        message.attempts += 1
        message.state = DEAD
        message.last_error = result.error
    else:
        _unanswered(session, lane, message, result, policy=policy, now=now)
    session.add(
        DeliveryAttempt(
            commune_id=message.commune_id,
            outbox_id=message.id,
            platform=lane.platform,
            worker=worker,
            attempted_at=now,
            outcome=result.outcome,
            remote_id=result.remote_id,
            duration_ms=result.duration_ms,
            error=result.error,
        )
    )


def _delivered(session: Session, lane: DeliveryLane, message: OutboxMessage, now: datetime) -> None:
    """The message is through; a lane coming back from an outage releases its queue."""
    recovered = lane.breaker != CLOSED
    message.state = DELIVERED
    message.delivered_at = now
    message.last_error = None
    lane.failures = 0
    lane.breaker = CLOSED
    lane.failing_since = None
    lane.last_error = None
    lane.last_success_at = now
    _observe_latency(lane, (now - aware(message.created_at)).total_seconds())
    if recovered:
        release_waiting(session, lane, now)


def release_waiting(session: Session, lane: DeliveryLane, now: datetime) -> None:
    """Every message of the lane waiting for a retry is due now (the platform is back).

    Claims stay oldest first and held back per object, so the queue drains in order, at
    the lane's rate.
    """
    session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.commune_id == lane.commune_id,
            OutboxMessage.destination == channel(lane.platform),
            OutboxMessage.state == PENDING,
            OutboxMessage.next_attempt_at > now,
        )
        .values(next_attempt_at=now)
        .execution_options(synchronize_session=False)
    )


def _unanswered(
    session: Session,
    lane: DeliveryLane,
    message: OutboxMessage,
    result: Result,
    *,
    policy: DeliveryPolicy,
    now: datetime,
) -> None:
    """No answer about the message: it waits, spending nothing; the lane counts a failure."""
    tries = (
        1
        + session.execute(
            select(func.count()).where(
                DeliveryAttempt.commune_id == message.commune_id,
                DeliveryAttempt.outbox_id == message.id,
                DeliveryAttempt.outcome == RETRIED,
            )
        ).scalar_one()
    )
    message.last_error = result.error
    message.next_attempt_at = now + policy.retry_delay(tries, result.retry_after)
    lane.failures += 1
    lane.last_failure_at = now
    lane.failing_since = lane.failing_since or now
    lane.last_error = result.error
    if lane.breaker == HALF_OPEN or lane.failures >= policy.breaker_failures:
        lane.breaker = OPEN
        lane.open_until = now + policy.cooldown(lane.failures)


def expire(session: Session, lane: DeliveryLane, policy: DeliveryPolicy, now: datetime) -> int:
    """Give up on the lane's messages older than the platform's age limit; how many.

    The only way besides a refusal that a message dies: an outage, however long, only
    makes messages wait. The last error says why, and what the platform said last.
    """
    days = policy.max_age.days
    reason = f"not delivered within {days} days, the age limit of this platform; last error: "
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.commune_id == lane.commune_id,
            OutboxMessage.destination == channel(lane.platform),
            OutboxMessage.state == PENDING,
            OutboxMessage.created_at < now - policy.max_age,
        )
        .values(state=DEAD, last_error=reason + func.coalesce(OutboxMessage.last_error, "none"))
        .execution_options(synchronize_session=False)
    )
    expired = int(result.rowcount or 0)  # type: ignore[attr-defined]
    if expired:
        log.warning("%s messages to %s passed the age limit", expired, lane.platform)
    return expired


def _tally(report: LaneReport, result: Result) -> None:
    if result.outcome in (DELIVERED, DUPLICATE):
        report.delivered += 1
    elif result.outcome == REFUSED:
        report.dead += 1
    else:
        report.retried += 1


def deliver_lane(
    session: Session,
    lane_id: int,
    policy: DeliveryPolicy,
    sender: Sender,
    *,
    app_secret: str,
    worker: str,
) -> LaneReport:
    """Take the lane if no other worker holds it, and send one batch of its messages."""
    report = LaneReport()
    stmt = select(DeliveryLane).where(DeliveryLane.id == lane_id)
    lane = session.execute(stmt.with_for_update(skip_locked=True)).scalar_one_or_none()
    if lane is None:
        return report
    row = session.execute(
        select(PlatformConnection, Commune.slug)
        .join(Commune, Commune.id == PlatformConnection.commune_id)
        .where(
            PlatformConnection.commune_id == lane.commune_id,
            PlatformConnection.platform == lane.platform,
        )
    ).one_or_none()
    if row is None or row[0].paused:
        return report
    connection, slug = row
    try:
        config = platform_config(connection, slug, app_secret, policy.timeout)
    except SealError:
        log.error("secrets of %s/%s cannot be unsealed: re-enter them", slug, lane.platform)
        return report
    now = utcnow()
    report.dead += expire(session, lane, policy, now)
    allowed, report.wait = admit(lane, policy, now)
    if not allowed:
        return report
    messages = claim(session, lane.commune_id, lane.platform, allowed, now)
    report.claimed = len(messages)
    log.debug("claim %s %s %s", worker, lane_id, " ".join(str(m.id) for m in messages))
    held_back: set[str] = set()
    for message in messages:
        if message.ordering_key is not None and message.ordering_key in held_back:
            continue
        result = attempt(sender, message, config)
        record(session, lane, message, result, policy=policy, worker=worker)
        lane.tokens = (lane.tokens or 0.0) - 1
        _tally(report, result)
        if message.state != DELIVERED and message.ordering_key is not None:
            held_back.add(message.ordering_key)
        if lane.breaker == OPEN:
            break
    return report


def lanes_with_work(session: Session, platform: str, now: datetime) -> list[int]:
    """Lanes of the platform that are configured, not paused, and have a due message."""
    due = exists().where(
        OutboxMessage.commune_id == DeliveryLane.commune_id,
        OutboxMessage.destination == channel(platform),
        OutboxMessage.state == PENDING,
        OutboxMessage.next_attempt_at <= now,
    )
    stmt = (
        select(DeliveryLane.id)
        .join(
            PlatformConnection,
            and_(
                PlatformConnection.commune_id == DeliveryLane.commune_id,
                PlatformConnection.platform == DeliveryLane.platform,
            ),
        )
        .where(DeliveryLane.platform == platform, PlatformConnection.paused.is_(False), due)
        .order_by(DeliveryLane.id)
    )
    return list(session.execute(stmt).scalars())


def _lane_batch(
    session_factory: sessionmaker[Session],
    lane_id: int,
    policy: DeliveryPolicy,
    sender: Sender,
    *,
    app_secret: str,
    worker: str,
) -> LaneReport:
    with unit_of_work(session_factory) as session:
        return deliver_lane(session, lane_id, policy, sender, app_secret=app_secret, worker=worker)


def _lane_ids(session_factory: sessionmaker[Session], platform: str) -> list[int]:
    with unit_of_work(session_factory) as session:
        return lanes_with_work(session, platform, utcnow())


def deliver_platform(
    session_factory: sessionmaker[Session],
    platform: str,
    policy: DeliveryPolicy,
    sender: Sender,
    *,
    app_secret: str,
    worker: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> RunReport:
    """Deliver the platform's due messages, lane after lane, within the run budget.

    Passes over the lanes repeat while some lane sent a full batch; a pass that only
    met rate-limited lanes waits for the next token if the budget allows. A database
    error (a lost connection) ends that batch, which rolls back and is sent again later.
    """
    worker = worker or worker_name()
    deadline = time.monotonic() + policy.run_budget
    report = RunReport()
    while time.monotonic() < deadline:
        progress = False
        waits: list[float] = []
        try:
            lane_ids = _lane_ids(session_factory, platform)
        except SQLAlchemyError:
            log.warning("cannot list the %s lanes; trying at the next run", platform)
            report.errors += 1
            return report
        for lane_id in lane_ids:
            if time.monotonic() >= deadline:
                break
            try:
                lane_report = _lane_batch(
                    session_factory, lane_id, policy, sender, app_secret=app_secret, worker=worker
                )
            except SQLAlchemyError:
                log.warning("a %s batch was rolled back; it will be sent again", platform)
                report.errors += 1
                continue
            report.add(lane_report)
            progress = progress or lane_report.attempted > 0
            if lane_report.wait is not None:
                waits.append(lane_report.wait)
        if progress:
            continue
        pause = min(waits, default=None)
        if pause is None or time.monotonic() + pause >= deadline:
            return report
        sleep(pause)
    return report
