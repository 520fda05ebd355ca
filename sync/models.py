"""What the delivery engine keeps: each commune's connection to each platform, the
shared state of each delivery lane, and the log of delivery attempts.

The messages themselves are core outbox rows (``destination`` ``national:<platform>``);
nothing here copies them. A *lane* is one commune's stream to one platform: workers
lock its row while they deliver a batch, so the lane's rate limit and circuit breaker
are updated by one worker at a time, in the database every process reads.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from municipality.db import Base, CommuneOwned, PublicId, Timestamped, utcnow

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"


class PlatformConnection(CommuneOwned, PublicId, Timestamped, Base):
    """Where and as whom a commune delivers to one national platform.

    Secrets are stored sealed (see :mod:`sync.sealing`); the previous key stays valid
    during a rotation so the platform can verify answers signed with either.
    """

    __tablename__ = "sync_connections"
    __table_args__ = (UniqueConstraint("commune_id", "platform"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    base_url: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(120))
    key_id: Mapped[str] = mapped_column(String(120))
    secret_sealed: Mapped[str | None] = mapped_column(Text)
    previous_key_id: Mapped[str | None] = mapped_column(String(120))
    previous_secret_sealed: Mapped[str | None] = mapped_column(Text)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)


class DeliveryLane(CommuneOwned, Base):
    """Runtime state of one commune's stream to one platform, shared by all workers.

    ``tokens`` is a token bucket refilled at the platform's rate (a new lane starts full);
    the breaker opens after consecutive failures and lets one trial message through once
    ``open_until`` passed. ``failing_since`` and ``last_error`` tell staff since when and
    why the platform has given no usable answer (both cleared by the next delivery).
    The latency counters only grow, as Prometheus expects of a histogram.
    """

    __tablename__ = "sync_lanes"
    __table_args__ = (UniqueConstraint("commune_id", "platform"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    breaker: Mapped[str] = mapped_column(String(16), default=CLOSED)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    open_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    tokens: Mapped[float | None] = mapped_column(Float)  # None: a full bucket
    tokens_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delivered_total: Mapped[int] = mapped_column(BigInteger, default=0)
    latency_sum: Mapped[float] = mapped_column(Float, default=0.0)
    latency_buckets: Mapped[list[int]] = mapped_column(JSON, default=list)
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_failure_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failing_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)


class DeliveryAttempt(CommuneOwned, Base):
    """One try at sending one message: who tried, how it ended, how long it took.

    Written in the transaction that records the outcome, so a worker killed mid-batch
    leaves no row for the tries it could not record (the platform's idempotency key
    absorbs the repeat).
    """

    __tablename__ = "sync_attempts"
    __table_args__ = (Index("ix_sync_attempts_message", "commune_id", "outbox_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(32))
    worker: Mapped[str] = mapped_column(String(120))
    attempted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    outcome: Mapped[str] = mapped_column(String(16))
    remote_id: Mapped[str | None] = mapped_column(String(120))
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
