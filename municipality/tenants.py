"""Regions and communes: creating and listing tenants (platform administration).

A slug is the first segment of public URLs (``/{commune}/...``), so it may not be a
segment the application serves itself: the core's own, and those modules reserve in
their ``includeme`` with ``config.reserve_slug(...)`` (whether or not a commune enabled
the module: the URL prefix is global).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pyramid.config import Configurator
from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

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
T = TypeVar("T")


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


# Up to this many communes are listed at once; a larger choice (a national install) opens
# on its regions, with a search box, so the page stays light on a phone.
DIRECTORY_LIMIT = 60


@dataclass(frozen=True)
class Province:
    """The communes of one province (``name`` empty: the communes that gave none)."""

    name: str
    communes: list[Commune]


@dataclass(frozen=True)
class RegionEntry:
    """A region of the directory: how many communes it has in scope, and those listed."""

    region: Region
    count: int
    provinces: list[Province] = field(default_factory=list)


@dataclass(frozen=True)
class Directory:
    """The communes someone may open, as the landing page shows them.

    ``folded`` means the regions alone are shown (too many communes to list); otherwise
    each listed region holds its communes by province. ``more`` says a search matched
    more communes than are listed.
    """

    regions: list[RegionEntry]
    total: int
    text: str = ""
    region: Region | None = None
    folded: bool = False
    more: bool = False


SEARCH_LENGTH = 100


def search_text(raw: str) -> str:
    """What a search for communes looks for: the words typed, spaced once, bounded."""
    return " ".join(raw.split())[:SEARCH_LENGTH]


def commune_directory(
    session: Session,
    region_ids: Collection[int],
    *,
    text: str = "",
    region_slug: str = "",
    limit: int = DIRECTORY_LIMIT,
) -> Directory:
    """The communes a person without a home commune may open (their regions', or all),
    by region and province: those matching ``text``, all those of one region (a
    supervisor's only one, say), or all of them when they are few; the regions
    alone when they are many."""
    counts = _region_counts(session, region_ids)
    total = sum(count for _region, count in counts)
    scope: list[ColumnElement[bool]] = [Commune.region_id.in_([r.id for r, _count in counts])]
    if text := search_text(text):
        pattern = f"%{text}%"
        scope.append(
            or_(
                Commune.name_fr.ilike(pattern),
                Commune.name_ar.like(pattern),
                Commune.slug.like(pattern.lower()),
            )
        )
    chosen = next((region for region, _count in counts if region.slug == region_slug), None)
    if len(counts) == 1:
        chosen = counts[0][0]
    if chosen is not None:
        scope.append(Commune.region_id == chosen.id)
    elif not text and total > limit:
        entries = [RegionEntry(region, count) for region, count in counts]
        return Directory(entries, total, folded=True)
    if chosen is not None and not text:
        limit = max(limit, next(count for region, count in counts if region is chosen))
    found = list(
        session.execute(
            select(Commune).where(*scope).order_by(Commune.name_fr).limit(limit + 1)
        ).scalars()
    )
    entries = _by_region_and_province(found[:limit], counts)
    return Directory(entries, total, text=text, region=chosen, more=len(found) > limit)


def _region_counts(session: Session, region_ids: Collection[int]) -> list[tuple[Region, int]]:
    stmt = (
        select(Region, func.count(Commune.id))
        .join(Commune, Commune.region_id == Region.id)
        .group_by(Region.id)
        .order_by(Region.name_fr)
    )
    if region_ids:
        stmt = stmt.where(Region.id.in_(region_ids))
    return [(region, count) for region, count in session.execute(stmt).tuples()]


def by_province(
    items: Iterable[T], commune_of: Callable[[T], Commune]
) -> list[tuple[str, list[T]]]:
    """``items`` (communes, or lines about communes) by their commune's province: named
    provinces by name, then those that gave none (``""``); each keeps the items' order."""
    provinces: dict[str, list[T]] = {}
    for item in items:
        provinces.setdefault(commune_of(item).province or "", []).append(item)
    return sorted(provinces.items(), key=lambda entry: (not entry[0], entry[0]))


def _by_region_and_province(
    communes: list[Commune], counts: list[tuple[Region, int]]
) -> list[RegionEntry]:
    entries = []
    for region, count in counts:
        provinces = by_province((c for c in communes if c.region_id == region.id), _itself)
        if provinces:
            entries.append(RegionEntry(region, count, [Province(n, c) for n, c in provinces]))
    return entries


def _itself(commune: Commune) -> Commune:
    return commune


def listed_communes(directory: Directory) -> list[Commune]:
    """The communes a directory lists, in its order: region, province, name."""
    return [
        commune
        for entry in directory.regions
        for province in entry.provinces
        for commune in province.communes
    ]


def regions_by_ids(session: Session, region_ids: Collection[int]) -> list[Region]:
    """Regions by id, in the order of their French names."""
    stmt = select(Region).where(Region.id.in_(region_ids)).order_by(Region.name_fr)
    return list(session.execute(stmt).scalars())
