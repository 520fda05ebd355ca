"""The job runner every module's scheduled jobs use, and the core's own jobs.

A job runs outside any request, so it opens its own transaction: :func:`job_session`
for one, :func:`for_each_commune` for a module's work commune by commune, each in its
own transaction and tenant scope, so one commune's failure is logged and leaves the
others' work done.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from pyramid.config import Configurator
from pyramid.registry import Registry
from sqlalchemy.orm import Session

from municipality import outbox
from municipality.activation import communes_with_module
from municipality.database import SESSION_FACTORY_KEY
from municipality.db import set_commune_scope
from municipality.files.references import CHECK_INTERVAL_SECONDS, check_files
from municipality.messaging import deliverers
from municipality.models import Commune
from municipality.scheduler import register_core_job
from municipality.transactions import unit_of_work

log = logging.getLogger(__name__)

OUTBOX_INTERVAL_SECONDS = 10

CommuneWork = Callable[[Session, Commune], object]


@contextmanager
def job_session(registry: Registry) -> Iterator[Session]:
    """A session of the application in a transaction of its own (see :func:`unit_of_work`)."""
    with unit_of_work(registry[SESSION_FACTORY_KEY]) as session:
        yield session


@contextmanager
def commune_session(registry: Registry, commune_id: int) -> Iterator[Session]:
    """:func:`job_session` scoped to one commune (the tenant criteria apply)."""
    with job_session(registry) as session:
        set_commune_scope(session, commune_id)
        yield session


def for_each_commune(registry: Registry, module: str, func: CommuneWork) -> list[int]:
    """Call ``func(session, commune)`` for each commune that enabled ``module``.

    Each call has its own transaction and tenant scope. A call that raises is rolled
    back and logged, and the next commune goes on. Returns the ids of the communes
    whose call failed.
    """
    with job_session(registry) as session:
        ids = [commune.id for commune in communes_with_module(session, module)]
    failed = []
    for commune_id in ids:
        try:
            with commune_session(registry, commune_id) as session:
                commune = session.get(Commune, commune_id)
                assert commune is not None
                func(session, commune)
        except Exception:
            log.exception("job of module %s failed for commune %s", module, commune_id)
            failed.append(commune_id)
    return failed


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
    register_core_job(config.registry, "files.check", check_files, CHECK_INTERVAL_SECONDS)
