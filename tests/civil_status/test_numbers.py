"""Gapless numbers under concurrent signers: 20 officers' transactions, each on its own
connection, sign drafts of one register at once; the numbers are 1 to 20, once each."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from civil_status.models import Act, Register
from civil_status.permissions import Perm
from civil_status.services import acts
from municipality.db import make_engine, make_session_factory, utcnow
from tests import factories

WRITERS = 20


def test_twenty_concurrent_signers_leave_no_gap_and_no_duplicate(backend, engine, db):
    if backend != "postgresql":
        pytest.skip("SQLite serialises writers: the race needs PostgreSQL")
    with db() as session:
        register = factories.register(session)
        drafts = [
            factories.act(
                session,
                register_=register,
                # A week apart, so none waits for a decision on a possible duplicate.
                event_date=utcnow().date() - timedelta(days=1 + 7 * n),
                judgment_reference=f"Jugement {n}/2026",
            ).id
            for n in range(WRITERS)
        ]
    url = engine.url.render_as_string(hide_password=False)
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def sign(act_id: int) -> None:
        own = make_engine(url, pool_size=1, max_overflow=0)
        try:
            with make_session_factory(own)() as session, session.begin():
                act = session.get(Act, act_id)
                start.wait(timeout=30)
                acts.act(
                    session, actor="officer", act=act, action="sign", permissions=frozenset(Perm)
                )
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=sign, args=(i,)) for i in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with db() as session:
        numbers = session.execute(select(Act.number).where(Act.id.in_(drafts))).scalars()
        assert sorted(numbers) == list(range(1, WRITERS + 1))
        assert session.get(Register, register.id).last_number == WRITERS
