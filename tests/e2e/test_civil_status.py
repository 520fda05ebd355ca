"""Civil status in a browser on a phone (390 px): an agent registers a birth in Arabic (the
Hijri date shown), the officer opens it with a reason and signs it with a second factor,
then a resident requests its extract online, pays by mobile money in the providers'
simulator and verifies the extract's seal; search and registers pages in Arabic and
French. Every page passes axe."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import transaction
from playwright.sync_api import Browser, Page, expect

from documents import demo as documents_demo
from municipality.app import make_config
from municipality.db import make_engine, make_session_factory, session_in_transaction, utcnow
from municipality.migrate import upgrade
from municipality.tenancy import commune_by_slug
from payments.gateway import gateway
from payments.simulator import Simulator
from tests import factories
from tests.conftest import app_settings
from tests.e2e.checks import check_accessibility, watched_page
from tests.e2e.civil_status_requests import (
    RESIDENT_EMAIL,
    agent_follows_the_request,
    resident_requests_an_extract_and_pays,
)
from tests.e2e.conftest import AGENT_EMAIL, BROWSER_LOCALE, seed
from tests.e2e.test_complaints import PHONE
from tests.e2e.test_consolidation import log_in, switch_language
from tests.payments.conftest import LateApp
from tests.servers import served

pytestmark = pytest.mark.e2e

OFFICER_EMAIL = "officer@sale.test"


def seed_bureau(engine) -> str:
    """Sale's birth register with a few signed acts, an officer; the register's public id."""
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(make_session_factory(engine), tm)
        commune = commune_by_slug(session, "sale")
        factories.enable(session, commune, "civil_status")
        factories.user(session, role="civil_status_officer", commune_=commune, email=OFFICER_EMAIL)
        register = factories.register(session, commune_=commune)
        for n, (ar, lat) in enumerate([("آدم", "Adam"), ("هبة", "Hiba"), ("عمر", "Omar")]):
            factories.signed_act(
                session,
                register_=register,
                given_name_ar=ar,
                given_name_lat=lat,
                event_date=utcnow().date() - timedelta(days=1 + 7 * n),
                judgment_reference=f"Jugement {n}/2026",
            )
        return str(register.public_id)


def seed_payments(engine) -> None:
    """Sale takes fees (a stamp duty priced) and has a resident with an account."""
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(make_session_factory(engine), tm)
        commune = commune_by_slug(session, "sale")
        factories.enable_payments(session, commune)
        factories.user(session, email=RESIDENT_EMAIL)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, str, Any]]:
    """The app and the payment providers' simulator, both over HTTP; a signer for its seals."""
    engine = make_engine(f"sqlite:///{tmp_path / 'e2e.sqlite'}")
    upgrade(engine)
    seed(engine)
    register = seed_bureau(engine)
    seed_payments(engine)
    simulator = Simulator()
    later = LateApp()
    with served(simulator) as sim_url, served(later) as url:
        settings = app_settings(
            engine,
            tmp_path,
            **{"baladiya.core.public_url": url, "baladiya.payments.provider_url": sim_url},
        )
        later.app = make_config(settings).make_wsgi_app()
        _signer(engine, later.app.registry)
        yield url, register, later.app.registry
        simulator.close()
        gateway(later.app.registry).close()
    engine.dispose()


def _fits(page: Page, name: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} ({page.url}) is {width} px wide"
    check_accessibility(page, name)


def test_agent_registers_a_birth_the_officer_signs_a_resident_gets_its_extract(
    browser: Browser, site
):
    base, register, registry = site
    born = utcnow().date() - timedelta(days=2)
    with watched_page(browser, base, PHONE, BROWSER_LOCALE) as page:
        log_in(page, AGENT_EMAIL)
        switch_language(page, "ar")
        page.goto("/c/sale/civil-status")
        _fits(page, "cs01-registers-ar")
        page.goto(f"/c/sale/civil-status/registers/{register}")
        _fits(page, "cs02-register-ar")
        page.goto(f"/c/sale/civil-status/registers/{register}/acts/new")
        _fits(page, "cs03-entry-ar")
        form = page.locator("#deform")
        form.locator("input[name=given_name_ar]").fill("ياسمين")
        form.locator("input[name=family_name_ar]").fill("العمراني")
        form.locator("input[name=given_name_lat]").fill("Yasmine")
        form.locator("input[name=family_name_lat]").fill("El Amrani")
        form.locator("select[name=sex]").select_option("F")
        form.locator("input[name=date]").fill(born.isoformat())
        form.locator("input[name=event_time]").fill("08:30")
        form.locator("input[name=place]").fill("المستشفى الإقليمي")
        form.locator("input[name=mother_name]").fill("سلمى بناني")
        form.locator("input[name=declarant_name]").fill("كريم العمراني")
        form.locator("button[name=enter]").click()
        expect(page.locator(".flash")).to_be_visible()
        expect(page.locator(".hijri")).to_contain_text("هجري")
        _fits(page, "cs04-act-draft-ar")
        act_path = page.url.split("?")[0].removeprefix(base)
    with watched_page(browser, base, PHONE, BROWSER_LOCALE) as page:
        log_in(page, OFFICER_EMAIL, totp=True)
        page.goto(act_path)
        _fits(page, "cs05-act-reason-fr")
        page.locator("#why").select_option("verification")
        page.locator("form.narrow button").click()
        page.get_by_role("button", name="Signer").click()
        expect(page.locator("h1")).to_contain_text("n°")
        _fits(page, "cs06-act-signed-fr")
        page.goto("/c/sale/civil-status/acts?name=ياسمين")
        _fits(page, "cs07-search-fr")
        expect(page.locator("tbody tr")).to_have_count(1)
        switch_language(page, "ar")
        page.goto("/c/sale/civil-status/acts?name=Hiba")
        _fits(page, "cs08-search-ar")
    resident_requests_an_extract_and_pays(browser, base, registry, born, BROWSER_LOCALE)
    agent_follows_the_request(browser, base, AGENT_EMAIL, BROWSER_LOCALE)


def _signer(engine, registry) -> None:
    """Sale's document-signer, so its extracts are sealed."""
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(make_session_factory(engine), tm)
        documents_demo.signer(session, registry, commune_by_slug(session, "sale"), "tests")


def test_agent_issues_an_extract_of_a_signed_act_in_arabic(browser: Browser, tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'e2e.sqlite'}")
    upgrade(engine)
    seed(engine)
    seed_bureau(engine)
    app = make_config(app_settings(engine, tmp_path)).make_wsgi_app()
    _signer(engine, app.registry)
    with served(app) as base, watched_page(browser, base, PHONE, BROWSER_LOCALE) as page:
        log_in(page, AGENT_EMAIL)
        switch_language(page, "ar")
        page.goto("/c/sale/civil-status/acts?name=Hiba")
        page.locator("tbody a").first.click()
        page.locator("#why").select_option("counter_request")
        page.locator("form.narrow button").click()
        page.locator("#extract-language").select_option("ar")
        page.get_by_role("button", name="إصدار مستخرج").click()
        expect(page.locator(".flash")).to_contain_text("BEX-")
        expect(page.locator("#extracts li")).to_have_count(1)
        _fits(page, "cs09-act-extract-ar")
        switch_language(page, "fr")
        _fits(page, "cs10-act-extract-fr")
    engine.dispose()
