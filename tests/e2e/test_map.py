"""The maps in a browser: layers drawn from the OGC API, legend, layer switcher, the site
picker, the complaints map; WCAG 2.2 AA, nothing fetched from another host, page weight;
screenshots in French and Arabic.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import transaction
from playwright.sync_api import Page, expect
from sqlalchemy import select

from complaints.services import categories, filing
from municipality.db import make_engine, make_session_factory, session_in_transaction
from municipality.models import Commune
from tests import factories
from tests.e2e.checks import PAGE_WEIGHT, check_accessibility
from tests.e2e.conftest import AGENT_EMAIL, BROWSER_LOCALE
from tests.gis import mapdata

# Boundary 1, zones R1 and ZI, one servitude, the parcels, one street; and one place.
POLYGONS = 1 + 2 + 1 + mapdata.PARCELS + 1
PLACES = 1
LOCATED_COMPLAINTS = 3


@pytest.fixture
def live_server(live_server: str, tmp_path: Path) -> str:
    """The usual commune "sale", with the GIS module, its layers and located complaints."""
    engine = make_engine(f"sqlite:///{tmp_path / 'e2e.sqlite'}")
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(make_session_factory(engine), tm)
        sale = session.scalars(select(Commune).where(Commune.slug == "sale")).one()
        factories.enable_gis(session, sale)
        mapdata.add_layers(session, sale)
        factories.street(session, commune_=sale)
        factories.named_place(session, commune_=sale)
        category = categories.categories(session)[0]
        for index in range(LOCATED_COMPLAINTS):
            filing.file_complaint(
                session,
                actor="public",
                commune=sale,
                data={
                    "category": category,
                    "description": f"Lampadaire éteint numéro {index + 1}",
                    "latitude": 34.035 + index * 0.004,
                    "longitude": -6.805 + index * 0.004,
                },
            )
    engine.dispose()
    return live_server


def wait_for_map(page: Page, selector: str = "[data-map]") -> None:
    expect(page.locator(selector).first).to_have_attribute("data-map-loaded", "true")


def drawn(page: Page, selector: str = "[data-map]") -> int:
    """Paths drawn on the map: polygons and lines (places and complaints are circles)."""
    paths = page.locator(f"{selector} .leaflet-overlay-pane path.leaflet-interactive")
    return paths.count() - paths.evaluate_all(
        "paths => paths.filter(p => !/[LZ]/.test(p.getAttribute('d').slice(1))).length"
    )


def weight(page: Page) -> int:
    return sum(entry["bytes"] for entry in page.evaluate(PAGE_WEIGHT))


def click_parcel(page: Page, reference: str) -> None:
    """Click the parcel's own outline, as Playwright clicks an element.

    The outline is marked from the picker's Leaflet layer; Playwright then waits until
    it is still (Leaflet animates its fit to the layers) and really receives the click,
    which coordinates computed beforehand cannot promise on a busy machine.
    """
    page.locator("[data-picker-map]").scroll_into_view_if_needed()
    page.evaluate(
        """(reference) => {
          const state = document.querySelector('[data-picker-map]').baladiyaMap;
          state.layers[1].eachLayer(l => {
            if (l.feature.properties.reference === reference) {
              l.getElement().setAttribute('data-parcel', reference);
            }
          });
        }""",
        reference,
    )
    page.locator(f'path[data-parcel="{reference}"]').click()


def log_in(page: Page) -> None:
    page.goto("/login")
    page.fill("#deform input[name=email]", AGENT_EMAIL)
    page.fill("#deform input[name=password]", factories.PASSWORD)
    page.click("#deform button[name=login]")


def to_arabic(page: Page) -> None:
    page.select_option("#lang-select", "ar")
    page.locator("form.lang button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


@pytest.mark.e2e
def test_public_and_staff_maps_draw_every_layer(page: Page) -> None:
    page.goto("/sale/map")
    wait_for_map(page)
    assert drawn(page) == POLYGONS
    legend = page.locator(".leaflet-control-container .map-legend")
    expect(legend).to_contain_text("R1")
    expect(legend).to_contain_text("ZI")
    switcher = page.locator(".leaflet-control-layers-overlays label")
    expect(switcher).to_have_count(6)
    switcher.filter(has_text="Parcelles").locator("input").uncheck()
    assert drawn(page) == POLYGONS - mapdata.PARCELS
    switcher.filter(has_text="Parcelles").locator("input").check()
    assert drawn(page) == POLYGONS
    print(f"public map page weight: {weight(page)} bytes")
    check_accessibility(page, "m01-public-map-fr")
    to_arabic(page)
    wait_for_map(page)
    assert drawn(page) == POLYGONS
    check_accessibility(page, "m02-public-map-ar")
    page.goto("/ogc/sale/collections/parcels/items?limit=5")
    expect(page.locator("table.grid tbody tr")).to_have_count(5)
    check_accessibility(page, "m09-ogc-items-ar")
    page.goto("/ogc/sale/collections")
    check_accessibility(page, "m10-ogc-collections-ar")

    log_in(page)
    page.goto("/c/sale/gis/map")
    wait_for_map(page)
    assert drawn(page) == POLYGONS
    check_accessibility(page, "m03-staff-map-fr")


@pytest.mark.e2e
def test_picker_fills_the_parcel_field_and_draws_an_outline(page: Page) -> None:
    log_in(page)
    page.goto("/c/sale/gis/site")
    wait_for_map(page, "[data-picker-map]")
    field = page.locator("input[name=parcels]")
    click_parcel(page, "SALE-3")
    expect(field).to_have_value("SALE-3")
    expect(page.locator("[data-picker-status]")).to_contain_text("SALE-3")
    check_accessibility(page, "m04-picker-fr")
    click_parcel(page, "SALE-3")
    expect(field).to_have_value("")
    page.locator("[data-picker-draw]").click()
    page.locator("[data-picker-map]").scroll_into_view_if_needed()
    box = page.locator("[data-picker-map]").bounding_box()
    assert box is not None
    for dx, dy in ((0.4, 0.4), (0.6, 0.4), (0.6, 0.6), (0.4, 0.6)):
        page.mouse.click(box["x"] + box["width"] * dx, box["y"] + box["height"] * dy)
    page.locator("[data-picker-finish]").click()
    assert '"Polygon"' in page.locator("[data-picker-polygon]").input_value()
    field.fill("SALE-1")
    page.locator("#deform button[name=show]").click()
    image = page.locator("img.site-map")
    expect(image).to_be_visible()
    page.wait_for_function("() => document.querySelector('img.site-map').complete")
    assert image.evaluate("img => img.naturalWidth") == 800
    check_accessibility(page, "m05-site-map-fr")


@pytest.mark.e2e
def test_picker_degrades_to_a_text_field_without_javascript(browser, live_server: str) -> None:
    context = browser.new_context(
        java_script_enabled=False, base_url=live_server, locale=BROWSER_LOCALE
    )
    page = context.new_page()
    log_in(page)
    page.goto("/c/sale/gis/site")
    expect(page.locator("[data-picker-map]")).to_be_hidden()
    page.fill("input[name=parcels]", "SALE-2")
    page.locator("#deform button[name=show]").click()
    expect(page.locator("img.site-map")).to_be_visible()
    context.close()


@pytest.mark.e2e
def test_complaints_maps_public_and_staff(page: Page) -> None:
    page.goto("/sale/complaints/map")
    wait_for_map(page)
    expect(page.locator(".leaflet-overlay-pane path.leaflet-interactive")).to_have_count(
        LOCATED_COMPLAINTS + POLYGONS - 1 + PLACES
    )
    check_accessibility(page, "m06-complaints-map-fr")
    to_arabic(page)
    wait_for_map(page)
    check_accessibility(page, "m07-complaints-map-ar")
    log_in(page)
    page.goto("/c/sale/complaints/map?state=open")
    wait_for_map(page)
    expect(page.locator(".leaflet-overlay-pane path.leaflet-interactive")).to_have_count(
        LOCATED_COMPLAINTS + POLYGONS - 1 + PLACES
    )
    page.locator(".leaflet-overlay-pane path.leaflet-interactive").last.click()
    expect(page.locator(".leaflet-popup-content a")).to_be_visible()
    check_accessibility(page, "m08-complaints-inbox-map-fr")


def _complaint_page(page: Page) -> None:
    page.goto("/c/sale/complaints")
    page.locator("li.card > a[href*='/c/sale/complaints/']").first.click()
    wait_for_map(page, "#position-map")


@pytest.mark.e2e
@pytest.mark.parametrize("width", [390, 1280])
def test_staff_see_a_complaint_over_the_streets_and_the_boundary(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page)
    for language in ("fr", "ar"):
        if language == "ar":
            to_arabic(page)
        _complaint_page(page)
        state = page.evaluate(
            """() => document.querySelector('#position-map').baladiyaMap.specs.map(s => s.title)"""
        )
        assert len(state) == 6
        street = page.locator("#position-map path[stroke='#8a8f98']")
        boundary = page.locator("#position-map path[stroke-dasharray]")
        expect(street).to_have_count(1)
        expect(boundary).to_have_count(1)
        expect(page.locator("#position-map path[fill='#d00000']")).to_have_count(1)
        assert weight(page) < 400_000
        # The page never scrolls sideways: its actions wrap on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        check_accessibility(page, f"m11-complaint-position-{language}-{width}")
        page.goto("/c/sale/gis/plans")
        page.locator("table a").first.click()
        wait_for_map(page, "#plan-map")
        assert drawn(page, "#plan-map") >= 2 + 2
        expect(page.locator("#plan-map .map-legend")).to_contain_text("R1")
        check_accessibility(page, f"m12-plan-map-{language}-{width}")
        page.goto("/c/sale/gis/parcels/SALE-1")
        wait_for_map(page, "#parcel-map")
        check_accessibility(page, f"m13-parcel-{language}-{width}")
