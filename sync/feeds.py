"""The modules' national feeds, both ways.

Out: :func:`on_audit_event` hears every audit event through
:mod:`municipality.domain_events`, asks each national feed the commune's modules offer
(:class:`municipality.feeds.NationalFeed` providers, named after their platform) which
message it calls for, and emits it, for communes that enabled the ``sync`` module.
Sync never imports the offering module.

In: :func:`pull_job` (scheduled) pulls, per connected commune, the statuses a national
platform set (:data:`PULLS`) and :func:`apply_status_changes` hands them to the feed,
as the platform's actor (:func:`national_actor`). What this actor changes is not sent
back to the platform it came from.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from pyramid.config import Configurator
from pyramid.registry import Registry
from sqlalchemy import select
from sqlalchemy.orm import Session

from municipality import audit, domain_events
from municipality.activation import enabled_modules
from municipality.database import SESSION_FACTORY_KEY
from municipality.db import utcnow
from municipality.feeds import NationalFeed, Outcome
from municipality.jobs import for_each_commune
from municipality.models import AuditEvent, Commune
from municipality.providers import Kind, Offered, enabled_providers, providers
from sync import contracts, events
from sync.adapters import (
    PlatformConfig,
    RetryableError,
    StatusChange,
    pull_complaint_statuses,
    pull_json_statuses,
)
from sync.delivery import platform_config
from sync.jobs import http_client
from sync.models import PlatformConnection

log = logging.getLogger(__name__)

FIRST_PULL_DAYS = 90

# The platforms whose statuses can be pulled, and how.
PULLS: dict[str, Callable[[httpx.Client, PlatformConfig, datetime], list[StatusChange]]] = {
    "complaints": pull_complaint_statuses,
    **dict.fromkeys(contracts.STATUS_PULLS, pull_json_statuses),
}


def national_actor(platform: str) -> str:
    """Who acts for a national platform in the audit trail (``national:complaints``)."""
    return f"national:{platform}"


def pulled_action(platform: str) -> str:
    """The audit action that keeps a platform's pull cursor (``sync:complaints:pulled``)."""
    return f"sync:{platform}:pulled"


def includeme(config: Configurator) -> None:
    """Hear the audit events of this application (the feeds are looked up per event)."""
    domain_events.subscribe(
        config.registry[SESSION_FACTORY_KEY], "", functools.partial(on_audit_event, config.registry)
    )


def _feeds_for(registry: Registry, event: AuditEvent) -> list[Offered]:
    return [
        offered
        for offered in providers(registry, Kind.NATIONAL_FEED)
        if event.action.startswith(offered.provider.audit_prefix)
        and event.actor != national_actor(offered.name)
    ]


def on_audit_event(registry: Registry, session: Session, event: AuditEvent) -> None:
    """Emit the national messages an audited change calls for, if any."""
    if event.commune_id is None:
        return
    candidates = _feeds_for(registry, event)
    if not candidates:
        return
    enabled = enabled_modules(session, event.commune_id)
    if "sync" not in enabled:
        return
    for offered in candidates:
        if offered.module not in enabled:
            continue
        message = offered.provider.message_for(session, event)
        if message is None:
            continue
        commune = session.get(Commune, event.commune_id)
        assert commune is not None
        events.emit(
            session,
            commune=commune,
            platform=offered.name,
            object_type=message.object_type,
            object_id=message.object_id,
            kind=message.kind,
            payload=message.payload,
            payload_version=message.payload_version,
            occurred_at=event.occurred_at,
            # Derived from the audit event, so the message is emitted once.
            event_id=events.stable_event_id(f"{event.chain}:{event.seq}"),
        )


@dataclass(frozen=True)
class PullReport:
    """What one status pull did, and where the next one starts."""

    applied: int
    noted: int
    skipped: int
    newest: datetime | None


