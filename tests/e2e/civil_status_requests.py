"""The resident's part of the civil-status story, on a phone (390 px): request an extract of
the birth act the officer just signed, pay it by mobile money in the providers' simulator
(over HTTP), get the sealed receipt and the extract, and check the extract's seal on
/verify. Pages in French and in Arabic pass axe; screenshots are kept for review."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Browser, Page, expect

from municipality.jobs import deliver_outbox
from payments.gateway import gateway
from tests.documents.support import qr_text
from tests.e2e.checks import check_accessibility, watched_page
from tests.e2e.test_complaints import PHONE
from tests.e2e.test_consolidation import log_in, switch_language

RESIDENT_EMAIL = "yasmine.parent@example.org"


def _fits(page: Page, name: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} ({page.url}) is {width} px wide"
    check_accessibility(page, name)


def _request_extract(page: Page, born: date) -> str:
    """Fill the online form naming the act by names and date of birth; the track page's URL."""
    page.goto("/sale/civil-status/request")
    _fits(page, "csr01-request-form-fr")
    form = page.locator("#deform")
    form.locator("select[name=copy_type]").select_option("extract")
    form.locator("input[name=requester_name]").fill("Karim El Amrani")
    form.locator("select[name=id_document_type]").select_option("national_id")
    form.locator("input[name=id_document_number]").fill("BK123456")
    form.locator("select[name=relation]").select_option("parent")
    form.locator("input[name=subject_name]").fill("ياسمين العمراني")
    form.locator("input[name=date]").fill(born.isoformat())
    form.locator("input[name=email]").fill(RESIDENT_EMAIL)
    form.locator("select[name=language]").select_option("ar")
    form.locator("button[name=send]").click()
    expect(page.locator(".flash.success")).to_be_visible()
    expect(page.locator("#pay")).to_be_visible()
    _fits(page, "csr02-track-awaiting-payment-fr")
    return page.url


def _pay_by_mobile_money(page: Page, registry) -> None:
    """The payments module's page, the provider's request to pay, the phone's approval."""
    with page.expect_navigation():
        page.locator("#pay").click()
    _fits(page, "csr03-pay-fr")
    page.select_option("select[name=provider]", "gsma")
    page.fill("input[name=phone]", "+212600000001")
    page.click("#deform button[name=pay]")
    expect(page.locator("#payment-waiting")).to_be_visible()
    deliver_outbox(registry)  # the request to pay leaves through the outbox
    sim = gateway(registry).base_url
    approved = page.request.post(
        f"{sim}/_sim/settle",
        data={"our_ref": page.locator("dd bdi").last.inner_text(), "outcome": "success"},
    )
    assert approved.ok
    expect(page.locator(".flash.success")).to_be_visible(timeout=15_000)
    _fits(page, "csr04-paid-fr")
    deliver_outbox(registry)  # the receipt is sealed by the outbox, just after the credit
    receipt = page.request.get(page.url.split("?")[0] + "/receipt")
    assert receipt.ok
    assert receipt.headers["content-type"] == "application/pdf"
    assert receipt.body().startswith(b"%PDF")


def _collect_and_verify(page: Page, track_url: str) -> None:
    """The extract downloaded from the track page; its QR pasted on /verify reads valid."""
    page.goto(track_url)
    expect(page.locator("#copy")).to_be_visible()
    _fits(page, "csr05-track-issued-fr")
    collect = page.locator("form:has(#copy)")
    extract = page.request.post(
        collect.get_attribute("action") or "",
        form={"csrf_token": collect.locator("input[name=csrf_token]").input_value()},
    )  # what the button sends: the request is delivered, then the copy is read
    assert extract.ok
    assert extract.headers["content-type"] == "application/pdf"
    seal = qr_text(extract.body())
    page.goto("/verify")
    page.locator("textarea[name=text]").fill(seal)
    page.locator("form#deform button[type=submit]").click()
    expect(page.locator(".verdict-valid")).to_be_visible()
    expect(page.locator(".signed-fields")).to_contain_text("ياسمين العمراني")
    _fits(page, "csr06-verify-extract-fr")
    switch_language(page, "ar")
    page.goto(track_url)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#request-state")).to_contain_text("مُسلَّمة")
    _fits(page, "csr07-track-delivered-ar")
    page.goto("/sale/civil-status/request/abroad")
    _fits(page, "csr08-abroad-form-ar")


def resident_requests_an_extract_and_pays(
    browser: Browser, base: str, registry, born: date, locale: str
) -> None:
    """The resident's steps, after the officer signed the act born on ``born``."""
    with watched_page(browser, base, PHONE, locale) as page:
        log_in(page, RESIDENT_EMAIL)
        track_url = _request_extract(page, born)
        _pay_by_mobile_money(page, registry)
        _collect_and_verify(page, track_url)


def agent_follows_the_request(browser: Browser, base: str, agent: str, locale: str) -> None:
    """The counter's queue and the request's page, in French then in Arabic."""
    with watched_page(browser, base, PHONE, locale) as page:
        log_in(page, agent)
        page.goto("/c/sale/civil-status/requests")
        expect(page.locator("tbody tr")).to_have_count(1)
        _fits(page, "csr09-queue-fr")
        page.locator("tbody a").first.click()
        expect(page.locator("h1")).to_contain_text("CS-")
        _fits(page, "csr10-request-fr")
        switch_language(page, "ar")
        _fits(page, "csr11-request-ar")
