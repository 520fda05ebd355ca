"""Regions and communes: creating and listing tenants (platform administration).

A slug is the first segment of public URLs (``/{commune}/...``), so it may not be a
segment the application serves itself: the core's own, and those modules reserve in
their ``includeme`` with ``config.reserve_slug(...)`` (whether or not a commune enabled
the module: the URL prefix is global).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pyramid.config import Configurator
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from municipality import audit
from municipality.errors import Conflict, ValidationFailed
from municipality.models import Commune, Region

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
CURRENCIES = {"MAD": "MA", "XOF": "ML", "MRU": "MR"}
COUNTRY_PROFILES = frozenset({"MA", "ML", "MR", "SN", "TN", "DZ", "NE", "BF"})
PROVINCE_LENGTH = 200
# The core's own first path segments.
RESERVED_SLUGS = frozenset(
    {"c", "api", "static", "login", "logout", "locale", "password", "healthz", "verify"}
)
RESERVED_SLUGS_KEY = "baladiya.tenants.reserved_slugs"


def reserve_slug(config: Configurator, slug: str) -> None:
    """Config directive: no region or commune may take ``slug`` (a module's URL prefix)."""

    def register() -> None:
        config.registry[RESERVED_SLUGS_KEY] = reserved_slugs(config.registry) | {slug}

    config.action(("baladiya.reserved_slug", slug), register)


def reserved_slugs(registry: Any) -> frozenset[str]:
    """The core's reserved slugs and those the application's modules reserved."""
    return RESERVED_SLUGS | registry.get(RESERVED_SLUGS_KEY, frozenset())


def _check_slug(slug: str, reserved: Collection[str]) -> None:
    if not SLUG.match(slug) or slug in reserved:
        raise ValidationFailed(
            f"invalid slug {slug!r}", {"slug": "lower-case letters, digits and dashes"}
        )


def create_region(
    session: Session,
    *,
    actor: str,
    slug: str,
    name_fr: str,
    name_ar: str,
    country: str,
    reserved: Collection[str] = RESERVED_SLUGS,
) -> Region:
    """A new region; ``reserved`` is :func:`reserved_slugs` of the running application."""
    _check_slug(slug, reserved)
    if session.execute(select(Region).where(Region.slug == slug)).first():
        raise Conflict(f"region {slug} already exists")
    region = Region(slug=slug, name_fr=name_fr, name_ar=name_ar, country=country.upper())
    audit.write(
        session,
        region,
        actor=actor,
        action="municipality:region:created",
        object_type="region",
        changes={"slug": [None, slug]},
    )
    return region


def create_commune(
    session: Session,
    *,
    actor: str,
    slug: str,
    region: Region,
    name_fr: str,
    name_ar: str,
    country_profile: str,
    timezone: str,
    currency: str,
    projected_crs: str,
    languages: str,
    province: str | None = None,
    reserved: Collection[str] = RESERVED_SLUGS,
) -> Commune:
    """Create a commune after checking what a mistake here would silently break later.

    ``province`` is the province or prefecture as the commune writes it; blank means
    not recorded, so the regional summaries put the commune under that group.
    ``reserved`` is :func:`reserved_slugs` of the running application.
    """
    _check_slug(slug, reserved)
    province = " ".join(province.split()) if province else None
    problems: dict[str, str] = {}
    if country_profile.upper() not in COUNTRY_PROFILES:
        problems["country_profile"] = "unknown country profile"
    if currency.upper() not in CURRENCIES:
        problems["currency"] = "one of " + ", ".join(sorted(CURRENCIES))
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems["timezone"] = "not an IANA time zone"
    if not re.match(r"^EPSG:\d{4,5}$", projected_crs):
        problems["projected_crs"] = "an EPSG code such as EPSG:26191"
    if not languages.split() or set(languages.split()) - {"ar", "fr", "en"}:
        problems["languages"] = "among ar, fr, en"
    if province and len(province) > PROVINCE_LENGTH:
        problems["province"] = f"at most {PROVINCE_LENGTH} characters"
    if problems:
        raise ValidationFailed("invalid commune", problems)
    if session.execute(select(Commune).where(Commune.slug == slug)).first():
        raise Conflict(f"commune {slug} already exists")
    commune = Commune(
        slug=slug,
        region=region,
        name_fr=name_fr,
        name_ar=name_ar,
        country_profile=country_profile.upper(),
        timezone=timezone,
        currency=currency.upper(),
        projected_crs=projected_crs,
        languages=" ".join(languages.split()),
        province=province or None,
    )
    session.add(commune)
    session.flush()
    # The first link of the commune's own chain: audit.write would put a row that has no
    # ``commune_id`` (a commune) on the platform's chain.
    audit.record(
        session,
        commune_id=commune.id,
        actor=actor,
        action="municipality:commune:created",
        object_type="commune",
        object_id=str(commune.public_id),
        changes={"slug": [None, slug], "province": [None, commune.province]},
    )
    return commune


def list_regions(session: Session) -> list[Region]:
    return list(session.execute(select(Region).order_by(Region.slug)).scalars())


def list_communes(session: Session, region: Region | None = None) -> list[Commune]:
    stmt = select(Commune).order_by(Commune.slug)
    if region is not None:
        stmt = stmt.where(Commune.region_id == region.id)
    return list(session.execute(stmt).scalars())


def communes_to_choose(session: Session, region_ids: Collection[int]) -> list[Commune]:
    """The communes a person without a home commune may open: their regions', or all."""
    stmt = select(Commune).options(selectinload(Commune.region)).order_by(Commune.name_fr)
    if region_ids:
        stmt = stmt.where(Commune.region_id.in_(region_ids))
    return list(session.execute(stmt).scalars())


def regions_by_ids(session: Session, region_ids: Collection[int]) -> list[Region]:
    """Regions by id, in the order of their French names."""
    stmt = select(Region).where(Region.id.in_(region_ids)).order_by(Region.name_fr)
    return list(session.execute(stmt).scalars())
