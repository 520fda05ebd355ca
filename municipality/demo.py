"""Demo data: two regions, three communes, one user per role, residents, module content.

Loaded by ``make run`` into a new database so a newcomer sees the product working at
once. The roles are the core's and those the modules add; staff who must use two-step
verification share one published demo TOTP key.

The demo is a year of each commune's life (:class:`DemoYear`): the communes and their
staff exist from its first day, and a module's demo may replay what happened since through
its services, each step at its own date (:func:`municipality.db.clock_at`). Its random
choices come from one seed, so two loads with the same seed and end give the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pyramid.path import DottedNameResolver
from pyramid.registry import Registry
from sqlalchemy import select
from sqlalchemy.orm import Session

from modules import REGISTRY_KEY
from modules.registry import Manifest, ModuleRegistry, RoleSpec
from municipality import accounts, activation, tenants
from municipality.db import clock_at, utcnow
from municipality.models import Commune, Region
from municipality.providers import Kind, providers
from municipality.roles import Role, all_roles

DEMO_PASSWORD = "baladiya-demo-2026"
DEMO_TOTP_SECRET = "BALADIYADEMOTOTPKEYFORSTAFF23456"
ACTOR = "system:demo"
DEMO_SEED = 2026
DEMO_MONTHS = 12

REGIONS = (
    ("rabat-sale-kenitra", "Rabat-Salé-Kénitra", "الرباط سلا القنيطرة", "MA"),
    ("district-bamako", "District de Bamako", "مقاطعة باماكو", "ML"),
)
COMMUNES = (
    (
        "sale",
        "rabat-sale-kenitra",
        "Salé",
        "سلا",
        "MA",
        "Africa/Casablanca",
        "MAD",
        "EPSG:26191",
        "ar fr",
        "Préfecture de Salé",
    ),
    (
        "temara",
        "rabat-sale-kenitra",
        "Témara",
        "تمارة",
        "MA",
        "Africa/Casablanca",
        "MAD",
        "EPSG:26191",
        "fr ar",
        "Préfecture de Skhirate-Témara",
    ),
    (
        "bamako-commune-3",
        "district-bamako",
        "Commune III de Bamako",
        "البلدية الثالثة باماكو",
        "ML",
        "Africa/Bamako",
        "XOF",
        "EPSG:32629",
        "fr",
        "District de Bamako",
    ),
)
RESIDENTS = (
    ("amina.benali@example.org", "Amina Benali", "sale", "ar"),
    ("moussa.traore@example.org", "Moussa Traoré", "bamako-commune-3", "fr"),
)


@dataclass(frozen=True)
class DemoYear:
    """What every module's demo (``load_demo(session, commune, actor, year)``) is given.

    ``registry`` is the application's (its providers and services: the gazetteer, the
    image store); the year ends at ``end`` and starts ``months`` before it (a shorter
    span, for checks that need the demo's shape rather than its volume, loads faster).
    """

    registry: Registry
    end: datetime
    seed: int = DEMO_SEED
    months: int = DEMO_MONTHS

    @property
    def start(self) -> datetime:
        return self.end - timedelta(days=round(365 * self.months / 12))

    def random(self, commune: Commune, purpose: str) -> random.Random:
        """A generator of its own for each commune and purpose, so one module's draws
        never shift another's."""
        return random.Random(f"{self.seed}:{commune.slug}:{purpose}")


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    where: str
    totp: bool


def is_empty(session: Session) -> bool:
    return session.execute(select(Commune.id).limit(1)).first() is None


def staff_roles(registry: ModuleRegistry, scope: str) -> list[RoleSpec]:
    """The roles of staff (not residents) held in a commune or a region, by name."""
    return sorted(
        (
            role
            for role in all_roles(registry).values()
            if role.scope == scope and role.name != Role.RESIDENT
        ),
        key=lambda role: role.name,
    )


def _staff(
    session: Session,
    registry: ModuleRegistry,
    role: RoleSpec,
    place: Commune | Region,
) -> None:
    commune = place if isinstance(place, Commune) else None
    region = place if isinstance(place, Region) else None
    name = role.name.replace("_", " ").title()
    user = accounts.create_user(
        session,
        actor=ACTOR,
        email=_staff_email(role, place.slug),
        full_name=f"{name} ({place.name_fr})" if commune else f"{name} {place.name_fr}",
        password=DEMO_PASSWORD,
    )
    if role.second_factor:
        user.totp_secret = DEMO_TOTP_SECRET
    accounts.grant_role(
        session,
        actor=ACTOR,
        user=user,
        role=role.name,
        commune=commune,
        region=region,
        registry=registry,
    )


def logins(registry: ModuleRegistry) -> list[DemoLogin]:
    """The demo accounts, as ``make run`` prints them."""
    result = [DemoLogin("admin@baladiya.example", "platform admin", "all", False)]
    places = (("region", [slug for slug, *_ in REGIONS]), ("commune", [s for s, *_ in COMMUNES]))
    for scope, slugs in places:
        result += [
            DemoLogin(_staff_email(role, slug), role.name, slug, role.second_factor)
            for slug in slugs
            for role in staff_roles(registry, scope)
        ]
    result += [
        DemoLogin(email, Role.RESIDENT.value, slug, False)
        for email, _name, slug, _locale in RESIDENTS
    ]
    return result


def _staff_email(role: RoleSpec, slug: str) -> str:
    return staff_email(role.name, slug)


def staff_email(role: str, slug: str) -> str:
    """The demo account of ``role`` in the commune or region ``slug``."""
    return f"{role.replace('_', '.')}@{slug}.example"


def demo_order(app: Registry, registry: ModuleRegistry) -> list[Manifest]:
    """The modules with demo content, those that name the commune's places first.

    Others place their content in the commune (complaints on its streets) through the
    core's gazetteer, so a gazetteer module and what it needs load before the rest; the
    dependency order holds within each group.
    """
    naming = {offered.module for offered in providers(app, Kind.GAZETTEER)} & set(registry.order)
    first = naming | {dep for name in naming for dep in registry.dependencies(name)}
    with_demo = [manifest for manifest in registry.manifests() if manifest.demo]
    return sorted(with_demo, key=lambda manifest: manifest.name not in first)


def load(
    session: Session,
    app: Registry,
    *,
    end: datetime | None = None,
    seed: int = DEMO_SEED,
    months: int = DEMO_MONTHS,
) -> None:
    """Create the demo tenants, people and module content: a year (or ``months``)
    ending at ``end``."""
    registry: ModuleRegistry = app[REGISTRY_KEY]
    year = DemoYear(app, end or utcnow(), seed, months)
    communes = []
    with clock_at(year.start):
        regions = _regions_and_their_staff(session, registry)
        for slug, region_slug, fr, ar, country, tz, currency, crs, languages, province in COMMUNES:
            communes.append(
                _commune(
                    session,
                    registry,
                    slug=slug,
                    region=regions[region_slug],
                    name_fr=fr,
                    name_ar=ar,
                    country_profile=country,
                    timezone=tz,
                    currency=currency,
                    projected_crs=crs,
                    languages=languages,
                    province=province,
                )
            )
        _residents(session)
    resolver = DottedNameResolver()
    for commune in communes:
        for manifest in demo_order(app, registry):
            assert manifest.demo
            resolver.resolve(manifest.demo)(session, commune, ACTOR, year)


def _regions_and_their_staff(session: Session, registry: ModuleRegistry) -> dict[str, Region]:
    regions = {
        slug: tenants.create_region(
            session, actor=ACTOR, slug=slug, name_fr=fr, name_ar=ar, country=country
        )
        for slug, fr, ar, country in REGIONS
    }
    accounts.create_user(
        session,
        actor=ACTOR,
        email="admin@baladiya.example",
        full_name="Platform admin",
        password=DEMO_PASSWORD,
        platform_admin=True,
    )
    for region in regions.values():
        for role in staff_roles(registry, "region"):
            _staff(session, registry, role, region)
    return regions


def _commune(session: Session, registry: ModuleRegistry, **fields: Any) -> Commune:
    """A commune with its staff and every module enabled.

    Every module is on before any demo content exists, so what one module's demo writes
    reaches the modules that listen (complaints reach the national platform).
    """
    commune = tenants.create_commune(session, actor=ACTOR, **fields)
    for role in staff_roles(registry, "commune"):
        _staff(session, registry, role, commune)
    for manifest in registry.manifests():
        activation.enable(session, registry, actor=ACTOR, commune=commune, name=manifest.name)
    return commune


def _residents(session: Session) -> None:
    for email, name, slug, locale in RESIDENTS:
        user = accounts.create_user(
            session, actor=ACTOR, email=email, full_name=name, password=DEMO_PASSWORD, locale=locale
        )
        commune = session.execute(select(Commune).where(Commune.slug == slug)).scalar_one()
        accounts.grant_role(
            session, actor=ACTOR, user=user, role=Role.RESIDENT.value, commune=commune
        )
