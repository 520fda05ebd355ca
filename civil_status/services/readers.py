"""Who read a person's act: what the person the act is about may ask for at the counter.

Each read is answered with when, why, and the reader's office (their roles in the
commune), never their name: the person learns which office looked at the act, and the
commune keeps its staff out of disputes with the public (the audit log keeps the name).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from civil_status.models import Act
from civil_status.services import acts
from municipality.models import Membership, User

COUNTER_REASON = "counter_request"


@dataclass(frozen=True)
class Access:
    """One read of an act: when, by which office, and the reason given."""

    occurred_at: datetime
    roles: tuple[str, ...]
    reason: str


def _roles(session: Session, commune_id: int, actors: set[str]) -> dict[str, list[str]]:
    """The commune roles of each reader, by the label the audit log keeps (their e-mail)."""
    found: dict[str, list[str]] = defaultdict(list)
    if not actors:
        return found
    rows = session.execute(
        select(User.email, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(User.email.in_(actors), Membership.commune_id == commune_id)
        .order_by(Membership.role)
    )
    for email, role in rows:
        found[email].append(role)
    return found


def accesses(session: Session, act: Act) -> list[Access]:
    """Every read of ``act``, oldest first, with the reader's office instead of a name."""
    events = acts.readers(session, act)
    roles = _roles(session, act.commune_id, {e.actor for e in events})
    return [
        Access(e.occurred_at, tuple(roles.get(e.actor, ())), str(e.changes.get("reason", "")))
        for e in events
    ]


def for_the_person(session: Session, *, actor: str, act: Act) -> list[Access]:
    """The reads of ``act`` printed at the counter for the person it is about.

    Printing shows the act's names, so it is itself a read, logged with its reason.
    """
    acts.read(session, actor=actor, act=act, reason=COUNTER_REASON)
    return accesses(session, act)
