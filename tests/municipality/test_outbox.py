"""The transactional outbox: enqueue with the cause, deliver, back off, dead-letter, replay."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from municipality import outbox
from municipality.db import make_engine, make_session_factory, utcnow
from municipality.errors import Conflict, NotFound
from municipality.jobs import deliver_outbox
from municipality.messaging import DESTINATION
from municipality.models import OutboxMessage


class GatewayDown(Exception):
    pass


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _enqueue(db, key="k1", destination="sms", payload=None):
    with db() as session:
        message = outbox.enqueue(
            session,
            destination=destination,
            payload=payload or {"to": "+212600000000", "text": "Bonjour"},
            idempotency_key=key,
            commune_id=None,
        )
        session.flush()
        return message.public_id


def _load(db, public_id) -> OutboxMessage:
    with db() as session:
        return session.execute(
            select(OutboxMessage).where(OutboxMessage.public_id == public_id)
        ).scalar_one()


def _make_due(db, public_id) -> None:
    """Move the retry time to now, as if the backoff had elapsed."""
    with db() as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.public_id == public_id)
            .values(next_attempt_at=utcnow())
        )


def _count(db) -> int:
    with db() as session:
        return session.execute(select(func.count()).select_from(OutboxMessage)).scalar_one()


class Recorder:
    def __init__(self) -> None:
        self.seen: list[tuple[str, dict]] = []

    def __call__(self, message: OutboxMessage) -> None:
        self.seen.append((message.idempotency_key, dict(message.payload)))


def _failing(message: OutboxMessage) -> None:
    raise GatewayDown("gateway answered 503")


@pytest.fixture
def factory(engine):
    return make_session_factory(engine)


def test_message_of_a_rolled_back_transaction_does_not_exist(db):
    def change_that_fails() -> None:
        with db() as session:
            outbox.enqueue(
                session,
                destination="sms",
                payload={"text": "x"},
                idempotency_key="lost",
                commune_id=None,
            )
            session.flush()
            assert _count(db) == 0  # not visible to others before the commit either
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError, match="the change failed"):
        change_that_fails()
    assert _count(db) == 0


def test_repeated_key_returns_the_first_message(db):
    first = _enqueue(db, key="notice-1", payload={"text": "first"})
    again = _enqueue(db, key="notice-1", payload={"text": "second"})
    with db() as session:
        same_transaction = [
            outbox.enqueue(
                session,
                destination="sms",
                payload={"text": n},
                idempotency_key="notice-2",
                commune_id=None,
            )
            for n in ("a", "b")
        ]
    assert again == first
    assert same_transaction[0] is same_transaction[1]
    assert _load(db, first).payload == {"text": "first"}
    assert _count(db) == 2


def test_enqueue_leaves_the_reported_change_to_the_commit(db):
    """Queuing flushes nothing: the change is written at commit, the message at once, in
    one statement that also skips a key already queued."""
    with db() as session:
        change = OutboxMessage(
            destination="sms", payload={}, idempotency_key="change", commune_id=None
        )
        session.add(change)
        message = outbox.enqueue(
            session, destination="sms", payload={}, idempotency_key="report", commune_id=None
        )
        assert change in session.new
        assert outbox.queued_now(session, message)
        again = outbox.enqueue(
            session, destination="sms", payload={"x": 1}, idempotency_key="report", commune_id=None
        )
        assert again is message
    with db() as session:
        found = outbox.enqueue(
            session, destination="sms", payload={}, idempotency_key="report", commune_id=None
        )
        assert found.public_id == message.public_id
        assert not outbox.queued_now(session, found)
    assert _count(db) == 2


def test_successful_delivery_marks_the_message_delivered(db, factory):
    public_id = _enqueue(db, payload={"text": "Coupure d'eau"})
    recorder = Recorder()
    before = utcnow()
    report = outbox.deliver_batch(factory, {"sms": recorder}, outbox.OutboxPolicy())
    assert report == outbox.DeliveryReport(delivered=1, failed=0)
    assert recorder.seen == [("k1", {"text": "Coupure d'eau"})]
    message = _load(db, public_id)
    assert message.state == outbox.DELIVERED
    assert message.attempts == 1
    assert message.last_error is None
    assert _aware(message.delivered_at) >= before - timedelta(seconds=1)
    again = outbox.deliver_batch(factory, {"sms": recorder}, outbox.OutboxPolicy())
    assert again == outbox.DeliveryReport()
    assert len(recorder.seen) == 1


def test_failure_schedules_the_next_attempt_with_exponential_backoff(db, factory):
    policy = outbox.OutboxPolicy(max_attempts=5, base_delay=10, rng=lambda: 0.5)
    public_id = _enqueue(db)
    for attempt, ceiling in enumerate((10, 20, 40), start=1):
        before = utcnow()
        report = outbox.deliver_batch(factory, {"sms": _failing}, policy)
        after = utcnow()
        assert report == outbox.DeliveryReport(delivered=0, failed=1)
        message = _load(db, public_id)
        assert message.state == outbox.PENDING
        assert message.attempts == attempt
        assert message.last_error == "GatewayDown: gateway answered 503"
        wait = timedelta(seconds=ceiling * 0.75)
        assert before + wait <= _aware(message.next_attempt_at) <= after + wait
        # Not due yet: another pass leaves it alone.
        assert outbox.deliver_batch(factory, {"sms": _failing}, policy) == outbox.DeliveryReport()
        _make_due(db, public_id)


@pytest.mark.parametrize("attempts", [1, 2, 5, 30])
def test_backoff_stays_within_the_jitter_bounds(attempts):
    ceiling = min(30.0 * 2 ** (attempts - 1), outbox.MAX_DELAY_SECONDS)
    low = outbox.OutboxPolicy(base_delay=30, rng=lambda: 0.0).delay(attempts)
    high = outbox.OutboxPolicy(base_delay=30, rng=lambda: 0.999999).delay(attempts)
    assert low == timedelta(seconds=ceiling / 2)
    assert timedelta(seconds=ceiling / 2) < high <= timedelta(seconds=ceiling)


def test_after_max_attempts_the_message_is_dead_with_its_last_error(db, factory):
    policy = outbox.OutboxPolicy(max_attempts=3, base_delay=1, rng=lambda: 0.0)
    public_id = _enqueue(db)
    for _ in range(3):
        outbox.deliver_batch(factory, {"sms": _failing}, policy)
        _make_due(db, public_id)
    message = _load(db, public_id)
    assert message.state == outbox.DEAD
    assert message.attempts == 3
    assert message.last_error == "GatewayDown: gateway answered 503"
    recorder = Recorder()
    assert outbox.deliver_batch(factory, {"sms": recorder}, policy) == outbox.DeliveryReport()
    assert recorder.seen == []


def test_replay_puts_a_dead_message_back_and_it_is_delivered(db, factory):
    policy = outbox.OutboxPolicy(max_attempts=1)
    public_id = _enqueue(db)
    outbox.deliver_batch(factory, {"sms": _failing}, policy)
    assert _load(db, public_id).state == outbox.DEAD
    with db() as session:
        replayed = outbox.replay(session, public_id)
        assert replayed.state == outbox.PENDING
    message = _load(db, public_id)
    assert (message.state, message.attempts) == (outbox.PENDING, 0)
    recorder = Recorder()
    report = outbox.deliver_batch(factory, {"sms": recorder}, policy)
    assert report.delivered == 1
    delivered = _load(db, public_id)
    assert delivered.state == outbox.DELIVERED
    assert delivered.last_error is None
    assert [key for key, _payload in recorder.seen] == ["k1"]


@pytest.mark.parametrize("state", [outbox.PENDING, outbox.DELIVERED])
def test_replay_of_a_message_that_is_not_dead_is_a_conflict(db, factory, state):
    public_id = _enqueue(db)
    if state == outbox.DELIVERED:
        outbox.deliver_batch(factory, {"sms": Recorder()}, outbox.OutboxPolicy())
    with pytest.raises(Conflict), db() as session:
        outbox.replay(session, public_id)
    assert _load(db, public_id).state == state


def test_replay_of_an_unknown_message_is_not_found(db):
    with pytest.raises(NotFound), db() as session:
        outbox.replay(session, uuid.uuid4())


def test_destination_without_adapter_fails_with_a_clear_error(db, factory):
    public_id = _enqueue(db, destination="carrier-pigeon")
    report = outbox.deliver_batch(factory, {"sms": Recorder()}, outbox.OutboxPolicy())
    assert report == outbox.DeliveryReport(delivered=0, failed=1)
    message = _load(db, public_id)
    assert message.state == outbox.PENDING
    assert message.last_error == "LookupError: no adapter for destination 'carrier-pigeon'"


def test_the_core_job_drains_every_batch_through_the_message_log(db, wsgi_app):
    registry = wsgi_app.registry
    log = registry.settings["baladiya.core.message_log"]
    before = _lines(log)
    batch = registry.settings["baladiya.core.outbox_batch"]
    with db() as session:
        for n in range(batch * 2 + 3):
            outbox.enqueue(
                session,
                destination=DESTINATION,
                payload={"n": n},
                idempotency_key=f"drain-{n}",
                commune_id=None,
            )
    deliver_outbox(registry)
    written = _lines(log)[len(before) :]
    assert sorted(line["n"] for line in written) == list(range(batch * 2 + 3))
    with db() as session:
        states = session.execute(select(OutboxMessage.state)).scalars().all()
    assert set(states) == {outbox.DELIVERED}


def _lines(path: str) -> list[dict]:
    file = Path(path)
    if not file.exists():
        return []
    return [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines()]


def test_concurrent_workers_deliver_each_message_exactly_once(db, engine, backend):
    if backend != "postgresql":
        pytest.skip("SQLite serves one machine with one worker; SKIP LOCKED is PostgreSQL's")
    total, workers = 300, 3
    with db() as session:
        for n in range(total):
            outbox.enqueue(
                session,
                destination="sms",
                payload={"n": n},
                idempotency_key=f"burst-{n}",
                commune_id=None,
            )
    url = engine.url.render_as_string(hide_password=False)
    deliveries: list[tuple[int, int]] = []
    record_lock = threading.Lock()
    start = threading.Barrier(workers)
    errors: list[BaseException] = []
    policy = outbox.OutboxPolicy(batch=7)

    def work(worker: int) -> None:
        own_engine = make_engine(url, pool_size=1, max_overflow=0)
        factory = make_session_factory(own_engine)

        def deliver(message: OutboxMessage) -> None:
            with record_lock:
                deliveries.append((worker, message.id))
            time.sleep(0.002)

        try:
            start.wait(timeout=10)
            while outbox.deliver_batch(factory, {"sms": deliver}, policy).delivered:
                pass
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            own_engine.dispose()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    per_message = Counter(message_id for _worker, message_id in deliveries)
    assert [m for m, times in per_message.items() if times > 1] == []
    assert len(per_message) == total
    per_worker = Counter(worker for worker, _message_id in deliveries)
    assert set(per_worker) == set(range(workers)), per_worker
    with db() as session:
        pending = session.execute(
            select(func.count()).where(OutboxMessage.state != outbox.DELIVERED)
        ).scalar_one()
    assert pending == 0
