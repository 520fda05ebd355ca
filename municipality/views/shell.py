"""The shell every page shares (menu, languages, user) and the pages that are not a module's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pyramid.events import BeforeRender, subscriber
from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.view import view_config

from modules import get_registry
from municipality import audit, tenants
from municipality.errors import NotFound
from municipality.i18n import LANGUAGE_NAMES, _, available_locales, text_direction
from municipality.models import Commune
from municipality.providers import Kind, enabled_providers
from municipality.roles import Perm, all_roles

CORE_MENU = (
    ("dashboard", _("Dashboard"), Perm.DASHBOARD_VIEW),
    ("modules", _("Modules"), Perm.MODULES_MANAGE),
    ("apikeys", _("API keys"), Perm.APIKEYS_MANAGE),
    ("outbox", _("Outbox"), Perm.OUTBOX_MANAGE),
)


@dataclass(frozen=True)
class MenuLink:
    url: str
    title: str
    current: bool


def build_menu(request: Request) -> list[MenuLink]:
    """Core entries, then each enabled module's entries, kept to what the user may open."""
    commune = request.commune
    if commune is None or request.baladiya_identity is None:
        return []
    entries: list[tuple[str, Any, str]] = list(CORE_MENU)
    registry = get_registry(request)
    for manifest in registry.manifests():
        if manifest.name in request.enabled_modules:
            entries.extend((m.route, _(m.title), m.permission) for m in manifest.menu)
    links = []
    for route, title, permission in entries:
        if request.has_permission(permission):
            url = request.route_url(route, commune=commune.slug)
            links.append(
                MenuLink(
                    url,
                    request.localizer.translate(title),
                    request.matched_route is not None and request.matched_route.name == route,
                )
            )
    return links


@dataclass(frozen=True)
class Shell:
    site_name: str
    direction: str
    languages: list[tuple[str, str]]
    user: Any
    home_url: str
    menu: list[MenuLink]


def shell_for(request: Request) -> Shell:
    identity = request.baladiya_identity
    locale = request.locale_name
    return Shell(
        site_name=request.localizer.translate(_("Baladiya")),
        direction=text_direction(locale),
        languages=[(code, LANGUAGE_NAMES[code]) for code in available_locales(request)],
        user=identity.principal if identity else None,
        home_url=request.route_url("home"),
        menu=build_menu(request),
    )


@subscriber(BeforeRender)
def add_shell(event: BeforeRender) -> None:
    request = event.get("request")
    if request is not None and "shell" not in event:
        event["shell"] = shell_for(request)


def home_commune(request: Request) -> Commune | None:
    """The commune a staff member lands in after log-in."""
    identity = request.baladiya_identity
    if identity is None or identity.user is None:
        return None
    for membership in identity.user.memberships:
        if membership.commune is not None and membership.role != "resident":
            return membership.commune
    return None


def supervised_region_ids(request: Request) -> set[int]:
    """The regions whose communes a supervisor (or another region role) oversees."""
    identity = request.baladiya_identity
    if identity is None or identity.user is None:
        return set()
    roles = all_roles(get_registry(request))
    return {
        m.region_id
        for m in identity.user.memberships
        if m.role in roles and roles[m.role].scope == "region" and m.region_id is not None
    }


@view_config(route_name="home", renderer="municipality:templates/home.jinja2")
def home(request: Request) -> dict[str, Any] | HTTPFound:
    """Staff land in their commune; supervisors see their region's communes, platform
    administrators every commune (both open a commune's staff pages); others choose."""
    commune = home_commune(request)
    if commune is not None:
        return HTTPFound(location=request.route_url("dashboard", commune=commune.slug))
    regions = supervised_region_ids(request)
    identity = request.baladiya_identity
    return {
        "platform_admin": bool(identity and identity.user and identity.user.is_platform_admin),
        "directory": tenants.commune_directory(
            request.dbsession,
            regions,
            text=request.GET.get("q", ""),
            region_slug=request.GET.get("region", ""),
        ),
        "supervisor": bool(regions),
        "region_pages": region_pages(request, regions),
    }


def region_pages(request: Request, region_ids: set[int]) -> list[dict[str, str]]:
    """The region-wide pages modules offer (manifest ``region_menu``), for each region."""
    if not region_ids:
        return []
    regions = tenants.regions_by_ids(request.dbsession, region_ids)
    entries = [entry for m in get_registry(request).manifests() for entry in m.region_menu]
    localizer = request.localizer
    return [
        {
            "url": request.route_url(entry.route, region=region.slug),
            "title": localizer.translate(_(entry.title)),
            "region": region.name_ar if request.locale_name == "ar" else region.name_fr,
        }
        for region in regions
        for entry in entries
    ]


@view_config(route_name="public.commune", renderer="municipality:templates/commune.jinja2")
def public_commune(request: Request) -> dict[str, Any]:
    registry = get_registry(request)
    services = []
    for manifest in registry.manifests():
        if manifest.name in request.enabled_modules:
            public_route = f"{manifest.name}.public"
            if request.registry.introspector.get("routes", public_route) is not None:
                services.append(
                    {
                        "url": request.route_url(public_route, commune=request.commune.slug),
                        "title": request.localizer.translate(_(manifest.title)),
                    }
                )
    return {"services": services}


DASHBOARD_MAX_AGE = 30


@dataclass(frozen=True)
class WorkQueue:
    title: str
    count: int
    url: str


# What a ``Kind.DASHBOARD_CARD`` provider is: the queues of one card this user may see.
DashboardCard = Callable[[Request], list[WorkQueue]]


@view_config(
    route_name="dashboard",
    renderer="municipality:templates/dashboard.jinja2",
    permission=Perm.DASHBOARD_VIEW,
    cache_max_age=DASHBOARD_MAX_AGE,
)
def dashboard(request: Request) -> dict[str, Any]:
    """The cards (:data:`DashboardCard` providers) of the commune's modules, by name.

    The page is kept in memory while the commune's data is unchanged, at most
    ``DASHBOARD_MAX_AGE`` seconds: a queue may also grow with time alone (overdue items).
    """
    cards = enabled_providers(request.registry, Kind.DASHBOARD_CARD, request.enabled_modules)
    queues = [queue for card in cards for queue in card.provider(request)]
    principal = request.baladiya_identity.principal
    tenant = request.tenant
    titles = {name: role.title for name, role in all_roles(get_registry(request)).items()}
    roles = sorted(
        request.localizer.translate(_(titles.get(m.role, m.role)))
        for m in (principal.memberships if principal else ())
        if m.commune_id == tenant.id or m.region_id == tenant.region_id
    )
    return {"queues": queues, "roles": roles}


@view_config(
    route_name="history",
    renderer="municipality:templates/history.jinja2",
    permission=Perm.HISTORY_VIEW,
)
def object_history(request: Request) -> dict[str, Any]:
    events = audit.history(
        request.dbsession, request.matchdict["object_type"], request.matchdict["object_id"]
    )
    if not events:
        raise NotFound(_("This item has no history here."))
    return {"events": events, "object_type": request.matchdict["object_type"]}
