"""A resident's "who read my acts" page on a phone (390 px), in French and Arabic: the reads
of the act an agent handed over to them as its subject, by office and reason; another
resident sees the empty state saying how an act becomes theirs. Then a Malian bureau's
statistics with its marriages by the spouses' ages. Every page passes axe."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import transaction
from playwright.sync_api import Browser, expect

from civil_status.permissions import ENTRY
from civil_status.services import acts, requests
from municipality.app import make_config
from municipality.db import (
    make_engine,
    make_session_factory,
    session_in_transaction,
    set_commune_scope,
)
from municipality.migrate import upgrade
from municipality.tenancy import commune_by_slug
from tests import factories
from tests.civil_status.test_statistics import _marriages
from tests.conftest import app_settings
from tests.documents.support import enable_documents
from tests.e2e.checks import watched_page
from tests.e2e.conftest import AGENT_EMAIL, BROWSER_LOCALE, seed
from tests.e2e.test_civil_status import _fits
from tests.e2e.test_complaints import PHONE
from tests.e2e.test_consolidation import log_in, switch_language
from tests.servers import served

pytestmark = pytest.mark.e2e

RESIDENT = "yasmine.reads@example.org"
STRANGER = "nadia.reads@example.org"
KATI_AGENT = "agent@kati.test"


def seed_handed_over(engine, registry) -> None:
    """Yasmine asked online for her own birth act's extract and collected it at the
    counter; a clerk had opened the act for a court. Kati, in Mali, signed three marriages."""
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(make_session_factory(engine), tm)
        kati = _marriages(session)
        factories.user(session, role="agent", commune_=kati, email=KATI_AGENT)
        commune = commune_by_slug(session, "sale")
        factories.enable(session, commune, "civil_status")
        enable_documents(session, registry, commune)
        factories.user(session, email=RESIDENT)
        factories.user(session, email=STRANGER)
        act = factories.signed_act(session, register_=factories.register(session, commune_=commune))
        set_commune_scope(session, commune.id)
        made = requests.submit(
            session,
            registry,
            actor=RESIDENT,
            commune=commune,
            channel="online",
            data={
                **factories.COPY_REQUESTER,
                "act_number": act.number,
                "act_year": act.register.year,
            },
            account_email=RESIDENT,
        )
        system = {"actor": requests.SYSTEM_ACTOR, "permissions": requests.SYSTEM}
        requests.move(session, registry, made, "settle", **system, data={"receipt": "PAY-1"})
        requests.move(session, registry, made, "issue", **system)
        requests.move(
            session, registry, made, "hand_over", actor=AGENT_EMAIL, permissions=frozenset(ENTRY)
        )
        acts.read(session, actor=AGENT_EMAIL, act=act, reason="court_request")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    engine = make_engine(f"sqlite:///{tmp_path / 'e2e.sqlite'}")
    upgrade(engine)
    seed(engine)
    app = make_config(app_settings(engine, tmp_path)).make_wsgi_app()
    seed_handed_over(engine, app.registry)
    with served(app) as url:
        yield url
    engine.dispose()


def test_a_resident_reads_who_opened_their_act_in_french_and_arabic(browser: Browser, site):
    with watched_page(browser, site, PHONE, BROWSER_LOCALE) as page:
        log_in(page, RESIDENT)
        page.goto("/sale/civil-status/mine")
        with page.expect_navigation():
            page.locator("a[href$='/mine/reads']").click()
        rows = page.locator("#accesses-1 tbody tr")
        expect(rows).to_have_count(2)  # the court's reading, and this showing
        expect(rows.first).to_contain_text("Une demande d'un tribunal")
        _fits(page, "cs-reads-01-fr")
        switch_language(page, "ar")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("#accesses-1 tbody tr")).to_have_count(3)
        _fits(page, "cs-reads-02-ar")
    with watched_page(browser, site, PHONE, BROWSER_LOCALE) as page:
        log_in(page, STRANGER)
        switch_language(page, "ar")
        page.goto("/sale/civil-status/mine/reads")
        expect(page.locator(".empty")).to_be_visible()
        expect(page.locator("table")).to_have_count(0)
        _fits(page, "cs-reads-03-empty-ar")


def test_marriages_by_the_spouses_ages_on_a_phone_in_arabic_and_french(browser: Browser, site):
    with watched_page(browser, site, PHONE, BROWSER_LOCALE) as page:
        log_in(page, KATI_AGENT)
        page.goto("/c/kati/civil-status/statistics")
        expect(page.locator("#marriage-ages tbody tr")).to_have_count(9)
        page.locator("#marriage-ages").scroll_into_view_if_needed()
        _fits(page, "cs-marriage-ages-01-fr")
        switch_language(page, "ar")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("#marriage-ages tbody tr")).to_have_count(9)
        _fits(page, "cs-marriage-ages-02-ar")
