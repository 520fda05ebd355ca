"""The complaints module and the national complaints platform, both ways.

Out: :func:`on_complaint_event` listens to the complaints module's audit events through
:mod:`municipality.domain_events` (the complaints package never imports sync) and emits
``complaint.filed`` when a complaint is received and ``complaint.status_changed`` when
its state moves, for communes that enabled the ``sync`` module. It reads the complaint
through the complaints services, never its tables.

In: :func:`pull_job` (scheduled) pulls, per connected commune, the statuses the
national platform set (:func:`sync.adapters.pull_complaint_statuses`) and
:func:`apply_status_changes` applies them through the complaints workflow, as
the actor :data:`NATIONAL_ACTOR`. A status the workflow cannot reach from where the
complaint stands is kept as an internal note, so nothing said nationally is lost. What
this actor changes is not sent back to the platform it came from.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
import transaction as transaction_module
from pyramid.config import Configurator
from pyramid.registry import Registry
from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints import services as complaint_services
from complaints.services import Complaint
from municipality import audit, domain_events
from municipality.activation import enabled_modules
from municipality.database import SESSION_FACTORY_KEY
from municipality.db import session_in_transaction, set_commune_scope, utcnow
from municipality.errors import DomainError, NotFound
from municipality.i18n import _, localizer_for
from municipality.models import AuditEvent, Commune, CommuneModule
from sync import events
from sync.adapters import DeliveryError, PlatformConfig, StatusChange, pull_complaint_statuses
from sync.delivery import platform_config
from sync.jobs import http_client
from sync.models import PlatformConnection
from sync.sealing import SealError

log = logging.getLogger(__name__)

PLATFORM = "complaints"
NATIONAL_ACTOR = "national:complaints"
AUDIT_PREFIX = "complaints:request:"
RECEIVED = "complaints:request:received"
PULLED = "sync:complaints:pulled"
FIRST_PULL_DAYS = 90

# The workflow action that reaches each status the platform may set.
ACTION_FOR_STATUS = {
    "acknowledged": "acknowledge",
    "assigned": "assign",
    "in_progress": "start",
    "resolved": "resolve",
    "closed": "close",
    "rejected": "reject",
}


def includeme(config: Configurator) -> None:
    """Subscribe to the complaints module's audit events in this application."""
    domain_events.subscribe(config.registry[SESSION_FACTORY_KEY], AUDIT_PREFIX, on_complaint_event)


def on_complaint_event(session: Session, event: AuditEvent) -> None:
    """Emit the national event an audited complaint change calls for, if any."""
    if event.commune_id is None or event.actor == NATIONAL_ACTOR:
        return
    state = event.changes.get("state")
    moved = isinstance(state, list) and len(state) == 2 and state[0] != state[1]
    if not (event.action == RECEIVED or moved):
        return
    if "sync" not in enabled_modules(session, event.commune_id):
        return
    complaint = complaint_services.get(session, event.object_id)
    if event.action == RECEIVED:
        _emit(session, event, complaint, "filed", filed_payload(complaint))
        return
    before, after = state  # type: ignore[misc]
    payload = {
        "local_id": str(complaint.public_id),
        "status": after,
        "previous_status": before,
        "status_notes": complaint.rejection_reason if after == "rejected" else None,
        "updated_at": event.occurred_at,
    }
    _emit(session, event, complaint, "status_changed", payload)


def _emit(
    session: Session, event: AuditEvent, complaint: Complaint, kind: str, payload: dict[str, Any]
) -> None:
    """Queue the message; its id derives from the audit event, so it is emitted once."""
    commune = session.get(Commune, event.commune_id)
    assert commune is not None
    events.emit(
        session,
        commune=commune,
        platform=PLATFORM,
        object_type="complaint",
        object_id=str(complaint.public_id),
        kind=kind,
        payload=payload,
        occurred_at=event.occurred_at,
        event_id=events.stable_event_id(f"{event.chain}:{event.seq}"),
    )


def filed_payload(complaint: Complaint) -> dict[str, Any]:
    """The ``complaint.filed`` payload of a complaint (``None`` fields are left out)."""
    return {
        "local_id": str(complaint.public_id),
        "service_code": complaint.category.code,
        "description": complaint.description,
        "kind": complaint.kind,
        "channel": complaint.channel,
        "requested_at": complaint.created_at,
        "address": complaint.address,
        "lat": complaint.latitude,
        "long": complaint.longitude,
    }


@dataclass(frozen=True)
class PullReport:
    """What one status pull did, and where the next one starts."""

    applied: int
    noted: int
    skipped: int
    newest: datetime | None


def _note(session: Session, commune: Commune, complaint: Complaint, change: StatusChange) -> None:
    localizer = localizer_for(commune.default_locale)
    text = localizer.translate(
        _(
            "The national complaints platform set the status “${status}”: ${notes}",
            mapping={"status": change.status, "notes": change.notes or "-"},
        )
    )
    complaint_services.add_event(
        session,
        actor=NATIONAL_ACTOR,
        complaint=complaint,
        kind="note",
        body=text,
    )


