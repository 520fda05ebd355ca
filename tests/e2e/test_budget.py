"""The budget officer commits and orders an expense, the accountant pays it, and the
public page shows the execution; in French and Arabic, at desktop and phone widths."""

from __future__ import annotations

from pathlib import Path

import pyotp
import transaction
from playwright.sync_api import Page, expect

from municipality.db import make_engine, make_session_factory, session_in_transaction
from tests import factories
from tests.e2e.checks import check_accessibility

OFFICER = "officer@tiznit.test"
ACCOUNTANT = "accountant@tiznit.test"
PHONE = {"width": 390, "height": 844}
INVOICE = factories.MINIMAL_PDF


def seed_budget(database: Path) -> None:
    """Commune "tiznit" with an approved budget, a supplier, its officer and accountant."""
    engine = make_engine(f"sqlite:///{database}")
    manager = transaction.TransactionManager(explicit=True)
    with manager:
        session = session_in_transaction(make_session_factory(engine), manager)
        commune = factories.commune(session, slug="tiznit", languages="fr ar")
        factories.enable(session, commune, "budget")
        codes = ("10.20.11", "10.20.21", "40.10.11")
        factories.budget(
            session,
            commune_=commune,
            credits=dict(zip(codes, (80_000, 45_000, 900_000), strict=True)),
        )
        factories.supplier(session, commune_=commune, name="Papeterie du Centre")
        factories.user(session, role="budget_officer", commune_=commune, email=OFFICER)
        factories.user(session, role="accountant", commune_=commune, email=ACCOUNTANT)
    engine.dispose()


def log_in(page: Page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/login")
    page.fill("#deform input[name=email]", email)
    page.fill("#deform input[name=password]", factories.PASSWORD)
    page.click("#deform button[name=login]")
    page.fill("#deform input[name=code]", pyotp.TOTP(factories.TOTP_SECRET).now())
    page.click("#deform button[name=verify]")


def switch_language(page: Page, locale: str) -> None:
    page.locator("#lang-select").select_option(locale)
    page.locator("form.lang button").click()


def test_officer_commits_and_orders_accountant_pays_public_reads(page: Page, tmp_path: Path):
    seed_budget(tmp_path / "e2e.sqlite")
    log_in(page, OFFICER)
    page.goto("/c/tiznit/budget")
    expect(page.locator("h1")).to_contain_text("Exécution du budget")
    check_accessibility(page, "b01-execution-fr")

    page.goto("/c/tiznit/budget/commitments/new")
    page.select_option("select[name=line]", index=1)
    page.select_option("select[name=supplier]", index=1)
    page.fill("input[name=amount]", "12500.00")
    page.fill("input[name=purpose]", "Rames de papier pour l'état civil")
    check_accessibility(page, "b02-commitment-form-fr")
    page.get_by_role("button", name="Engager").click()
    expect(page.locator(".flash")).to_contain_text("Dépense engagée")

    liquidation = page.locator("form#action-liquidate")
    liquidation.locator("input[name=invoice_ref]").fill("F-2026-118")
    liquidation.locator("input[name=date]").fill("2026-03-02")
    liquidation.locator("input[name=liquidated_amount]").fill("12000.00")
    check_accessibility(page, "b03-commitment-fr")
    page.get_by_role("button", name="Enregistrer le service fait").click()
    page.select_option("#attachment-kind", "invoice")
    page.set_input_files(
        "#attachment-file",
        {"name": "facture-F-2026-118.pdf", "mimeType": "application/pdf", "buffer": INVOICE},
    )
    page.get_by_role("button", name="Joindre").click()
    expect(page.locator(".flash")).to_contain_text("Document joint")
    expect(page.locator("#attachments ~ ul")).to_contain_text("facture-F-2026-118.pdf")
    page.get_by_role("button", name="Ordonnancer le paiement").click()
    expect(page.locator(".badge")).to_have_text("ordonnancé")
    expect(page.get_by_role("button", name="Payer")).to_have_count(0)
    commitment = page.url

    log_in(page, ACCOUNTANT)
    page.set_viewport_size(PHONE)
    page.goto(commitment)
    switch_language(page, "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    check_accessibility(page, "b04-commitment-ar-390")
    expect(page.locator("#attachments ~ ul")).to_contain_text("facture-F-2026-118.pdf")
    page.get_by_role("button", name="أداء", exact=True).click()
    expect(page.locator(".badge")).to_have_text("مؤدى")
    page.goto("/c/tiznit/budget")
    check_accessibility(page, "b05-execution-ar-390")

    page.context.clear_cookies()
    page.goto("/tiznit/budget")
    expect(page.locator("main")).to_contain_text("12\u202f000.00")
    expect(page.locator("main")).not_to_contain_text("Papeterie")
    expect(page.locator("#open-data")).to_have_text("Données ouvertes")
    check_accessibility(page, "b06-public-fr-390")
    switch_language(page, "ar")
    check_accessibility(page, "b07-public-ar-390")
