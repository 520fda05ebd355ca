"""The budget officer opens the year's revenue lines, sets a forecast and issues an
assessment; the accountant collects part of it on a phone, in Arabic; arrears, the
collections and the execution report show it, and so does the public page."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.checks import check_accessibility
from tests.e2e.test_budget import ACCOUNTANT, OFFICER, PHONE, log_in, seed_budget, switch_language


def test_officer_assesses_accountant_collects_arrears_and_report_follow(page: Page, tmp_path: Path):
    seed_budget(tmp_path / "e2e.sqlite")
    log_in(page, OFFICER)
    page.goto("/c/tiznit/budget/revenues")
    expect(page.locator(".empty")).to_be_visible()
    page.get_by_role("button", name="Ouvrir les lignes de recette").click()
    expect(page.locator(".flash")).to_contain_text("Lignes de recette ouvertes")
    check_accessibility(page, "r01-revenues-fr")

    page.get_by_role("link", name="10.10.12").click()
    page.locator("form#action-forecast input[name=amount]").fill("250000.00")
    page.get_by_role("button", name="Fixer la prévision").click()
    expect(page.locator(".flash")).to_contain_text("Prévision enregistrée")
    check_accessibility(page, "r02-revenue-line-fr")

    page.goto("/c/tiznit/budget/assessments/new")
    page.select_option("select[name=line]", index=2)
    page.fill("input[name=debtor]", "Hôtel Les Palmiers")
    page.fill("input[name=debtor_id]", "ICE002233445")
    page.fill("input[name=purpose]", "Taxe de services communaux 2026")
    page.fill("input[name=amount]", "18400.00")
    page.fill("input[name=date]", "2026-01-31")
    check_accessibility(page, "r03-assessment-form-fr")
    page.get_by_role("button", name="Émettre le titre").click()
    expect(page.locator(".flash")).to_contain_text("Titre de recette émis")
    expect(page.get_by_role("button", name="Enregistrer l'encaissement")).to_have_count(0)
    assessment = page.url

    log_in(page, ACCOUNTANT)
    page.set_viewport_size(PHONE)
    page.goto(assessment)
    switch_language(page, "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("form#action-collect input[name=amount]").fill("8400.00")
    check_accessibility(page, "r04-assessment-ar-390")
    page.get_by_role("button", name="تسجيل الاستخلاص").click()
    expect(page.locator(".flash")).to_contain_text("سُجل الاستخلاص")
    expect(page.locator("main")).to_contain_text("10\u202f000.00")

    page.goto("/c/tiznit/budget/arrears")
    expect(page.locator("main")).to_contain_text("Hôtel Les Palmiers")
    check_accessibility(page, "r05-arrears-ar-390")
    page.goto("/c/tiznit/budget/collections")
    expect(page.locator("main")).to_contain_text("8\u202f400.00")
    check_accessibility(page, "r06-collections-ar-390")
    page.goto("/c/tiznit/budget")
    expect(page.locator("main")).to_contain_text("250\u202f000.00")
    check_accessibility(page, "r07-execution-ar-390")

    page.context.clear_cookies()
    page.goto("/tiznit/budget")
    expect(page.locator("main")).to_contain_text("8\u202f400.00")
    expect(page.locator("main")).not_to_contain_text("Palmiers")
    check_accessibility(page, "r08-public-fr-390")
