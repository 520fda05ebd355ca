"""Permits in a browser on a phone (390 px): an architect files a building permit on a
parcel whose footprint breaks the plan's rule, sees the finding, fixes the figures,
attaches the checklist and submits; the planner accepts it and asks the urban agency,
which gives its opinion; the commission approves; once the fee is paid the president
issues the permit, whose PDF seal verifies. Pages in French and Arabic pass axe."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from threading import Lock

import pytest
import transaction
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from documents import demo as documents_demo
from documents import issuance, services
from documents.models import IssuedDocument
from documents.services import RevokedInDatabase, server_trust_list
from documents.verification import Status, verify
from gis import services as gis_services
from municipality.app import make_config
from municipality.db import (
    make_engine,
    make_session_factory,
    session_in_transaction,
    set_commune_scope,
    utcnow,
)
from municipality.migrate import upgrade
from municipality.tenancy import commune_by_slug
from permits.models import PermitFile
from permits.payables import PERMIT_FEE
from tests import factories
from tests.conftest import app_settings
from tests.documents.support import qr_text
from tests.e2e.checks import check_accessibility, watched_page
from tests.e2e.conftest import ADMIN_EMAIL, BROWSER_LOCALE, seed
from tests.e2e.test_complaints import PHONE
from tests.e2e.test_consolidation import log_in, switch_language
from tests.servers import served

pytestmark = pytest.mark.e2e

ARCHITECT = "architect@sale.test"
PLANNER = "planner@sale.test"
AGENCY = "agency@sale.test"
COMMISSION = "commission@sale.test"
CHECKLIST = (
    "property_title",
    "survey_plan",
    "situation_plan",
    "plans_1_100",
    "zoning_note",
    "architect_contract",
    "statistics_form",
    "commitment",
)


def _unit(engine):
    tm = transaction.TransactionManager(explicit=True)
    return tm, make_session_factory(engine)


def seed_permits(engine) -> tuple[str, float]:
    """Sale with permits, a plan whose zone limits the footprint to 60 %, one parcel, and
    the people of the file; the parcel's reference and area."""
    tm, factory = _unit(engine)
    with tm:
        session = session_in_transaction(factory, tm)
        commune = commune_by_slug(session, "sale")
        factories.enable(session, commune, "permits", "sync")
        set_commune_scope(session, commune.id)
        plan = factories.zoning_plan(session, commune_=commune)
        factories.zone(session, plan=plan, code="R1")
        gis_services.save_rule(
            session,
            actor=factories.ACTOR,
            plan=plan,
            zone_code="R1",
            data={
                "allowed_uses": ["housing"],
                "max_height_m": 12,
                "max_footprint_ratio": 0.6,
                "source_text": "Règlement d'aménagement, article 12",
            },
        )
        parcel = factories.parcel(session, commune_=commune)
        for email, role in (
            (ARCHITECT, "resident"),
            (PLANNER, "urban_planner"),
            (AGENCY, "consulted_body"),
            (COMMISSION, "commission_member"),
        ):
            factories.user(session, role=role, commune_=commune, email=email)
        return parcel.reference, parcel.area_m2


@pytest.fixture
def site(tmp_path: Path, monkeypatch) -> Iterator[tuple[str, str, float, object, object]]:
    monkeypatch.setattr(services, "_TRUST_CACHE", services._TrustCache(Lock()))
    engine = make_engine(f"sqlite:///{tmp_path / 'e2e.sqlite'}")
    upgrade(engine)
    seed(engine)
    reference, area = seed_permits(engine)
    app = make_config(app_settings(engine, tmp_path)).make_wsgi_app()
    tm, factory = _unit(engine)
    with tm:
        session = session_in_transaction(factory, tm)
        documents_demo.signer(session, app.registry, commune_by_slug(session, "sale"), "tests")
    with served(app) as url:
        yield url, reference, area, engine, app.registry
    engine.dispose()


def _fits(page: Page, name: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} ({page.url}) is {width} px wide"
    check_accessibility(page, name)


def _act(page: Page, action: str, text: str = "") -> None:
    form = page.locator(f"#action-{action}")
    if text:
        form.locator("textarea").fill(text)
    form.locator("button").click()
    expect(page.locator(".flash")).to_be_visible()


