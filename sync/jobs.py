"""Scheduled jobs: one delivery job per platform (its own interval), and attempt pruning.

Only the active scheduler fires them (see ``municipality.scheduler``), but nothing here
relies on that: :func:`run` may be called by any number of processes at once, because
lanes are taken with row locks (``sync.delivery``). Each process keeps one pooled
httpx client for all platforms.
"""

from __future__ import annotations

import functools
import threading
from datetime import timedelta

import httpx
from pyramid.registry import Registry
from sqlalchemy import delete

from municipality.database import SESSION_FACTORY_KEY
from municipality.db import utcnow
from municipality.jobs import job_session
from sync import adapters
from sync.delivery import DeliveryPolicy, RunReport, deliver_platform
from sync.models import DeliveryAttempt

CLIENT_KEY = "baladiya.sync.http_client"
POOL = httpx.Limits(max_connections=20, max_keepalive_connections=10)
_client_lock = threading.Lock()


def http_client(registry: Registry) -> httpx.Client:
    """The process's pooled client (created on first use; timeouts are per request)."""
    with _client_lock:
        client = registry.get(CLIENT_KEY)
        if client is None:
            timeout = registry.settings["baladiya.sync.timeout_ms"] / 1000
            client = httpx.Client(limits=POOL, timeout=timeout, follow_redirects=False)
            registry[CLIENT_KEY] = client
        return client


def close_http_client(registry: Registry) -> None:
    """Close the process's client and its pooled connections (shutdown, tests)."""
    with _client_lock:
        client = registry.get(CLIENT_KEY)
        if client is not None:
            client.close()
            del registry[CLIENT_KEY]


def run(registry: Registry, platform: str, worker: str | None = None) -> RunReport:
    """Deliver the platform's due messages of every commune, within the run budget."""
    settings = registry.settings
    return deliver_platform(
        registry[SESSION_FACTORY_KEY],
        platform,
        DeliveryPolicy.from_settings(settings, platform),
        functools.partial(adapters.send, http_client(registry)),
        app_secret=settings["baladiya.core.secret"],
        worker=worker,
    )


class PlatformJob:
    """The job of one platform, a named callable the manifest can point at."""

    def __init__(self, platform: str) -> None:
        self.platform = platform

    def __call__(self, registry: Registry) -> None:
        run(registry, self.platform)


deliver_complaints = PlatformJob("complaints")
deliver_permits = PlatformJob("permits")
deliver_civil_status = PlatformJob("civil_status")
deliver_documents = PlatformJob("documents")
deliver_spending = PlatformJob("spending")
deliver_budget = PlatformJob("budget")


def prune_attempts(registry: Registry) -> int:
    """Forget delivery attempts older than the retention period; the number removed."""
    days = registry.settings["baladiya.sync.attempt_retention_days"]
    with job_session(registry) as session:
        result = session.execute(
            delete(DeliveryAttempt).where(
                DeliveryAttempt.attempted_at < utcnow() - timedelta(days=days)
            )
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
