"""The expiry job takes down every commune's notices whose date has passed, in one run."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from municipality import audit
from municipality.database import SESSION_FACTORY_KEY
from municipality.db import make_session_factory, utcnow
from notices import jobs
from notices.models import Notice
from tests import factories


def test_the_job_withdraws_expired_notices_and_leaves_the_others(db, engine):
    yesterday = utcnow().date() - timedelta(days=1)
    with db() as session:
        expired = factories.notice(session, expires_on=yesterday).id
        current = factories.notice(session, expires_on=yesterday + timedelta(days=30)).id
    assert jobs.expire_notices({SESSION_FACTORY_KEY: make_session_factory(engine)}) == 1
    with db() as session:
        states = {n.id: n.state for n in session.execute(select(Notice)).scalars()}
        assert states == {expired: "withdrawn", current: "published"}
        taken_down = session.get(Notice, expired)
        assert [e.action for e in audit.history(session, "notice", str(taken_down.public_id))] == [
            "notices:notice:published",
            "notices:notice:withdrawn",
        ]
