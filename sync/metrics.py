"""``/metrics``: national delivery in the Prometheus text format, read from the database.

Every figure is computed from the database at scrape time (a custom collector, no
in-process counters), so whichever app process Prometheus reaches reports the same
numbers. The endpoint wants ``Authorization: Bearer <baladiya.sync.metrics_token>``,
compared in constant time; without a configured token nobody gets in.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector
from pyramid.request import Request
from pyramid.response import Response
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config
from sqlalchemy import select
from sqlalchemy.orm import Session

from municipality.db import utcnow
from municipality.models import Commune
from sync import services
from sync.delivery import LATENCY_BUCKETS, aware
from sync.models import OPEN, DeliveryLane, PlatformConnection

LABELS = ["platform", "commune"]
STATE_BUCKETS = ("pending", "failed", "held_back", "dead", "delivered", "cancelled")


class DeliveryCollector(Collector):
    """Collects the delivery figures of every commune from one database session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _slugs(self) -> dict[int, str]:
        return dict(self.session.execute(select(Commune.id, Commune.slug)).tuples().all())

    def collect(self) -> Iterator[Metric]:
        slugs = self._slugs()
        yield from self._messages(slugs)
        yield from self._waiting(slugs)
        yield from self._lanes(slugs)

    def _messages(self, slugs: dict[int, str]) -> Iterator[Metric]:
        family = GaugeMetricFamily(
            "baladiya_national_messages",
            "Messages to national platforms by state (failed: waiting for a retry; held_back: "
            "waiting behind a dead message of the same object).",
            labels=[*LABELS, "state"],
        )
        seen: dict[tuple[str, str], dict[str, int]] = {}
        for commune_id, destination, state, count in services.state_counts(self.session):
            key = (destination.removeprefix("national:"), slugs.get(commune_id, str(commune_id)))
            seen.setdefault(key, {})[state] = count
        for (platform, commune), counts in sorted(seen.items()):
            for state in STATE_BUCKETS:
                family.add_metric([platform, commune, state], counts.get(state, 0))
        yield family

    def _waiting(self, slugs: dict[int, str]) -> Iterator[Metric]:
        lag = GaugeMetricFamily(
            "baladiya_national_oldest_waiting_seconds",
            "Age of the oldest message not yet delivered (0 when none waits).",
            labels=LABELS,
        )
        now = utcnow()
        for commune_id, destination, oldest in services.waiting_stats(self.session):
            labels = [destination.removeprefix("national:"), slugs.get(commune_id, str(commune_id))]
            lag.add_metric(labels, max((now - aware(oldest)).total_seconds(), 0.0))
        yield lag

    def _lanes(self, slugs: dict[int, str]) -> Iterator[Metric]:
        latency = HistogramMetricFamily(
            "baladiya_national_delivery_latency_seconds",
            "Time from an event being written to its delivery to the platform.",
            labels=LABELS,
        )
        breaker = GaugeMetricFamily(
            "baladiya_national_breaker_open",
            "1 while the lane's circuit breaker holds deliveries back after failures.",
            labels=LABELS,
        )
        paused = GaugeMetricFamily(
            "baladiya_national_paused", "1 while staff paused the lane.", labels=LABELS
        )
        rows = self.session.execute(
            select(DeliveryLane, PlatformConnection.paused)
            .outerjoin(
                PlatformConnection,
                (PlatformConnection.commune_id == DeliveryLane.commune_id)
                & (PlatformConnection.platform == DeliveryLane.platform),
            )
            .order_by(DeliveryLane.id)
        ).all()
        for lane, is_paused in rows:
            labels = [lane.platform, slugs.get(lane.commune_id, str(lane.commune_id))]
            latency.add_metric(labels, _cumulative(lane.latency_buckets), lane.latency_sum)
            breaker.add_metric(labels, 1 if lane.breaker == OPEN else 0)
            paused.add_metric(labels, 1 if is_paused else 0)
        yield latency
        yield breaker
        yield paused


def _cumulative(buckets: list[int] | None) -> list[tuple[str, float]]:
    """Stored per-bucket counts as Prometheus wants them: cumulative, ending with +Inf."""
    counts = list(buckets or []) or [0] * (len(LATENCY_BUCKETS) + 1)
    running = 0
    result: list[tuple[str, float]] = []
    for bound, count in zip((*(str(b) for b in LATENCY_BUCKETS), "+Inf"), counts, strict=True):
        running += count
        result.append((bound, running))
    return result


def exposition(session: Session) -> bytes:
    """The text a scrape receives."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DeliveryCollector(session))
    return generate_latest(registry)


def authorised(request: Request) -> bool:
    """A bearer token equal to the configured one; an empty setting admits nobody."""
    expected = request.registry.settings["baladiya.sync.metrics_token"]
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    if not expected or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), expected.encode())


@view_config(route_name="sync.metrics", permission=NO_PERMISSION_REQUIRED, request_method="GET")
def metrics(request: Request) -> Response:
    if not authorised(request):
        response = Response("unauthorised\n", status=401, content_type="text/plain")
        response.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    response = Response(body=exposition(request.dbsession))
    response.headers["Content-Type"] = CONTENT_TYPE_LATEST
    return response
