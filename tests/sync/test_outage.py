"""A week without the platform: nothing dies, the breaker backs off, the queue drains by itself.

A busy commune's day of permit events waits while the platform is away for a week, first
not listening at all (connection refused), then answering 503. The clock the delivery
engine reads is moved forward from one breaker trial to the next, so a week passes in
seconds; requests go over real HTTP to the simulator, through the real adapters.
"""

from __future__ import annotations

import functools
import itertools
import socket
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

import sync
from municipality.db import make_session_factory, utcnow
from municipality.models import OutboxMessage
from sync import adapters, delivery
from sync.delivery import DeliveryPolicy, RunReport, aware, deliver_platform
from sync.models import OPEN, DeliveryAttempt
from sync.simulator import Faults, Running, Simulator, serve_in_thread
from tests.clock import Clock
from tests.sync.delivery_support import APP_SECRET, connected_commune, lane, queue

OBJECTS = 80  # permit applications, each with a filing and three decisions
EVENTS = ("filed", "decided", "decided", "decided")
WEEK = timedelta(days=7)
# The production settings, with a client timeout short enough for a test.
POLICY = replace(DeliveryPolicy.from_settings(sync.DEFAULTS, "permits"), timeout=2.0)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(delivery, "utcnow", clock)
    return clock


@pytest.fixture
def free_port() -> int:
    """A port nobody listens on: the platform, before it is back, refuses connections."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=POLICY.timeout) as client:
        yield client


@pytest.fixture
def platform() -> Iterator[list[Running]]:
    """The simulator, once a test started it; stopped afterwards."""
    started: list[Running] = []
    yield started
    for running in started:
        running.stop()


def test_a_week_offline_kills_nothing_and_the_queue_then_drains_by_itself_in_order(
    db, engine, clock, free_port, client, platform
):
    with db() as session:
        commune = connected_commune(session, base_url=f"http://127.0.0.1:{free_port}")
        queued = [
            queue(session, commune, f"P-{n}", kind=kind) for n in range(OBJECTS) for kind in EVENTS
        ]
        order = {m.payload["event_id"]: (m.ordering_key, m.id) for m in queued}
    factory = make_session_factory(engine)

    def run() -> RunReport:
        return deliver_platform(
            factory,
            "permits",
            POLICY,
            functools.partial(adapters.send, client),
            app_secret=APP_SECRET,
            worker="test:1",
            sleep=clock.sleep,
        )

    def next_trial() -> None:
        with db() as session:
            the_lane = lane(session, commune)
            assert the_lane.breaker == OPEN
            clock.now = aware(the_lane.open_until)

    clock.now = went_away = utcnow()  # the day's messages are queued: the platform goes away
    while clock.now < went_away + WEEK:
        if not platform and clock.now >= went_away + WEEK / 2:  # listening again, but 503
            platform.append(
                serve_in_thread(
                    Simulator(advance_after=None, faults=Faults(error_rate=1.0)), port=free_port
                )
            )
        assert run().delivered == 0
        next_trial()

    with db() as session:
        messages = session.execute(select(OutboxMessage)).scalars().all()
        assert {(m.state, m.attempts) for m in messages} == {("pending", 0)}
        tried_at = (
            session.execute(select(DeliveryAttempt.attempted_at).order_by(DeliveryAttempt.id))
            .scalars()
            .all()
        )
        assert aware(lane(session, commune).failing_since) == went_away
    # The breaker backed off: a trial every 30 minutes at most, not one a minute.
    gaps = [(later - earlier).total_seconds() for earlier, later in itertools.pairwise(tried_at)]
    assert gaps[-1] == POLICY.breaker_max_cooldown.total_seconds()
    assert len(tried_at) < WEEK / POLICY.breaker_max_cooldown + 20
    simulator = platform[0].simulator
    assert simulator.snapshot()["platforms"]["permits"]["faults"] > 0  # it did answer 503

    simulator.faults.update({"error_rate": 0.0})
    came_back = clock.now
    for _run in range(20):
        run()
        with db() as session:
            if not session.execute(
                select(OutboxMessage).where(OutboxMessage.state != "delivered")
            ).first():
                break
        clock.advance(seconds=15)  # the job's next run
    received = simulator.received["permits"]
    stats = simulator.snapshot()["platforms"]["permits"]
    assert (stats["distinct"], stats["duplicates"]) == (len(queued), 0)
    assert sorted(d["event_id"] for d in received) == sorted(order)  # each exactly once
    by_object: dict[str, list[int]] = defaultdict(list)
    for document in received:
        key, message_id = order[document["event_id"]]
        by_object[key].append(message_id)
    assert all(ids == sorted(ids) for ids in by_object.values())
    with db() as session:
        delivered = session.execute(select(OutboxMessage.delivered_at)).scalars().all()
        assert lane(session, commune).failing_since is None
    # at the platform's rate: a full bucket at once, then 300 a minute
    span = (max(aware(d) for d in delivered) - came_back).total_seconds()
    assert span >= (len(queued) - POLICY.batch) / (POLICY.rate_per_minute / 60)
