"""What a reporter may do with their own complaint: rate it, reopen it, keep it in an account.

Holding the tracking code is what proves a reporter's claim on a complaint: the code is
as secret as a password and only its reporter was given it. A resident with an account
sees the complaints they filed while logged in, and those they claimed with their code.
Residents hold no role: an account without memberships grants no staff permission.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from complaints.models import Complaint, ComplaintEvent
from complaints.permissions import REPORTER
from complaints.services.filing import by_tracking_code
from complaints.services.handling import act
from complaints.workflow import COMPLAINT_WORKFLOW, within_reopen_window
from municipality import accounts, audit, outbox
from municipality.db import utcnow
from municipality.errors import Conflict, ValidationFailed
from municipality.i18n import _
from municipality.models import User

# The event that keeps the reporter's reason for reopening, shown to staff.
CONTEST_EVENT = "contest"
RATED_STATES = ("resolved", "closed")
MAX_TEXT = 2_000


# --- Satisfaction -------------------------------------------------------------------------


def can_rate(complaint: Complaint) -> bool:
    """A complaint the commune resolved, not yet rated (a merged duplicate was not resolved)."""
    return (
        complaint.state in RATED_STATES
        and complaint.resolved_at is not None
        and complaint.merged_into_id is None
        and complaint.rating is None
    )


def check_can_rate(complaint: Complaint) -> None:
    """Refuse, saying why, a rating the reporter may not give (now or any more)."""
    if complaint.rating is not None:
        raise Conflict(_("This complaint was already rated."))
    if not can_rate(complaint):
        raise Conflict(_("A complaint can be rated once the commune has resolved it."))


def rate(
    session: Session, *, actor: str, complaint: Complaint, rating: int, comment: str | None
) -> Complaint:
    """Record the reporter's satisfaction, once; audited."""
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise ValidationFailed(_("Choose a rating from 1 to 5."), {"rating": "1 to 5"})
    check_can_rate(complaint)
    text = (comment or "").strip()[:MAX_TEXT] or None
    complaint.rating = rating
    complaint.rating_comment = text
    complaint.rated_at = utcnow()
    audit.write(
        session,
        complaint,
        actor=actor,
        action="complaints:request:rated",
        object_type="complaint",
        changes={"rating": [None, rating], "comment": [None, text]},
    )
    return complaint


# --- Reopening ----------------------------------------------------------------------------


def can_reopen(complaint: Complaint, now: datetime | None = None) -> bool:
    """Whether the reporter still may reopen: resolved by the commune, within the window."""
    transition = COMPLAINT_WORKFLOW.table.get((complaint.state, "contest"))
    if transition is None or complaint.resolved_at is None or complaint.merged_into_id:
        return False
    return within_reopen_window(complaint, {"now": now or utcnow()}) is None


def reopen(
    session: Session,
    *,
    actor: str,
    complaint: Complaint,
    reason: str,
    now: datetime | None = None,
) -> Complaint:
    """The reporter's "not satisfied": back to the department, with their reason for staff."""
    text = (reason or "").strip()[:MAX_TEXT]
    act(
        session,
        actor=actor,
        complaint=complaint,
        action="contest",
        permissions=frozenset({REPORTER}),
        data={"reason": text, "now": now or utcnow()},
    )
    session.add(
        ComplaintEvent(
            commune_id=complaint.commune_id,
            complaint=complaint,
            kind=CONTEST_EVENT,
            body=text,
            author=actor,
        )
    )
    session.flush()
    return complaint


# --- Accounts -----------------------------------------------------------------------------


def create_account(
    session: Session,
    *,
    email: str,
    full_name: str,
    password: str,
    locale: str | None,
    login_url: str,
) -> User | None:
    """A resident's account: a user without any membership, so without staff permissions.

    An address that already has an account gets no new one and no refusal either (the
    caller answers alike, so the page never tells which addresses have accounts): its
    owner is e-mailed instead, with the way to log in, and ``None`` is returned.
    """
    owner = accounts.find_user(session, email)
    if owner is not None:
        _tell_owner_of_sign_up_attempt(session, owner, login_url)
        return None
    return accounts.create_user(
        session,
        actor=email.strip().lower(),
        email=email,
        full_name=full_name.strip(),
        password=password,
        locale=locale,
    )


def _tell_owner_of_sign_up_attempt(session: Session, owner: User, login_url: str) -> None:
    """One e-mail an hour at most, however often someone tries the address."""
    hour = utcnow().strftime("%Y%m%d%H")
    outbox.enqueue(
        session,
        destination="messaging",
        payload={
            "channel": "email",
            "to": owner.email,
            "subject": "Baladiya: someone tried to open an account with your address",
            "body": (
                "Your address already has an account. If you tried to open one, log in "
                f"(or reset your password from there): {login_url}\n"
                "If it was not you, you can ignore this message."
            ),
        },
        idempotency_key=f"sign-up-attempt:{owner.public_id}:{hour}",
        commune_id=None,
    )


def claim(session: Session, *, user: User, code: str) -> Complaint:
    """Add a complaint to the resident's account; the tracking code proves it is theirs."""
    complaint = by_tracking_code(session, code)
    if complaint.reporter_user_id == user.id:
        return complaint
    if complaint.reporter_user_id is not None:
        raise Conflict(_("This complaint already belongs to another account."))
    complaint.reporter_user_id = user.id
    audit.write(
        session,
        complaint,
        actor=user.email,
        action="complaints:request:claimed",
        object_type="complaint",
        changes={"account": [None, str(user.public_id)]},
    )
    return complaint


def mine(user: User) -> Select[tuple[Complaint]]:
    """The resident's complaints in the session's commune, newest first."""
    return (
        select(Complaint)
        .where(Complaint.reporter_user_id == user.id)
        .order_by(Complaint.created_at.desc(), Complaint.id.desc())
    )
