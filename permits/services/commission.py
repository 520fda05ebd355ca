"""The commission's members vote on the files of the next sitting from their phones.

Each member has one vote per file (approve, approve with conditions, refuse; reasons are
required for the last two), which they may change until the commission's decision is
recorded: the decision moves the file out of ``commission`` and the votes are then
closed. The decision step reads the tally, and the sitting's minutes keep it
(:func:`minute_decision`, an effect of the decision transitions).

Two members voting at the same moment both count: a vote is one row per file and
member, written with an insert that updates the member's row when it already exists,
so neither a double submission nor a race creates a second row or loses a vote.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from municipality import audit
from municipality.db import insert_for, utcnow
from municipality.errors import Conflict, Forbidden, ValidationFailed
from municipality.i18n import _, localizer_for
from municipality.models import Commune
from permits.models import Meeting, PermitFile, Vote
from permits.permissions import Perm
from permits.schemas import DECISIONS, VOTE_CHOICES

CHOICES = ("approve", "approve_with_conditions", "refuse")
NEEDS_REASONS = frozenset({"approve_with_conditions", "refuse"})
MAX_REASONS = 4000
VOTING_STATE = "commission"
# A sitting is planned until the last file on its agenda is decided.
HELD = "held"


@dataclass(frozen=True)
class Tally:
    """The votes cast on a file, counted by choice, and the votes themselves."""

    counts: dict[str, int]
    votes: list[Vote]

    @property
    def total(self) -> int:
        return len(self.votes)


def next_meeting(session: Session) -> Meeting | None:
    """The earliest planned sitting that still has files waiting for its decision."""
    return session.execute(
        select(Meeting)
        .join(PermitFile, PermitFile.meeting_id == Meeting.id)
        .where(Meeting.state == "planned", PermitFile.state == VOTING_STATE)
        .order_by(Meeting.held_on, Meeting.id)
        .limit(1)
    ).scalar_one_or_none()


def agenda(session: Session, meeting: Meeting) -> list[PermitFile]:
    """The files of ``meeting`` the commission has not decided yet."""
    return list(
        session.execute(
            select(PermitFile)
            .where(PermitFile.meeting_id == meeting.id, PermitFile.state == VOTING_STATE)
            .order_by(PermitFile.submitted_at, PermitFile.id)
        ).scalars()
    )


def votes_of(session: Session, file: PermitFile) -> list[Vote]:
    return list(
        session.execute(
            select(Vote).where(Vote.file_id == file.id).order_by(Vote.created_at, Vote.id)
        ).scalars()
    )


def vote_of(session: Session, file: PermitFile, member: str) -> Vote | None:
    return session.execute(
        select(Vote).where(Vote.file_id == file.id, Vote.member == member)
    ).scalar_one_or_none()


def member_votes(session: Session, files: list[PermitFile], member: str) -> dict[int, str]:
    """The member's choice on each of ``files`` that they voted on, by file id."""
    if not files:
        return {}
    rows = session.execute(
        select(Vote.file_id, Vote.choice).where(
            Vote.member == member, Vote.file_id.in_([f.id for f in files])
        )
    )
    return dict(rows.tuples().all())


def tally(session: Session, file: PermitFile) -> Tally:
    votes = votes_of(session, file)
    counts = dict.fromkeys(CHOICES, 0)
    for vote in votes:
        counts[vote.choice] = counts.get(vote.choice, 0) + 1
    return Tally(counts, votes)


def _checked(choice: str, reasons: str) -> str:
    """The reasons, stripped, once ``choice`` and they are acceptable."""
    if choice not in CHOICES:
        raise ValidationFailed(
            _("Choose approve, approve with conditions or refuse."), {"choice": "required"}
        )
    text = reasons.strip()
    if len(text) > MAX_REASONS:
        raise ValidationFailed(
            _("The reasons are longer than ${limit} characters.", mapping={"limit": MAX_REASONS}),
            {"reasons": "too long"},
        )
    if choice in NEEDS_REASONS and not text:
        raise ValidationFailed(
            _("Give the conditions or the reasons of your vote."), {"reasons": "required"}
        )
    return text


