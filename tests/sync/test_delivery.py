"""The delivery engine: batches per lane, retries that spend nothing while the platform is
away, dead letter (refusal, age limit), order per object, rate limit, circuit breaker,
pausing, and the real adapters against the simulator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import transaction as transaction_module
from sqlalchemy import func, select

from complaints.services import filing, handling
from municipality import outbox
from municipality.database import SESSION_FACTORY_KEY
from municipality.db import make_session_factory, session_in_transaction, utcnow
from municipality.jobs import deliver_outbox
from municipality.models import OutboxMessage
from sync import adapters, services
from sync.delivery import deliver_platform
from sync.jobs import close_http_client, run
from sync.models import CLOSED, OPEN, DeliveryAttempt
from sync.simulator import Simulator, serve_in_thread
from tests import factories
from tests.sync.delivery_support import (
    APP_SECRET,
    FakeSender,
    connect,
    connected_commune,
    enable_sync,
    lane,
    make_due,
    message,
    policy,
    queue,
)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@pytest.fixture
def deliver(engine):
    factory = make_session_factory(engine)

    def run_once(sender, platform: str = "permits", **overrides):
        return deliver_platform(
            factory,
            platform,
            policy(**overrides),
            sender,
            app_secret=APP_SECRET,
            worker="test:1",
            sleep=lambda seconds: None,
        )

    return run_once


def test_due_messages_are_delivered_and_each_attempt_is_logged(db, deliver):
    with db() as session:
        commune = connected_commune(session)
        ids = [queue(session, commune).public_id for _ in range(3)]
    sender = FakeSender()
    report = deliver(sender)
    assert report.delivered == 3
    with db() as session:
        messages = [message(session, i) for i in ids]
        assert [m.state for m in messages] == ["delivered"] * 3
        assert sender.sent == [m.payload["event_id"] for m in messages]
        attempts = session.execute(select(DeliveryAttempt).order_by(DeliveryAttempt.id)).scalars()
        assert [(a.outcome, a.worker, a.remote_id) for a in attempts] == [
            ("delivered", "test:1", "R-1"),
            ("delivered", "test:1", "R-2"),
            ("delivered", "test:1", "R-3"),
        ]
        the_lane = lane(session, commune)
        assert the_lane.delivered_total == 3
        assert sum(the_lane.latency_buckets) == 3


def test_a_failure_without_an_answer_backs_off_with_jitter_and_honours_retry_after(db, deliver):
    with db() as session:
        commune = connected_commune(session)
        first = queue(session, commune)
        second = queue(session, commune)
    sender = FakeSender()
    sender.fail(first.payload["event_id"], adapters.RetryableError("HTTP 503", retry_after=None))
    sender.fail(second.payload["event_id"], adapters.RetryableError("HTTP 429", retry_after=600))
    before = utcnow()
    report = deliver(sender)
    assert (report.delivered, report.retried) == (0, 2)
    with db() as session:
        one, two = message(session, first.public_id), message(session, second.public_id)
        assert (one.state, one.attempts, one.last_error) == ("pending", 0, "HTTP 503")
        # base delay 30 s, jitter between half and all of it
        assert before + timedelta(seconds=15) <= _aware(one.next_attempt_at)
        assert _aware(one.next_attempt_at) <= utcnow() + timedelta(seconds=30)
        assert _aware(two.next_attempt_at) >= before + timedelta(seconds=600)
    assert deliver(sender).delivered == 0  # not due yet: nothing is sent again


NO_ANSWER_ABOUT_THE_MESSAGE = {
    "server error": adapters.RetryableError("HTTP 503 from permits"),
    "too many requests": adapters.RetryableError("HTTP 429 from permits", retry_after=1),
    "timeout": adapters.RetryableError("no answer within 0.5 s"),
    "connection refused": adapters.RetryableError("connection failed: ConnectError"),
    "bad signature on the answer": adapters.RetryableError("answer with a bad envelope"),
    "adapter bug": KeyError("payload"),
}


@pytest.mark.parametrize(
    "error", NO_ANSWER_ABOUT_THE_MESSAGE.values(), ids=list(NO_ANSWER_ABOUT_THE_MESSAGE)
)
def test_a_failure_without_an_answer_about_the_message_spends_no_attempt(db, deliver, error):
    """Twenty tries later the message still waits: only the attempt log grew."""
    with db() as session:
        commune = connected_commune(session)
        queued = queue(session, commune)
    sender = FakeSender(default=error)
    for _ in range(20):
        assert deliver(sender).retried == 1
        with db() as session:
            make_due(session)
    with db() as session:
        waiting = message(session, queued.public_id)
        assert (waiting.state, waiting.attempts) == ("pending", 0)
        assert waiting.last_error
        tries = session.execute(select(DeliveryAttempt.outcome)).scalars().all()
        assert tries == ["retry"] * 20
        assert lane(session, commune).failing_since is not None
    assert len(sender.sent) == 20


def test_messages_older_than_the_platforms_age_limit_die_even_while_it_is_away(db, deliver):
    with db() as session:
        commune = connected_commune(session)
        old = queue(session, commune, "P-1")
        old.created_at = utcnow() - timedelta(days=31)
        old.last_error = "connection failed: ConnectError"
        behind = queue(session, commune, "P-1", kind="decided")
        young = queue(session, commune, "P-2")
        young.created_at = utcnow() - timedelta(days=29)
        the_lane = lane(session, commune)
        the_lane.breaker, the_lane.open_until = OPEN, utcnow() + timedelta(hours=1)
    sender = FakeSender()
    assert deliver(sender, max_age=timedelta(days=30)).dead == 1
    assert sender.sent == []  # the breaker is open: nothing was tried
    with db() as session:
        dead = message(session, old.public_id)
        assert (dead.state, dead.last_error) == (
            "dead",
            "not delivered within 30 days, the age limit of this platform; "
            "last error: connection failed: ConnectError",
        )
        assert message(session, behind.public_id).state == "pending"  # held back, as ever
        assert message(session, young.public_id).state == "pending"
        lane(session, commune).open_until = utcnow()
    assert deliver(sender, max_age=timedelta(days=30)).delivered == 1
    assert sender.sent == [young.payload["event_id"]]


def test_a_permanent_refusal_is_dead_at_once_and_does_not_trip_the_breaker(db, deliver):
    with db() as session:
        commune = connected_commune(session)
        refused = queue(session, commune)
        fine = queue(session, commune)
    sender = FakeSender()
    sender.fail(refused.payload["event_id"], adapters.PermanentError("HTTP 400: /payload"))
    report = deliver(sender, breaker_failures=1)
    assert (report.delivered, report.dead) == (1, 1)
    with db() as session:
        dead = message(session, refused.public_id)
        assert (dead.state, dead.attempts, dead.last_error) == ("dead", 1, "HTTP 400: /payload")
        assert message(session, fine.public_id).state == "delivered"
        assert lane(session, commune).breaker == CLOSED


def test_an_update_never_overtakes_its_creation(db, deliver):
    """The older message fails: the newer one of that object waits, others go on."""
    with db() as session:
        commune = connected_commune(session)
        created = queue(session, commune, "P-1")
        updated = queue(session, commune, "P-1")
        other = queue(session, commune, "P-2")
    sender = FakeSender()
    sender.fail(created.payload["event_id"], adapters.RetryableError("HTTP 503"))
    deliver(sender)
    assert updated.payload["event_id"] not in sender.sent
    assert other.payload["event_id"] in sender.sent
    deliver(sender)  # the creation waits for its retry: the update is still not claimable
    assert updated.payload["event_id"] not in sender.sent
    with db() as session:
        make_due(session)
    deliver(sender)
    assert sender.sent[-2:] == [created.payload["event_id"], updated.payload["event_id"]]


def test_a_dead_message_holds_its_object_back_until_cancelled_or_replayed(db, deliver):
    with db() as session:
        commune = connected_commune(session)
        created = queue(session, commune, "P-1")
        updated = queue(session, commune, "P-1")
        decided = queue(session, commune, "P-1")
    sender = FakeSender()
    sender.fail(created.payload["event_id"], adapters.PermanentError("HTTP 400"))
    deliver(sender)
    deliver(sender)
    assert sender.sent == [created.payload["event_id"]]
    with db() as session:
        [status] = [s for s in services.board(session, commune) if s.platform == "permits"]
        assert (status.dead, status.held_back) == (1, 2)
        blocker = services.blocker_of(session, message(session, updated.public_id))
        assert blocker is not None
        assert blocker.public_id == created.public_id
        services.replay(session, actor="tests", commune=commune, public_id=str(created.public_id))
    deliver(sender)
    assert sender.sent[1:] == [
        created.payload["event_id"],
        updated.payload["event_id"],
        decided.payload["event_id"],
    ]


def test_cancelling_the_dead_message_lets_the_later_ones_go(db, deliver):
    with db() as session:
        commune = connected_commune(session)
        created = queue(session, commune, "P-1")
        updated = queue(session, commune, "P-1")
    sender = FakeSender()
    sender.fail(created.payload["event_id"], adapters.PermanentError("HTTP 400"))
    deliver(sender)
    with db() as session:
        services.cancel(session, actor="tests", commune=commune, public_id=str(created.public_id))
    deliver(sender)
    with db() as session:
        assert message(session, created.public_id).state == "cancelled"
        assert message(session, updated.public_id).state == "delivered"


def test_the_breaker_opens_after_consecutive_failures_and_a_trial_closes_it(db, deliver):
    with db() as session:
        commune = connected_commune(session)
        ids = [queue(session, commune).public_id for _ in range(5)]
    down = FakeSender(default=adapters.RetryableError("connection failed"))
    report = deliver(down, breaker_failures=2)
    assert report.retried == 2  # the breaker opened: the other three were not tried
    with db() as session:
        assert lane(session, commune).breaker == OPEN
    assert deliver(down, breaker_failures=2).retried == 0
    with db() as session:
        lane(session, commune).open_until = utcnow() - timedelta(seconds=1)
    up = FakeSender()
    report = deliver(up, breaker_failures=2)
    # a one-message trial, then the rest: the two tried before go too, though their own
    # retry was not due yet, because the platform's return releases the lane's queue
    assert (report.delivered, report.batches) == (5, 2)
    with db() as session:
        the_lane = lane(session, commune)
        assert (the_lane.breaker, the_lane.failing_since, the_lane.last_error) == (
            CLOSED,
            None,
            None,
        )
        assert all(message(session, i).state == "delivered" for i in ids)


def test_a_failed_trial_opens_the_breaker_again(db, deliver):
    with db() as session:
        commune = connected_commune(session)
        queue(session, commune)
        queue(session, commune)
        the_lane = lane(session, commune)
        the_lane.breaker, the_lane.open_until = OPEN, utcnow() - timedelta(seconds=1)
    down = FakeSender(default=adapters.RetryableError("HTTP 503"))
    cooldowns = []
    for _ in range(3):
        before = utcnow()
        assert deliver(down, breaker_failures=1).retried == 1  # half-open: one trial only
        with db() as session:
            make_due(session)
            the_lane = lane(session, commune)
            assert the_lane.breaker == OPEN
            cooldowns.append(_aware(the_lane.open_until) - before)
            the_lane.open_until = utcnow() - timedelta(seconds=1)
    # each failed trial doubles the cooldown (60 s, then 120 s, then 240 s)
    assert [round(c.total_seconds() / 60) for c in cooldowns] == [1, 2, 4]
    with db() as session:
        assert all(m.attempts == 0 for m in session.execute(select(OutboxMessage)).scalars())


def test_the_rate_limit_bounds_each_batch(db, deliver):
    with db() as session:
        commune = connected_commune(session)
        for _ in range(5):
            queue(session, commune)
        lane(session, commune).tokens = 0.0
    sender = FakeSender()
    # 60 a minute: one token a second; the run waits for tokens only within its budget.
    report = deliver(sender, rate_per_minute=60, run_budget=0.5)
    assert report.delivered == 0
    with db() as session:
        the_lane = lane(session, commune)
        the_lane.tokens, the_lane.tokens_at = 2.0, utcnow()
    report = deliver(sender, rate_per_minute=60, run_budget=0.5)
    assert report.delivered == 2


def test_paused_and_unconfigured_lanes_wait(db, deliver):
    with db() as session:
        paused = connected_commune(session)
        services.set_paused(session, actor="tests", commune=paused, platform="permits", paused=True)
        queue(session, paused)
        unconfigured = connected_commune(session, platforms=())
        queue(session, unconfigured)
    sender = FakeSender()
    assert deliver(sender).delivered == 0
    assert sender.sent == []
    with db() as session:
        services.set_paused(
            session, actor="tests", commune=paused, platform="permits", paused=False
        )
    assert deliver(sender).delivered == 1


def test_the_core_outbox_job_leaves_national_messages_alone(db, wsgi_app):
    with db() as session:
        commune = connected_commune(session)
        queued = queue(session, commune)
    deliver_outbox(wsgi_app.registry)
    with db() as session:
        untouched = message(session, queued.public_id)
        assert (untouched.state, untouched.attempts) == ("pending", 0)


def test_messages_reach_the_simulator_through_the_real_adapters(db, wsgi_app):
    """End to end over HTTP: signed requests, acks read, duplicates absorbed."""
    running = serve_in_thread(Simulator(advance_after=None))
    try:
        with db() as session:
            commune = connected_commune(
                session, platforms=("permits", "documents"), base_url=running.url, app_secret=""
            )
            for _ in range(3):
                queue(session, commune)
            sent_twice = queue(session, commune)
        report = run(wsgi_app.registry, "permits")
        assert report.delivered == 4
        with db() as session:  # as if a worker had died before recording the outcome
            again = message(session, sent_twice.public_id)
            again.state = outbox.PENDING
        assert run(wsgi_app.registry, "permits").delivered == 1
        stats = running.simulator.snapshot()["platforms"]["permits"]
        assert (stats["distinct"], stats["duplicates"], stats["unauthorised"]) == (4, 1, 0)
        with db() as session:
            outcomes = session.execute(
                select(DeliveryAttempt.outcome, func.count()).group_by(DeliveryAttempt.outcome)
            ).all()
            assert dict(outcomes) == {"delivered": 4, "duplicate": 1}
            assert (
                session.execute(
                    select(func.count()).where(OutboxMessage.state == "delivered")
                ).scalar_one()
                == 4
            )
    finally:
        close_http_client(wsgi_app.registry)
        running.stop()


def test_a_wrong_key_is_retried_not_lost(db, wsgi_app):
    running = serve_in_thread(Simulator(advance_after=None))
    try:
        with db() as session:
            commune = connected_commune(session, platforms=(), base_url=running.url)
            services.configure(
                session,
                actor="tests",
                commune=commune,
                platform="permits",
                data={
                    "base_url": f"{running.url}/permits",
                    "client_id": "MA/x",
                    "key_id": "dev-1",
                    "secret": "not-the-platform-secret",
                },
                app_secret="",
            )
            queued = queue(session, commune)
        run(wsgi_app.registry, "permits")
        with db() as session:
            kept = message(session, queued.public_id)
            assert (kept.state, kept.attempts) == ("pending", 0)
            assert "bad envelope" in kept.last_error
        assert running.simulator.snapshot()["platforms"]["permits"]["unauthorised"] == 1
    finally:
        close_http_client(wsgi_app.registry)
        running.stop()


def test_secrets_sealed_under_another_application_secret_make_the_lane_wait(db, engine):
    with db() as session:
        commune = connected_commune(session, app_secret="the secret before a change")
        queued = queue(session, commune)
    sender = FakeSender()
    report = deliver_platform(
        make_session_factory(engine), "permits", policy(), sender, app_secret=APP_SECRET
    )
    assert (report.delivered, sender.sent) == (0, [])
    with db() as session:
        untouched = message(session, queued.public_id)
        assert (untouched.state, untouched.attempts) == ("pending", 0)


def test_a_filed_complaint_and_its_acknowledgement_reach_the_complaints_platform(db, wsgi_app):
    """The demo's path: complaint filed -> outbox -> delivery job -> Open311 platform."""
    running = serve_in_thread(Simulator(advance_after=None))
    registry = wsgi_app.registry
    try:
        tm = transaction_module.TransactionManager(explicit=True)
        with tm:
            session = session_in_transaction(registry[SESSION_FACTORY_KEY], tm)
            commune = factories.commune(session)
            factories.enable(session, commune, "complaints")
            enable_sync(session, commune)
            connect(session, commune, "complaints", running.url, app_secret="")
            category = factories.category(session, commune)
            complaint = filing.file_complaint(
                session,
                actor="public",
                commune=commune,
                data={
                    "category": category,
                    "description": "Nid-de-poule profond",
                    "address": "Rue 1",
                },
            )
            handling.act(
                session,
                actor="tests",
                complaint=complaint,
                action="acknowledge",
                permissions=frozenset({"complaints:request:acknowledge"}),
            )
        assert run(registry, "complaints").delivered == 2
        received = running.simulator.received["complaints"]
        assert len(received) == 2
        stats = running.simulator.snapshot()["platforms"]["complaints"]
        assert (stats["distinct"], stats["invalid"], stats["unauthorised"]) == (2, 0, 0)
    finally:
        close_http_client(registry)
        running.stop()
