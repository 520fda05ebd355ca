"""On a phone (390 px) a wide table scrolls inside its own box and the page keeps the
width of the screen, in French and in Arabic; the scrolling box passes axe.

SQLite only, like every browser test: what a person sees does not depend on the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import transaction
from playwright.sync_api import Browser, Page, expect

from municipality.app import make_config
from municipality.db import make_engine, make_session_factory, session_in_transaction
from municipality.migrate import upgrade
from municipality.tenancy import commune_by_slug
from tests.conftest import app_settings
from tests.e2e.checks import check_accessibility, watched_page
from tests.e2e.conftest import ADMIN_EMAIL, BROWSER_LOCALE, seed
from tests.e2e.test_complaints import PHONE, file_complaint
from tests.e2e.test_consolidation import SUPERVISOR, log_in, seed_region, switch_language
from tests.servers import served
from tests.sync.delivery_support import connect, enable_sync, queue

pytestmark = pytest.mark.e2e

LONG_ERROR = "HTTP 400: /payload/applicant/identity_document/number: 'AB-1234567890' is too long"


def seed_national_board(engine) -> None:
    """Commune "sale" delivers permits to a national platform; one message died on the way."""
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(make_session_factory(engine), tm)
        commune = commune_by_slug(session, "sale")
        enable_sync(session, commune)
        connect(session, commune, "permits", app_secret="")
        dead = queue(session, commune, "PC-2026-001")
        dead.state, dead.attempts, dead.last_error = "dead", 8, LONG_ERROR
        queue(session, commune, "PC-2026-002").state = "delivered"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The app with the national board of "sale" and a regional campaign; yields the base
    URL and the campaign's public id."""
    database = tmp_path / "e2e.sqlite"
    engine = make_engine(f"sqlite:///{database}")
    upgrade(engine)
    seed(engine)
    seed_national_board(engine)
    campaign, _archive = seed_region(database)
    app = make_config(app_settings(engine, tmp_path)).make_wsgi_app()
    with served(app) as url:
        yield url, campaign
    engine.dispose()


@pytest.fixture
def page(browser: Browser, site: tuple[str, str]) -> Iterator[Page]:
    with watched_page(browser, site[0], PHONE, BROWSER_LOCALE) as opened:
        yield opened


def fits_the_phone(page: Page, name: str) -> None:
    """The page is no wider than the phone, and passes axe (screenshot ``name``)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} ({page.url}) is {width} px wide"
    check_accessibility(page, name)


def scrolls_from_the_keyboard(page: Page, onwards: str) -> None:
    """The first wide table's box takes the focus and scrolls with the arrow key ``onwards``
    (towards the end of the line: right in French, left in Arabic)."""
    box = page.locator(".table-scroll").first
    assert box.evaluate("box => box.scrollWidth > box.clientWidth"), "the table fits: no test"
    box.focus()
    page.keyboard.press(onwards)
    # The browser may scroll smoothly: wait for the box to have moved.
    page.wait_for_function("box => box.scrollLeft !== 0", arg=box.element_handle(), timeout=2000)


def test_wide_tables_scroll_inside_their_box_on_a_phone(page: Page, site: tuple[str, str]):
    _url, campaign = site
    file_complaint(page, "Un nid-de-poule profond devant l'école, dangereux pour les vélos.")
    log_in(page, ADMIN_EMAIL, totp=True)
    for locale in ("fr", "ar"):
        if locale == "ar":
            switch_language(page, "ar")
            expect(page.locator("html")).to_have_attribute("dir", "rtl")
        page.goto("/c/sale/national")
        expect(page.locator("table").first).to_be_visible()
        fits_the_phone(page, f"phone-01-national-board-{locale}")
        scrolls_from_the_keyboard(page, "ArrowLeft" if locale == "ar" else "ArrowRight")
        page.goto("/c/sale/complaints")
        expect(page.locator("main ul.list > li")).to_have_count(1)
        fits_the_phone(page, f"phone-02-complaints-{locale}")

    page.context.clear_cookies()
    log_in(page, SUPERVISOR)
    for locale in ("fr", "ar"):
        if locale == "ar":
            switch_language(page, "ar")
        page.goto(f"/r/oasis/consolidation/campaigns/{campaign}")
        expect(page.locator("table:not(.chart-table) tbody tr")).to_have_count(4)
        fits_the_phone(page, f"phone-03-consolidation-board-{locale}")
