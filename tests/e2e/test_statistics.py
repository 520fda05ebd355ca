"""The complaint statistics read as charts, each with its table, in French and Arabic, on a
desktop and on a phone: the page passes axe and stays under the weight budget.

SQLite only, like every browser test: what a person sees does not depend on the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import transaction
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from complaints.models import Category
from complaints.services import filing
from municipality.app import make_config
from municipality.db import make_engine, make_session_factory, session_in_transaction, utcnow
from municipality.migrate import upgrade
from municipality.tenancy import commune_by_slug
from tests import factories
from tests.conftest import app_settings
from tests.e2e.checks import check_accessibility, watched_page
from tests.e2e.conftest import AGENT_EMAIL, BROWSER_LOCALE, VIEWPORT, seed
from tests.e2e.test_complaints import PHONE
from tests.e2e.test_consolidation import log_in, switch_language
from tests.servers import served

pytestmark = pytest.mark.e2e

# Complaints filed each month, oldest first, over the last eight months; a third of them
# resolved, the later ones after their target.
FILED_PER_MONTH = (3, 5, 4, 7, 6, 9, 8, 5)


def seed_a_year(engine) -> None:
    """Sale's complaints of the last eight months, in two departments."""
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(make_session_factory(engine), tm)
        commune = commune_by_slug(session, "sale")
        lighting = factories.category(
            session, commune, code="eclairage", name_fr="Éclairage public",
            name_ar="الإنارة العمومية", department="Service technique", days_to_resolve=10,
        )  # fmt: skip
        roads = session.execute(
            select(Category).where(Category.commune_id == commune.id, Category.code == "voirie")
        ).scalar_one()
        now = utcnow()
        for age, filed in enumerate(reversed(FILED_PER_MONTH)):
            for number in range(filed):
                created = now - timedelta(days=30 * age + number + 1)
                category = lighting if number % 2 else roads
                complaint = filing.file_complaint(
                    session,
                    actor="public",
                    commune=commune,
                    data={"category": category, "description": "Problème", "address": "Centre"},
                )
                complaint.created_at = created
                complaint.resolve_due_at = created + timedelta(days=category.days_to_resolve)
                if number % 3 == 0 and created + timedelta(days=4 + 3 * number) < now:
                    complaint.state = "resolved"
                    complaint.resolved_at = created + timedelta(days=4 + 3 * number)
        session.flush()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    engine = make_engine(f"sqlite:///{tmp_path / 'e2e.sqlite'}")
    upgrade(engine)
    seed(engine)
    seed_a_year(engine)
    app = make_config(app_settings(engine, tmp_path)).make_wsgi_app()
    with served(app) as url:
        yield url
    engine.dispose()


@pytest.fixture
def page(browser: Browser, site: str) -> Iterator[Page]:
    with watched_page(browser, site, VIEWPORT, BROWSER_LOCALE) as opened:
        yield opened


def test_statistics_read_as_charts_with_their_tables(page: Page) -> None:
    log_in(page, AGENT_EMAIL)
    for locale in ("fr", "ar"):
        if locale == "ar":
            switch_language(page, "ar")
        for size, viewport in (("desktop", VIEWPORT), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            page.goto("/c/sale/complaints/statistics")
            expect(page.locator("html")).to_have_attribute(
                "dir", "rtl" if locale == "ar" else "ltr"
            )
            charts = page.locator("figure.chart")
            expect(charts).to_have_count(3)
            for index in range(3):
                expect(charts.nth(index).locator("svg[role=img]")).to_be_visible()
                expect(charts.nth(index).locator("table")).to_be_visible()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{locale} {size}: the page is {width} px wide"
            check_accessibility(page, f"s01-statistics-{locale}-{size}")
