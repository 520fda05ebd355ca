"""Publishing, the withdraw/republish workflow and expiry, each leaving an audit trace."""

from __future__ import annotations

from datetime import date

import pytest

from municipality import audit
from municipality.errors import Forbidden, InvalidTransition
from municipality.tenancy import commune_by_slug
from notices import services
from notices.permissions import Perm
from notices.workflow import NOTICE_WORKFLOW
from tests import factories

PUBLISH = frozenset({Perm.PUBLISH})


@pytest.fixture
def notice_id(db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        notice = services.publish(
            session,
            actor="agent@x",
            commune=commune,
            data={
                "title": "Marché",
                "body": "Fermé lundi",
                "language": "fr",
                "expires_on": date(2020, 1, 1),
            },
        )
        return notice.public_id


@pytest.mark.parametrize(
    ("state", "action", "after"),
    [(t.state, t.action, t.next_state) for t in NOTICE_WORKFLOW.table.values()],
)
def test_every_transition_of_the_table(db, notice_id, state, action, after):
    with db() as session:
        notice = services.get(session, notice_id)
        notice.state = state
    with db() as session:
        notice = services.act(
            session,
            actor="agent@x",
            notice=services.get(session, notice_id),
            action=action,
            permissions=PUBLISH,
        )
        assert notice.state == after
    with db() as session:
        assert (
            audit.history(session, "notice", str(notice_id))[-1].action == f"notices:notice:{after}"
        )


def test_impossible_transition_is_an_error(db, notice_id):
    with db() as session, pytest.raises(InvalidTransition):
        services.act(
            session,
            actor="a",
            notice=services.get(session, notice_id),
            action="republish",
            permissions=PUBLISH,
        )


def test_transition_needs_its_permission(db, notice_id):
    with db() as session, pytest.raises(Forbidden):
        services.act(
            session,
            actor="a",
            notice=services.get(session, notice_id),
            action="withdraw",
            permissions=frozenset(),
        )


def test_expired_notices_are_withdrawn_by_the_job(db, notice_id):
    with db() as session:
        assert services.expire_due(session, date(2026, 1, 1)) == 1
    with db() as session:
        assert services.get(session, notice_id).state == "withdrawn"
        assert audit.verify_chain(session, commune_by_slug(session, "sale").id).intact


def test_search_finds_title_and_body(db, notice_id):
    with db() as session:
        assert [n.public_id for n in session.execute(services.query(text="lundi")).scalars()] == [
            notice_id
        ]
        assert list(session.execute(services.query(text="absent")).scalars()) == []
