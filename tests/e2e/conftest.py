"""The real application served by waitress, and a headless Chromium to drive it.

Browser tests run on SQLite only: they check what a person sees, which does not depend on
the database, so they do not use the parametrized ``backend`` fixture. Each test gets a
fresh database, migrated and seeded here, and its own server on a free port.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import transaction
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy.engine import Engine

from municipality.app import make_config
from municipality.db import make_engine, make_session_factory, session_in_transaction
from municipality.migrate import upgrade
from notices import services as notices
from tests import factories
from tests.conftest import app_settings
from tests.e2e.checks import AXE_SOURCE, watched_page
from tests.servers import served

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
# Chromium asks for English by default; the pages follow the browser's language, and these
# tests read them in the platform's default, French.
BROWSER_LOCALE = "fr-FR"
AGENT_EMAIL = "agent@sale.test"
ADMIN_EMAIL = "admin@sale.test"
NOTICES = (
    (
        "Coupure d'eau programmée",
        "L'eau sera coupée mardi de 9 h à 13 h au quartier central.",
        "fr",
    ),
    (
        "الدورة العادية للمجلس",
        "يعقد المجلس الجماعي دورته العادية يوم الاثنين الأول من الشهر.",
        "ar",
    ),
)


def seed(engine: Engine) -> None:
    """Commune "sale" (French first, then Arabic), its notice board and an admin with TOTP."""
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        session = session_in_transaction(make_session_factory(engine), tm)
        commune = factories.commune(session, slug="sale", languages="fr ar")
        factories.enable(session, commune, "notices", "complaints")
        factories.user(session, role="commune_admin", commune_=commune, email=ADMIN_EMAIL)
        factories.user(session, role="agent", commune_=commune, email=AGENT_EMAIL)
        factories.category(session, commune, department="Services techniques", days_to_resolve=15)
        for title, body, language in NOTICES:
            notices.publish(
                session,
                actor=factories.ACTOR,
                commune=commune,
                data={"title": title, "body": body, "language": language},
            )


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[str]:
    """The application on 127.0.0.1, on a free port; yields its base URL."""
    engine = make_engine(f"sqlite:///{tmp_path / 'e2e.sqlite'}")
    upgrade(engine)
    seed(engine)
    app = make_config(app_settings(engine, tmp_path)).make_wsgi_app()
    with served(app) as url:
        yield url
    engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (make system-deps)")
    if not AXE_SOURCE.is_file():
        pytest.skip("browser tests need axe-core (npm ci)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    """A fresh page (own cookies) at desktop size; axe is injected despite the CSP."""
    with watched_page(browser, live_server, VIEWPORT, BROWSER_LOCALE) as opened:
        yield opened
