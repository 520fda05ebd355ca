"""Commission members' votes: one per member and file, changed until the decision, with
reasons where the vote asks for them, audited, counted by the decision and kept in the
sitting's minutes; two members voting at the same moment both count."""

from __future__ import annotations

import threading

import pytest
import transaction as transaction_module
from sqlalchemy import func, select

from municipality import audit
from municipality.db import (
    make_engine,
    make_session_factory,
    session_in_transaction,
    set_commune_scope,
)
from municipality.errors import Conflict, Forbidden, ValidationFailed
from municipality.models import AuditEvent, Commune
from permits.models import PermitFile, Vote
from permits.permissions import Perm
from permits.services import commission, files
from tests import factories

MEMBERS = frozenset({Perm.VIEW, Perm.VOTE})


def _on_agenda(session) -> PermitFile:
    made = factories.submitted_permit(session)
    factories.advance_permit(
        session, made, "accept", "request_opinions", "give_opinions", "to_commission"
    )
    set_commune_scope(session, made.commune_id)
    return made


def _vote(session, file, member, choice, reasons=""):
    return commission.cast_vote(
        session, file, member=member, permissions=MEMBERS, choice=choice, reasons=reasons
    )


def _votes(session) -> int:
    return session.execute(select(func.count()).select_from(Vote)).scalar_one()


def test_a_member_votes_once_per_file_and_may_change_the_vote(db):
    with db() as session:
        file = _on_agenda(session)
        first = _vote(session, file, "a@sale.test", "approve")
        changed = _vote(session, file, "a@sale.test", "refuse", "  Hauteur excessive ")
        _vote(session, file, "b@sale.test", "approve_with_conditions", "Accès pompiers")
        assert changed.id == first.id
        assert (changed.choice, changed.reasons) == ("refuse", "Hauteur excessive")
        assert _votes(session) == 2
        counted = commission.tally(session, file)
        assert counted.counts == {"approve": 0, "approve_with_conditions": 1, "refuse": 1}
        events = session.execute(
            select(AuditEvent.action, AuditEvent.changes)
            .where(AuditEvent.object_type == "permit_vote")
            .order_by(AuditEvent.id)
        ).all()
        assert [e.action for e in events] == [
            "permits:vote:cast",
            "permits:vote:changed",
            "permits:vote:cast",
        ]
        assert events[1].changes["choice"] == ["approve", "refuse"]
        assert audit.verify_chain(session, file.commune_id).intact


@pytest.mark.parametrize(
    ("choice", "reasons", "message"),
    [
        ("refuse", " ", "Give the conditions or the reasons"),
        ("approve_with_conditions", "", "Give the conditions or the reasons"),
        ("abstain", "", "Choose approve"),
        ("", "", "Choose approve"),
        ("refuse", "x" * (commission.MAX_REASONS + 1), "longer than"),
    ],
)
def test_a_vote_without_its_reasons_or_choice_is_refused_and_writes_nothing(
    db, choice, reasons, message
):
    with db() as session:
        file = _on_agenda(session)
        with pytest.raises(ValidationFailed) as refused:
            _vote(session, file, "a@sale.test", choice, reasons)
        assert message in str(refused.value.detail)
        assert _votes(session) == 0


def test_only_members_vote_and_only_while_the_file_waits_for_the_commission(db):
    with db() as session:
        file = _on_agenda(session)
        with pytest.raises(Forbidden):
            commission.cast_vote(
                session,
                file,
                member="planner@sale.test",
                permissions=frozenset({Perm.VIEW, Perm.INSTRUCT}),
                choice="approve",
                reasons="",
            )
        draft = factories.permit_file(session, commune_=session.get(Commune, file.commune_id))
        with pytest.raises(Conflict):
            _vote(session, draft, "a@sale.test", "approve")


def test_the_decision_closes_the_votes_and_the_minutes_keep_the_tally(db):
    with db() as session:
        file = _on_agenda(session)
        _vote(session, file, "a@sale.test", "approve")
        _vote(session, file, "b@sale.test", "approve")
        _vote(session, file, "c@sale.test", "approve_with_conditions", "Accès pompiers")
        factories.advance_permit(
            session, file, "approve_with_conditions", reasons="Accès pompiers de 4 m"
        )
        assert file.meeting is not None
        assert file.meeting.minutes == (
            f"{file.code}: Accordé sous conditions "
            "(Accorder 2, Accorder sous conditions 1, Refuser 0)"
        )
        assert file.meeting.state == commission.HELD
        minuted = session.execute(
            select(AuditEvent).where(AuditEvent.action == "permits:meeting:minuted")
        ).scalar_one()
        assert minuted.object_id == str(file.meeting.public_id)
        with pytest.raises(Conflict, match="votes are closed"):
            _vote(session, file, "a@sale.test", "refuse", "Trop tard")
        assert commission.vote_of(session, file, "a@sale.test").choice == "approve"


def test_the_queue_is_the_next_sitting_s_undecided_files(db):
    with db() as session:
        file = _on_agenda(session)
        other = factories.submitted_permit(session, commune_=session.get(Commune, file.commune_id))
        factories.advance_permit(
            session, other, "accept", "request_opinions", "give_opinions", "to_commission"
        )
        set_commune_scope(session, file.commune_id)
        meeting = commission.next_meeting(session)
        assert meeting is not None
        assert meeting.id == file.meeting_id == other.meeting_id
        assert commission.agenda(session, meeting) == [file, other]
        _vote(session, file, "a@sale.test", "approve")
        assert commission.member_votes(session, [file, other], "a@sale.test") == {
            file.id: "approve"
        }
        factories.advance_permit(session, file, "approve")
        assert commission.agenda(session, meeting) == [other]
        assert meeting.state == "planned"
        factories.advance_permit(session, other, "refuse", reasons="Hauteur")
        assert meeting.state == commission.HELD
        assert commission.next_meeting(session) is None


def test_two_members_voting_at_the_same_moment_both_count(db, engine, backend):
    """Four connections at once: two members, one of them submitting twice, and a third
    member; every member's vote counts once, the doubled one as its last choice."""
    if backend != "postgresql":
        pytest.skip("SQLite takes one writer at a time; concurrent writers are PostgreSQL's")
    with db() as session:
        file = _on_agenda(session)
        file_id, commune_id = str(file.public_id), file.commune_id
    url = engine.url.render_as_string(hide_password=False)
    ballots = [
        ("a@sale.test", "approve", ""),
        ("b@sale.test", "refuse", "Hauteur"),
        ("b@sale.test", "refuse", "Hauteur"),
        ("c@sale.test", "approve_with_conditions", "Accès"),
    ]
    start = threading.Barrier(len(ballots))
    errors: list[BaseException] = []

    def work(member: str, choice: str, reasons: str) -> None:
        own = make_engine(url, pool_size=1, max_overflow=0)
        try:
            tm = transaction_module.TransactionManager(explicit=True)
            with tm:
                session = session_in_transaction(make_session_factory(own), tm)
                set_commune_scope(session, commune_id)
                mine = files.get(session, file_id)
                start.wait(timeout=10)
                _vote(session, mine, member, choice, reasons)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=work, args=ballot) for ballot in ballots]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    with db() as session:
        set_commune_scope(session, commune_id)
        file = files.get(session, file_id)
        counted = commission.tally(session, file)
        assert sorted(v.member for v in counted.votes) == [
            "a@sale.test",
            "b@sale.test",
            "c@sale.test",
        ]
        assert counted.counts == {"approve": 1, "approve_with_conditions": 1, "refuse": 1}
        assert audit.verify_chain(session, commune_id).intact
