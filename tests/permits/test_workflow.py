"""Every transition of the file's table, its requirements, the legal clock and the
tacit-approval watch."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from municipality.db import clock_at, set_commune_scope
from municipality.errors import Forbidden, InvalidTransition, ValidationFailed
from municipality.models import AuditEvent, Commune, OutboxMessage
from permits.permissions import Perm
from permits.profiles import profile
from permits.services import handling, rules
from permits.workflow import FILE_WORKFLOW, OPINION_WORKFLOW
from tests import factories

# Thursday 16 July 2026: the Throne Day (Thursday 30) falls in a ten-day deadline.
FILED = datetime(2026, 7, 16, 9, 0, tzinfo=UTC)
REVIEW = ("accept", "request_opinions", "give_opinions", "to_commission")


def _file(session, site, **data):
    set_commune_scope(session, site.commune_id)
    commune = session.get(Commune, site.commune_id)
    made = factories.permit_file(session, commune_=commune, parcels=[site.parcel], **data)
    factories.complete_checklist(session, made)
    return made


def test_the_table_reaches_every_state_from_the_draft():
    reachable, frontier = {"draft"}, ["draft"]
    while frontier:
        state = frontier.pop()
        for (origin, _action), t in FILE_WORKFLOW.table.items():
            if origin == state and t.next_state not in reachable:
                reachable.add(t.next_state)
                frontier.append(t.next_state)
    assert reachable == FILE_WORKFLOW.states
    assert {"incomplete", "refused", "occupancy_granted", "occupancy_refused"} <= reachable


@pytest.mark.parametrize(("key", "transition"), sorted(FILE_WORKFLOW.table.items()))
def test_each_transition_carries_a_permission_of_the_module(key, transition):
    assert transition.permission in set(Perm)
    assert FILE_WORKFLOW.audit_action(transition).startswith("permits:file:")


def test_the_full_life_of_a_building_permit(db, site):
    with db() as session, clock_at(FILED):
        file = _file(session, site)
        factories.advance_permit(
            session,
            file,
            "submit",
            *REVIEW,
            "approve",
            "pay_fee",
            "issue",
            "open_works",
            "complete_works",
            "grant_occupancy",
        )
        assert file.state == "occupancy_granted"
        assert file.decision == "approved"
        assert file.works_opened_on == date(2026, 7, 16)
        actions = (
            session.execute(
                select(AuditEvent.action).where(AuditEvent.object_type == "permit_file")
            )
            .scalars()
            .all()
        )
        for state in (
            "submitted",
            "accepted",
            "under_review",
            "commission",
            "approved",
            "fee_paid",
            "issued",
            "works_opened",
            "works_completed",
            "occupancy_granted",
        ):
            assert f"permits:file:{state}" in actions
        notes = (
            session.execute(select(OutboxMessage).where(OutboxMessage.destination == "messaging"))
            .scalars()
            .all()
        )
        assert len(notes) == 9  # one per move of the file
        assert all(n.payload["to"] == factories.ACTOR for n in notes)


def test_returned_incomplete_with_the_list_then_filed_again(db, site):
    with db() as session:
        file = _file(session, site)
        factories.advance_permit(session, file, "submit")
        with pytest.raises(ValidationFailed):
            factories.advance_permit(session, file, "return", missing=[" "])
        factories.advance_permit(session, file, "return", missing=["Plan de masse signé"])
        assert (file.state, file.missing) == ("incomplete", ["Plan de masse signé"])
        factories.advance_permit(session, file, "submit")
        assert (file.state, file.missing) == ("submitted", [])


def test_accepting_starts_the_clock_in_working_days(db, site):
    with db() as session, clock_at(FILED):
        file = _file(session, site)
        factories.advance_permit(session, file, "submit", "accept")
        assert file.accepted_on == date(2026, 7, 16)
        # Ten working days: two weekends and the Throne Day skipped.
        assert file.due_on == date(2026, 7, 31)
        # From Monday 27: Tuesday, Wednesday and Friday (Thursday is Throne Day).
        assert rules.remaining_days(profile("MA"), file, date(2026, 7, 27)) == 3


def test_a_large_project_gets_25_working_days_and_more_bodies(db, site):
    with db() as session, clock_at(FILED):
        file = _file(session, site, floors=4, floor_area_m2=900.0, units=6)
        factories.advance_permit(session, file, "submit", "accept", "request_opinions")
        assert file.circuit == "large"
        # August 14, 20 and 21 and the two days of the Mawlid (25-26 August) are skipped.
        assert file.due_on == date(2026, 8, 28)
        assert [o.body for o in file.opinions] == ["urban_agency", "civil_protection", "utilities"]
        assert {o.due_on for o in file.opinions} == {date(2026, 7, 31)}


def test_demolition_is_decided_within_a_calendar_month(db, site):
    with db() as session, clock_at(FILED):
        file = _file(session, site, kind="demolition")
        factories.advance_permit(session, file, "submit", "accept")
        assert file.due_on == date(2026, 8, 16)


def test_the_commission_waits_for_opinions_until_their_date(db, site):
    with db() as session:
        with clock_at(FILED):
            file = _file(session, site)
            factories.advance_permit(session, file, "submit", "accept", "request_opinions")
            with pytest.raises(ValidationFailed, match="urban_agency"):
                factories.advance_permit(session, file, "to_commission")
        with clock_at(datetime(2026, 7, 27, 9, tzinfo=UTC)):
            factories.advance_permit(session, file, "to_commission")
        assert file.state == "commission"
        assert file.meeting is not None
        assert file.meeting.held_on == date(2026, 7, 28)


def test_files_sent_the_same_week_share_the_next_sitting(db, site):
    with db() as session, clock_at(FILED):
        first = _file(session, site)
        second = _file(session, site)
        for file in (first, second):
            factories.advance_permit(session, file, "submit", *REVIEW)
        assert first.meeting is second.meeting


@pytest.mark.parametrize(
    ("action", "reasons", "decision", "state"),
    [
        ("approve", "", "approved", "approved"),
        ("approve_with_conditions", "Retrait de 3 m", "approved_with_conditions", "approved"),
        ("refuse", "Hauteur dépassée", "refused", "refused"),
    ],
)
def test_commission_decisions(db, site, action, reasons, decision, state):
    with db() as session:
        file = _file(session, site)
        factories.advance_permit(session, file, "submit", *REVIEW, action, reasons=reasons)
        assert (file.state, file.decision, file.reasons) == (state, decision, reasons)


@pytest.mark.parametrize("action", ["approve_with_conditions", "refuse", "refuse_occupancy"])
def test_conditions_and_refusals_need_reasons(db, site, action):
    with db() as session:
        file = _file(session, site)
        steps = (
            (*REVIEW,)
            if action != "refuse_occupancy"
            else (*REVIEW, "approve", "pay_fee", "issue", "open_works", "complete_works")
        )
        factories.advance_permit(session, file, "submit", *steps)
        with pytest.raises(ValidationFailed):
            factories.advance_permit(session, file, action, reasons="  ")


def test_no_permit_is_issued_before_its_fee_is_paid(db, site):
    with db() as session:
        file = _file(session, site)
        factories.advance_permit(session, file, "submit", *REVIEW, "approve")
        with pytest.raises(ValidationFailed, match="fee"):
            factories.advance_permit(session, file, "issue")
        factories.advance_permit(session, file, "pay_fee", "issue")
        assert file.state == "issued"


def test_impossible_moves_and_missing_permissions_are_refused(db, site):
    with db() as session:
        file = _file(session, site)
        with pytest.raises(InvalidTransition):
            factories.advance_permit(session, file, "approve")
        with pytest.raises(Forbidden):
            handling.act(session, file, "submit", actor="x", permissions=frozenset({Perm.VIEW}))
        assert file.state == "draft"


def test_an_opinion_needs_a_verdict_and_reasons_unless_favourable(db, site):
    with db() as session:
        file = _file(session, site)
        factories.advance_permit(session, file, "submit", "accept", "request_opinions")
        opinion = file.opinions[0]
        perms = frozenset({Perm.GIVE_OPINION})
        with pytest.raises(ValidationFailed):
            handling.give_opinion(
                session, opinion, actor="b", permissions=perms, verdict="maybe", remarks=""
            )
        with pytest.raises(ValidationFailed):
            handling.give_opinion(
                session, opinion, actor="b", permissions=perms, verdict="unfavourable", remarks=""
            )
        handling.give_opinion(
            session,
            opinion,
            actor="b",
            permissions=perms,
            verdict="conditions",
            remarks="Façade en retrait",
        )
        assert (opinion.state, opinion.verdict, opinion.given_by) == ("given", "conditions", "b")
        with pytest.raises(InvalidTransition):
            handling.give_opinion(
                session, opinion, actor="b", permissions=perms, verdict="favourable", remarks=""
            )
    assert set(OPINION_WORKFLOW.states) == {"requested", "given"}


def test_inspections_are_scheduled_then_recorded(db, site):
    with db() as session:
        inspection = factories.inspection(session)
        handling.record_inspection(
            session, inspection, actor="insp", outcome="remarks", findings="Clôture non conforme"
        )
        assert (inspection.outcome, inspection.inspector) == ("remarks", "insp")
        with pytest.raises(ValidationFailed):
            handling.record_inspection(
                session, factories.inspection(session), actor="i", outcome="fine", findings=""
            )


def test_tacit_approval_is_flagged_before_and_recorded_after_the_deadline(db, site):
    with db() as session:
        commune = session.get(Commune, site.commune_id)
        with clock_at(FILED):
            file = _file(session, site)
            factories.advance_permit(session, file, "submit", "accept")
        assert file.due_on == date(2026, 7, 31)
        early = handling.watch_tacit(session, commune, date(2026, 7, 20))
        assert (early.warned, early.approved) == ([], [])
        warned = handling.watch_tacit(session, commune, date(2026, 7, 27))
        assert warned.warned == [file.code]
        assert file.tacit_warned_on == date(2026, 7, 27)
        again = handling.watch_tacit(session, commune, date(2026, 7, 28))
        assert again.warned == []
        on_the_day = handling.watch_tacit(session, commune, date(2026, 7, 31))
        assert on_the_day.approved == []
        with clock_at(datetime(2026, 8, 3, 8, tzinfo=UTC)):
            after = handling.watch_tacit(session, commune, date(2026, 8, 3))
        assert after.approved == [file.code]
        assert (file.state, file.decision) == ("approved", "tacit")


def test_mali_has_no_tacit_approval(db):
    with db() as session:
        commune = factories.permits_commune(session, country="ML")
        set_commune_scope(session, commune.id)
        file = factories.permit_file(session, commune_=commune)
        factories.complete_checklist(session, file)
        with clock_at(FILED):
            factories.advance_permit(session, file, "submit", "accept")
        assert file.due_on == date(2026, 9, 16)
        watch = handling.watch_tacit(session, commune, date(2026, 10, 1))
        assert watch == handling.TacitWatch([], [])
        with pytest.raises(ValidationFailed):
            factories.advance_permit(session, file, "tacit_approve")
