"""The audit chain finds any event edited, deleted, inserted or reordered in the database."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select, text, update

from municipality import audit
from municipality.models import ApiToken, AuditEvent, AuditHead, User
from tests import factories


@pytest.fixture
def chain(db):
    """A commune whose chain holds a handful of events; returns the commune id."""
    with db() as session:
        commune = factories.commune(session, slug="sale")
        for n in range(4):
            audit.record(
                session,
                commune_id=commune.id,
                actor="tests",
                action="tests:thing:changed",
                object_type="thing",
                object_id=f"thing-{n}",
                changes={"n": [n, n + 1]},
            )
        return commune.id


def _verify(db, commune_id):
    with db() as session:
        return audit.verify_chain(session, commune_id)


def _events(db, commune_id):
    with db() as session:
        return list(
            session.execute(
                select(AuditEvent)
                .where(AuditEvent.commune_id == commune_id)
                .order_by(AuditEvent.seq)
            ).scalars()
        )


def test_intact_chain_verifies(db, chain):
    report = _verify(db, chain)
    assert report.intact
    assert report.checked == 5  # the commune's creation plus four changes


def test_edited_event_is_found(db, chain):
    third = _events(db, chain)[2]
    with db() as session:
        session.execute(
            update(AuditEvent).where(AuditEvent.id == third.id).values(changes={"n": [0, 99]})
        )
    report = _verify(db, chain)
    assert report.broken_at == third.seq
    assert "edited" in report.reason


def test_edited_actor_is_found(db, chain):
    second = _events(db, chain)[1]
    with db() as session:
        session.execute(
            update(AuditEvent).where(AuditEvent.id == second.id).values(actor="someone-else")
        )
    assert _verify(db, chain).broken_at == second.seq


def test_deleted_event_is_found(db, chain):
    third = _events(db, chain)[2]
    with db() as session:
        session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": third.id})
    report = _verify(db, chain)
    assert report.broken_at == third.seq + 1
    assert "removed" in report.reason


def test_deleted_last_event_is_found(db, chain):
    last = _events(db, chain)[-1]
    with db() as session:
        session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": last.id})
    assert not _verify(db, chain).intact


def test_inserted_event_is_found(db, chain):
    events = _events(db, chain)
    with db() as session:
        # Shift the tail up by one and slip a forged event into the gap, hashed correctly
        # for its own content but not linked into the chain.
        for event in reversed(events[2:]):
            session.execute(
                update(AuditEvent).where(AuditEvent.id == event.id).values(seq=event.seq + 1)
            )
        forged = events[1]
        session.add(
            AuditEvent(
                chain=forged.chain,
                commune_id=chain,
                seq=forged.seq + 1,
                actor="intruder",
                action="tests:thing:changed",
                object_type="thing",
                object_id="forged",
                changes={},
                occurred_at=forged.occurred_at,
                prev_hash="f" * 64,
                hash="e" * 64,
            )
        )
        session.execute(
            update(AuditHead).where(AuditHead.chain == forged.chain).values(seq=AuditHead.seq + 1)
        )
    report = _verify(db, chain)
    assert report.broken_at == events[1].seq + 1


def test_reordered_events_are_found(db, chain):
    events = _events(db, chain)
    a, b = events[1], events[2]
    with db() as session:
        session.execute(update(AuditEvent).where(AuditEvent.id == a.id).values(seq=-1))
        session.execute(update(AuditEvent).where(AuditEvent.id == b.id).values(seq=a.seq))
        session.execute(update(AuditEvent).where(AuditEvent.id == a.id).values(seq=b.seq))
    assert _verify(db, chain).broken_at == a.seq


def test_chains_are_per_commune(db, chain):
    with db() as session:
        other = factories.commune(session, slug="temara")
        audit.record(
            session,
            commune_id=other.id,
            actor="tests",
            action="tests:x:y",
            object_type="x",
            object_id="1",
        )
    events = _events(db, chain)
    with db() as session:
        session.execute(
            update(AuditEvent).where(AuditEvent.id == events[1].id).values(actor="edited")
        )
    assert not _verify(db, chain).intact
    with db() as session:
        other_id = session.execute(text("SELECT id FROM communes WHERE slug='temara'")).scalar()
    assert _verify(db, other_id).intact


def test_diff_keeps_only_changed_fields():
    assert audit.diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": None}) == {"b": [2, 3]}


def _record_alone(db, commune_id, name, before_commit=lambda: None):
    """A transaction whose only write is its audit event."""
    with db() as session:
        audit.record(
            session,
            commune_id=commune_id,
            actor="tests",
            action="tests:thing:viewed",
            object_type="thing",
            object_id=name,
        )
        before_commit()


def test_concurrent_transactions_writing_only_their_events_both_join_the_chain(db, chain):
    """The head is claimed by a write, so the second writer waits instead of reusing a link.

    On SQLite a read takes no lock: had the head been read first, both would have taken
    the same place in the chain and the second commit would have failed.
    """
    assert _record_two_at_once(db, chain) == []
    report = _verify(db, chain)
    assert report.intact
    assert report.checked == 7


def test_two_transactions_starting_a_chain_at_once_both_join_it(db):
    """The second to create the head waits for the first and links onto its event."""
    assert _record_two_at_once(db, None) == []
    report = _verify(db, None)
    assert report.intact
    assert report.checked == 2


def _record_two_at_once(db, commune_id) -> list[BaseException]:
    """Two audit-only transactions, the second reaching the head while the first holds it."""
    first_has_recorded, second_started = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def first() -> None:
        def hold() -> None:
            first_has_recorded.set()
            second_started.wait(5)
            time.sleep(0.3)  # the second writer is now at the head, or waiting for it

        _record_alone(db, commune_id, "first", hold)

    def second() -> None:
        first_has_recorded.wait(5)
        second_started.set()
        _record_alone(db, commune_id, "second")

    def run(work):
        try:
            work()
        except BaseException as exc:  # returned to the test, which asserts there are none
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return failures


def _name(user: User) -> dict[str, str]:
    return {"full_name": user.full_name}


def test_a_written_row_is_added_flushed_and_audited_on_its_communes_chain(db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        token = ApiToken(
            commune_id=commune.id, name="app", prefix="p", token_hash="h", permissions=[]
        )
        event = audit.write(
            session,
            token,
            actor="tests",
            action="tests:token:created",
            object_type="api_token",
            changes={"name": [None, "app"]},
        )
        assert token in session
        assert (event.chain, event.object_id) == (f"commune:{commune.id}", str(token.public_id))
        assert event.changes == {"name": [None, "app"]}


def test_a_tracked_block_records_what_it_changed_and_nothing_else(db):
    with db() as session:
        user = factories.user(session, email="amina@example.org")
        user_id = str(user.public_id)
        old = user.full_name
        with audit.tracked(
            session,
            user,
            actor="tests",
            action="tests:user:renamed",
            object_type="user",
            values=lambda u: {"full_name": u.full_name, "email": u.email},
        ):
            user.full_name = "Amina B."
    with db() as session:
        [event] = audit.history(session, "user", user_id)[-1:]
        assert event.action == "tests:user:renamed"
        assert event.chain == audit.PLATFORM_CHAIN
        assert event.changes == {"full_name": [old, "Amina B."]}


def _rename_then_fail(session, user: User) -> None:
    with audit.tracked(
        session, user, actor="tests", action="tests:user:renamed", object_type="user", values=_name
    ):
        user.full_name = "Someone else"
        raise ValueError("refused")


def test_a_tracked_block_that_fails_records_nothing(db):
    with db() as session:
        user = factories.user(session, email="amina@example.org")
        with pytest.raises(ValueError, match="refused"):
            _rename_then_fail(session, user)
        actions = [e.action for e in audit.history(session, "user", str(user.public_id))]
        assert "tests:user:renamed" not in actions
