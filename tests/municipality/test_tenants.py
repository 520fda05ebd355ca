"""Tenant slugs: the first segment of public URLs, so never one the application serves."""

from __future__ import annotations

import pytest

from municipality import tenants
from municipality.errors import ValidationFailed
from tests import factories


def test_the_core_keeps_its_own_segments_and_modules_reserve_theirs(wsgi_app):
    reserved = tenants.reserved_slugs(wsgi_app.registry)
    assert {"c", "api", "login", "static"} <= reserved
    # Open311 is the complaints module's: the core no longer knows it by itself.
    assert "open311" in reserved
    assert "open311" not in tenants.RESERVED_SLUGS


@pytest.mark.parametrize("slug", ["api", "open311"])
def test_a_reserved_slug_is_refused_for_regions_and_communes(wsgi_app, db, slug):
    reserved = tenants.reserved_slugs(wsgi_app.registry)
    with db() as session:
        region = factories.region(session)
        with pytest.raises(ValidationFailed, match=f"invalid slug '{slug}'"):
            tenants.create_region(
                session,
                actor="t",
                slug=slug,
                name_fr="x",
                name_ar="x",
                country="MA",
                reserved=reserved,
            )
        with pytest.raises(ValidationFailed, match=f"invalid slug '{slug}'"):
            tenants.create_commune(
                session,
                actor="t",
                slug=slug,
                region=region,
                name_fr="x",
                name_ar="x",
                country_profile="MA",
                timezone="Africa/Casablanca",
                currency="MAD",
                projected_crs="EPSG:26191",
                languages="fr",
                reserved=reserved,
            )


def _communes(session, region, names_and_provinces):
    made = []
    for name, province in names_and_provinces:
        commune = factories.commune(session, slug=name.lower(), region_=region)
        commune.name_fr, commune.province = name, province
        made.append(commune)
    session.flush()
    return made


@pytest.fixture
def country(db):
    """Two regions: Rabat-Salé-Kénitra with two provinces, Oriental with one commune."""
    with db() as session:
        rsk = factories.region(session, slug="rsk")
        oriental = factories.region(session, slug="oriental")
        _communes(
            session,
            rsk,
            [("Sale", "Préfecture de Salé"), ("Temara", "Skhirate-Témara"), ("Bouknadel", None)],
        )
        _communes(session, oriental, [("Oujda", "Oujda-Angad")])
        return {"rsk": rsk.id, "oriental": oriental.id}


def _listed(directory):
    return {
        entry.region.slug: {p.name: [c.name_fr for c in p.communes] for p in entry.provinces}
        for entry in directory.regions
    }


def test_a_small_install_lists_every_commune_by_region_and_province(db, country):
    with db() as session:
        directory = tenants.commune_directory(session, ())
        assert (directory.total, directory.folded, directory.more) == (4, False, False)
        assert _listed(directory) == {
            "oriental": {"Oujda-Angad": ["Oujda"]},
            "rsk": {
                "Préfecture de Salé": ["Sale"],
                "Skhirate-Témara": ["Temara"],
                "": ["Bouknadel"],
            },
        }


def test_a_large_install_opens_on_its_regions_with_their_counts(db, country):
    with db() as session:
        directory = tenants.commune_directory(session, (), limit=3)
        assert directory.folded
        assert [(e.region.slug, e.count, e.provinces) for e in directory.regions] == [
            ("oriental", 1, []),
            ("rsk", 3, []),
        ]
        region = tenants.commune_directory(session, (), region_slug="rsk", limit=3)
        assert region.region is not None
        assert region.region.slug == "rsk"
        assert list(_listed(region)) == ["rsk"]


def test_a_search_finds_communes_by_part_of_either_name_and_says_when_there_are_more(db, country):
    with db() as session:
        assert _listed(tenants.commune_directory(session, (), text="  TEM ")) == {
            "rsk": {"Skhirate-Témara": ["Temara"]}
        }
        assert _listed(tenants.commune_directory(session, (), text="جماعة oujda")) == {
            "oriental": {"Oujda-Angad": ["Oujda"]}
        }
        several = tenants.commune_directory(session, (), text="a", limit=2)
        assert several.more
        assert sum(len(p.communes) for e in several.regions for p in e.provinces) == 2
        assert tenants.commune_directory(session, (), text="Casablanca").regions == []


def test_a_supervisor_sees_only_the_communes_of_their_regions(db, country):
    with db() as session:
        directory = tenants.commune_directory(session, {country["oriental"]}, text="a")
        assert _listed(directory) == {"oriental": {"Oujda-Angad": ["Oujda"]}}
        assert (
            tenants.commune_directory(session, {country["oriental"]}, region_slug="rsk").total == 1
        )


def test_a_single_region_is_listed_whatever_its_size(db, country):
    with db() as session:
        directory = tenants.commune_directory(session, {country["rsk"]}, limit=1)
        assert not directory.folded
        assert directory.region is not None
        listed = {c.name_fr for p in directory.regions[0].provinces for c in p.communes}
        assert listed == {"Sale", "Temara", "Bouknadel"}
        assert not directory.more
