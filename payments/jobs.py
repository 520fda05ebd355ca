"""The payments module's scheduled jobs, run commune by commune by the core's job runner."""

from __future__ import annotations

from datetime import timedelta

from pyramid.registry import Registry
from sqlalchemy.orm import Session

from municipality.db import utcnow
from municipality.jobs import for_each_commune
from municipality.models import Commune
from payments.gateway import gateway
from payments.services import intents, receipts, reconciliation, reversals

JOB_ACTOR = "system:scheduler"


def check_open_payments(registry: Registry) -> list[int]:
    """Ask the providers about payments and reversals still open: the safety net for
    lost callbacks."""
    after = timedelta(seconds=registry.settings["baladiya.payments.pending_seconds"])

    def check(session: Session, commune: Commune) -> None:
        intents.check_open(
            session, commune=commune, gateway=gateway(registry), registry=registry, after=after
        )
        reversals.check_open(session, commune=commune, gateway=gateway(registry), registry=registry)

    return for_each_commune(registry, "payments", check)


def reconcile_yesterday(registry: Registry) -> list[int]:
    """Match every provider's statement of yesterday with our records."""
    day = utcnow().date() - timedelta(days=1)
    return for_each_commune(
        registry,
        "payments",
        lambda session, commune: reconciliation.reconcile_day(
            session, commune=commune, gateway=gateway(registry), day=day, actor=JOB_ACTOR
        ),
    )


def issue_waiting_receipts(registry: Registry) -> list[int]:
    """Seal the receipts of payments confirmed while their commune had no signer."""
    return for_each_commune(
        registry,
        "payments",
        lambda session, commune: receipts.issue_missing(
            session, registry, actor=JOB_ACTOR, commune=commune
        ),
    )
