"""Registers, acts and mentions: entry by the profile, signing, gapless numbers, immutability
after signature, corrections with their legal basis, and the log of who read an act."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import select

from civil_status.models import Act
from civil_status.permissions import ENTRY, Perm
from civil_status.services import acts, mentions, registers
from civil_status.workflow import ACT_WORKFLOW, MENTION_WORKFLOW
from municipality import audit
from municipality.db import utcnow
from municipality.errors import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from municipality.models import Commune
from tests import factories

OFFICER = frozenset(Perm)
AGENT = frozenset(ENTRY)


def _commune(session, register):
    return session.get(Commune, register.commune_id)


def test_a_register_is_opened_once_per_centre_kind_and_year(db):
    with db() as session:
        register = factories.register(session)
        commune = _commune(session, register)
        with pytest.raises(Conflict):
            registers.open_register(
                session,
                actor="a",
                commune=commune,
                centre=register.centre,
                kind="birth",
                year=register.year,
            )


def test_a_kind_the_country_does_not_draw_up_is_refused(db):
    with db() as session:
        commune = factories.commune(session)
        with pytest.raises(NotFound):
            registers.open_register(
                session, actor="a", commune=commune, centre="Bureau", kind="marriage", year=2026
            )
        mali = factories.commune(session, country="ML")
        assert (
            registers.open_register(
                session,
                actor="a",
                commune=mali,
                centre="Centre principal",
                kind="marriage",
                year=2026,
            ).kind
            == "marriage"
        )


def test_mauritania_keeps_no_register(db):
    with db() as session:
        commune = factories.commune(session, country="MR")
        with pytest.raises(ValidationFailed, match="national registry"):
            registers.open_register(
                session, actor="a", commune=commune, centre="Bureau", kind="birth", year=2026
            )


def test_entry_checks_required_fields_and_unknown_ones(db):
    with db() as session:
        register = factories.register(session)
        with pytest.raises(ValidationFailed) as missing:
            factories.act(session, register_=register, mother_name="  ")
        assert set(missing.value.errors) == {"mother_name"}
        with pytest.raises(ValidationFailed, match="Unknown fields"):
            factories.act(session, register_=register, shoe_size="42")
        with pytest.raises(ValidationFailed):
            factories.act(session, register_=register, sex="X")
        with pytest.raises(ValidationFailed):
            factories.act(session, register_=register, event_time="8h")


def test_entry_records_hijri_date_timeliness_and_latin_key(db):
    with db() as session:
        register = factories.register(session)
        act = factories.act(session, register_=register, event_date=utcnow().date())
        assert act.state == "draft"
        assert act.number is None
        assert act.timeliness == "on_time"
        assert len(act.hijri_date) == 10
        assert act.event_time == time(8, 30)
        assert act.name_key == "yasmyn almrany|yasmine el amrani"


def test_late_declaration_needs_a_judgment(db):
    today = utcnow().date()
    late = today - timedelta(days=40)
    with db() as session:
        register = factories.register(session)
        with pytest.raises(ValidationFailed, match="judgment"):
            factories.act(session, register_=register, event_date=late)
        act = factories.act(
            session, register_=register, event_date=late, judgment_reference="Jugement 7/2026"
        )
        assert act.timeliness == "by_judgment"
        abroad = factories.act(
            session, register_=register, event_date=late, abroad=True, given_name_lat="Adam"
        )
        assert abroad.timeliness == "on_time"


def test_an_event_after_its_declaration_is_refused(db):
    with db() as session, pytest.raises(ValidationFailed):
        factories.act(session, event_date=utcnow().date() + timedelta(days=2))


@pytest.mark.parametrize(
    ("state", "action", "after"),
    [(t.state, t.action, t.next_state) for t in ACT_WORKFLOW.table.values()],
)
def test_every_act_transition(db, state, action, after):
    with db() as session:
        act = factories.act(session)
        acts.act(session, actor="officer", act=act, action=action, permissions=OFFICER)
        assert act.state == after
        history = audit.history(session, "civil_status_act", str(act.public_id))
        assert history[-1].action == f"civil_status:act:{after}"


def test_only_the_officer_signs(db):
    with db() as session:
        act = factories.act(session)
        with pytest.raises(Forbidden):
            acts.act(session, actor="agent", act=act, action="sign", permissions=AGENT)


def test_signing_numbers_acts_in_order_and_discarded_drafts_leave_no_gap(db):
    with db() as session:
        register = factories.register(session)
        drafts = [
            factories.act(session, register_=register, given_name_lat=name, mother_name=mother)
            for name, mother in [("Adam", "Nadia"), ("Rim", "Houda"), ("Omar", "Leila")]
        ]
        acts.act(session, actor="o", act=drafts[1], action="discard", permissions=OFFICER)
        for act in (drafts[2], drafts[0]):
            acts.act(session, actor="o", act=act, action="sign", permissions=OFFICER)
        assert [drafts[2].number, drafts[0].number, drafts[1].number] == [1, 2, None]
        assert drafts[0].signed_by == "o"
        assert register.last_number == 2


def test_a_digitised_register_continues_after_its_last_paper_number(db):
    with db() as session:
        commune = factories.commune(session)
        register = registers.open_register(
            session,
            actor="a",
            commune=commune,
            centre="Bureau central",
            kind="birth",
            year=utcnow().year,
            paper_last_number=1286,
        )
        act = factories.signed_act(session, register_=register)
        assert act.number == 1287


def test_a_signed_act_cannot_be_signed_or_discarded_again(db):
    with db() as session:
        act = factories.signed_act(session)
        for action in ("sign", "discard"):
            with pytest.raises(InvalidTransition):
                acts.act(session, actor="o", act=act, action=action, permissions=OFFICER)


def _correction(session, act, **data):
    return mentions.request(
        session,
        actor="agent",
        commune=session.get(Commune, act.commune_id),
        act=act,
        data={
            "kind": "correction",
            "basis": "prosecutor_decision",
            "legal_reference": "Décision du procureur 31/2026",
            "corrections": {"given_name_lat": "Yasmina"},
            **data,
        },
    )


def test_a_correction_overlays_the_reading_and_keeps_the_previous_one(db):
    with db() as session:
        act = factories.signed_act(session)
        mention = _correction(session, act)
        assert mention.corrections == {"given_name_lat": ["Yasmine", "Yasmina"]}
        reading = {r.field: r for r in acts.reading(act)}
        assert reading["given_name_lat"].value == "Yasmine"  # not approved yet
        mentions.decide(
            session, actor="officer", mention=mention, action="approve", permissions=OFFICER
        )
        reading = {r.field: r for r in acts.reading(act)}
        assert reading["given_name_lat"].value == "Yasmina"
        assert reading["given_name_lat"].previous == ("Yasmine",)
        assert act.given_name_lat == "Yasmine"  # the act itself never changes
        assert mention.decided_by == "officer"
        history = audit.history(session, "civil_status_mention", str(mention.public_id))
        assert [e.action for e in history] == [
            "civil_status:mention:requested",
            "civil_status:mention:approved",
        ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"basis": "rumour"}, "legal bases"),
        ({"kind": "baptism"}, "kind of mention"),
        ({"legal_reference": " "}, "reference"),
        ({"corrections": {}}, "correction"),
        ({"corrections": {"given_name_lat": "Yasmine"}}, "change at least one"),
        ({"corrections": {"shoe_size": "42"}}, "Unknown fields"),
        ({"kind": "marriage", "basis": "marriage_contract"}, "Only a correction"),
    ],
)
def test_a_mention_needs_its_kind_basis_reference_and_real_changes(db, data, message):
    with db() as session:
        act = factories.signed_act(session)
        with pytest.raises(ValidationFailed, match=message):
            _correction(session, act, **data)


def test_a_draft_takes_no_mention(db):
    with db() as session:
        act = factories.act(session)
        with pytest.raises(InvalidTransition):
            _correction(session, act)


@pytest.mark.parametrize(
    ("state", "action", "after"),
    [(t.state, t.action, t.next_state) for t in MENTION_WORKFLOW.table.values()],
)
def test_every_mention_transition_is_the_officers(db, state, action, after):
    with db() as session:
        mention = factories.mention(session)
        with pytest.raises(Forbidden):
            mentions.decide(session, actor="a", mention=mention, action=action, permissions=AGENT)
        mentions.decide(session, actor="o", mention=mention, action=action, permissions=OFFICER)
        assert mention.state == after
        with pytest.raises(InvalidTransition):
            mentions.decide(session, actor="o", mention=mention, action=action, permissions=OFFICER)


def test_every_read_is_logged_with_its_reason(db):
    with db() as session:
        act = factories.signed_act(session)
        with pytest.raises(ValidationFailed):
            acts.read(session, actor="agent@x", act=act, reason="  ")
        acts.read(session, actor="agent@x", act=act, reason="Demande d'extrait au guichet")
        acts.read(session, actor="officer@x", act=act, reason="Vérification")
        readers = acts.readers(session, act)
        assert [(e.actor, e.changes["reason"]) for e in readers] == [
            ("agent@x", "Demande d'extrait au guichet"),
            ("officer@x", "Vérification"),
        ]


def test_search_by_number_name_in_any_script_dates_and_parent(db):
    with db() as session:
        register = factories.register(session)
        yasmine = factories.signed_act(session, register_=register)
        omar = factories.signed_act(
            session,
            register_=register,
            given_name_ar="عمر",
            given_name_lat="Omar",
            family_name_ar="التازي",
            family_name_lat="Tazi",
            mother_name="Khadija Alaoui",
            event_date=utcnow().date() - timedelta(days=20),
        )
        assert acts.find(session, acts.Search(number=omar.number)) == [omar]
        assert acts.find(session, acts.Search(name="ياسمين")) == [yasmine]
        assert acts.find(session, acts.Search(name="Yasmin El Amrany")) == [yasmine]
        assert acts.find(session, acts.Search(parent="Khadija")) == [omar]
        since = utcnow().date() - timedelta(days=5)
        assert acts.find(session, acts.Search(date_from=since)) == [yasmine]
        assert acts.find(session, acts.Search(name="Zineb")) == []
        assert session.execute(select(Act).where(Act.number.is_(None))).first() is None


def test_a_register_of_another_year_refuses_the_entry(db):
    with db() as session:
        register = factories.register(session, year=2020)
        with pytest.raises(ValidationFailed, match="2020"):
            factories.act(session, register_=register)


def test_dates_are_dates(db):
    with db() as session, pytest.raises(ValidationFailed):
        factories.act(session, event_date="2026-01-01")
