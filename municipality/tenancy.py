"""Which commune a request is about, resolved once from the URL.

Routes name the commune in a ``{commune}`` placeholder (staff ``/c/{commune}/...``,
public ``/{commune}/...``, API ``/api/v1/communes/{commune}/...``). A module whose
routes name it another way (a standard's parameter) registers a *commune locator* for
their URL prefix in its ``includeme``: ``config.add_commune_locator(prefix, locator)``,
where ``locator(request)`` reads the slug from the request.
As soon as a route matches, the commune is looked up (in memory while no commune or
module changed), put on ``request.tenant`` and set as the tenant scope of the request's
database session; an unknown slug is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pyramid.config import Configurator
from pyramid.events import ContextFound
from pyramid.httpexceptions import HTTPNotFound
from pyramid.request import Request
from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import Session

from municipality.db import ALL_COMMUNES, set_commune_scope
from municipality.errors import NotFound
from municipality.models import Commune, CommuneModule, Region
from municipality.readcache import read_directory
from municipality.tenants import reserve_slug


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


CommuneLocator = Callable[[Request], str | None]
LOCATORS_KEY = "baladiya.tenancy.commune_locators"


def add_commune_locator(config: Configurator, prefix: str, locator: CommuneLocator | str) -> None:
    """Config directive: routes under ``prefix`` name their commune through ``locator``.

    ``locator`` is the function or its dotted name.
    """
    found = (prefix, config.maybe_dotted(locator))

    def register() -> None:
        config.registry[LOCATORS_KEY] = (*config.registry.get(LOCATORS_KEY, ()), found)

    config.action(("baladiya.commune_locator", prefix), register)


def _commune_slug(request: Request) -> str | None:
    slug = (request.matchdict or {}).get("commune")
    route = request.matched_route
    if slug is not None or route is None:
        return slug
    for prefix, locator in request.registry.get(LOCATORS_KEY, ()):
        if route.pattern.startswith(prefix):
            return locator(request)
    return None


# Built once: a directory look-up runs on every request whose commune is not in memory.
_COMMUNE_WITH_MODULES = (
    select(Commune, CommuneModule.module)
    .outerjoin(
        CommuneModule,
        and_(CommuneModule.commune_id == Commune.id, CommuneModule.enabled.is_(True)),
    )
    .where(Commune.slug == bindparam("slug"))
    .execution_options(**{ALL_COMMUNES: True})
)


@dataclass(frozen=True)
class CommuneRef:
    """What every request needs of its commune, kept in memory between requests.

    ``request.tenant`` is this; ``request.commune`` is the full row, joined to the
    request's session only when a view asks for it.
    """

    id: int
    slug: str
    region_id: int
    default_locale: str
    modules: frozenset[str]
    row: Commune


def _read_commune(session: Session, slug: str) -> CommuneRef | None:
    """The commune and the modules it enabled, in one round trip."""
    rows = session.execute(_COMMUNE_WITH_MODULES, {"slug": slug}).all()
    if not rows:
        return None
    commune = rows[0][0]
    session.expunge(commune)
    return CommuneRef(
        id=commune.id,
        slug=commune.slug,
        region_id=commune.region_id,
        default_locale=commune.default_locale,
        modules=frozenset(module for _commune, module in rows if module),
        row=commune,
    )


def commune_ref(request: Request, slug: str) -> CommuneRef | None:
    """The commune named ``slug``, from memory while no commune or module changed."""
    return read_directory(
        request, ("commune", slug), None, lambda session: _read_commune(session, slug)
    )


def _resolve_commune(event: ContextFound) -> None:
    request = event.request
    slug = _commune_slug(request)
    if slug is None:
        return
    ref = commune_ref(request, slug)
    if ref is None:
        raise HTTPNotFound()
    request.tenant = ref
    request.enabled_modules = ref.modules
    if "dbsession" in request.__dict__:
        set_commune_scope(request.dbsession, ref.id)


def _commune(request: Request) -> Commune | None:
    """The commune's row in the request's session, without a query."""
    ref = request.tenant
    if ref is None:
        return None
    return request.dbsession.merge(ref.row, load=False)


def includeme(config: Configurator) -> None:
    config.add_directive("add_commune_locator", add_commune_locator)
    config.add_directive("reserve_slug", reserve_slug)
    config.add_request_method(lambda _request: None, "tenant", reify=True)
    config.add_request_method(_commune, "commune", reify=True)
    # Set with the tenant; a request about no commune has no module.
    config.add_request_method(lambda _request: frozenset(), "enabled_modules", reify=True)
    config.add_subscriber(_resolve_commune, ContextFound)
