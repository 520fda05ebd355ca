"""The public verification page, read in French and Arabic, on a desktop and a phone.

A genuine seal pasted into the form reads valid, with its signed values labelled by the
document type; a seal with one symbol changed reads invalid and shows no value. Without a
camera (headless Chromium has none) the scanner stays hidden and the form is the page.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import segno
import transaction
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from documents import services
from documents.interfaces import DocumentType
from documents.seal import Claims
from municipality.app import make_config
from municipality.db import make_engine, make_session_factory, session_in_transaction, utcnow
from municipality.i18n import _
from municipality.migrate import upgrade
from municipality.providers import Kind, offer
from municipality.tenancy import commune_by_slug
from tests import factories
from tests.conftest import app_settings
from tests.e2e.checks import check_accessibility, watched_page
from tests.e2e.conftest import (
    ADMIN_EMAIL,
    BROWSER_LOCALE,
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWPORT,
    seed,
)
from tests.e2e.test_complaints import PHONE
from tests.e2e.test_consolidation import log_in, switch_language
from tests.servers import served

pytestmark = pytest.mark.e2e

RESIDENCE = DocumentType(
    code="CR",
    title=_("Certificate of residence"),
    seal_fields={"n": _("Name"), "ad": _("Address")},
    validity_days=90,
)


def seal_one(engine) -> str:
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(make_session_factory(engine), tm)
        commune = commune_by_slug(session, "sale")
        factories.enable(session, commune, "documents")
        factories.signer_key(session, commune_=commune)
        today = utcnow().date()
        claims = Claims(
            type_code="CR",
            number="2026-000042",
            commune="sale",
            issued=today,
            expires=today + timedelta(days=90),
            fields={"n": "Amina Tazi", "ad": "حي السلام، سلا"},
        )
        return services.seal_document(
            session, commune, claims, app_secret=factories.DOCUMENT_KEY_SECRET
        )


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, str]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'e2e.sqlite'}")
    upgrade(engine)
    seed(engine)
    text = seal_one(engine)
    config = make_config(app_settings(engine, tmp_path))
    offer(config.registry, Kind.DOCUMENT_TYPE, "tests.residence", RESIDENCE, module="documents")
    with served(config.make_wsgi_app()) as url:
        yield url, text
    engine.dispose()


@pytest.fixture
def page(browser: Browser, site: tuple[str, str]) -> Iterator[Page]:
    with watched_page(browser, site[0], VIEWPORT, BROWSER_LOCALE) as opened:
        yield opened


def _check(page: Page, text: str) -> None:
    page.goto("/verify")
    page.locator("textarea[name=text]").fill(text)
    page.locator("form#deform button[type=submit]").click()


def test_a_seal_pasted_reads_valid_and_a_forged_one_invalid(page: Page, site) -> None:
    _url, text = site
    forged = text[:-3] + ("A" if text[-3] != "A" else "B") + text[-2:]
    for locale in ("fr", "ar"):
        if locale == "ar":
            page.goto("/verify")
            switch_language(page, "ar")
        for size, viewport in (("desktop", VIEWPORT), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            _check(page, text)
            expect(page.locator("html")).to_have_attribute(
                "dir", "rtl" if locale == "ar" else "ltr"
            )
            expect(page.locator(".verdict-valid")).to_be_visible()
            expect(page.locator(".signed-fields")).to_contain_text("Amina Tazi")
            expect(page.locator(".signed-fields")).to_contain_text("حي السلام، سلا")
            expect(page.locator("[data-scanner]")).to_be_hidden()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{locale} {size}: the page is {width} px wide"
            check_accessibility(page, f"d01-verify-valid-{locale}-{size}")
            _check(page, forged)
            expect(page.locator(".verdict-invalid")).to_be_visible()
            expect(page.locator(".signed-fields")).to_have_count(0)
            check_accessibility(page, f"d02-verify-forged-{locale}-{size}")


def test_the_communes_seal_page_on_a_phone(page: Page, site) -> None:
    _url, text = site
    _check(page, text)
    log_in(page, ADMIN_EMAIL, totp=True)
    page.set_viewport_size(PHONE)
    for locale in ("fr", "ar"):
        if locale == "ar":
            switch_language(page, "ar")
        page.goto("/c/sale/documents/seal")
        expect(page.locator("table.grid")).to_have_count(2)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{locale}: the page is {width} px wide"
        check_accessibility(page, f"d03-seal-{locale}-phone")


def camera_film(text: str, path: Path) -> Path:
    """A Y4M film of the seal's QR code, for Chromium's fake camera to show."""
    qr = io.BytesIO()
    segno.make(text, error="m", mode="alphanumeric").save(qr, kind="png", scale=6, border=6)
    frame = Image.new("L", (640, 480), 255)
    code = Image.open(qr).convert("L")
    frame.paste(code, ((640 - code.width) // 2, (480 - code.height) // 2))
    luma = frame.tobytes()
    chroma = bytes([128]) * (320 * 240)
    with path.open("wb") as film:
        film.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(10):
            film.write(b"FRAME\n" + luma + chroma + chroma)
    return path


def test_the_camera_reads_the_seal_and_the_page_checks_it(
    browser: Browser, site, tmp_path: Path
) -> None:
    """Chromium's fake camera films the QR code: qr-scanner (its worker started from a
    blob: URL, which the page's policy allows) reads it and sends the form."""
    url, text = site
    film = camera_film(text, tmp_path / "seal.y4m")
    filming = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={film}",
        ],
    )
    try:
        context = filming.new_context(
            viewport=PHONE, base_url=url, locale=BROWSER_LOCALE, permissions=["camera"]
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto("/verify")
        page.locator("[data-scan-start]").click()
        expect(page.locator(".verdict-valid")).to_be_visible(timeout=60_000)
        expect(page.locator(".signed-fields")).to_contain_text("Amina Tazi")
        assert errors == []
    finally:
        filming.close()
