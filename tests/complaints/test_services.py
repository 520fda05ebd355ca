"""Categories and their legal ceiling, filing, tracking codes and every workflow transition."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from complaints import demo
from complaints.models import Complaint
from complaints.permissions import Perm
from complaints.services import categories, filing, handling, inbox
from complaints.workflow import COMPLAINT_WORKFLOW, EVENTS, REOPEN_DAYS
from municipality import audit
from municipality.db import set_commune_scope, utcnow
from municipality.errors import Forbidden, InvalidTransition, NotFound, ValidationFailed
from municipality.models import OutboxMessage
from municipality.tenancy import commune_by_slug
from tests import factories

EVERYTHING = frozenset(Perm)
# How to bring a fresh complaint into each state, along the table's own actions.
PATHS = {
    "received": (),
    "acknowledged": ("acknowledge",),
    "assigned": ("acknowledge", "assign"),
    "in_progress": ("acknowledge", "assign", "start"),
    "resolved": ("acknowledge", "assign", "start", "resolve"),
    "closed": ("acknowledge", "assign", "start", "resolve", "close"),
    "rejected": ("reject",),
}


def _file(session, commune, **data):
    category = categories.categories(session)[0]
    return filing.file_complaint(
        session,
        actor="public",
        commune=commune,
        data={
            "category": str(category.public_id),
            "description": "Nid-de-poule devant l'école",
            "address": "Avenue Hassan II",
            **data,
        },
    )


def _bring(session, complaint, state):
    for action in PATHS[state]:
        handling.act(
            session,
            actor="agent@sale.test",
            complaint=complaint,
            action=action,
            permissions=EVERYTHING,
            data={"reason": "Hors compétence de la commune"},
        )


@pytest.fixture
def sale(db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.category(session, commune)
    return "sale"


def test_every_state_is_reachable_by_the_paths_above():
    assert set(PATHS) == COMPLAINT_WORKFLOW.states
    assert set(EVENTS) == {action for _s, action in COMPLAINT_WORKFLOW.table}


@pytest.mark.parametrize(
    ("state", "action", "after"),
    [(t.state, t.action, t.next_state) for t in COMPLAINT_WORKFLOW.table.values()],
)
def test_each_transition_moves_audits_and_tells_the_reporter(db, sale, state, action, after):
    with db() as session:
        commune = commune_by_slug(session, sale)
        complaint = _file(session, commune, reporter_email="Reporter@Example.org")
        _bring(session, complaint, state)
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
        assert events[-1].action == f"complaints:request:{EVENTS[action]}"
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
        complaint = _file(session, commune_by_slug(session, sale))
        _bring(session, complaint, state)
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
        complaint = _file(session, commune_by_slug(session, sale))
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
        complaint = _file(session, commune_by_slug(session, sale), reporter_phone="+212600000000")
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
        complaint = _file(session, commune_by_slug(session, sale))
        _bring(session, complaint, state)
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


def test_category_may_not_exceed_the_legal_ceiling_of_morocco(db, sale):
    with db() as session:
        commune = commune_by_slug(session, sale)
        with pytest.raises(ValidationFailed) as refused:
            categories.create_category(
                session,
                actor="x",
                commune=commune,
                data=factories.category_payload(code="eau", days_to_resolve=61),
            )
        assert "days_to_resolve" in refused.value.errors
        at_ceiling = categories.create_category(
            session,
            actor="x",
            commune=commune,
            data=factories.category_payload(code="eau", days_to_resolve=60),
        )
        assert at_ceiling.days_to_resolve == 60
        with pytest.raises(ValidationFailed):
            categories.update_category(
                session,
                actor="x",
                commune=commune,
                category=at_ceiling,
                data={"days_to_resolve": 90},
            )
        assert at_ceiling.days_to_resolve == 60


def test_a_country_without_a_known_ceiling_accepts_longer_targets(db):
    with db() as session:
        bamako = factories.commune(session, country="ML")
        category = factories.category(session, bamako, days_to_resolve=90)
        assert category.days_to_resolve == 90


def test_anonymous_filing_sends_nothing_and_records_no_identity(db, sale):
    with db() as session:
        complaint = _file(session, commune_by_slug(session, sale))
        assert complaint.state == "received"
        assert complaint.channel == "web"
        assert (complaint.reporter_name, complaint.reporter_email, complaint.reporter_phone) == (
            None,
            None,
            None,
        )
        assert session.execute(select(OutboxMessage)).first() is None
        events = audit.history(session, "complaint", str(complaint.public_id))
        assert [e.action for e in events] == ["complaints:request:received"]
        assert events[0].changes["anonymous"] == [None, True]


def test_due_dates_follow_the_category(db, sale):
    with db() as session:
        complaint = _file(session, commune_by_slug(session, sale))
        created = complaint.created_at
        assert complaint.acknowledge_due_at - created < timedelta(hours=48, seconds=5)
        assert complaint.acknowledge_due_at - created > timedelta(hours=47)
        assert (complaint.resolve_due_at - complaint.acknowledge_due_at).days == 28


def test_a_complaint_must_say_where(db, sale):
    with db() as session:
        commune = commune_by_slug(session, sale)
        with pytest.raises(ValidationFailed) as refused:
            _file(session, commune, address=None)
        assert "address" in refused.value.errors
        with pytest.raises(ValidationFailed):
            _file(session, commune, address=None, latitude=34.03)
        located = _file(session, commune, address=None, latitude=34.03, longitude=-6.8)
        assert (located.latitude, located.longitude) == (34.03, -6.8)


def test_tracking_codes_are_short_unguessable_and_unique(db, sale):
    codes = {filing.new_tracking_code() for _i in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == filing.TRACKING_LENGTH for c in codes)
    assert all(set(c) <= set(filing.TRACKING_ALPHABET) for c in codes)
    assert not set("01OIL") & set(filing.TRACKING_ALPHABET)
    with db() as session:
        complaint = _file(session, commune_by_slug(session, sale))
        code = complaint.tracking_code
    with db() as session:
        commune = commune_by_slug(session, sale)
        set_commune_scope(session, commune.id)
        dashed = f"{code[:4].lower()}-{code[4:8]} {code[8:]}"
        assert filing.by_tracking_code(session, dashed).tracking_code == code
        other = factories.commune(session, slug="temara")
        set_commune_scope(session, other.id)
        with pytest.raises(NotFound):
            filing.by_tracking_code(session, code)


def test_notes_stay_internal_and_replies_reach_the_reporter(db, sale):
    with db() as session:
        complaint = _file(session, commune_by_slug(session, sale), reporter_email="r@example.org")
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


def test_query_filters_by_state_category_and_text(db, sale):
    with db() as session:
        commune = commune_by_slug(session, sale)
        first = _file(session, commune, description="Lampadaire éteint rue 5")
        second = _file(session, commune, description="Déchets sur la place")
        _bring(session, second, "rejected")
        listed = lambda **kw: [c.id for c in session.execute(inbox.query(**kw)).scalars()]  # noqa: E731
        assert listed(state="open") == [first.id]
        assert listed(state="rejected") == [second.id]
        assert listed(text="lampadaire") == [first.id]
        assert listed(text=second.tracking_code) == [second.id]
        assert sorted(listed(category=first.category)) == sorted([first.id, second.id])
        assert inbox.open_count(session) == 1


def test_demo_data_has_four_categories_and_complaints_in_several_states(db):
    with db() as session:
        commune = factories.commune(session, slug="demo")
        demo.load_demo(session, commune, "system:demo")
        session.flush()
        codes = [c.code for c in categories.categories(session)]
        assert sorted(codes) == ["dechets", "eau", "eclairage", "voirie"]
        states = {c.state for c in session.execute(select(Complaint)).scalars()}
        assert len(states) >= 3
