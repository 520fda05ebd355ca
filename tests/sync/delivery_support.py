"""Shared pieces of the delivery tests: connected communes, queued messages, fake senders."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from modules import load_registry
from municipality import activation, outbox
from municipality.db import utcnow
from municipality.models import Commune, OutboxMessage
from sync import adapters, events, services
from sync.delivery import DeliveryPolicy, channel
from sync.models import DeliveryLane
from sync.simulator import DEV_KEY_ID, DEV_SECRET
from tests import factories

APP_SECRET = "test-application-secret-of-32-characters!"
_sequence = itertools.count(1)


def connect(
    session: Session,
    commune: Commune,
    platform: str = "permits",
    base_url: str = "http://127.0.0.1:9/",
    app_secret: str = APP_SECRET,
) -> None:
    """Configure ``platform`` for the commune with the simulator's development key."""
    services.configure(
        session,
        actor="tests",
        commune=commune,
        platform=platform,
        data={
            "base_url": base_url.rstrip("/") + f"/{platform}",
            "client_id": f"MA/{commune.slug}",
            "key_id": DEV_KEY_ID,
            "secret": DEV_SECRET,
        },
        app_secret=app_secret,
    )


def enable_sync(session: Session, commune: Commune) -> None:
    registry = load_registry(["notices", "complaints", "sync"])
    activation.enable(session, registry, actor="tests", commune=commune, name="sync")


def connected_commune(
    session: Session,
    platforms: tuple[str, ...] = ("permits",),
    base_url: str = "http://127.0.0.1:9",
    app_secret: str = APP_SECRET,
) -> Commune:
    commune = factories.commune(session)
    for platform in platforms:
        connect(session, commune, platform, base_url, app_secret)
    session.flush()
    return commune


def _filed() -> dict[str, Any]:
    return {
        "local_id": str(uuid.uuid4()),
        "reference": f"PC-{next(_sequence)}",
        "permit_type": "building",
        "applicant_kind": "person",
        "filed_at": utcnow(),
    }


def _decided() -> dict[str, Any]:
    return {
        "local_id": str(uuid.uuid4()),
        "reference": f"PC-{next(_sequence)}",
        "decision": "granted",
        "decided_at": utcnow(),
    }


def document(commune: Commune, object_id: str, kind: str = "filed") -> dict[str, Any]:
    """A permit application's event document, valid under the contract."""
    return events.build(
        commune=commune,
        object_type="permit_application",
        object_id=object_id,
        kind=kind,
        payload=_filed() if kind == "filed" else _decided(),
        occurred_at=utcnow(),
    )


def queue(
    session: Session,
    commune: Commune,
    object_id: str | None = None,
    platform: str = "permits",
    kind: str = "filed",
) -> OutboxMessage:
    """One permit message, ordered with the others of ``object_id``."""
    object_id = object_id or str(uuid.uuid4())
    body = document(commune, object_id, kind)
    message = outbox.enqueue(
        session,
        destination=channel(platform),
        payload=body,
        idempotency_key=f"{channel(platform)}:{body['event_id']}",
        commune_id=commune.id,
        ordering_key=f"{commune.slug}:permit_application:{object_id}",
    )
    session.flush()
    return message


def message(session: Session, public_id: Any) -> OutboxMessage:
    return session.execute(
        select(OutboxMessage).where(OutboxMessage.public_id == public_id)
    ).scalar_one()


def lane(session: Session, commune: Commune, platform: str = "permits") -> DeliveryLane:
    return session.execute(
        select(DeliveryLane).where(
            DeliveryLane.commune_id == commune.id, DeliveryLane.platform == platform
        )
    ).scalar_one()


def make_due(session: Session) -> None:
    """Every waiting message due now, as if its backoff had elapsed."""
    session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))


def policy(**overrides: Any) -> DeliveryPolicy:
    values: dict[str, Any] = {
        "batch": 10,
        "base_delay": 30.0,
        "rate_per_minute": 60_000,
        "breaker_failures": 100,
        "run_budget": 5.0,
    }
    values.update(overrides)
    return DeliveryPolicy(**values)


Outcome = Callable[[Mapping[str, Any]], adapters.Ack]


@dataclass
class FakeSender:
    """Answers like an adapter: ``script`` maps an event id to what happens to it."""

    script: dict[str, list[Exception | None]] = field(default_factory=dict)
    default: Exception | None = None
    sent: list[str] = field(default_factory=list)

    def fail(self, event_id: str, *errors: Exception | None) -> None:
        self.script[event_id] = list(errors)

    def __call__(
        self, document: Mapping[str, Any], config: adapters.PlatformConfig
    ) -> adapters.Ack:
        event_id = document["event_id"]
        self.sent.append(event_id)
        planned = self.script.get(event_id)
        error = planned.pop(0) if planned else self.default
        if error is not None:
            raise error
        return adapters.Ack(event_id, f"R-{len(self.sent)}", duplicate=False)
