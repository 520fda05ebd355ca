"""Paying from a phone, in Chromium, through the providers' simulator; the staff pages.

A resident pays a fee by card and by mobile money at 390 px, in French and in Arabic:
the simulator's pages play the provider, and the return page waits until the server-side
confirmation has arrived. The treasurer's and the cashier's pages are axe-checked too.
SQLite only, like every browser test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
import transaction
from playwright.sync_api import Browser, Page, expect

from municipality.app import make_config
from municipality.db import make_engine, make_session_factory, session_in_transaction
from municipality.jobs import deliver_outbox
from municipality.migrate import upgrade
from payments.gateway import gateway
from payments.payables import fee_reference
from payments.simulator import Simulator
from tests import factories
from tests.conftest import app_settings
from tests.e2e.checks import check_accessibility, watched_page
from tests.payments.conftest import LateApp
from tests.servers import served

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
TREASURER, CASHIER = "treasurer@sale.test", "cashier@sale.test"
CARD_FEE = fee_reference("payments.stamp-duty", 1, "CARD01")
PHONE_FEE = fee_reference("payments.stamp-duty", 1, "GSMA01")


def _seed(engine) -> None:
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(make_session_factory(engine), tm)
        commune = factories.payments_commune(session, slug="sale")
        factories.user(session, role="treasurer", commune_=commune, email=TREASURER, locale="ar")
        factories.user(session, role="cashier", commune_=commune, email=CASHIER)
        for _ in range(3):
            factories.payment(session, commune_=commune, provider="card")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, object]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'e2e.sqlite'}")
    upgrade(engine)
    _seed(engine)
    simulator = Simulator()
    later = LateApp()
    with served(simulator) as sim_url, served(later) as url:
        settings = app_settings(
            engine,
            tmp_path,
            **{"baladiya.core.public_url": url, "baladiya.payments.provider_url": sim_url},
        )
        later.app = make_config(settings).make_wsgi_app()
        yield url, later.app.registry
        simulator.close()
        gateway(later.app.registry).close()
    engine.dispose()


def _phone(browser: Browser, url: str, locale: str) -> Iterator[Page]:
    with watched_page(browser, url, PHONE, locale) as opened:
        yield opened


@pytest.fixture
def french_phone(browser: Browser, site) -> Iterator[Page]:
    yield from _phone(browser, site[0], "fr-FR")


@pytest.fixture
def arabic_phone(browser: Browser, site) -> Iterator[Page]:
    yield from _phone(browser, site[0], "ar")


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def test_a_resident_pays_by_card_and_the_page_waits_for_the_confirmation(french_phone: Page):
    page = french_phone
    page.goto(f"/sale/pay/payments.fee/{CARD_FEE}")
    expect(page.locator("dl")).to_contain_text("20.50 MAD")
    _fits(page)
    check_accessibility(page, "payments-pay-fr")
    page.select_option("select[name=provider]", "card")
    page.click("#deform button[name=pay]")
    expect(page.locator("h1")).to_have_text("card")  # the gateway's own page
    page.click("button[value=success]")
    # Back home: the page says paid only once the gateway's signed callback has come.
    expect(page.locator(".flash.success")).to_be_visible(timeout=15_000)
    _fits(page)
    check_accessibility(page, "payments-status-paid-fr")


def test_a_resident_pays_by_mobile_money_in_arabic(arabic_phone: Page, site):
    page = arabic_phone
    _url, registry = site
    page.goto(f"/sale/pay/payments.fee/{PHONE_FEE}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    _fits(page)
    check_accessibility(page, "payments-pay-ar")
    page.select_option("select[name=provider]", "gsma")
    page.fill("input[name=phone]", "+212600000001")
    page.click("#deform button[name=pay]")
    expect(page.locator("#payment-waiting")).to_be_visible()
    _fits(page)
    check_accessibility(page, "payments-status-waiting-ar")
    waiting = page.url
    deliver_outbox(registry)  # the request to pay leaves through the outbox
    stats = page.request.get(f"{_sim_url(registry)}/_sim/stats").json()
    assert stats["stats"]["accepted"] == 1
    approve = page.request.post(
        f"{_sim_url(registry)}/_sim/settle",
        data={"our_ref": page.locator("dd bdi").last.inner_text(), "outcome": "success"},
    )
    assert approve.ok
    # The waiting page notices the confirmation by itself.
    expect(page.locator(".flash.success")).to_be_visible(timeout=15_000)
    assert page.url == waiting
    check_accessibility(page, "payments-status-paid-ar")


def _sim_url(registry) -> str:
    return gateway(registry).base_url


def _log_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.fill("#deform input[name=email]", email)
    page.fill("#deform input[name=password]", factories.PASSWORD)
    page.click("#deform button[name=login]")
    page.fill("#deform input[name=code]", pyotp.TOTP(factories.TOTP_SECRET).now())
    page.click("#deform button[name=verify]")


def test_the_treasurers_pages_on_a_phone_in_arabic(arabic_phone: Page):
    page = arabic_phone
    _log_in(page, TREASURER)
    page.goto("/c/sale/payments")
    expect(page.locator("ul.list > li")).to_have_count(3)
    _fits(page)
    check_accessibility(page, "payments-list-ar")
    page.click("ul.list > li a >> nth=0")
    _fits(page)
    check_accessibility(page, "payments-payment-ar")
    page.goto("/c/sale/reconciliation")
    page.fill("#deform input[name=date]", "2026-01-05")
    page.click("#deform button[name=reconcile]")
    expect(page.locator(".flash")).to_have_count(1)
    _fits(page)
    check_accessibility(page, "payments-reconciliation-ar")


def test_the_cashiers_counter_on_a_phone(french_phone: Page):
    page = french_phone
    _log_in(page, CASHIER)
    page.goto("/c/sale/counter")
    page.click("#open button")
    page.select_option("#charge select[name=fee]", "payments.stamp-duty")
    page.fill("#charge input[name=received]", "20.50")
    page.click("#charge button[name=charge]")
    expect(page.locator(".flash.success")).to_be_visible()
    _fits(page)
    check_accessibility(page, "payments-counter-fr")
    page.fill("#close input[name=counted]", "20.00")
    page.click("#close button[name=close]")
    expect(page.locator("table")).to_contain_text("-0.50 MAD")
    _fits(page)
    check_accessibility(page, "payments-counter-closed-fr")
