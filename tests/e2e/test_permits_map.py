"""The permit file's site, picked on the map on a phone (390 px): in Arabic the applicant
taps a parcel of the commune's cadastre and saves the draft; in French they add a second
parcel and draw an outline. No coordinates are asked for, nothing is fetched from another
host, and the pages pass axe."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import transaction
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from municipality.app import make_config
from municipality.db import (
    make_engine,
    make_session_factory,
    session_in_transaction,
    set_commune_scope,
)
from municipality.migrate import upgrade
from municipality.tenancy import commune_by_slug
from permits.models import PermitFile
from tests import factories
from tests.conftest import app_settings
from tests.e2e.checks import MAX_MAP_PAGE_BYTES, check_accessibility, watched_page
from tests.e2e.conftest import BROWSER_LOCALE, seed
from tests.e2e.test_complaints import PHONE
from tests.e2e.test_consolidation import log_in, switch_language
from tests.e2e.test_permits import ARCHITECT, seed_permits
from tests.servers import served

pytestmark = pytest.mark.e2e


def _unit(engine):
    tm = transaction.TransactionManager(explicit=True)
    return tm, make_session_factory(engine)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, list[str], object]]:
    """Sale with permits and three parcels side by side; the server, their references."""
    engine = make_engine(f"sqlite:///{tmp_path / 'e2e.sqlite'}")
    upgrade(engine)
    seed(engine)
    first, _area = seed_permits(engine)
    tm, factory = _unit(engine)
    with tm:
        session = session_in_transaction(factory, tm)
        commune = commune_by_slug(session, "sale")
        set_commune_scope(session, commune.id)
        others = [factories.parcel(session, commune_=commune).reference for _ in range(2)]
    app = make_config(app_settings(engine, tmp_path)).make_wsgi_app()
    with served(app) as url:
        yield url, [first, *others], engine
    engine.dispose()


def _map_ready(page: Page) -> None:
    expect(page.locator("[data-picker-map]")).to_have_attribute("data-map-loaded", "true")


def _tap_parcel(page: Page, reference: str) -> None:
    """Tap the parcel's own outline (marked from the picker's Leaflet layer, so the tap
    waits until Leaflet has finished fitting the map)."""
    page.locator("[data-picker-map]").scroll_into_view_if_needed()
    page.evaluate(
        """(reference) => {
          const state = document.querySelector('[data-picker-map]').baladiyaMap;
          state.layers.forEach(layer => layer.eachLayer && layer.eachLayer(l => {
            if (l.feature && l.feature.properties.reference === reference) {
              l.getElement().setAttribute('data-parcel', reference);
            }
          }));
        }""",
        reference,
    )
    page.locator(f'path[data-parcel="{reference}"]').tap()


def _fits(page: Page, name: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} ({page.url}) is {width} px wide"
    check_accessibility(page, name, max_bytes=MAX_MAP_PAGE_BYTES)


def _file(engine) -> PermitFile:
    tm, factory = _unit(engine)
    with tm:
        session = session_in_transaction(factory, tm)
        return session.execute(select(PermitFile)).scalar_one()


def test_the_applicant_taps_parcels_and_draws_the_site_on_a_phone(browser: Browser, site):
    base, references, engine = site
    first, second, _third = references
    with watched_page(browser, base, PHONE, BROWSER_LOCALE, has_touch=True) as page:
        log_in(page, ARCHITECT)
        switch_language(page, "ar")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        page.goto("/c/sale/permits/new")
        _map_ready(page)
        expect(page.locator("#deform textarea")).to_have_count(0)
        parcels = page.locator("#deform input[name=parcels]")
        _tap_parcel(page, first)
        expect(parcels).to_have_value(first)
        expect(page.locator("[data-picker-status]")).to_contain_text(first)
        _fits(page, "pmap01-new-picked-ar")
        page.locator("#deform input[name=applicant_name]").fill("أمينة بنعلي")
        page.locator("#deform input[name=address]").fill("12 زنقة ابن خلدون")
        page.locator("#deform input[name=footprint_m2]").fill("120")
        page.locator("#deform input[name=floor_area_m2]").fill("240")
        with page.expect_navigation():
            page.locator("#deform button[name=save]").click()
        expect(page.locator(".flash")).to_be_visible()
        file_path = page.url.removeprefix(base)
        assert _file(engine).parcels == [first]

        switch_language(page, "fr")
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
        page.goto(file_path + "/edit")
        _map_ready(page)
        expect(parcels).to_have_value(first)
        _tap_parcel(page, second)
        expect(parcels).to_have_value(f"{first}, {second}")
        page.locator("[data-picker-draw]").tap()
        box = page.locator("[data-picker-map]").bounding_box()
        assert box is not None
        for dx, dy in ((0.45, 0.2), (0.55, 0.2), (0.55, 0.3)):
            page.mouse.click(box["x"] + box["width"] * dx, box["y"] + box["height"] * dy)
        page.locator("[data-picker-finish]").tap()
        expect(page.locator("[data-picker-status]")).to_contain_text("3")
        _fits(page, "pmap02-edit-drawn-fr")
        with page.expect_navigation():
            page.locator("#deform button[name=save]").click()
        expect(page.locator(".flash")).to_be_visible()
    file = _file(engine)
    assert file.parcels == [first, second]
    outline = json.loads(file.site)
    assert outline["type"] == "Polygon"
    assert len(outline["coordinates"][0]) == 4
