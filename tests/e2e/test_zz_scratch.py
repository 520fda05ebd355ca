import pyotp
import pytest
from tests import factories
from tests.e2e.checks import screenshot, check_accessibility
from tests.e2e.conftest import ADMIN_EMAIL

@pytest.mark.e2e
def test_scratch(page):
    page.goto("/login")
    page.fill("input[name=email]", ADMIN_EMAIL)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[name=login]")
    page.fill("input[name=code]", pyotp.TOTP(factories.TOTP_SECRET).now())
    page.click("button[name=verify]")
    page.select_option("#lang-select", "ar")
    page.locator("form.lang button").click()
    page.goto("/c/sale/notices")
    page.locator("ul.list a", has_text="Coupure").click()
    check_accessibility(page, "zz-notice-fr-in-ar")
    page.goto("/c/sale/notices")
    page.locator("ul.list a", has_text="الدورة").click()
    check_accessibility(page, "zz-notice-ar-in-ar")
    page.goto("/sale/notices")
    check_accessibility(page, "zz-public-ar")
    page.goto("/c/sale/notices/new")
    check_accessibility(page, "zz-new-ar")
    page.locator("#deform button[type=submit]").first.click()
    check_accessibility(page, "zz-new-ar-errors")
    page.goto("/c/sale/apikeys")
    check_accessibility(page, "zz-apikeys-ar")
    page.goto("/c/sale/outbox")
    check_accessibility(page, "zz-outbox-ar")
    page.goto("/sale/")
    check_accessibility(page, "zz-commune-ar")
