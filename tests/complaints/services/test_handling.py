"""Every workflow transition of a complaint, and staff notes and replies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from complaints.permissions import Perm
from complaints.services import handling
from complaints.workflow import COMPLAINT_WORKFLOW, REOPEN_DAYS
from municipality import audit
from municipality.db import utcnow
from municipality.errors import Forbidden, InvalidTransition, ValidationFailed
from municipality.models import OutboxMessage
from municipality.tenancy import commune_by_slug
from tests.complaints.services.support import EVERYTHING, PATHS, bring, file_one

# What the audit trail and the reporter's notification call each action's outcome
# (``complaints:request:<outcome>``); reopening lands in "assigned" but is told apart.
OUTCOMES = {
    "acknowledge": "acknowledged",
    "assign": "assigned",
    "start": "in_progress",
    "resolve": "resolved",
    "close": "closed",
    "reject": "rejected",
    "reopen": "reopened",
    "contest": "reopened",
}


def test_every_state_is_reachable_by_the_paths_above():
    assert set(PATHS) == COMPLAINT_WORKFLOW.states
    assert set(OUTCOMES) == {action for _s, action in COMPLAINT_WORKFLOW.table}


@pytest.mark.parametrize(
    ("state", "action", "after"),
    [(t.state, t.action, t.next_state) for t in COMPLAINT_WORKFLOW.table.values()],
)
def test_each_transition_moves_audits_and_tells_the_reporter(db, sale, state, action, after):
    with db() as session:
        commune = commune_by_slug(session, sale)
        complaint = file_one(session, commune, reporter_email="Reporter@Example.org")
        bring(session, complaint, state)
        handling.act(
            session,
            actor="agent@sale.test",
            complaint=complaint,
            action=action,
            permissions=frozenset({COMPLAINT_WORKFLOW.table[(state, action)].permission}),
            data={"reason": "Hors compétence de la commune"},
        )
        assert complaint.state == after
        events = audit.history(session, "complaint", str(complaint.public_id))
        assert events[-1].action == f"complaints:request:{OUTCOMES[action]}"
        assert events[-1].actor == "agent@sale.test"
        assert events[-1].changes["state"] == [state, after]
        messages = session.execute(select(OutboxMessage)).scalars().all()
        assert len(messages) == 1 + len(PATHS[state]) + 1
        assert {m.payload["to"] for m in messages} == {"reporter@example.org"}
        assert all(m.destination == "messaging" for m in messages)
        assert complaint.tracking_code in messages[-1].payload["body"]


@pytest.mark.parametrize("state", sorted(COMPLAINT_WORKFLOW.states))
def test_actions_not_in_the_table_are_refused(db, sale, state):
    actions = {a for _s, a in COMPLAINT_WORKFLOW.table}
    with db() as session:
        complaint = file_one(session, commune_by_slug(session, sale))
        bring(session, complaint, state)
        for action in sorted(actions - {a for s, a in COMPLAINT_WORKFLOW.table if s == state}):
            with pytest.raises(InvalidTransition):
                handling.act(
                    session,
                    actor="x",
                    complaint=complaint,
                    action=action,
                    permissions=EVERYTHING,
                    data={"reason": "r"},
                )
        assert complaint.state == state


def test_a_role_without_the_permission_is_forbidden(db, sale):
    with db() as session:
        complaint = file_one(session, commune_by_slug(session, sale))
        with pytest.raises(Forbidden):
            handling.act(
                session,
                actor="x",
                complaint=complaint,
                action="acknowledge",
                permissions=frozenset({Perm.VIEW}),
            )
        assert complaint.state == "received"


def test_rejection_needs_a_reason_that_the_reporter_sees(db, sale):
    with db() as session:
        complaint = file_one(
            session, commune_by_slug(session, sale), reporter_phone="+212600000000"
        )
        with pytest.raises(ValidationFailed):
            handling.act(
                session,
                actor="x",
                complaint=complaint,
                action="reject",
                permissions=EVERYTHING,
                data={"reason": "  "},
            )
        assert complaint.state == "received"
        handling.act(
            session,
            actor="x",
            complaint=complaint,
            action="reject",
            permissions=EVERYTHING,
            data={"reason": "Relève de l'ONEE"},
        )
        assert complaint.rejection_reason == "Relève de l'ONEE"
        last = session.execute(select(OutboxMessage).order_by(OutboxMessage.id.desc())).scalar()
        assert last.payload["channel"] == "sms"
        assert "Relève de l'ONEE" in last.payload["body"]


@pytest.mark.parametrize("state", ["resolved", "closed"])
def test_reopening_is_refused_after_thirty_days(db, sale, state):
    with db() as session:
        complaint = file_one(session, commune_by_slug(session, sale))
        bring(session, complaint, state)
        complaint.resolved_at = utcnow() - timedelta(days=REOPEN_DAYS + 1)
        with pytest.raises(ValidationFailed):
            handling.act(
                session, actor="x", complaint=complaint, action="reopen", permissions=EVERYTHING
            )
        assert complaint.state == state
        complaint.resolved_at = utcnow() - timedelta(days=REOPEN_DAYS - 1)
        handling.act(
            session, actor="x", complaint=complaint, action="reopen", permissions=EVERYTHING
        )
        assert complaint.state == "assigned"
        assert complaint.resolved_at is None


def test_notes_stay_internal_and_replies_reach_the_reporter(db, sale):
    with db() as session:
        complaint = file_one(
            session, commune_by_slug(session, sale), reporter_email="r@example.org"
        )
        handling.add_event(
            session, actor="a@x", complaint=complaint, kind="note", body="Voir avec l'entreprise"
        )
        handling.add_event(
            session, actor="a@x", complaint=complaint, kind="reply", body="Travaux lundi"
        )
        session.flush()
        session.refresh(complaint)
        assert [e.body for e in handling.public_replies(complaint)] == ["Travaux lundi"]
        bodies = [m.payload["body"] for m in session.execute(select(OutboxMessage)).scalars()]
        assert len(bodies) == 2
        assert "Travaux lundi" in bodies[-1]
        assert not any("Voir avec" in b for b in bodies)
        actions = [e.action for e in audit.history(session, "complaint", str(complaint.public_id))]
        assert actions[-2:] == ["complaints:request:noted", "complaints:request:replied"]
        with pytest.raises(ValidationFailed):
            handling.add_event(session, actor="a", complaint=complaint, kind="reply", body=" ")
