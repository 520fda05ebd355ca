"""The statistics page refuses a period it would have to guess at, and shows each figure as
a chart with its table, right to left and in the commune's digits in Arabic."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from complaints.models import Category
from municipality.db import set_commune_scope, utcnow
from municipality.tenancy import commune_by_slug
from tests import factories


@pytest.mark.parametrize("months", ["1_2", "12.0", "0", "37", "9" * 40])
def test_a_period_that_is_not_1_to_36_months_is_refused_in_french(app, sale, months):
    factories.log_in(app, "agent@sale.test")
    page = app.get("/c/sale/complaints/statistics", {"months": months}, status=422)
    assert "Le nombre de mois doit être un nombre entier de 1 à 36." in page.text


def test_a_plain_period_is_shown(app, sale):
    factories.log_in(app, "agent@sale.test")
    app.get("/c/sale/complaints/statistics", {"months": "6"}, status=200)


def _filed(db, *ages_in_days, country=None):
    """Sale's complaints filed ``ages_in_days`` ago, each resolved five days later."""
    with db() as session:
        commune = commune_by_slug(session, "sale")
        if country:
            commune.country_profile = country
        set_commune_scope(session, commune.id)
        category = session.execute(select(Category)).scalar_one()
        for age in ages_in_days:
            complaint = factories.complaint(session, category_=category)
            complaint.created_at = utcnow() - timedelta(days=age)
            complaint.resolve_due_at = complaint.created_at + timedelta(days=30)
            complaint.state, complaint.resolved_at = (
                "resolved",
                complaint.created_at + timedelta(days=5),
            )
            session.flush()
        set_commune_scope(session, None)


def _charts(page):
    return {
        figure["aria-labelledby"].removesuffix("-caption"): figure
        for figure in page.html.select("figure.chart")
    }


def test_each_figure_is_a_chart_with_its_table(app, db, sale):
    _filed(db, 70, 70, 35)
    factories.log_in(app, "agent@sale.test")
    page = app.get("/c/sale/complaints/statistics")
    charts = _charts(page)
    assert set(charts) == {"received", "median", "on-time"}
    for key in ("received", "median"):
        svg = charts[key].find("svg", role="img")
        assert svg is not None, key
        assert svg.title.get_text() == charts[key].figcaption.strong.get_text()
        assert charts[key].find("table").select("tbody tr"), key
    months = [tr.th.get_text() for tr in charts["received"].select("tbody tr")]
    assert len(months) >= 3
    assert months == sorted(months)
    counts = [
        [int(td.get_text()) for td in tr.select("td")]
        for tr in charts["received"].select("tbody tr")
    ]
    assert [sum(column) for column in zip(*counts, strict=True)] == [3, 3]
    assert "Plafond légal : 60 jours" in charts["median"].svg.get_text()
    # A single department has no other to be compared with: its figure, no lonely bar.
    assert charts["on-time"].find("svg") is None
    assert "deux services ou plus" in charts["on-time"].get_text()
    assert charts["on-time"].find("table").select("tbody tr")


def test_in_arabic_time_runs_right_to_left_and_mauritania_writes_arabic_indic_digits(app, db, sale):
    _filed(db, 70, 35, country="MR")
    with db() as session:
        factories.user(
            session,
            role="agent",
            commune_=commune_by_slug(session, "sale"),
            email="ar@sale.test",
            locale="ar",
        )
    factories.log_in(app, "ar@sale.test")
    page = app.get("/c/sale/complaints/statistics")
    received = _charts(page)["received"]
    assert received.svg["direction"] == "rtl"
    assert "الشكايات المتوصل بها والمعالجة حسب الشهر" in received.get_text()
    cells = "".join(td.get_text() for td in received.select("tbody td"))
    assert "\u0661" in cells
    assert not any(c in "0123456789" for c in cells)
    row = page.html.select_one("table.statistics tbody tr")
    assert not any(c in "0123456789" for c in row.get_text())


def test_a_single_month_shows_an_empty_state_instead_of_a_chart(app, db, sale):
    _filed(db, 0)
    factories.log_in(app, "agent@sale.test")
    page = app.get("/c/sale/complaints/statistics")
    charts = _charts(page)
    assert page.html.select("figure.chart svg") == []
    assert "deux mois ou plus" in charts["received"].get_text()
