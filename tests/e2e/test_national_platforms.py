"""The national-platforms pages in Chromium: French and Arabic, axe-checked, screenshots.

SQLite only, like every browser test: what a person sees does not depend on the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
import transaction
from playwright.sync_api import Browser, Page, expect

from municipality.app import make_config
from municipality.db import make_engine, make_session_factory, session_in_transaction
from municipality.migrate import upgrade
from tests import factories
from tests.conftest import app_settings
from tests.e2e.checks import check_accessibility, watched_page
from tests.e2e.conftest import BROWSER_LOCALE, VIEWPORT
from tests.servers import served
from tests.sync.delivery_support import connect, enable_sync, queue

pytestmark = pytest.mark.e2e

ADMIN_FR, ADMIN_AR = "admin@sale.test", "admin-ar@sale.test"


def _seed(engine) -> str:
    """Commune "sale" with permits configured, a dead filing and the update it holds back."""
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(make_session_factory(engine), tm)
        commune = factories.commune(session, slug="sale", languages="fr ar")
        enable_sync(session, commune)
        connect(session, commune, "permits", app_secret="")
        factories.user(session, role="commune_admin", commune_=commune, email=ADMIN_FR)
        factories.user(session, role="commune_admin", commune_=commune, email=ADMIN_AR, locale="ar")
        dead = queue(session, commune, "PC-2026-001")
        dead.state, dead.attempts = "dead", 8
        dead.last_error = "HTTP 400: /payload/reference: '' is too short"
        queue(session, commune, "PC-2026-001", kind="decided")
        for number in range(3):
            queue(session, commune, f"PC-2026-01{number}").state = "delivered"
        session.flush()
        return str(dead.public_id)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, str]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'e2e.sqlite'}")
    upgrade(engine)
    dead = _seed(engine)
    app = make_config(app_settings(engine, tmp_path)).make_wsgi_app()
    with served(app) as url:
        yield url, dead
    engine.dispose()


@pytest.fixture
def page(browser: Browser, site: tuple[str, str]) -> Iterator[Page]:
    with watched_page(browser, site[0], VIEWPORT, BROWSER_LOCALE) as opened:
        yield opened


def _log_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.fill("#deform input[name=email]", email)
    page.fill("#deform input[name=password]", factories.PASSWORD)
    page.click("#deform button[name=login]")
    page.fill("#deform input[name=code]", pyotp.TOTP(factories.TOTP_SECRET).now())
    page.click("#deform button[name=verify]")


def test_an_administrator_finds_the_dead_message_and_sends_it_again(page: Page, site):
    _url, dead = site
    _log_in(page, ADMIN_FR)
    page.goto("/c/sale/national")
    expect(page.locator("h1")).to_have_text("Plateformes nationales")
    check_accessibility(page, "sync-01-board-fr")
    with page.expect_navigation():
        page.get_by_role("link", name="1", exact=True).first.click()
    check_accessibility(page, "sync-02-messages-fr")
    page.goto(f"/c/sale/national/messages/{dead}")
    expect(page.locator("pre")).to_contain_text("permit_application.filed")
    check_accessibility(page, "sync-03-message-fr")
    page.get_by_role("link", name="Annuler le message…").click()
    expect(page.get_by_role("button", name="Oui, annuler le message")).to_be_visible()
    check_accessibility(page, "sync-04-cancel-confirm-fr")
    page.get_by_role("link", name="Non, le garder").click()
    page.get_by_role("button", name="Renvoyer").click()
    expect(page.locator(".flash.success")).to_be_visible()
    page.goto("/c/sale/national/platforms/permits")
    expect(page.locator("input[name=secret]")).to_have_value("")
    check_accessibility(page, "sync-05-settings-fr")


def test_the_board_reads_right_to_left_in_arabic(page: Page):
    _log_in(page, ADMIN_AR)
    page.goto("/c/sale/national")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text(re.compile(r"\S"))
    check_accessibility(page, "sync-06-board-ar")
