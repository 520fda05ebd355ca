"""The vital statistics page on a phone (390 px), in Arabic and French: charts, the
monthly table and the officer's form to report a month; the scan of a digitised act
attached and the counter's print of who read it. Every page passes axe."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time, timedelta
from pathlib import Path

import pytest
import transaction
from PIL import Image
from playwright.sync_api import Browser, expect

from civil_status.permissions import Perm
from civil_status.services import acts
from municipality.app import make_config
from municipality.db import make_engine, make_session_factory, session_in_transaction, utcnow
from municipality.migrate import upgrade
from municipality.tenancy import commune_by_slug
from tests import factories
from tests.conftest import app_settings
from tests.e2e.checks import watched_page
from tests.e2e.conftest import AGENT_EMAIL, BROWSER_LOCALE, seed
from tests.e2e.test_civil_status import OFFICER_EMAIL, _fits
from tests.e2e.test_complaints import PHONE
from tests.e2e.test_consolidation import log_in, switch_language
from tests.servers import served

pytestmark = pytest.mark.e2e


def seed_months(engine) -> None:
    """Sale's bureau: a birth and a death signed in each month of this year so far."""
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(make_session_factory(engine), tm)
        commune = commune_by_slug(session, "sale")
        factories.enable(session, commune, "civil_status")
        factories.user(session, role="civil_status_officer", commune_=commune, email=OFFICER_EMAIL)
        births = factories.register(session, commune_=commune)
        births.paper_last_number = 310
        deaths = factories.register(session, commune_=commune, kind="death")
        today = utcnow().date()
        for month in range(1, today.month + 1):
            day = date(today.year, month, min(today.day, 5))
            factories.signed_act(
                session,
                register_=births,
                given_name_lat=f"Adam {month}",
                mother_name=f"Salma Bennani {month}",
                event_date=day,
                declared_on=day,
            )
            death = acts.enter(
                session,
                actor="agent",
                commune=commune,
                register=deaths,
                data={
                    "given_name_ar": "أحمد",
                    "family_name_ar": "التازي",
                    "given_name_lat": f"Ahmed {month}",
                    "family_name_lat": "Tazi",
                    "sex": "M",
                    "event_date": day,
                    "event_time": time(6, 0),
                    "declared_on": day,
                    "place": "Domicile" if month % 2 else "Hôpital provincial",
                    "birth_date": day - timedelta(days=365 * (20 + 6 * month)),
                    "declarant_name": "Karim Tazi",
                },
            )
            acts.act(session, actor="o", act=death, action="sign", permissions=frozenset(Perm))


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    engine = make_engine(f"sqlite:///{tmp_path / 'e2e.sqlite'}")
    upgrade(engine)
    seed(engine)
    seed_months(engine)
    app = make_config(app_settings(engine, tmp_path)).make_wsgi_app()
    with served(app) as url:
        yield url
    engine.dispose()


def test_vital_statistics_on_a_phone_in_arabic_and_french(browser: Browser, site):
    with watched_page(browser, site, PHONE, BROWSER_LOCALE) as page:
        log_in(page, AGENT_EMAIL)
        switch_language(page, "ar")
        page.goto("/c/sale/civil-status/statistics")
        expect(page.locator("table.statistics tbody tr")).to_have_count(12)
        _fits(page, "cs-stats-01-ar")
    with watched_page(browser, site, PHONE, BROWSER_LOCALE) as page:
        log_in(page, OFFICER_EMAIL, totp=True)
        page.goto("/c/sale/civil-status/statistics")
        expect(page.locator("#report-month")).to_be_visible()
        _fits(page, "cs-stats-02-fr-officer")
        page.get_by_role("button", name="Transmettre les chiffres").click()
        expect(page.locator(".flash")).to_be_visible()
        _fits(page, "cs-stats-03-fr-reported")


def test_a_scan_is_attached_and_the_readers_printed_in_arabic(browser: Browser, site, tmp_path):
    scan = tmp_path / "page.png"
    Image.new("RGB", (300, 420), (236, 232, 220)).save(scan)
    with watched_page(browser, site, PHONE, BROWSER_LOCALE) as page:
        log_in(page, AGENT_EMAIL)
        switch_language(page, "ar")
        page.goto("/c/sale/civil-status/acts?name=Adam")
        page.locator("tbody tr a").first.click()
        page.locator("#why").select_option("entry")
        with page.expect_navigation():
            page.locator("form.narrow button").click()
        _fits(page, "cs-scan-01-form-ar")
        page.locator("#paper_number").fill("307")
        page.locator("#scan-file").set_input_files(str(scan))
        page.locator("#scan-form button").click()
        expect(page.locator("#scan")).to_contain_text("307")
        _fits(page, "cs-scan-02-attached-ar")
        page.locator("a[href$='/readers']").click()
        expect(page.locator("#accesses tbody tr")).to_have_count(3)
        _fits(page, "cs-readers-01-ar")
