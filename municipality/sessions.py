"""Log-in sessions kept server-side, so that ending one takes effect at once.

The session cookie carries a random key; a ``user_sessions`` row holds its digest, who
logged in, when, when they were last seen and whether (and why) the log-in ended. The
cookie alone proves nothing: every request checks the row, so a log-out, a password
change, a deactivation or "log out everywhere" ends the log-in on the very next request,
in every process. A log-in also ends by itself when idle too long or simply too old;
roles that sign or pay (those needing the second factor) get shorter lifetimes.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from municipality import audit
from municipality.db import utcnow
from municipality.models import User, UserSession
from municipality.revisions import UNANNOUNCED

# "Last seen" is written at most this often: enough for idle lifetimes counted in
# minutes, and rare enough that a busy person's requests stay reads.
SEEN_PRECISION = timedelta(minutes=1)
CLIENT_ADDR_LENGTH = 45
USER_AGENT_LENGTH = 200


@dataclass(frozen=True)
class Lifetimes:
    """How long a log-in may stay unused (``idle``) and last at all (``absolute``)."""

    idle: timedelta
    absolute: timedelta


@dataclass(frozen=True)
class SessionPolicy:
    """Lifetimes for everyone, and shorter ones for holders of second-factor roles."""

    general: Lifetimes
    signing: Lifetimes
    signing_roles: frozenset[str]

    @classmethod
    def from_settings(
        cls, settings: Mapping[str, Any], signing_roles: frozenset[str]
    ) -> SessionPolicy:
        def seconds(name: str) -> timedelta:
            return timedelta(seconds=settings[f"baladiya.core.{name}"])

        return cls(
            general=Lifetimes(seconds("session_idle_seconds"), seconds("session_absolute_seconds")),
            signing=Lifetimes(
                seconds("signing_session_idle_seconds"),
                seconds("signing_session_absolute_seconds"),
            ),
            signing_roles=signing_roles,
        )

    def lifetimes(self, roles: Collection[str], platform_admin: bool) -> Lifetimes:
        """A platform admin may do everything, so counts as signing too."""
        if platform_admin or any(role in self.signing_roles for role in roles):
            return self.signing
        return self.general


@dataclass
class SessionRef:
    """What a request needs of its log-in row, kept in the read cache between requests.

    Only an ending is announced to the caches; ``last_seen_at`` is moved forward in
    place by the process that sees the log-in used, and re-read from the database
    before a log-in is judged idle (another process may have seen it since).
    """

    id: int
    user_id: int
    created_at: datetime
    last_seen_at: datetime


def _key_hash(key: str) -> str:
    """Only a digest of the key is stored: a copy of the table opens no log-in."""
    return hashlib.sha256(key.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def start(session: Session, user: User, *, client_addr: str | None, user_agent: str | None) -> str:
    """Record a new log-in of ``user``; return the key its cookie carries."""
    key = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        UserSession(
            user_id=user.id,
            key_hash=_key_hash(key),
            created_at=now,
            last_seen_at=now,
            client_addr=(client_addr or "")[:CLIENT_ADDR_LENGTH] or None,
            user_agent=(user_agent or "")[:USER_AGENT_LENGTH] or None,
        )
    )
    return key


def find(session: Session, key: str) -> SessionRef | None:
    """The log-in a cookie's key names, if it was not ended."""
    row = session.execute(
        select(
            UserSession.id, UserSession.user_id, UserSession.created_at, UserSession.last_seen_at
        ).where(UserSession.key_hash == _key_hash(key), UserSession.ended_at.is_(None))
    ).one_or_none()
    if row is None:
        return None
    return SessionRef(row.id, row.user_id, _aware(row.created_at), _aware(row.last_seen_at))


def too_old(ref: SessionRef, lifetimes: Lifetimes) -> bool:
    """Whether the log-in began longer ago than its absolute lifetime allows."""
    return utcnow() - ref.created_at >= lifetimes.absolute


def idle(ref: SessionRef, lifetimes: Lifetimes) -> bool:
    """Whether the log-in was last seen (as this process knows) too long ago."""
    return utcnow() - ref.last_seen_at >= lifetimes.idle


def seen(session: Session, ref: SessionRef) -> None:
    """Note that the log-in was used now, unless that was noted less than a minute ago.

    The write is unannounced: no cached value depends on it, and announcing it would
    empty every cache each minute for each person at work.
    """
    now = utcnow()
    if now - ref.last_seen_at < SEEN_PRECISION:
        return
    session.execute(
        update(UserSession)
        .where(UserSession.id == ref.id)
        .values(last_seen_at=now)
        .execution_options(**{UNANNOUNCED: True})
    )
    ref.last_seen_at = now


def end(session: Session, key: str, reason: str) -> None:
    """End the log-in a cookie's key names (log-out, or a new log-in in its place)."""
    session.execute(
        update(UserSession)
        .where(UserSession.key_hash == _key_hash(key), UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
    )


def end_all(session: Session, user: User, reason: str) -> int:
    """End every live log-in of ``user``; return how many there were."""
    result = session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def log_out_everywhere(session: Session, *, actor: str, user: User) -> int:
    """An administrator ends all of a person's log-ins (a lost phone, a departure)."""
    ended = end_all(session, user, "everywhere")
    audit.write(
        session,
        user,
        actor=actor,
        action="municipality:user:logged_out_everywhere",
        object_type="user",
        changes={"sessions_ended": [None, ended]},
    )
    return ended
