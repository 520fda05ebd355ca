"""The notice board's scheduled job: take expired notices down."""

from __future__ import annotations

from pyramid.registry import Registry

from municipality.db import utcnow
from municipality.jobs import job_session
from notices import services


def expire_notices(registry: Registry) -> int:
    """The scheduled job: one transaction for every commune's expired notices."""
    with job_session(registry) as session:
        return services.expire_due(session, utcnow().date())
