"""A resident says where the problem is on a phone (390 px), in French and Arabic: by
tapping the map, by searching a place, by "use my location", and without JavaScript by
choosing a place from the list; the complaint is stored at that position."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import shapely
import transaction
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from complaints.models import Complaint
from gis.models import CommuneBoundary
from municipality.db import make_engine, make_session_factory, session_in_transaction
from municipality.models import Commune
from tests import factories
from tests.e2e.checks import (
    MAX_MAP_PAGE_BYTES,
    MAX_PAGE_BYTES,
    PAGE_WEIGHT,
    check_accessibility,
    screenshot,
    watched_page,
)
from tests.e2e.test_complaints import PHONE

pytestmark = pytest.mark.e2e

# Where "use my location" finds the resident: inside the commune, east of the market.
HERE = {"latitude": 34.0412, "longitude": -6.7985}
# A pin is stored as the picker wrote it: six decimals.
TOLERANCE = 1e-6
# A tap lands within a couple of pixels of where it was aimed: a few metres at street zoom.
TAP_TOLERANCE = 5e-5


def _database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'e2e.sqlite'}"


@pytest.fixture
def live_server(live_server: str, tmp_path: Path) -> str:
    """Commune "sale" with the GIS module: its boundary, a market and a street."""
    engine = make_engine(_database(tmp_path))
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(make_session_factory(engine), tm)
        sale = session.scalars(select(Commune).where(Commune.slug == "sale")).one()
        factories.enable_gis(session, sale)
        square = shapely.box(factories.GIS_WEST, factories.GIS_SOUTH, -6.79, 34.05)
        session.add(CommuneBoundary(commune_id=sale.id, **factories.gis_geoms(sale, square)))
        factories.named_place(session, commune_=sale)
        factories.street(session, commune_=sale)
    engine.dispose()
    return live_server


def stored(tmp_path: Path) -> Complaint:
    """The one complaint filed in the test."""
    engine = make_engine(_database(tmp_path))
    with make_session_factory(engine)() as session:
        complaint = session.execute(select(Complaint)).scalar_one()
        session.expunge(complaint)
    engine.dispose()
    return complaint


def start_filing(page: Page, description: str) -> None:
    page.goto("/sale/complaints/new")
    page.locator("select[name=category]").select_option(index=1)
    page.fill("textarea[name=description]", description)


def wait_for_picker(page: Page) -> None:
    expect(page.locator("[data-location-picker]")).to_have_attribute("data-picker-ready", "true")


def position(page: Page) -> tuple[float, float]:
    """What the picker put in the hidden inputs."""
    latitude = page.locator("input[name=latitude]").input_value()
    longitude = page.locator("input[name=longitude]").input_value()
    return float(latitude), float(longitude)


def send(page: Page) -> None:
    page.locator("#deform button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/sale/complaints/track/[A-Z0-9]+$"))


def assert_stored_at(tmp_path: Path, latitude: float, longitude: float) -> None:
    complaint = stored(tmp_path)
    assert complaint.latitude is not None
    assert complaint.longitude is not None
    assert abs(complaint.latitude - latitude) <= TOLERANCE
    assert abs(complaint.longitude - longitude) <= TOLERANCE


def test_a_resident_taps_the_map_in_french(
    browser: Browser, live_server: str, tmp_path: Path
) -> None:
    with watched_page(browser, live_server, PHONE, "fr-FR") as page:
        taps_the_map(page)
        latitude, longitude = position(page)
        send(page)
    assert_stored_at(tmp_path, latitude, longitude)


def taps_the_map(page: Page) -> None:
    """The browser may not tell where the resident is; a tap on the map places the pin."""
    start_filing(page, "Nid-de-poule profond au bord de la route.")
    wait_for_picker(page)
    status = page.locator("[data-picker-status]")
    page.get_by_role("button", name="Utiliser ma position").click()
    expect(status).to_have_text(
        "Votre position n'a pas été partagée. Cherchez plutôt un lieu ou touchez la carte."
    )
    tapped = {"x": 120, "y": 90}
    page.locator("[data-picker-map]").click(position=tapped)
    expect(status).to_have_text("Épingle placée. Faites-la glisser pour l'ajuster.")
    expect(page.locator(".picker-pin")).to_be_visible()
    expected = page.evaluate(
        """(p) => {
          const ll = document.querySelector('[data-picker-map]').baladiyaMap.map
            .containerPointToLatLng([p.x, p.y]);
          return [ll.lat, ll.lng];
        }""",
        tapped,
    )
    latitude, longitude = position(page)
    assert abs(latitude - expected[0]) <= TAP_TOLERANCE
    assert abs(longitude - expected[1]) <= TAP_TOLERANCE
    expect(page.locator("[data-picker-outside]")).to_be_hidden()
    check_accessibility(page, "p01-picker-tapped-fr-phone", max_bytes=MAX_MAP_PAGE_BYTES)


def test_a_resident_searches_then_uses_their_location_in_arabic(
    browser: Browser, live_server: str, tmp_path: Path
) -> None:
    options = {"geolocation": HERE, "permissions": ["geolocation"]}
    with watched_page(browser, live_server, PHONE, "ar", **options) as page:
        searches_then_locates(page)
    assert_stored_at(tmp_path, HERE["latitude"], HERE["longitude"])


def searches_then_locates(page: Page) -> None:
    start_filing(page, "إنارة عمومية معطلة قرب السوق منذ أسبوع.")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    wait_for_picker(page)
    status = page.locator("[data-picker-status]")
    page.get_by_label("ابحث عن شارع أو مكان").fill("سوق")
    result = page.locator("[data-picker-results] button").first
    expect(result).to_contain_text("سوق")
    expect(status).to_have_text("اختر أحد الأماكن التي وُجدت.")
    result.click()
    expect(status).to_have_text("وُضع الدبوس. اسحبه لضبطه.")
    market = (34.0387, factories.GIS_WEST + 0.004)
    assert position(page) == pytest.approx(market, abs=TOLERANCE)
    check_accessibility(page, "p02-picker-search-ar-phone", max_bytes=MAX_MAP_PAGE_BYTES)
    page.get_by_role("button", name="استعمل موقعي").click()
    expect(status).to_have_text("وُضع الدبوس في موقعك.")
    assert position(page) == pytest.approx((HERE["latitude"], HERE["longitude"]), abs=TOLERANCE)
    check_accessibility(page, "p03-picker-located-ar-phone", max_bytes=MAX_MAP_PAGE_BYTES)
    send(page)


def test_a_pin_outside_the_commune_is_confirmed_before_sending(
    browser: Browser, live_server: str, tmp_path: Path
) -> None:
    options = {"geolocation": {"latitude": 33.9, "longitude": -6.8}, "permissions": ["geolocation"]}
    with watched_page(browser, live_server, PHONE, "fr-FR", **options) as page:
        confirms_outside(page)
    assert stored(tmp_path).outside_area


def confirms_outside(page: Page) -> None:
    start_filing(page, "Dépôt sauvage juste après la limite de la commune.")
    wait_for_picker(page)
    page.get_by_role("button", name="Utiliser ma position").click()
    warning = page.locator("[data-picker-outside]")
    expect(warning).to_be_visible()
    expect(page.locator("[data-picker-status]")).to_contain_text("hors de la commune")
    check_accessibility(page, "p04-picker-outside-fr-phone", max_bytes=MAX_MAP_PAGE_BYTES)
    page.get_by_label("Oui, cette position est juste").check()
    send(page)


@pytest.mark.parametrize(
    ("locale", "place", "address"),
    [
        ("fr-FR", "Marché", "Devant l'entrée principale"),
        ("ar", "سوق", "أمام الباب الرئيسي"),
    ],
)
def test_without_javascript_a_place_from_the_list(
    browser: Browser, live_server: str, tmp_path: Path, locale: str, place: str, address: str
) -> None:
    with watched_page(browser, live_server, PHONE, locale, java_script_enabled=False) as page:
        chooses_from_the_list(page, locale, place, address)
    assert_stored_at(tmp_path, 34.0387, factories.GIS_WEST + 0.004)
    assert stored(tmp_path).address == address


def page_weight(page: Page) -> int:
    return sum(entry["bytes"] for entry in page.evaluate(PAGE_WEIGHT))


def chooses_from_the_list(page: Page, locale: str, place: str, address: str) -> None:
    start_filing(page, "Éclairage public en panne depuis une semaine.")
    expect(page.locator("[data-picker-map]")).to_be_hidden()
    places = page.locator("select[name=place]")
    label = places.locator("option", has_text=place).first.inner_text()
    places.select_option(label=label)
    page.locator("input[name=address]").fill(address)
    # axe is a script, and this page runs none: the same controls pass it in the tests
    # above, where the script only adds to them. Nothing leaves the machine (watched_page).
    screenshot(page, f"p05-picker-no-js-{locale[:2]}-phone")
    assert page_weight(page) < MAX_PAGE_BYTES  # no map library without scripts
    page.locator("#deform button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/sale/complaints/track/[A-Z0-9]+$"))
