"""Who read a person's act: what the person the act is about may ask for, at the counter
or online from their account.

Each read is answered with when, why, and the reader's office (their roles in the
commune), never their name: the person learns which office looked at the act, and the
commune keeps its staff out of disputes with the public (the audit log keeps the name).

Online, acts carry no identity number and accounts no verified identity, so an act is a
resident's own only where an agent vouched for it: a copy of the act requested from the
resident's account (``account_email``) as its subject (relation ``self``) and handed over
at the counter (the ``hand_over`` move, audited as ``civil_status:request:handed_over``),
where the agent checks the identity document against the act. A copy downloaded online,
or requested for someone else, makes no act anyone's: nobody checked who asked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from civil_status.models import Act, CopyRequest
from civil_status.request_workflow import DELIVERED, HANDED_OVER
from civil_status.services import acts
from municipality import audit
from municipality.models import Membership, User

COUNTER_REASON = "counter_request"
RESIDENT_REASON = "resident_request"


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


def for_the_person(
    session: Session, *, actor: str, act: Act, reason: str = COUNTER_REASON
) -> list[Access]:
    """The reads of ``act`` shown to the person it is about (printed at the counter by
    default).

    Showing them shows the act's names, so it is itself a read, logged with its reason.
    """
    acts.read(session, actor=actor, act=act, reason=reason)
    return accesses(session, act)


def _handed_over(session: Session, request: CopyRequest) -> bool:
    """Whether an agent handed the request's copy over at the counter (identity checked)."""
    history = audit.history(session, "civil_status_request", str(request.public_id))
    return any(e.action == HANDED_OVER for e in history)


def own_acts(session: Session, account_email: str) -> list[Act]:
    """The acts an agent vouched are the resident's own (see the module's docstring),
    oldest request first, each once."""
    vouched = session.execute(
        select(CopyRequest)
        .where(
            CopyRequest.account_email == account_email,
            CopyRequest.relation == "self",
            CopyRequest.state == DELIVERED,
            CopyRequest.act_id.is_not(None),
        )
        .order_by(CopyRequest.id)
    ).scalars()
    found: dict[int, Act] = {}
    for request in vouched:
        if request.act is not None and _handed_over(session, request):
            found.setdefault(request.act.id, request.act)
    return list(found.values())


@dataclass(frozen=True)
class OwnAct:
    """One of the resident's acts and who read it."""

    act: Act
    accesses: list[Access]


def for_the_resident(session: Session, *, account_email: str, actor: str) -> list[OwnAct]:
    """The reads of each of the resident's own acts, shown on their page; each showing is
    logged as a read with its reason, like the counter's printing."""
    return [
        OwnAct(act, for_the_person(session, actor=actor, act=act, reason=RESIDENT_REASON))
        for act in own_acts(session, account_email)
    ]
