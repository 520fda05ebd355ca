"""The register of issued documents on a phone, in French and Arabic.

An administrator reads the register, opens a document, issues a certificate of residence
through the form and revokes another with a reason and the confirmation; every page fits
390 px and has no serious accessibility finding.
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
from tests.documents.support import enable_documents, issue
from tests.e2e.checks import check_accessibility, watched_page
from tests.e2e.conftest import ADMIN_EMAIL, BROWSER_LOCALE, VIEWPORT, seed
from tests.e2e.test_complaints import PHONE
from tests.e2e.test_consolidation import log_in, switch_language
from tests.servers import served

pytestmark = pytest.mark.e2e
HOLDERS = ("Youssef El Amrani", "Khadija Ouazzani", "Omar Berrada")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    engine = make_engine(f"sqlite:///{tmp_path / 'e2e.sqlite'}")
    upgrade(engine)
    seed(engine)
    config = make_config(app_settings(engine, tmp_path))
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(make_session_factory(engine), tm)
        commune = commune_by_slug(session, "sale")
        enable_documents(session, config.registry, commune)
        for holder in HOLDERS:
            issue(session, config.registry, commune, full_name=holder, full_name_ar="أمينة بنعلي")
    with served(config.make_wsgi_app()) as url:
        yield url
    engine.dispose()


@pytest.fixture
def page(browser: Browser, site: str) -> Iterator[Page]:
    with watched_page(browser, site, VIEWPORT, BROWSER_LOCALE) as opened:
        yield opened


def _fits(page: Page, label: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{label}: the page is {width} px wide"


def test_the_register_issuing_and_revoking_on_a_phone(page: Page) -> None:
    log_in(page, ADMIN_EMAIL, totp=True)
    page.set_viewport_size(PHONE)
    for locale in ("fr", "ar"):
        if locale == "ar":
            switch_language(page, "ar")
        page.goto("/c/sale/documents")
        expect(page.locator("tbody tr")).to_have_count(len(HOLDERS) + (locale == "ar"))
        _fits(page, f"register {locale}")
        check_accessibility(page, f"e01-register-{locale}-phone")
        page.locator("tbody a").first.click()
        expect(page.locator("dl.facts")).to_be_visible()
        _fits(page, f"document {locale}")
        check_accessibility(page, f"e02-document-{locale}-phone")
        page.goto("/c/sale/documents/new/res")
        _fits(page, f"issue form {locale}")
        check_accessibility(page, f"e03-issue-{locale}-phone")
        if locale == "fr":
            page.fill("input[name=full_name]", "Fatima Zahra Idrissi")
            page.locator("input[name=date]").nth(0).fill("1984-05-17")
            page.fill("input[name=place_of_birth]", "Fès")
            page.fill("input[name=national_id]", "AB482913")
            page.fill("input[name=address]", "27, Avenue Mohammed V, Bettana")
            page.locator("input[name=date]").nth(1).fill("2011-09-01")
            page.locator("#deform button[name=issue]").click()
            expect(page.locator(".flash.success")).to_be_visible()
            expect(page.locator("dl.facts")).to_contain_text("Fatima Zahra Idrissi")
            page.get_by_role("link", name="Révoquer").click()
            page.fill("textarea[name=reason]", "Délivré avec une mauvaise adresse")
            page.check("input[name=confirm]")
            _fits(page, "revoke")
            check_accessibility(page, "e04-revoke-fr-phone")
            page.locator("#deform button[name=revoke]").click()
            expect(page.locator(".flash.success")).to_be_visible()
            check_accessibility(page, "e05-revoked-fr-phone")
