"""The permits commission on a phone (390 px): a member opens their queue, reads a file's
summary, is told to give reasons for a refusal, votes, then changes the vote in Arabic;
the president sees the tally before deciding; an inspection's photos show as thumbnails.
Every page fits the screen and passes axe, in French and Arabic."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from threading import Lock

import pytest
import transaction
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from documents import demo as documents_demo
from documents import services
from municipality.app import make_config
from municipality.db import (
    make_engine,
    make_session_factory,
    session_in_transaction,
    set_commune_scope,
    utcnow,
)
from municipality.images import accept_image
from municipality.migrate import upgrade
from municipality.tenancy import commune_by_slug
from permits.services import handling
from tests import factories
from tests.conftest import app_settings
from tests.e2e.checks import check_accessibility, watched_page
from tests.e2e.conftest import ADMIN_EMAIL, BROWSER_LOCALE, seed
from tests.e2e.test_complaints import PHONE
from tests.e2e.test_consolidation import log_in, switch_language
from tests.e2e.test_permits import seed_permits
from tests.servers import served

pytestmark = pytest.mark.e2e

MEMBER = "commission@sale.test"
ON_AGENDA = ("accept", "request_opinions", "give_opinions", "to_commission")
WORKS = (*ON_AGENDA, "approve", "pay_fee", "issue", "open_works")


def _photo() -> bytes:
    image = Image.new("RGB", (640, 480), (150, 190, 230))
    image.paste((170, 140, 100), (0, 360, 640, 480))
    image.paste((225, 215, 195), (180, 150, 460, 360))
    buffer = BytesIO()
    image.save(buffer, "JPEG")
    return buffer.getvalue()


def _files(engine, registry, reference: str) -> tuple[str, str, str]:
    """A file on the next sitting's agenda and works inspected with a photo: their pages'
    paths and the first file's code."""
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(make_session_factory(engine), tm)
        commune = commune_by_slug(session, "sale")
        documents_demo.signer(session, registry, commune, "tests")
        voted = factories.submitted_permit(session, commune_=commune, parcels=[reference])
        factories.advance_permit(session, voted, *ON_AGENDA)
        works = factories.submitted_permit(session, commune_=commune)
        factories.advance_permit(session, works, *WORKS)
        set_commune_scope(session, commune.id)
        inspection = handling.schedule_inspection(
            session, works, actor="planner@sale.test", on=utcnow().date()
        )
        handling.record_inspection(
            session,
            inspection,
            actor="planner@sale.test",
            outcome="remarks",
            findings="Garde-corps manquant au premier étage",
            photos=[accept_image(_photo()), accept_image(_photo())],
            registry=registry,
        )
        return (
            f"/c/sale/permits/files/{voted.public_id}",
            f"/c/sale/permits/files/{works.public_id}",
            voted.code,
        )


@pytest.fixture
def site(tmp_path: Path, monkeypatch) -> Iterator[tuple[str, tuple[str, str, str]]]:
    monkeypatch.setattr(services, "_TRUST_CACHE", services._TrustCache(Lock()))
    engine = make_engine(f"sqlite:///{tmp_path / 'e2e.sqlite'}")
    upgrade(engine)
    seed(engine)
    reference, _area = seed_permits(engine)
    app = make_config(app_settings(engine, tmp_path)).make_wsgi_app()
    paths = _files(engine, app.registry, reference)
    with served(app) as url:
        yield url, paths
    engine.dispose()


def _fits(page: Page, name: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} ({page.url}) is {width} px wide"
    check_accessibility(page, name)


def test_a_member_votes_on_a_phone_and_the_president_sees_the_tally(browser: Browser, site) -> None:
    base, (file_path, works_path, code) = site
    with watched_page(browser, base, PHONE, BROWSER_LOCALE) as page:
        log_in(page, MEMBER)
        page.goto("/c/sale/permits/commission")
        expect(page.locator(".votes .badge.off")).to_have_count(1)
        _fits(page, "pc01-queue-fr")
        page.locator("a.vote-file").click()
        expect(page.locator("#vote-form")).to_be_visible()
        expect(page.locator("h1")).to_contain_text(code)
        _fits(page, "pc02-vote-fr")
        page.locator("label[for=choice-refuse]").click()
        page.locator("#vote-form button").click()
        expect(page.locator("#vote-problem")).to_be_visible()
        _fits(page, "pc03-vote-reasons-missing-fr")
        page.locator("#reasons").fill("Hauteur supérieure à celle du plan")
        page.locator("#vote-form button").click()
        expect(page.locator(".votes .badge.on")).to_have_count(1)
        expect(page.locator(".votes .badge.on")).to_contain_text("Refuser")
        switch_language(page, "ar")
        page.goto("/c/sale/permits/commission")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        _fits(page, "pc04-queue-ar")
        page.locator("a.vote-file").click()
        expect(page.locator("#vote-form")).to_be_visible()
        expect(page.locator("#choice-refuse")).to_be_checked()
        _fits(page, "pc05-vote-ar")
        page.locator("label[for=choice-approve_with_conditions]").click()
        page.locator("#reasons").fill("ممر للوقاية المدنية بعرض 4 أمتار")
        page.locator("#vote-form button").click()
        expect(page.locator(".flash")).to_be_visible()
        _fits(page, "pc06-voted-ar")
    with watched_page(browser, base, PHONE, BROWSER_LOCALE) as page:
        log_in(page, ADMIN_EMAIL, totp=True)
        page.goto(file_path)
        expect(page.locator("#tally")).to_contain_text("1")
        _fits(page, "pc07-tally-fr")
        page.goto(works_path)
        thumbnails = page.locator("#inspections ul.photos img")
        expect(thumbnails).to_have_count(2)
        thumbnails.first.scroll_into_view_if_needed()
        page.wait_for_function(
            "() => [...document.querySelectorAll('#inspections ul.photos img')]"
            ".every(img => img.complete && img.naturalWidth === 320)"
        )
        _fits(page, "pc08-inspection-photos-fr")
        switch_language(page, "ar")
        page.goto(works_path)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        _fits(page, "pc09-inspection-photos-ar")
