"""Connections (sealed secrets, rotation), pausing, replay and cancel, the board, demo."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

import sync
from municipality.errors import Conflict, NotFound, ValidationFailed
from municipality.models import AuditEvent
from sync import services
from sync.delivery import DeliveryPolicy, platform_config
from sync.models import DeliveryLane, PlatformConnection
from sync.sealing import SealError, seal, unseal
from sync.simulator import DEV_KEY_ID, DEV_SECRET
from tests import factories
from tests.sync.delivery_support import APP_SECRET, connected_commune, queue

NEW_SECRET = "rotated-secret-0123456789"


@given(st.text(max_size=300))
def test_sealing_round_trips_any_text(text):
    assert unseal(APP_SECRET, seal(APP_SECRET, text)) == text


def test_a_sealed_secret_reveals_nothing_and_resists_tampering():
    sealed = seal(APP_SECRET, DEV_SECRET)
    assert DEV_SECRET not in sealed
    assert seal(APP_SECRET, DEV_SECRET) != sealed  # a fresh nonce every time
    with pytest.raises(SealError):
        unseal("another application secret", sealed)
    version, body = sealed.split(".", 1)
    # A character in the middle: the last ones may carry base64 padding bits only.
    flipped = body[:20] + ("A" if body[20] != "A" else "B") + body[21:]
    with pytest.raises(SealError):
        unseal(APP_SECRET, f"{version}.{flipped}")
    with pytest.raises(SealError):
        unseal(APP_SECRET, "s0." + body)
    with pytest.raises(SealError):
        unseal(APP_SECRET, f"{version}.{body[:8]}")
    with pytest.raises(SealError):
        unseal(APP_SECRET, f"{version}.not base64!")


def _connection(session, commune, platform="permits") -> PlatformConnection:
    found = services.connection_of(session, commune, platform)
    assert found is not None
    return found


def test_configuring_seals_the_secret_makes_a_lane_and_audits_without_secrets(db):
    with db() as session:
        commune = connected_commune(session)
        connection = _connection(session, commune)
        assert connection.secret_sealed
        assert DEV_SECRET not in connection.secret_sealed
        config = platform_config(connection, commune.slug, APP_SECRET, 1.0)
        assert config.keys.current.secret == DEV_SECRET.encode()
        assert session.execute(select(DeliveryLane)).scalar_one().platform == "permits"
        [event] = session.execute(
            select(AuditEvent).where(AuditEvent.action == "sync:platform:configured")
        ).scalars()
        assert event.changes["secret_replaced"] is True
        assert DEV_SECRET not in str(event.changes)


def test_a_new_connection_needs_a_secret(db):
    with db() as session:
        commune = factories.commune(session)
        with pytest.raises(ValidationFailed) as refused:
            services.configure(
                session,
                actor="tests",
                commune=commune,
                platform="permits",
                data={"base_url": "https://x.example", "client_id": "c", "key_id": "k"},
                app_secret=APP_SECRET,
            )
        assert "secret" in refused.value.extra["errors"]


def test_rotation_keeps_the_previous_key_until_it_is_forgotten(db):
    with db() as session:
        commune = connected_commune(session)
        data = {"base_url": "https://x.example", "client_id": "c", "key_id": "k2"}
        services.configure(
            session,
            actor="tests",
            commune=commune,
            platform="permits",
            data={**data, "secret": NEW_SECRET, "rotate": True},
            app_secret=APP_SECRET,
        )
        config = platform_config(_connection(session, commune), commune.slug, APP_SECRET, 1.0)
        assert config.keys.current.id == "k2"
        assert config.keys.previous is not None
        assert (config.keys.previous.id, config.keys.previous.secret) == (
            DEV_KEY_ID,
            DEV_SECRET.encode(),
        )
        services.configure(
            session,
            actor="tests",
            commune=commune,
            platform="permits",
            data={**data, "forget_previous": True},
            app_secret=APP_SECRET,
        )
        connection = _connection(session, commune)
        assert connection.previous_key_id is connection.previous_secret_sealed is None
        assert unseal(APP_SECRET, connection.secret_sealed or "") == NEW_SECRET


def test_pausing_is_audited_and_needs_a_connection(db):
    with db() as session:
        commune = connected_commune(session)
        services.set_paused(
            session, actor="tests", commune=commune, platform="permits", paused=True
        )
        services.set_paused(
            session, actor="tests", commune=commune, platform="permits", paused=True
        )
        actions = session.execute(
            select(AuditEvent.action).where(AuditEvent.action.like("sync:platform:%ed"))
        ).scalars()
        assert [a for a in actions if a != "sync:platform:configured"] == ["sync:platform:paused"]
        with pytest.raises(NotFound):
            services.set_paused(
                session, actor="tests", commune=commune, platform="budget", paused=True
            )
        with pytest.raises(NotFound):
            services.connection_of(session, commune, "weather")


def test_replay_and_cancel_reach_only_the_communes_national_messages(db):
    with db() as session:
        alpha = connected_commune(session)
        beta = connected_commune(session)
        of_beta = queue(session, beta)
        of_beta.state = "dead"
        with pytest.raises(NotFound):
            services.replay(session, actor="tests", commune=alpha, public_id=str(of_beta.public_id))
        with pytest.raises(NotFound):
            services.cancel(session, actor="tests", commune=alpha, public_id="not-a-uuid")
        delivered = queue(session, alpha)
        delivered.state = "delivered"
        session.flush()
        with pytest.raises(Conflict):
            services.cancel(
                session, actor="tests", commune=alpha, public_id=str(delivered.public_id)
            )
        with pytest.raises(Conflict):
            services.replay(
                session, actor="tests", commune=alpha, public_id=str(delivered.public_id)
            )


def test_the_board_counts_each_state_and_the_lag(db):
    with db() as session:
        commune = connected_commune(session)
        first = queue(session, commune, "P-1")
        first.state = "dead"
        queue(session, commune, "P-1", kind="decided")
        failed = queue(session, commune, "P-2")
        failed.last_error = "HTTP 503 from permits"
        delivered = queue(session, commune, "P-3")
        delivered.state = "delivered"
        queue(session, commune, "P-4")
        session.flush()
        rows = {row.platform: row for row in services.board(session, commune)}
        permits = rows["permits"]
        # each message counts once: the update behind the dead filing is held back only
        assert (permits.pending, permits.failed, permits.held_back) == (1, 1, 1)
        assert (permits.dead, permits.delivered, permits.cancelled) == (1, 1, 0)
        assert permits.oldest is not None
        assert rows["budget"].connection is None
        assert rows["budget"].lag_seconds(permits.oldest) == 0.0


def test_rates_and_age_limits_per_platform_are_read_from_the_settings():
    settings = {
        **sync.DEFAULTS,
        "baladiya.sync.platform_rates": "budget=6",
        "baladiya.sync.platform_max_age_days": "civil_status=90",
        "baladiya.sync.base_delay_ms": 1000,
        "baladiya.sync.batch": 7,
        "baladiya.sync.breaker_failures": 3,
        "baladiya.sync.breaker_cooldown_ms": 500,
        "baladiya.sync.breaker_max_cooldown_ms": 1700,
        "baladiya.sync.timeout_ms": 250,
        "baladiya.sync.run_budget_ms": 900,
    }
    budget = DeliveryPolicy.from_settings(settings, "budget")
    assert (budget.rate_per_minute, budget.batch, budget.timeout) == (6, 7, 0.25)
    assert budget.max_age == timedelta(days=30)
    assert DeliveryPolicy.from_settings(settings, "permits").rate_per_minute == 300
    assert DeliveryPolicy.from_settings(settings, "civil_status").max_age == timedelta(days=90)
    # the breaker's cooldown doubles with each failed trial, up to its maximum
    assert [budget.cooldown(n).total_seconds() for n in (1, 3, 4, 5, 6, 10_000)] == [
        0.5,
        0.5,
        1.0,
        1.7,
        1.7,
        1.7,
    ]


@pytest.mark.parametrize(
    ("key", "raw", "problem"),
    [
        ("baladiya.sync.platform_rates", "permits=fast", "not platform=number"),
        ("baladiya.sync.platform_rates", "permit=60", "names no national platform"),
        ("baladiya.sync.platform_max_age_days", "budget=0", "at least 1"),
        ("baladiya.sync.platform_max_age_days", "budget", "not platform=number"),
    ],
)
def test_unusable_per_platform_values_are_named(key, raw, problem):
    with pytest.raises(ValueError, match=f"{key}: .*{problem}"):
        DeliveryPolicy.from_settings({**sync.DEFAULTS, key: raw}, "permits")