def apply_status_changes(
    session: Session,
    commune: Commune,
    platform: str,
    feed: NationalFeed,
    changes: Iterable[StatusChange],
) -> PullReport:
    """Hand the platform's status changes to its feed, oldest first, in the caller's transaction."""
    counts = dict.fromkeys(Outcome, 0)
    newest: datetime | None = None
    for change in sorted(changes, key=lambda c: c.updated_at):
        outcome = feed.apply_status(
            session,
            commune,
            actor=national_actor(platform),
            local_id=change.local_id,
            status=change.status,
            notes=change.notes,
        )
        counts[outcome] += 1
        newest = change.updated_at
    return PullReport(
        applied=counts[Outcome.APPLIED],
        noted=counts[Outcome.NOTED],
        skipped=counts[Outcome.SKIPPED],
        newest=newest,
    )


def last_pulled(session: Session, commune: Commune, platform: str) -> datetime | None:
    """Where the commune's previous pull that changed something ended (from the audit trail)."""
    stmt = (
        select(AuditEvent.changes)
        .where(
            AuditEvent.chain == audit.chain_name(commune.id),
            AuditEvent.action == pulled_action(platform),
        )
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    )
    changes = session.execute(stmt).scalar_one_or_none()
    return datetime.fromisoformat(changes["until"][1]) if changes else None


def pull_statuses(
    session: Session,
    client: httpx.Client,
    config: PlatformConfig,
    commune: Commune,
    feed: NationalFeed,
) -> PullReport:
    """Pull the statuses changed nationally since the last pull and apply them.

    The cursor is the newest change applied, kept as a ``sync:<platform>:pulled`` audit
    event in the same transaction as the changes, so a crash can neither skip a change
    nor apply one twice. The first pull looks :data:`FIRST_PULL_DAYS` back. A failed
    pull raises :class:`sync.adapters.RetryableError` and changes nothing.
    """
    platform = config.platform
    since = last_pulled(session, commune, platform) or utcnow() - timedelta(days=FIRST_PULL_DAYS)
    changes = PULLS[platform](client, config, since)
    report = apply_status_changes(session, commune, platform, feed, changes)
    if report.newest is not None:
        audit.record(
            session,
            commune_id=commune.id,
            actor=national_actor(platform),
            action=pulled_action(platform),
            object_type="national_platform",
            object_id=platform,
            changes={
                "until": [since.isoformat(), report.newest.isoformat()],
                "applied": report.applied,
                "noted": report.noted,
                "skipped": report.skipped,
            },
        )
    return report


def pull_commune(registry: Registry, session: Session, commune: Commune) -> None:
    """Pull every platform whose feed the commune's modules offer and it is connected to.

    Each platform's pull is a savepoint: one that fails (the platform is down, its
    answer bad) changes nothing and waits for the next run, without undoing what
    another platform's pull applied for the commune.
    """
    feeds = {
        offered.name: offered.provider
        for offered in enabled_providers(
            registry, Kind.NATIONAL_FEED, enabled_modules(session, commune.id)
        )
        if offered.name in PULLS
    }
    if not feeds:
        return
    stmt = select(PlatformConnection).where(
        PlatformConnection.platform.in_(feeds), PlatformConnection.paused.is_(False)
    )
    settings = registry.settings
    for connection in session.execute(stmt).scalars():
        config = platform_config(
            connection,
            commune.slug,
            settings["baladiya.core.secret"],
            settings["baladiya.sync.timeout_ms"] / 1000,
        )
        try:
            with session.begin_nested():
                pull_statuses(
                    session, http_client(registry), config, commune, feeds[connection.platform]
                )
        except RetryableError as exc:
            log.warning(
                "status pull of %s for commune %s failed: %s",
                connection.platform,
                commune.slug,
                exc.detail,
            )


def pull_job(registry: Registry) -> None:
    """The scheduled status pull, for every commune that enabled ``sync``.

    One transaction per commune, so a platform that fails for one commune (or a bad
    answer) leaves the others' pulls intact; a failure waits for the next run.
    """
    for_each_commune(registry, "sync", functools.partial(pull_commune, registry))
