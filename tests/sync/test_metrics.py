"""``/metrics``: the bearer token guards it, and the figures come from the database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from municipality.db import make_session_factory, utcnow
from sync.delivery import deliver_platform
from sync.metrics import authorised
from tests.sync.delivery_support import (
    APP_SECRET,
    FakeSender,
    connected_commune,
    lane,
    policy,
    queue,
)

TOKEN = "scrape-token-0123456789abcdef"


@pytest.fixture
def token(wsgi_app):
    settings = wsgi_app.registry.settings
    settings["baladiya.sync.metrics_token"] = TOKEN
    yield TOKEN
    settings["baladiya.sync.metrics_token"] = ""


def _families(text: str) -> dict[str, list]:
    return {f.name: f.samples for f in text_string_to_metric_families(text)}


def _sample(samples: list, name: str, **labels: str) -> float:
    for sample in samples:
        if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
            return sample.value
    raise AssertionError(f"no sample {name} {labels}")


@pytest.mark.parametrize(
    "header", [None, "Bearer wrong-token", f"Basic {TOKEN}", "Bearer", f"bearer  {TOKEN}x"]
)
def test_without_the_right_token_the_answer_is_401(app, token, header):
    headers = {"Authorization": header} if header else {}
    response = app.get("/metrics", headers=headers, status=401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "baladiya_" not in response.text


def test_an_empty_setting_lets_nobody_in(app):
    app.get("/metrics", headers={"Authorization": "Bearer "}, status=401)


def test_the_figures_are_read_from_the_database(app, token, db, engine):
    with db() as session:
        commune = connected_commune(session)
        slug = commune.slug
        for _ in range(3):
            queue(session, commune)
        waiting = queue(session, commune)
    sender = FakeSender()
    sender.fail(waiting.payload["event_id"], RuntimeError("platform down"))
    deliver_platform(
        make_session_factory(engine), "permits", policy(), sender, app_secret=APP_SECRET
    )
    with db() as session:
        old = queue(session, commune)
        old.created_at = utcnow() - timedelta(hours=2)
        lane(session, commune).breaker = "open"
    response = app.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.content_type == "text/plain"
    families = _families(response.text)
    messages = families["baladiya_national_messages"]
    labels = {"platform": "permits", "commune": slug}
    assert _sample(messages, "baladiya_national_messages", state="delivered", **labels) == 3
    assert _sample(messages, "baladiya_national_messages", state="failed", **labels) == 1
    assert _sample(messages, "baladiya_national_messages", state="pending", **labels) == 1
    assert _sample(messages, "baladiya_national_messages", state="dead", **labels) == 0
    lag = _sample(
        families["baladiya_national_oldest_waiting_seconds"],
        "baladiya_national_oldest_waiting_seconds",
        **labels,
    )
    assert 7000 < lag < 7400
    latency = families["baladiya_national_delivery_latency_seconds"]
    count = "baladiya_national_delivery_latency_seconds_count"
    assert _sample(latency, count, **labels) == 3
    inf = _sample(latency, "baladiya_national_delivery_latency_seconds_bucket", le="+Inf", **labels)
    assert inf == 3
    breaker = families["baladiya_national_breaker_open"]
    assert _sample(breaker, "baladiya_national_breaker_open", **labels) == 1


def test_authorised_compares_the_whole_token(wsgi_app):
    class Request:
        registry = wsgi_app.registry
        headers = {"Authorization": f"Bearer {TOKEN[:-1]}"}

    wsgi_app.registry.settings["baladiya.sync.metrics_token"] = TOKEN
    try:
        assert not authorised(Request())  # type: ignore[arg-type]
        Request.headers = {"Authorization": f"Bearer {TOKEN}"}
        assert authorised(Request())  # type: ignore[arg-type]
    finally:
        wsgi_app.registry.settings["baladiya.sync.metrics_token"] = ""