def test_an_architect_files_a_permit_that_is_approved_issued_and_verifies(
    browser: Browser, site
) -> None:
    base, reference, area, engine, registry = site
    with watched_page(browser, base, PHONE, BROWSER_LOCALE) as page:
        log_in(page, ARCHITECT)
        page.goto("/c/sale/permits/new")
        _fits(page, "pm01-new-fr")
        form = page.locator("#deform")
        form.locator("select[name=applicant_role]").select_option("architect")
        form.locator("input[name=applicant_name]").fill("Nadia Alaoui")
        form.locator("input[name=owner_name]").fill("Karim Bennani")
        form.locator("input[name=address]").fill("12 rue des Orangers")
        form.locator("input[name=parcels]").fill(reference)
        form.locator("input[name=footprint_m2]").fill(str(round(area * 0.8)))
        form.locator("input[name=floor_area_m2]").fill("280")
        form.locator("input[name=height_m]").fill("7")
        form.locator("input[name=floors]").fill("2")
        form.locator("input[name=units]").fill("1")
        form.locator("button[name=save]").click()
        expect(page.locator("#findings .warning")).to_be_visible()
        expect(page.locator("tr.finding-fail")).to_have_count(1)
        _fits(page, "pm02-draft-finding-fr")
        file_path = page.url.removeprefix(base)
        page.goto(file_path + "/edit")
        page.locator("#deform input[name=footprint_m2]").fill("150")
        page.locator("#deform button[name=save]").click()
        expect(page.locator("#findings .warning")).to_have_count(0)
        for item in CHECKLIST:
            page.locator("#upload select[name=item]").select_option(item)
            page.locator("#upload input[name=upload]").set_input_files(
                {
                    "name": f"{item}.pdf",
                    "mimeType": "application/pdf",
                    "buffer": factories.MINIMAL_PDF + item.encode(),
                }
            )
            page.locator("#upload button[name=attach]").click()
            expect(page.locator(".flash")).to_be_visible()
        _fits(page, "pm03-checklist-fr")
        _act(page, "submit")
        switch_language(page, "ar")
        page.goto(file_path)
        _fits(page, "pm04-submitted-ar")
    with watched_page(browser, base, PHONE, BROWSER_LOCALE) as page:
        log_in(page, PLANNER)
        switch_language(page, "ar")
        page.goto("/c/sale/permits")
        _fits(page, "pm05-list-ar")
        page.goto(file_path)
        _act(page, "accept")
        _act(page, "request_opinions")
        _fits(page, "pm06-review-ar")
    with watched_page(browser, base, PHONE, BROWSER_LOCALE) as page:
        log_in(page, AGENCY)
        page.goto(file_path)
        page.locator("#opinion-0 select[name=verdict]").select_option("conditions")
        page.locator("#opinion-0 textarea").fill("Accès pompiers de 4 m")
        page.locator("#opinion-0 button").click()
        expect(page.locator("#opinions .badge")).to_be_visible()
        _fits(page, "pm07-opinion-fr")
    with watched_page(browser, base, PHONE, BROWSER_LOCALE) as page:
        log_in(page, PLANNER)
        page.goto(file_path)
        _act(page, "to_commission")
    with watched_page(browser, base, PHONE, BROWSER_LOCALE) as page:
        log_in(page, COMMISSION)
        page.goto(file_path)
        _fits(page, "pm08-commission-fr")
        _act(page, "approve_with_conditions", "Accès pompiers de 4 m")
    tm, factory = _unit(engine)
    with tm:
        session = session_in_transaction(factory, tm)
        set_commune_scope(session, commune_by_slug(session, "sale").id)
        # The payments module's side: the money is in, the file hears it.
        file = session.execute(select(PermitFile)).scalar_one()
        PERMIT_FEE.settled(session, file.code, receipt="REC-E2E")
    with watched_page(browser, base, PHONE, BROWSER_LOCALE) as page:
        log_in(page, ADMIN_EMAIL, totp=True)
        switch_language(page, "ar")
        page.goto(file_path)
        _act(page, "issue")
        expect(page.locator(".flash")).to_contain_text("PRM-")
        _fits(page, "pm09-issued-ar")
        switch_language(page, "fr")
        page.goto("/sale/permits/register")
        _fits(page, "pm10-register-fr")
    with tm:
        session = session_in_transaction(factory, tm)
        set_commune_scope(session, commune_by_slug(session, "sale").id)
        document = session.execute(select(IssuedDocument)).scalar_one()
        text = qr_text(issuance.pdf_of(session, registry, document))
        verdict = verify(
            text, server_trust_list(session), RevokedInDatabase(session), utcnow().date()
        )
    assert verdict.status is Status.VALID