def _apply_one(session: Session, commune: Commune, change: StatusChange) -> str:
    """Apply one change; say whether it was ``applied``, ``noted`` or ``skipped``."""
    try:
        complaint = complaint_services.get(session, change.local_id)
    except NotFound:
        log.warning("status pull names an unknown complaint %s", change.local_id)
        return "skipped"
    action = ACTION_FOR_STATUS.get(change.status)
    if action is None or complaint.state == change.status:
        return "skipped"
    try:  # the workflow refuses before it changes anything, so nothing is half-done
        complaint_services.act(
            session,
            actor=NATIONAL_ACTOR,
            complaint=complaint,
            action=action,
            permissions=frozenset({f"complaints:request:{action}"}),
            data={"reason": change.notes or change.status},
        )
    except DomainError:
        _note(session, commune, complaint, change)
        return "noted"
    return "applied"


def apply_status_changes(
    session: Session, commune: Commune, changes: Iterable[StatusChange]
) -> PullReport:
    """Apply the platform's status changes, oldest first, in the caller's transaction."""
    counts = {"applied": 0, "noted": 0, "skipped": 0}
    newest: datetime | None = None
    for change in sorted(changes, key=lambda c: c.updated_at):
        counts[_apply_one(session, commune, change)] += 1
        newest = change.updated_at
    return PullReport(newest=newest, **counts)


def last_pulled(session: Session, commune: Commune) -> datetime | None:
    """Where the commune's previous pull that changed something ended (from the audit trail)."""
    stmt = (
        select(AuditEvent.changes)
        .where(AuditEvent.chain == audit.chain_name(commune.id), AuditEvent.action == PULLED)
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    )
    changes = session.execute(stmt).scalar_one_or_none()
    return datetime.fromisoformat(changes["until"][1]) if changes else None


def pull_statuses(
    session: Session, client: httpx.Client, config: PlatformConfig, commune: Commune
) -> PullReport:
    """Pull the statuses changed nationally since the last pull and apply them.

    The cursor is the newest change applied, kept as a ``sync:complaints:pulled`` audit
    event in the same transaction as the changes, so a crash can neither skip a change
    nor apply one twice. The first pull looks :data:`FIRST_PULL_DAYS` back. A failed
    pull raises :class:`sync.adapters.RetryableError` and changes nothing.
    """
    since = last_pulled(session, commune) or utcnow() - timedelta(days=FIRST_PULL_DAYS)
    report = apply_status_changes(session, commune, pull_complaint_statuses(client, config, since))
    if report.newest is not None:
        audit.record(
            session,
            commune_id=commune.id,
            actor=NATIONAL_ACTOR,
            action=PULLED,
            object_type="national_platform",
            object_id=PLATFORM,
            changes={
                "until": [since.isoformat(), report.newest.isoformat()],
                "applied": report.applied,
                "noted": report.noted,
                "skipped": report.skipped,
            },
        )
    return report


def _connections(session: Session) -> list[tuple[PlatformConnection, Commune]]:
    """Active complaints connections of the communes that enabled the sync module."""
    stmt = (
        select(PlatformConnection, Commune)
        .join(Commune, Commune.id == PlatformConnection.commune_id)
        .join(CommuneModule, CommuneModule.commune_id == Commune.id)
        .where(
            PlatformConnection.platform == PLATFORM,
            PlatformConnection.paused.is_(False),
            CommuneModule.module == "sync",
            CommuneModule.enabled.is_(True),
        )
        .order_by(Commune.id)
    )
    return [(connection, commune) for connection, commune in session.execute(stmt)]


def pull_job(registry: Registry) -> None:
    """The scheduled status pull: every commune connected to the complaints platform.

    One transaction per commune, so a platform that fails for one commune (or a bad
    answer) leaves the others' pulls intact; a failure waits for the next run.
    """
    factory = registry[SESSION_FACTORY_KEY]
    settings = registry.settings
    timeout = settings["baladiya.sync.timeout_ms"] / 1000
    tm = transaction_module.TransactionManager(explicit=True)
    with tm:
        targets = [
            (c.id, commune.id) for c, commune in _connections(session_in_transaction(factory, tm))
        ]
    for connection_id, commune_id in targets:
        try:
            with tm:
                session = session_in_transaction(factory, tm)
                set_commune_scope(session, commune_id)
                connection = session.get(PlatformConnection, connection_id)
                commune = session.get(Commune, commune_id)
                assert connection is not None
                assert commune is not None
                config = platform_config(
                    connection, commune.slug, settings["baladiya.core.secret"], timeout
                )
                pull_statuses(session, http_client(registry), config, commune)
        except (DeliveryError, SealError) as exc:
            log.warning("status pull of commune %s failed: %s", commune_id, exc)
