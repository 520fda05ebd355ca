"""Wiring the database into Pyramid: one engine per app, one session per request.

The session joins the request's transaction (pyramid_tm), so views and services never
commit. It is made only when a view needs it, scoped to the commune
:mod:`municipality.tenancy` resolved.
"""

from __future__ import annotations

from pyramid.config import Configurator
from pyramid.request import Request
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from municipality.db import (
    make_engine,
    make_session_factory,
    session_in_transaction,
    set_commune_scope,
)

ENGINE_KEY = "baladiya.engine"
SESSION_FACTORY_KEY = "baladiya.session_factory"


def _dbsession(request: Request) -> Session:
    factory: sessionmaker[Session] = request.registry[SESSION_FACTORY_KEY]
    session = session_in_transaction(factory, request.tm)
    tenant = getattr(request, "tenant", None)
    if tenant is not None:
        set_commune_scope(session, tenant.id)
    return session


def get_engine(registry_owner: object) -> Engine:
    return registry_owner.registry[ENGINE_KEY]  # type: ignore[attr-defined]


def includeme(config: Configurator) -> None:
    settings = config.get_settings()
    settings["tm.manager_hook"] = "pyramid_tm.explicit_manager"
    config.include("pyramid_tm")
    engine = settings.get(ENGINE_KEY) or make_engine(settings["sqlalchemy.url"])
    config.registry[ENGINE_KEY] = engine
    config.registry[SESSION_FACTORY_KEY] = make_session_factory(engine)
    config.add_request_method(_dbsession, "dbsession", reify=True)
