"""A regional supervisor opens a campaign, sends a zip of returns, reads the report and
downloads the regional workbook; in French and Arabic."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pyotp
import pytest
import transaction
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from consolidation import services, template
from municipality.app import make_config
from municipality.db import make_engine, make_session_factory, session_in_transaction
from municipality.migrate import upgrade
from municipality.models import Region
from municipality.pagination import DEFAULT_PAGE_SIZE
from tests import factories
from tests.conftest import app_settings
from tests.consolidation.conftest import fill, good_values
from tests.e2e.checks import check_accessibility, watched_page
from tests.e2e.conftest import BROWSER_LOCALE, seed
from tests.e2e.test_complaints import PHONE
from tests.servers import served

SUPERVISOR = "supervisor@oasis.test"
COMMUNES = (("palmeraie", "ar fr"), ("dune", "fr"), ("ksar", "ar fr"), ("reg", "fr"))
KSAR_ADMIN = "admin@ksar.test"
# The board's lines, one a commune (the chart's table has its own).
ROWS = "table:not(.chart-table) tbody th[scope=row]"


def seed_region(database: Path) -> tuple[str, bytes]:
    """A region of four communes, its supervisor and a campaign; the zip its communes sent:
    two good workbooks, one with a word where a count belongs, and a file that is no
    workbook at all."""
    engine = make_engine(f"sqlite:///{database}")
    manager = transaction.TransactionManager(explicit=True)
    files: dict[str, bytes] = {}
    with manager:
        session = session_in_transaction(make_session_factory(engine), manager)
        region = factories.region(session, slug="oasis")
        communes = {
            slug: factories.commune(session, slug, region, languages=languages)
            for slug, languages in COMMUNES
        }
        factories.user(session, role="supervisor", region_=region, email=SUPERVISOR)
        factories.user(session, role="commune_admin", commune_=communes["ksar"], email=KSAR_ADMIN)
        campaign = services.create_campaign(
            session,
            actor="tests",
            region=region,
            set_code="activity-monthly",
            period="2026-10",
            deadline=date(2026, 11, 15),
        )
        for slug in ("palmeraie", "dune"):
            blank = template.workbook_bytes(campaign, communes[slug])
            files[f"{slug}.xlsx"] = fill(blank, good_values(slug))
        blank = template.workbook_bytes(campaign, communes["ksar"])
        files["ksar.xlsx"] = fill(blank, {**good_values("ksar"), "permits_filed": "beaucoup"})
        files["notes.xlsx"] = b"Ceci n'est pas un classeur."
        public_id = str(campaign.public_id)
    engine.dispose()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        for name, data in files.items():
            out.writestr(name, data)
    return public_id, archive.getvalue()


def log_in(page: Page, email: str = SUPERVISOR, *, totp: bool = False) -> None:
    page.goto("/login")
    page.fill("#deform input[name=email]", email)
    page.fill("#deform input[name=password]", factories.PASSWORD)
    page.click("#deform button[name=login]")
    if totp:
        page.fill("#deform input[name=code]", pyotp.TOTP(factories.TOTP_SECRET).now())
        page.click("#deform button[name=verify]")


def switch_language(page: Page, locale: str) -> None:
    page.locator("#lang-select").select_option(locale)
    page.locator("form.lang button").click()


def test_supervisor_consolidates_a_zip_of_returns(page: Page, tmp_path: Path):
    campaign, archive = seed_region(tmp_path / "e2e.sqlite")
    zip_path = tmp_path / "retours-octobre.zip"
    zip_path.write_bytes(archive)
    log_in(page)
    page.goto("/r/oasis/consolidation")
    check_accessibility(page, "r01-campaigns-fr")
    page.get_by_role("link", name="Activité mensuelle · 2026-10").click()
    expect(page.locator("h1")).to_have_text("Activité mensuelle · 2026-10")
    check_accessibility(page, "r02-board-fr")

    page.set_input_files("input[name=files]", str(zip_path))
    # With JavaScript the form goes up through XMLHttpRequest, behind a progress bar.
    with page.expect_request(lambda r: r.url.endswith("/returns") and r.resource_type == "xhr"):
        page.get_by_role("button", name="Envoyer", exact=True).click()
    expect(page.locator("h1")).to_have_text("Rapport d'import")
    expect(page.get_by_text("2 fichiers acceptés, 2 refusés.")).to_be_visible()
    ksar = page.locator("section", has_text="ksar.xlsx")
    expect(ksar.get_by_text("beaucoup")).to_be_visible()
    expect(ksar.get_by_role("link", name="Télécharger ce rapport (.xlsx)")).to_be_visible()
    expect(page.locator("section", has_text="notes.xlsx").locator(".badge")).to_have_text("Refusé")
    check_accessibility(page, "r03-report-fr")

    page.get_by_role("link", name="Retour à la campagne").click()
    expect(page.locator("tr", has_text="Commune ksar")).to_contain_text("Refusé")
    expect(page.locator("tr", has_text="Commune dune")).to_contain_text("Reçu")
    with page.expect_download() as download:
        page.get_by_role("link", name="Classeur régional (.xlsx)").click()
    assert download.value.suggested_filename == "activity-monthly_2026-10_oasis.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book.sheetnames[:4] == ["Synthèse", "Communes", "Région", "Comparaison"]
    assert {"palmeraie", "dune"} <= set(book.sheetnames)
    summary = list(book["Synthèse"].iter_rows(min_row=4, max_row=5, values_only=True))
    assert summary[-1][:4] == ("Total de la région", 4, 2, 0.5)

    switch_language(page, "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("النشاط الشهري · 2026-10")
    check_accessibility(page, "r04-board-ar")
    page.goto(f"/r/oasis/consolidation/campaigns/{campaign}/comparison")
    check_accessibility(page, "r05-comparison-ar")
    page.goto(f"/r/oasis/consolidation/campaigns/{campaign}/communes/dune/versions")
    expect(page.locator("main")).to_contain_text("dune.xlsx")
    check_accessibility(page, "r05b-versions-ar")

    # The commune whose file was refused reads why on its own page, in Arabic.
    page.context.clear_cookies()
    log_in(page, KSAR_ADMIN, totp=True)
    page.goto("/c/ksar/returns")
    switch_language(page, "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("tbody tr")).to_contain_text("مرفوض")
    check_accessibility(page, "r06-commune-returns-ar")
    with page.expect_download() as download:
        page.locator("a[href*='/refusals/']").click()
    report = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert any("beaucoup" in str(row) for row in report.active.iter_rows(values_only=True))


def add_communes(database: Path, count: int) -> None:
    """``count`` more communes in the region, in two provinces: more than a page."""
    engine = make_engine(f"sqlite:///{database}")
    manager = transaction.TransactionManager(explicit=True)
    with manager:
        session = session_in_transaction(make_session_factory(engine), manager)
        region = session.execute(select(Region).where(Region.slug == "oasis")).scalar_one()
        for number in range(count):
            commune = factories.commune(session, f"ksar-{number:02d}", region)
            commune.name_fr, commune.name_ar = f"Ksar {number:02d}", f"قصر {number:02d}"
            commune.province = "Province de Tinghir" if number % 2 else "Province d'Errachidia"
    engine.dispose()


@pytest.fixture
def large_region(tmp_path: Path) -> Iterator[tuple[str, str]]:
    database = tmp_path / "e2e.sqlite"
    engine = make_engine(f"sqlite:///{database}")
    upgrade(engine)
    seed(engine)
    campaign, _archive = seed_region(database)
    add_communes(database, DEFAULT_PAGE_SIZE + 6)
    app = make_config(app_settings(engine, tmp_path)).make_wsgi_app()
    with served(app) as url:
        yield url, campaign
    engine.dispose()


def test_a_large_region_is_found_by_name_by_province_a_page_at_a_time_on_a_phone(
    browser: Browser, large_region: tuple[str, str]
):
    url, campaign = large_region
    with watched_page(browser, url, PHONE, BROWSER_LOCALE) as page:
        log_in(page)
        for locale in ("fr", "ar"):
            if locale == "ar":
                switch_language(page, "ar")
                expect(page.locator("html")).to_have_attribute("dir", "rtl")
            page.goto(f"/r/oasis/consolidation/campaigns/{campaign}")
            expect(page.locator(ROWS)).to_have_count(DEFAULT_PAGE_SIZE)
            expect(page.locator("tr.group th").first).to_have_text("Province d'Errachidia")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"]
            check_accessibility(page, f"r06-large-board-{locale}")
            page.locator("a[rel=next]").click()
            expect(page.locator(ROWS)).to_have_count(10)
            page.fill("input[name=q]", "ksar 07" if locale == "fr" else "قصر 07")
            page.locator("form[role=search] button").click()
            expect(page.locator(ROWS)).to_have_count(1)
            check_accessibility(page, f"r07-board-search-{locale}")
