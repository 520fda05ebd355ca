"""Which commune a request is about, resolved once from the URL.

Routes name the commune in a ``{commune}`` placeholder (staff ``/c/{commune}/...``,
public ``/{commune}/...``, API ``/api/v1/communes/{commune}/...``); Open311 routes
(``/open311/...``) name it in the standard's ``jurisdiction_id`` parameter instead
(query string, or the form body of a POST).
As soon as a route matches, the commune is looked up, put on ``request.commune`` and
set as the tenant scope of the request's database session; an unknown slug is a 404.
"""

from __future__ import annotations

from pyramid.config import Configurator
from pyramid.events import ContextFound
from pyramid.httpexceptions import HTTPNotFound
from pyramid.request import Request
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from modules.services import enabled_modules
from municipality.db import set_commune_scope
from municipality.errors import NotFound
from municipality.models import Commune, CommuneModule, Region


def commune_by_slug(session: Session, slug: str) -> Commune:
    commune = session.execute(select(Commune).where(Commune.slug == slug)).scalar_one_or_none()
    if commune is None:
        raise NotFound(f"no commune {slug}")
    return commune


def region_by_slug(session: Session, slug: str) -> Region:
    region = session.execute(select(Region).where(Region.slug == slug)).scalar_one_or_none()
    if region is None:
        raise NotFound(f"no region {slug}")
    return region


OPEN311_PREFIX = "/open311/"


def _commune_slug(request: Request) -> str | None:
    slug = (request.matchdict or {}).get("commune")
    route = request.matched_route
    if slug is None and route is not None and route.pattern.startswith(OPEN311_PREFIX):
        slug = request.params.get("jurisdiction_id") or None
    return slug


def _resolve_commune(event: ContextFound) -> None:
    request = event.request
    slug = _commune_slug(request)
    if slug is None:
        return
    # One round trip for the commune and the modules it enabled: every page needs both.
    rows = request.dbsession.execute(
        select(Commune, CommuneModule.module)
        .outerjoin(
            CommuneModule,
            and_(CommuneModule.commune_id == Commune.id, CommuneModule.enabled.is_(True)),
        )
        .where(Commune.slug == slug)
    ).all()
    if not rows:
        raise HTTPNotFound()
    commune = rows[0][0]
    request.commune = commune
    request.enabled_modules = frozenset(module for _commune, module in rows if module)
    set_commune_scope(request.dbsession, commune.id)


def _enabled_modules(request: Request) -> frozenset[str]:
    if request.commune is None:
        return frozenset()
    return enabled_modules(request.dbsession, request.commune.id)


def includeme(config: Configurator) -> None:
    config.add_request_method(lambda _request: None, "commune", property=False, reify=True)
    config.add_request_method(_enabled_modules, "enabled_modules", reify=True)
    config.add_subscriber(_resolve_commune, ContextFound)
