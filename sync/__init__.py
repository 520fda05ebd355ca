"""National platforms: the commune's events delivered to each platform, and their board.

Domain services write events to the outbox (``sync.events``) in the transaction of the
change; one scheduled job per platform delivers them (``sync.delivery``) through the
platform's adapter (``sync.adapters``), signed (``sync.envelope``), in order per object,
within a rate limit and behind a circuit breaker. Staff follow delivery on a board,
inspect, replay or cancel messages, and configure each platform's address and keys.
Prometheus reads ``/metrics``.
"""

from __future__ import annotations

from typing import Any

from pyramid.config import Configurator
from pyramid.exceptions import ConfigurationError

from municipality import outbox
from municipality.i18n import _
from municipality.settings import apply_defaults
from sync.contracts import PLATFORMS
from sync.delivery import DeliveryPolicy
from sync.permissions import Perm

CHANNEL_PREFIX = "national:"

DEFAULTS: dict[str, Any] = {
    # Messages one worker takes from one commune's lane per transaction.
    "baladiya.sync.batch": 20,
    # First retry delay of a message the platform gave no answer about (doubling up to
    # breaker_max_cooldown_ms); such tries never count against the message.
    "baladiya.sync.base_delay_ms": 30_000,
    # Days a message may wait before it is given up (dead); per-platform "civil_status=90".
    "baladiya.sync.max_age_days": 30,
    "baladiya.sync.platform_max_age_days": "",
    # How long to wait for a platform's answer before trying again later.
    "baladiya.sync.timeout_ms": 10_000,
    # Requests a minute per commune and platform; per-platform overrides "permits=60 ...".
    "baladiya.sync.rate_per_minute": 300,
    "baladiya.sync.platform_rates": "",
    # Consecutive failures that open a lane's circuit breaker, and how long it stays open:
    # each failed trial doubles the cooldown, up to the maximum.
    "baladiya.sync.breaker_failures": 5,
    "baladiya.sync.breaker_cooldown_ms": 60_000,
    "baladiya.sync.breaker_max_cooldown_ms": 1_800_000,
    # How long one job run may keep starting batches (a run never overlaps the next one).
    "baladiya.sync.run_budget_ms": 20_000,
    # Delivery attempts kept for inspection.
    "baladiya.sync.attempt_retention_days": 30,
    # Bearer token Prometheus sends to /metrics; empty: /metrics answers 401 to everyone.
    "baladiya.sync.metrics_token": "",
}

MANIFEST = {
    "name": "sync",
    "title": _("National platforms"),
    "version": "0.1.0",
    "description": _("Delivery of the commune's events to the national platforms."),
    "depends": [],
    "permissions": [*Perm],
    "roles": {"commune_admin": [*Perm]},
    "menu": [
        {
            "route": "sync.board",
            "title": "National platforms",
            "permission": Perm.VIEW,
        },
    ],
    "jobs": [
        {"name": "deliver.complaints", "seconds": 10, "func": "sync.jobs:deliver_complaints"},
        {"name": "deliver.permits", "seconds": 15, "func": "sync.jobs:deliver_permits"},
        {"name": "deliver.civil_status", "seconds": 15, "func": "sync.jobs:deliver_civil_status"},
        {"name": "deliver.documents", "seconds": 15, "func": "sync.jobs:deliver_documents"},
        {"name": "deliver.spending", "seconds": 60, "func": "sync.jobs:deliver_spending"},
        {"name": "deliver.budget", "seconds": 300, "func": "sync.jobs:deliver_budget"},
        {"name": "pull.complaints", "seconds": 60, "func": "sync.feeds:pull_job"},
        {"name": "prune", "seconds": 86400, "func": "sync.jobs:prune_attempts"},
    ],
    "demo": "sync.demo:load_demo",
    "cli": "sync.cli:register",
}


def _validate(settings: dict[str, Any]) -> None:
    """Refuse to start with a delivery setting that no platform's policy can use."""
    try:
        for platform in PLATFORMS:
            DeliveryPolicy.from_settings(settings, platform)
    except ValueError as exc:
        raise ConfigurationError(str(exc)) from exc


def includeme(config: Configurator) -> None:
    apply_defaults(config.get_settings(), DEFAULTS)
    _validate(config.get_settings())
    outbox.reserve_prefix(config.registry, CHANNEL_PREFIX)
    config.add_route("sync.metrics", "/metrics")
    config.add_route("sync.overview", "/national")
    config.add_route("sync.board", "/c/{commune}/national")
    config.add_route("sync.messages", "/c/{commune}/national/messages")
    config.add_route("sync.message", "/c/{commune}/national/messages/{public_id}")
    config.add_route("sync.message.action", "/c/{commune}/national/messages/{public_id}/{action}")
    config.add_route("sync.connection", "/c/{commune}/national/platforms/{platform}")
    config.add_route("sync.connection.pause", "/c/{commune}/national/platforms/{platform}/pause")
    config.include(".feeds")
    config.scan(".views")
    config.scan(".metrics")