def cast_vote(
    session: Session,
    file: PermitFile,
    *,
    member: str,
    permissions: frozenset[str],
    choice: str,
    reasons: str,
) -> Vote:
    """Record ``member``'s vote on ``file`` (or change it), audited.

    The commune's audit chain is taken first: every write of the commune's events goes
    through it, so taking it before the vote's row orders the locks the same way for
    everyone (see :func:`municipality.audit.hold_chain`).
    """
    if Perm.VOTE not in permissions:
        raise Forbidden(_("Only the commission's members vote."))
    text = _checked(choice, reasons)
    audit.hold_chain(session, file.commune_id)
    session.refresh(file, ["state"])
    if file.state != VOTING_STATE:
        raise Conflict(_("The commission has decided on this file: votes are closed."))
    before = vote_of(session, file, member)
    previous = {"choice": before.choice, "reasons": before.reasons} if before else {}
    now = utcnow()
    statement = insert_for(session, Vote).values(
        commune_id=file.commune_id,
        file_id=file.id,
        meeting_id=file.meeting_id,
        member=member,
        choice=choice,
        reasons=text,
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[Vote.file_id, Vote.member],
            set_={"choice": choice, "reasons": text, "updated_at": now},
        ),
        execution_options={"synchronize_session": False},
    )
    vote = session.execute(
        select(Vote)
        .where(Vote.file_id == file.id, Vote.member == member)
        .execution_options(populate_existing=True)
    ).scalar_one()
    audit.write(
        session,
        vote,
        actor=member,
        action="permits:vote:changed" if before else "permits:vote:cast",
        object_type="permit_vote",
        changes={
            **({} if before else {"file": [None, file.code]}),
            **audit.diff(previous, {"choice": choice, "reasons": text}),
        },
    )
    return vote


def minutes_line(file: PermitFile, counts: dict[str, Any], locale: str) -> str:
    """One line of the sitting's minutes, in the commune's language: the file, the
    decision and the votes (the minutes are a record, read later, not a page)."""
    translate = localizer_for(locale).translate
    decision = translate(DECISIONS.get(file.decision or "", file.decision or ""))
    votes = ", ".join(f"{translate(VOTE_CHOICES[c])} {counts.get(c, 0)}" for c in CHOICES)
    return f"{file.code}: {decision} ({votes})"


def _undecided(session: Session, meeting: Meeting, decided: PermitFile) -> bool:
    """Whether any file of the sitting but ``decided`` still waits for its decision."""
    waiting = session.execute(
        select(PermitFile.id).where(
            PermitFile.meeting_id == meeting.id,
            PermitFile.state == VOTING_STATE,
            PermitFile.id != decided.id,
        )
    ).first()
    return waiting is not None


def minute_decision(session: Session, file: PermitFile, *, actor: str) -> None:
    """Write the decision and the tally of the members' votes into the sitting's minutes,
    audited; the sitting is held once its last file is decided, so the members' queue
    moves on to the next one. A file decided without a sitting (a tacit approval) has
    none."""
    meeting = file.meeting
    if meeting is None:
        return
    commune = session.get(Commune, meeting.commune_id)
    assert commune is not None
    line = minutes_line(file, tally(session, file).counts, commune.default_locale)
    before = {"minutes": meeting.minutes or "", "state": meeting.state}
    meeting.minutes = f"{before['minutes']}\n{line}".strip()
    if not _undecided(session, meeting, file):
        meeting.state = HELD
    audit.write(
        session,
        meeting,
        actor=actor,
        action="permits:meeting:minuted",
        object_type="permit_meeting",
        changes=audit.diff(before, {"minutes": meeting.minutes, "state": meeting.state}),
    )
