"""Workflow tables: each row moves the state, checks who and what, audits, runs its effects."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from municipality import audit
from municipality.errors import Forbidden, InvalidTransition, ValidationFailed
from municipality.workflow import Transition, Workflow
from notices.models import Notice
from tests import factories

MANAGE = "tests:notice:manage"
ENDED = date(2026, 12, 31)


def needs_reason(_notice: Any, data: dict[str, Any]) -> str | None:
    return None if data.get("reason") else "Say why."


def ends_today(
    _session: Any, notice: Notice, _transition: Transition, data: dict[str, Any]
) -> None:
    notice.expires_on = data["on"]


def forgets_end(_session: Any, notice: Notice, _transition: Transition, _data: Any) -> None:
    notice.expires_on = None


WORKFLOW = Workflow(
    "notice",
    initial="published",
    transitions=[
        Transition("published", "withdraw", "withdrawn", MANAGE, effects=(ends_today,)),
        Transition(
            "withdrawn",
            "republish",
            "published",
            MANAGE,
            requires=needs_reason,
            audit_action="tests:notice:back",
            effects=(forgets_end,),
        ),
        Transition("published", "archive", "archived", MANAGE),
    ],
    audit_prefix="tests:notice:",
    values=lambda n: {"state": n.state, "expires_on": n.expires_on},
)
DATA = {"on": ENDED, "reason": "typo fixed"}
# Per row of the table: the audit action and what the diff says besides the state.
EXPECTED = {
    ("published", "withdraw"): ("tests:notice:withdrawn", {"expires_on": [None, "2026-12-31"]}),
    ("withdrawn", "republish"): ("tests:notice:back", {"expires_on": ["2026-12-31", None]}),
    ("published", "archive"): ("tests:notice:archived", {}),
}


def _notice(session, state: str) -> Notice:
    commune = factories.commune(session, slug="sale")
    notice = Notice(
        commune_id=commune.id,
        title="Coupure d'eau",
        body="Mardi",
        language="fr",
        state=state,
        expires_on=ENDED if state == "withdrawn" else None,
    )
    session.add(notice)
    session.flush()
    return notice


@pytest.mark.parametrize("row", list(WORKFLOW.table.values()), ids=lambda t: t.action)
def test_each_row_moves_audits_and_runs_its_effects(db, row: Transition) -> None:
    with db() as session:
        notice = _notice(session, row.state)
        event = WORKFLOW.run(
            session, notice, row.action, actor="tests", permissions=frozenset({MANAGE}), data=DATA
        )
        action, changes = EXPECTED[(row.state, row.action)]
        assert notice.state == row.next_state
        assert (event.action, event.object_type) == (action, "notice")
        assert event.object_id == str(notice.public_id)
        assert event.changes == {"state": [row.state, row.next_state], **changes}
        assert audit.history(session, "notice", str(notice.public_id)) == [event]


@pytest.mark.parametrize("row", list(WORKFLOW.table.values()), ids=lambda t: t.action)
def test_each_row_is_refused_without_its_permission(db, row: Transition) -> None:
    with db() as session:
        notice = _notice(session, row.state)
        with pytest.raises(Forbidden):
            WORKFLOW.run(
                session,
                notice,
                row.action,
                actor="tests",
                permissions=frozenset({"tests:other"}),
                data=DATA,
            )
        assert notice.state == row.state
        assert audit.history(session, "notice", str(notice.public_id)) == []


@pytest.mark.parametrize("state", sorted(WORKFLOW.states))
def test_an_action_missing_from_the_table_is_an_invalid_transition(state: str) -> None:
    missing = {a for _s, a in WORKFLOW.table} - {a for s, a in WORKFLOW.table if s == state}
    for action in sorted(missing | {"explode"}):
        with pytest.raises(InvalidTransition):
            WORKFLOW.check(Notice(state=state), action, frozenset({MANAGE}))


def test_an_unmet_requirement_changes_and_records_nothing(db) -> None:
    with db() as session:
        notice = _notice(session, "withdrawn")
        with pytest.raises(ValidationFailed):
            WORKFLOW.run(
                session, notice, "republish", actor="tests", permissions=frozenset({MANAGE})
            )
        assert (notice.state, notice.expires_on) == ("withdrawn", ENDED)
        assert audit.history(session, "notice", str(notice.public_id)) == []


def test_open_actions_are_the_rows_of_the_state_the_user_may_do() -> None:
    assert [t.action for t in WORKFLOW.open_actions("published", frozenset({MANAGE}))] == [
        "withdraw",
        "archive",
    ]
    assert WORKFLOW.open_actions("published", frozenset()) == []


def test_a_row_declared_twice_is_refused() -> None:
    row = Transition("a", "go", "b", MANAGE)
    with pytest.raises(ValueError, match="go from a declared twice"):
        Workflow("thing", "a", [row, row])


def test_a_row_without_an_audit_action_needs_the_workflows_prefix() -> None:
    bare = Workflow("thing", "a", [Transition("a", "go", "b", MANAGE)])
    with pytest.raises(ValueError, match="go has no audit action"):
        bare.audit_action(bare.table[("a", "go")])
