"""The core's scheduled jobs."""

from __future__ import annotations

from pyramid.config import Configurator
from pyramid.registry import Registry

from municipality import outbox
from municipality.database import SESSION_FACTORY_KEY
from municipality.messaging import deliverers
from municipality.scheduler import register_core_job

OUTBOX_INTERVAL_SECONDS = 10


def outbox_policy(registry: Registry) -> outbox.OutboxPolicy:
    settings = registry.settings
    return outbox.OutboxPolicy(
        max_attempts=settings["baladiya.core.outbox_max_attempts"],
        base_delay=settings["baladiya.core.outbox_base_delay"],
        batch=settings["baladiya.core.outbox_batch"],
    )


def deliver_outbox(registry: Registry) -> None:
    """Deliver due outbox messages until a batch comes back short."""
    policy = outbox_policy(registry)
    while True:
        report = outbox.deliver_batch(
            registry[SESSION_FACTORY_KEY],
            deliverers(registry),
            policy,
            outbox.reserved_prefixes(registry),
        )
        if report.delivered + report.failed < policy.batch:
            return


def includeme(config: Configurator) -> None:
    register_core_job(config.registry, "outbox.deliver", deliver_outbox, OUTBOX_INTERVAL_SECONDS)
