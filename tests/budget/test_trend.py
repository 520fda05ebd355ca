"""The year month by month: committed and paid per month, on the execution page and in
the workbook (with its formulas and chart)."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
from sqlalchemy import select

from budget import trend
from municipality.db import scoped_to
from municipality.models import Commune
from tests import factories


def test_months_add_up_to_the_execution_and_fall_where_they_happened(spent, db):
    with db() as session:
        commune = session.execute(select(Commune).where(Commune.slug == "tiznit")).scalar_one()
        with scoped_to(session, commune.id):
            months = trend.monthly(session, 2026, commune.timezone)
    assert [m.month for m in months] == list(range(1, 13))
    by_month = {m.month: (m.committed, m.paid) for m in months if m.committed or m.paid}
    assert by_month == {
        2: (Decimal(900), Decimal(0)),
        3: (Decimal(0), Decimal(900)),
        4: (Decimal(250), Decimal(0)),
    }


def test_a_commitment_late_on_the_last_day_counts_in_the_communes_month(db):
    from datetime import UTC, datetime

    from municipality.db import clock_at

    with db() as session:
        commune = factories.commune(session, slug="tata")
        factories.enable(session, commune, "budget")
        line = factories.budget_line(session, commune_=commune)
        # 23:30 UTC on 31 May is already 1 June in a commune one hour ahead.
        with clock_at(datetime(2026, 5, 31, 23, 30, tzinfo=UTC)):
            factories.commitment(session, line=line, amount=100)
        with scoped_to(session, commune.id):
            casablanca = trend.monthly(session, 2026, "Africa/Casablanca")
            utc = trend.monthly(session, 2026, "UTC")
    assert casablanca[5].committed == Decimal(100)
    assert utc[4].committed == Decimal(100)


def test_the_execution_page_draws_the_monthly_chart(spent):
    factories.log_in(spent, "officer@t.test", totp=True)
    page = spent.get("/c/tiznit/budget", {"year": "2026"})
    caption = page.html.find(id="monthly-trend-caption")
    assert "Engagé et payé par mois" in caption.text
    table = caption.find_parent("figure").find("table")
    cells = [td.get_text(strip=True) for td in table.find_all(["th", "td"])]
    assert page.html.find(id="monthly-trend-caption").find_parent("figure").find("svg")
    assert "900" in cells
    assert "250" in cells
    arabic = spent.get("/c/tiznit/budget", {"year": "2026"}, headers={"Accept-Language": "ar"})
    figure = arabic.html.find(id="monthly-trend-caption").find_parent("figure")
    assert figure.find("svg") is not None
    assert "مارس" in figure.get_text()
    assert arabic.html.find("html")["dir"] == "rtl"


def test_the_workbook_has_a_monthly_sheet_with_formulas_and_a_chart(spent):
    factories.log_in(spent, "officer@t.test", totp=True)
    body = spent.get("/c/tiznit/budget/execution.xlsx", {"year": "2026"}).body
    book = openpyxl.load_workbook(io.BytesIO(body))
    sheet = book.worksheets[1]
    assert sheet.max_row == 14
    assert [sheet.cell(row=r, column=2).value for r in (3, 4, 5)] == [900, 0, 250]
    assert sheet.cell(row=4, column=3).value == 900
    assert sheet["D5"].value == "=SUM(B$2:B5)"
    assert sheet["B14"].value == "=SUM(B2:B13)"
    assert len(sheet._charts) == 1
