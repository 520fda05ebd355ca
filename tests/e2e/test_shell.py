"""The shell as a commune administrator meets it: log-in in two steps, the dashboard, the
language switcher (French, then Arabic right to left) and switching a module off and on.
"""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import Locator, Page, expect

from tests import factories
from tests.e2e.checks import check_accessibility
from tests.e2e.conftest import ADMIN_EMAIL

PHONE = {"width": 390, "height": 844}
NOTICES_LINK = "nav.menu a[href$='/c/sale/notices']"


def log_in(page: Page) -> None:
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    check_accessibility(page, "01-login-fr")
    page.fill("#deform input[name=email]", ADMIN_EMAIL)
    page.fill("#deform input[name=password]", factories.PASSWORD)
    page.click("#deform button[name=login]")
    expect(page).to_have_url(re.compile(r"/login/code$"))
    check_accessibility(page, "02-code-fr")
    page.fill("#deform input[name=code]", pyotp.TOTP(factories.TOTP_SECRET).now())
    page.click("#deform button[name=verify]")


def direction(locator: Locator) -> str:
    """The direction the text is laid out in, as the browser computed it."""
    return locator.evaluate("element => getComputedStyle(element).direction")


def switch_module(page: Page, name: str) -> None:
    page.locator(f"#module-{name} button[type=submit]").click()
    expect(page.locator(".flash.success")).to_be_visible()


@pytest.mark.e2e
def test_admin_logs_in_switches_to_arabic_and_toggles_a_module(page: Page) -> None:
    log_in(page)
    expect(page).to_have_url(re.compile(r"/c/sale/$"))
    expect(page.locator("h1")).to_have_text("Tableau de bord")
    expect(page.locator(".flash.success")).to_contain_text(ADMIN_EMAIL)
    expect(page.locator(NOTICES_LINK)).to_be_visible()
    check_accessibility(page, "03-dashboard-fr")

    page.select_option("#lang-select", "ar")
    page.locator("form.lang button[type=submit]").click()
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    expect(page).to_have_url(re.compile(r"/c/sale/$"))
    expect(page.locator("#lang-select")).to_have_value("ar")
    expect(page.locator("#lang-select option:checked")).to_have_text("العربية")
    expect(page.locator(".topbar .commune")).to_have_text("جماعة sale")
    expect(page.locator("h1")).to_have_text("لوحة القيادة")
    check_accessibility(page, "04-dashboard-ar")

    page.locator("nav.menu a[href$='/c/sale/modules']").click()
    expect(page.locator("#module-notices")).to_be_visible()
    expect(html).to_have_attribute("dir", "rtl")
    check_accessibility(page, "05-modules-ar")

    switch_module(page, "notices")
    expect(page.locator("#module-notices .badge.off")).to_be_visible()
    expect(page.locator(NOTICES_LINK)).to_have_count(0)
    check_accessibility(page, "06-modules-ar-notices-disabled")
    response = page.goto("/c/sale/notices")
    assert response is not None
    assert response.status == 404
    check_accessibility(page, "07-notices-ar-404")

    page.goto("/c/sale/modules")
    switch_module(page, "notices")
    expect(page.locator("#module-notices .badge.on")).to_be_visible()
    expect(page.locator(NOTICES_LINK)).to_be_visible()
    check_accessibility(page, "08-modules-ar-notices-enabled")
    page.locator(NOTICES_LINK).click()
    expect(page.locator("ul.list > li")).to_have_count(2)
    assert direction(page.locator("ul.list a[lang=ar]")) == "rtl"
    assert direction(page.locator("ul.list a[lang=fr]")) == "ltr"
    check_accessibility(page, "09-notices-ar")

    page.locator("ul.list a[lang=fr]").click()
    expect(page.locator("article h1")).to_have_text("Coupure d'eau programmée")
    assert direction(page.locator("article .body")) == "ltr"
    check_accessibility(page, "10-notice-fr-in-ar")

    page.set_viewport_size(PHONE)
    page.goto("/c/sale/")
    expect(html).to_have_attribute("dir", "rtl")
    check_accessibility(page, "11-dashboard-ar-phone")
    with page.expect_navigation():
        page.locator("nav.menu a[href$='/c/sale/modules']").click()
    check_accessibility(page, "12-modules-ar-phone")
