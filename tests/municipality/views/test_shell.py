"""The landing page: a commune found among a few, or among a nation's."""

from __future__ import annotations

import pytest

from municipality.tenants import DIRECTORY_LIMIT
from tests import factories


@pytest.fixture
def nation(db):
    """More communes than are listed at once, in two regions and three provinces."""
    with db() as session:
        north = factories.region(session, slug="north")
        south = factories.region(session, slug="south")
        for number in range(DIRECTORY_LIMIT + 1):
            region = north if number % 2 else south
            commune = factories.commune(session, slug=f"c{number:03d}", region_=region)
            commune.province = f"Province {number % 3}" if region is north else "Province S"
        factories.commune(session, slug="tiznit", region_=south).name_fr = "Tiznit"


def test_a_nation_opens_on_its_regions_with_a_search_box(app, nation):
    page = app.get("/")
    assert page.html.find("input", {"type": "search", "name": "q"}) is not None
    regions = {a.get_text(" ", strip=True) for a in page.html.select("ul.tiles a")}
    assert regions == {"Région north 30 communes", "Région south 32 communes"}
    assert len(page.body) < 50_000


def test_a_region_lists_its_communes_by_province(app, nation):
    page = app.get("/", {"region": "north"})
    provinces = [h.get_text() for h in page.html.select("h3")]
    assert provinces == ["Province 0", "Province 1", "Province 2"]
    assert len(page.html.select("ul.tiles a")) == 30
    assert (
        page.html.select_one("ul.tiles a")["href"] == "http://localhost/c003/"
    )  # Province 0 first


def test_a_search_finds_a_commune_and_says_when_nothing_matches(app, nation):
    found = app.get("/", {"q": "tizn"})
    assert [a.get_text() for a in found.html.select("ul.tiles a")] == ["Tiznit"]
    nothing = app.get("/", {"q": "Casablanca"})
    assert (
        "Aucune commune ne correspond à « Casablanca »."
        in nothing.html.find(class_="empty").get_text()
    )


def test_a_few_communes_are_listed_at_once_without_a_search_box(app, db):
    with db() as session:
        factories.commune(session, slug="sale")
    page = app.get("/")
    assert page.html.find("input", {"type": "search"}) is None
    assert [a["href"] for a in page.html.select("ul.tiles a")] == ["http://localhost/sale/"]


ADMIN = "root@platform.test"


def test_a_platform_admin_finds_every_commune_by_region_and_opens_its_staff_pages(app, db, nation):
    with db() as session:
        factories.user(session, email=ADMIN, platform_admin=True, totp=True)
    factories.log_in(app, ADMIN, totp=True)
    home = app.get("/")
    assert home.html.find("input", {"type": "search", "name": "q"}) is not None
    regions = {a.get_text(" ", strip=True) for a in home.html.select("ul.tiles a")}
    assert regions == {"Région north 30 communes", "Région south 32 communes"}
    assert len(home.body) < 50_000
    north = app.get("/", {"region": "north"})
    links = [a["href"] for a in north.html.select("ul.tiles a")]
    assert len(links) == 30
    assert all(link.startswith("http://localhost/c/c0") for link in links)
    found = app.get("/", {"q": "tizn"})
    assert [a["href"] for a in found.html.select("ul.tiles a")] == ["http://localhost/c/tiznit/"]
