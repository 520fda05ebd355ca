"""Duplicates on entry: the same child declared twice is found across scripts, the officer
cannot sign until the agent decided, and the decision is audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from civil_status.models import DuplicateDecision
from civil_status.permissions import Perm
from civil_status.profiles import profile
from civil_status.services import acts, duplicates
from municipality import audit
from municipality.db import utcnow
from municipality.errors import ValidationFailed
from tests import factories

OFFICER = frozenset(Perm)
RULE = profile("MA").duplicates


def _latin_only_twin(session, register, **data):
    """The same birth entered again, the names typed in Latin letters only."""
    return factories.act(
        session,
        register_=register,
        given_name_ar="ياسمينة",
        family_name_ar="العمراني",
        given_name_lat="Yasmina",
        family_name_lat="Amrani",
        mother_name="سلمى بناني",
        **data,
    )


def test_the_same_child_entered_twice_waits_for_a_decision(db):
    with db() as session:
        first = factories.signed_act(session)
        twin = _latin_only_twin(session, first.register)
        found = duplicates.candidates(session, twin, RULE)
        assert [(c.act.id, c.decision) for c in found] == [(first.id, "pending")]
        assert found[0].score >= RULE.name_score
        with pytest.raises(ValidationFailed, match="waiting for a decision"):
            acts.act(session, actor="officer", act=twin, action="sign", permissions=OFFICER)
        duplicates.decide(session, actor="agent", act=twin, candidate=first, decision="distinct")
        acts.act(session, actor="officer", act=twin, action="sign", permissions=OFFICER)
        assert twin.number == 2
        row = session.execute(
            select(DuplicateDecision).where(DuplicateDecision.act_id == twin.id)
        ).scalar_one()
        history = audit.history(session, "civil_status_duplicate", str(row.public_id))
        assert [(e.action, e.actor) for e in history] == [
            ("civil_status:duplicate:found", "tests"),
            ("civil_status:duplicate:decided", "agent"),
        ]


@pytest.mark.parametrize(
    "change",
    [
        {"event_date": utcnow().date() - timedelta(days=8)},
        {"mother_name": "Khadija Tazi"},
        {
            "given_name_ar": "عمر",
            "given_name_lat": "Omar",
            "family_name_lat": "Tazi",
            "family_name_ar": "التازي",
        },
    ],
)
def test_another_date_mother_or_name_is_not_a_candidate(db, change):
    with db() as session:
        first = factories.signed_act(session)
        other = factories.act(session, register_=first.register, **change)
        assert duplicates.candidates(session, other, RULE) == []
        acts.act(session, actor="officer", act=other, action="sign", permissions=OFFICER)


def test_a_decision_is_one_of_two_and_only_on_a_candidate(db):
    with db() as session:
        first = factories.signed_act(session)
        twin = _latin_only_twin(session, first.register)
        with pytest.raises(ValidationFailed):
            duplicates.decide(session, actor="a", act=twin, candidate=first, decision="maybe")
        with pytest.raises(ValidationFailed):
            duplicates.decide(session, actor="a", act=first, candidate=twin, decision="same")
        duplicates.decide(session, actor="agent", act=twin, candidate=first, decision="same")
        assert duplicates.candidates(session, twin, RULE)[0].decision == "same"
        acts.act(session, actor="agent", act=twin, action="discard", permissions=OFFICER)
