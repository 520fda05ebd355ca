"""Demo data: two regions, three communes, one user per role, residents, module content.

Loaded by ``make run`` into a new database so a newcomer sees the product working at
once. The roles are the core's and those the modules add; staff who must use two-step
verification share one published demo TOTP key.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyramid.path import DottedNameResolver
from sqlalchemy import select
from sqlalchemy.orm import Session

from modules.registry import ModuleRegistry, RoleSpec
from municipality import accounts, activation, tenants
from municipality.models import Commune, Region
from municipality.roles import Role, all_roles

DEMO_PASSWORD = "baladiya-demo-2026"
DEMO_TOTP_SECRET = "BALADIYADEMOTOTPKEYFORSTAFF23456"
ACTOR = "system:demo"

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
    return f"{role.name.replace('_', '.')}@{slug}.example"


def load(session: Session, registry: ModuleRegistry) -> None:
    """Create the demo tenants, people and module content."""
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
    resolver = DottedNameResolver()
    for slug, region_slug, fr, ar, country, tz, currency, crs, languages, province in COMMUNES:
        commune = tenants.create_commune(
            session,
            actor=ACTOR,
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
        for role in staff_roles(registry, "commune"):
            _staff(session, registry, role, commune)
        # Every module is on before any demo content exists, so what one module's demo
        # writes reaches the modules that listen (complaints reach the national platform).
        for manifest in registry.manifests():
            activation.enable(session, registry, actor=ACTOR, commune=commune, name=manifest.name)
        for manifest in registry.manifests():
            if manifest.demo:
                resolver.resolve(manifest.demo)(session, commune, ACTOR)
    for email, name, slug, locale in RESIDENTS:
        user = accounts.create_user(
            session, actor=ACTOR, email=email, full_name=name, password=DEMO_PASSWORD, locale=locale
        )
        commune = session.execute(select(Commune).where(Commune.slug == slug)).scalar_one()
        accounts.grant_role(
            session, actor=ACTOR, user=user, role=Role.RESIDENT.value, commune=commune
        )
