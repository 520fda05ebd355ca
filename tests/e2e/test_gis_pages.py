"""The GIS staff pages in a browser: plans, rules, import with its report, the check form
with its findings and batch buildability; WCAG 2.2 AA, nothing fetched from another host,
page weight; screenshots in French and Arabic.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyotp
import pytest
import transaction
from playwright.sync_api import Page, expect
from sqlalchemy import select

from gis import demo
from municipality.db import (
    make_engine,
    make_session_factory,
    session_in_transaction,
    set_commune_scope,
)
from municipality.models import Commune
from tests import factories
from tests.e2e.checks import check_accessibility
from tests.e2e.conftest import ADMIN_EMAIL
from tests.gis.conftest import gpkg


@pytest.fixture
def live_server(live_server: str, tmp_path: Path) -> str:
    """The usual commune "sale" with the GIS module and its demo layers; its administrator
    imports layers and runs the checks."""
    engine = make_engine(f"sqlite:///{tmp_path / 'e2e.sqlite'}")
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(make_session_factory(engine), tm)
        sale = session.scalars(select(Commune).where(Commune.slug == "sale")).one()
        factories.enable_gis(session, sale)
        set_commune_scope(session, sale.id)
        demo.load_demo(session, sale, "tests", factories.demo_year())
    engine.dispose()
    return live_server


def log_in(page: Page) -> None:
    """A commune administrator signs, so proves a TOTP code after the password."""
    page.goto("/login")
    page.fill("#deform input[name=email]", ADMIN_EMAIL)
    page.fill("#deform input[name=password]", factories.PASSWORD)
    page.click("#deform button[name=login]")
    page.fill("#deform input[name=code]", pyotp.TOTP(factories.TOTP_SECRET).now())
    page.click("#deform button[name=verify]")
    expect(page).to_have_url(re.compile(r"/c/sale/$"))


def to_arabic(page: Page) -> None:
    page.select_option("#lang-select", "ar")
    page.locator("form.lang button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


@pytest.mark.e2e
def test_plans_rules_and_check_in_french_and_arabic(page: Page) -> None:
    log_in(page)
    page.goto("/c/sale/gis/plans")
    expect(page.locator("h1")).to_have_text("Plans d'aménagement")
    check_accessibility(page, "g01-plans")
    page.locator("table.grid a").first.click()
    expect(page.locator("table.grid")).to_contain_text("R+2")
    check_accessibility(page, "g02-plan-rules")
    page.goto("/c/sale/gis/check")
    page.fill("input[name=parcels]", "T100000")
    page.select_option("select[name=use]", "housing")
    page.fill("input[name=footprint_m2]", "310")
    page.fill("input[name=floor_area_m2]", "700")
    page.fill("input[name=height_m]", "9")
    page.fill("input[name=floors]", "3")
    page.click("#deform button[name=check]")
    expect(page.locator("#findings-title")).to_be_visible()
    expect(page.locator("section.card").first).to_contain_text("dépasse le maximum de 60 %")
    check_accessibility(page, "g03-check-findings")
    to_arabic(page)
    page.goto("/c/sale/gis/plans")
    check_accessibility(page, "g04-plans-ar")


@pytest.mark.e2e
def test_import_shows_progress_then_the_report(page: Page, tmp_path: Path) -> None:
    layers = demo.layers_for("EPSG:26191", demo.CENTRES["sale"], cols=4, rows=2)
    path = gpkg(tmp_path, layers.parcels, reference=[f"N{i}" for i in range(8)])
    log_in(page)
    page.goto("/c/sale/gis/imports")
    check_accessibility(page, "g05-import-form")
    page.select_option("select[name=kind]", "parcels")
    page.set_input_files("input[name=file]", str(path))
    page.click("#deform button[name=import]")
    expect(page.locator("h1")).to_have_text("Rapport d'import")
    expect(page.locator(".flash.success")).to_be_visible(timeout=20_000)
    check_accessibility(page, "g06-import-report")
    page.goto("/c/sale/gis/buildability")
    page.click("#deform button[name=run]")
    expect(page.locator("table.grid")).to_contain_text("CSV")
    check_accessibility(page, "g07-buildability")
