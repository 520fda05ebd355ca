"""A front office on a phone (390 px): the agent forwards a guardian's copy request to the
national registry once the papers are checked, and the requester follows a request the
registry made ready, in French and in Arabic. Every page passes axe and fits the screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import transaction
from playwright.sync_api import Browser, Page, expect

from civil_status.services import forwarding, requests
from municipality.app import make_config
from municipality.db import make_engine, make_session_factory, session_in_transaction
from municipality.migrate import upgrade
from tests import factories
from tests.conftest import app_settings
from tests.e2e.checks import check_accessibility, watched_page
from tests.e2e.conftest import BROWSER_LOCALE
from tests.e2e.test_complaints import PHONE
from tests.e2e.test_consolidation import log_in, switch_language
from tests.servers import served

pytestmark = pytest.mark.e2e

AGENT = "agent@nktt.test"


def seed_front_office(engine, registry) -> dict[str, str]:
    """Nouakchott's front office: a guardian's request waiting, one the registry made ready."""
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(make_session_factory(engine), tm)
        commune = factories.commune(session, slug="nktt", country="MR", languages="ar fr")
        factories.enable(session, commune, "civil_status")
        factories.user(session, role="agent", commune_=commune, email=AGENT)
        asked = {
            **factories.COPY_REQUESTER,
            "requester_name": "Mariem Mint Ahmed",
            "act_number": 412,
            "act_year": 2009,
        }
        waiting = requests.submit(
            session,
            registry,
            actor="tests",
            commune=commune,
            channel="counter",
            data={**asked, "relation": "guardian", "copy_type": "full_copy"},
        )
        ready = requests.submit(
            session, registry, actor="tests", commune=commune, channel="online", data=asked
        )
        forwarding.apply_answer(
            session,
            commune,
            actor=forwarding.REGISTRY_ACTOR,
            local_id=str(ready.public_id),
            status="ready",
            notes="",
        )
        return {"waiting": str(waiting.public_id), "ready": ready.code}


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'e2e.sqlite'}")
    upgrade(engine)
    app = make_config(app_settings(engine, tmp_path)).make_wsgi_app()
    seeded = seed_front_office(engine, app.registry)
    with served(app) as url:
        yield url, seeded
    engine.dispose()


def _fits(page: Page, name: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} ({page.url}) is {width} px wide"
    check_accessibility(page, name)


def test_the_agent_forwards_and_the_requester_follows_on_a_phone(
    browser: Browser, site: tuple[str, dict[str, str]]
) -> None:
    url, seeded = site
    with watched_page(browser, url, PHONE, BROWSER_LOCALE) as page:
        log_in(page, AGENT)
        page.goto(f"/c/nktt/civil-status/requests/{seeded['waiting']}")
        _fits(page, "cfo01-request-to-forward-fr")
        with page.expect_navigation():
            page.get_by_role("button", name="Transmettre au registre national").click()
        expect(page.locator(".badge").first).to_have_text("Transmise au registre national")
        _fits(page, "cfo02-request-forwarded-fr")
        switch_language(page, "ar")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator(".badge").first).to_have_text("محال إلى السجل الوطني")
        _fits(page, "cfo03-request-forwarded-ar")
    with watched_page(browser, url, PHONE, BROWSER_LOCALE) as page:
        page.goto(f"/nktt/civil-status/track/{seeded['ready']}")
        expect(page.locator("#request-state")).to_have_text("Prête au guichet")
        _fits(page, "cfo04-track-ready-fr")
        switch_language(page, "ar")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("#request-state")).to_have_text("جاهز في الشباك")
        _fits(page, "cfo05-track-ready-ar")
