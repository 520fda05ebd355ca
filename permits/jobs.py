"""The daily tacit-approval watch, through the core's job runner."""

from __future__ import annotations

from pyramid.registry import Registry
from sqlalchemy.orm import Session

from municipality.db import utcnow
from municipality.jobs import for_each_commune
from municipality.models import Commune
from permits.services import handling


def _watch(session: Session, commune: Commune) -> None:
    handling.watch_tacit(session, commune, utcnow().date())


def watch_tacit(registry: Registry) -> None:
    """Warn of coming tacit approvals and record those the law grants, in every commune
    that runs permits."""
    for_each_commune(registry, "permits", _watch)
