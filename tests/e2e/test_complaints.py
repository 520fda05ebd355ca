"""A resident files a complaint from a phone; an agent resolves it; in French and Arabic."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from tests import factories
from tests.e2e.checks import MAX_MAP_PAGE_BYTES, check_accessibility
from tests.e2e.conftest import AGENT_EMAIL

PHONE = {"width": 390, "height": 844}


def pothole_photo() -> bytes:
    """A phone-sized JPEG of a grey road with a dark hole."""
    image = Image.new("RGB", (1200, 900), (120, 120, 120))
    ImageDraw.Draw(image).ellipse((450, 350, 750, 550), fill=(40, 35, 30))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def file_complaint(page: Page, description: str) -> str:
    """Fill the public form as a resident would on a phone; returns the tracking code."""
    page.set_viewport_size(PHONE)
    page.goto("/sale/complaints/new")
    check_accessibility(page, "c01-file-fr-phone", max_bytes=MAX_MAP_PAGE_BYTES)
    page.locator("select[name=category]").select_option(label="Voirie")
    page.fill("textarea[name=description]", description)
    page.fill("input[name=address]", "Avenue Hassan II, devant l'école")
    page.fill("input[name=reporter_email]", "resident@example.org")
    page.set_input_files(
        "input[name=photos]",
        files=[{"name": "nid-de-poule.jpg", "mimeType": "image/jpeg", "buffer": pothole_photo()}],
    )
    page.locator("#deform button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/sale/complaints/track/[A-Z0-9]+$"))
    thumbnail = page.locator("main img").first
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("img => img.naturalWidth") > 0
    check_accessibility(page, "c02-tracking-fr-phone")
    return page.url.rsplit("/", 1)[1]


def staff_resolves(page: Page, code: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/login")
    page.fill("#deform input[name=email]", AGENT_EMAIL)
    page.fill("#deform input[name=password]", factories.PASSWORD)
    page.click("#deform button[name=login]")
    page.goto("/c/sale/complaints")
    check_accessibility(page, "c03-inbox-fr")
    page.locator("ul.list li", has_text=code).locator("a").first.click()
    for action in ("acknowledge", "assign", "start"):
        page.locator(f"form[action$='/{action}'] button").click()
        expect(page.locator(".flash.success")).to_be_visible()
    page.fill("#reply textarea[name=body]", "L'équipe de voirie a rebouché le nid-de-poule.")
    page.locator("#reply button[type=submit]").click()
    page.locator("form[action$='/resolve'] button").click()
    expect(page.locator(".flash.success")).to_be_visible()
    check_accessibility(page, "c04-resolved-fr")


def resident_rates(page: Page) -> None:
    """The reporter rates the resolution once; the form then gives way to their rating."""
    page.locator("#rate input[type=radio][value='4']").check()
    page.fill("#rate textarea[name=comment]", "Réparé en deux jours, merci.")
    page.locator("#rate button[type=submit]").click()
    expect(page.locator(".flash.success")).to_be_visible()
    expect(page.locator("#rate")).to_have_count(0)
    expect(page.locator("section.feedback")).to_contain_text("4 sur 5")
    expect(page.locator("#contest")).to_be_visible()  # still 30 days to reopen
    check_accessibility(page, "c05b-tracking-rated-fr-phone")


@pytest.mark.e2e
def test_resident_files_and_follows_while_an_agent_resolves(page: Page) -> None:
    code = file_complaint(page, "Nid-de-poule profond au milieu de la chaussée.")
    staff_resolves(page, code)
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto(f"/sale/complaints/track/{code}")
    expect(page.locator("main")).to_contain_text("rebouché")
    check_accessibility(page, "c05-tracking-resolved-fr-phone")
    resident_rates(page)

    page.select_option("#lang-select", "ar")
    page.locator("form.lang button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_contain_text(code)
    expect(page.locator("section.feedback")).to_contain_text("4 من 5")
    check_accessibility(page, "c06-tracking-resolved-ar-phone")
    page.goto("/sale/complaints/new")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    check_accessibility(page, "c07-file-ar-phone", max_bytes=MAX_MAP_PAGE_BYTES)


@pytest.mark.e2e
def test_an_agent_files_at_the_counter_and_prints_the_code(page: Page) -> None:
    page.goto("/login")
    page.fill("#deform input[name=email]", AGENT_EMAIL)
    page.fill("#deform input[name=password]", factories.PASSWORD)
    page.click("#deform button[name=login]")
    page.goto("/c/sale/complaints")
    page.locator("a[href$='/complaints/counter']").click()
    page.locator("input[name=contact_mode][value=phone]").check()
    page.locator("select[name=category]").select_option(label="Voirie")
    page.fill(
        "textarea[name=description]", "Lampadaire tombé sur le trottoir, signalé par téléphone."
    )
    page.fill("input[name=address]", "Rue 12, quartier industriel")
    page.fill("input[name=reporter_name]", "Hassan")
    page.fill("input[name=reporter_phone]", "+212 600 000 000")
    check_accessibility(page, "c08-counter-fr", max_bytes=MAX_MAP_PAGE_BYTES)
    page.locator("#deform button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/c/sale/complaints/[0-9a-f-]{36}/receipt$"))
    code = page.locator(".tracking-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{12}", code)
    check_accessibility(page, "c09-receipt-fr")
    page.select_option("#lang-select", "ar")
    page.locator("form.lang button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".tracking-code")).to_have_text(code)
    check_accessibility(page, "c10-receipt-ar")
