"""The permits statistics on a phone (390 px), in French and Arabic: first with no file
(the empty state), then with files of known dates, whose medians per step and legal
deadline the page draws and tabulates. Every page passes axe and fits the screen."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import transaction
from playwright.sync_api import Browser, expect

from municipality.db import (
    clock_at,
    make_session_factory,
    session_in_transaction,
    set_commune_scope,
)
from municipality.tenancy import commune_by_slug
from tests import factories
from tests.e2e.checks import watched_page
from tests.e2e.test_complaints import PHONE
from tests.e2e.test_consolidation import log_in, switch_language
from tests.e2e.test_permits import PLANNER, _fits, site  # noqa: F401 (the fixture)

pytestmark = pytest.mark.e2e

REVIEW = ("request_opinions", "give_opinions", "to_commission")


def _october(day: int) -> datetime:
    return datetime(2026, 10, day, 9, 0, tzinfo=UTC)


def seed_files(engine, reference: str) -> None:
    """Three building files filed on Monday 5 October 2026, accepted after 2, 4 and 5
    working days, decided 2, 9 and 12 working days later; and a repair still a draft."""
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(make_session_factory(engine), tm)
        commune = commune_by_slug(session, "sale")
        set_commune_scope(session, commune.id)
        for accepted, decided, action in (
            (7, 9, "approve"),
            (9, 22, "approve"),
            (12, 28, "refuse"),
        ):
            made = factories.permit_file(session, commune_=commune, parcels=[reference])
            factories.complete_checklist(session, made)
            with clock_at(_october(5)):
                factories.advance_permit(session, made, "submit")
            with clock_at(_october(accepted)):
                factories.advance_permit(session, made, "accept", *REVIEW)
            with clock_at(_october(decided)):
                factories.advance_permit(session, made, action, reasons="Recul non respecté")
        factories.permit_file(session, commune_=commune, parcels=[reference], kind="repair")


def test_the_statistics_read_on_a_phone_in_french_and_arabic(browser: Browser, site) -> None:  # noqa: F811
    url, reference, _area, engine, _registry = site
    with watched_page(browser, url, PHONE, "fr-FR") as page:
        log_in(page, PLANNER)
        page.goto("/c/sale/permits/statistics")
        expect(page.locator("p.empty")).to_contain_text("Aucun dossier")
        _fits(page, "ps01-empty-fr")
        seed_files(engine, reference)
        page.goto("/c/sale/permits/statistics")
        expect(page.locator("table.steps")).to_be_visible()
        expect(page.locator("figure.chart svg")).to_have_count(2)
        expect(page.locator("table.steps tbody tr").nth(1)).to_contain_text("66.7\xa0%")
        _fits(page, "ps02-statistics-fr")
        switch_language(page, "ar")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("figure.chart").first).to_contain_text("الأجل القانوني لهذه المرحلة")
        _fits(page, "ps03-statistics-ar")
