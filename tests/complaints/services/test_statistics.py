"""Statistics on a known data set: the numbers, the page, the workbook, and tenancy.

Ratings count in the month they were given: two this month for street lighting (one
of a complaint resolved last month), one last month for water, one this month for
roads; a merged duplicate's rating and a rating older than the period do not count.
"""

from __future__ import annotations

import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from complaints.services import filing, statistics
from municipality.db import set_commune_scope, utcnow
from municipality.tenancy import commune_by_slug
from tests import factories

ZONE = ZoneInfo("Africa/Casablanca")
TECH, ROADS = "Service technique", "Service de la voirie"


def _category(session, commune, code, department, days):
    return factories.category(
        session,
        commune,
        code=code,
        name_fr=f"{code} (fr)",
        name_ar=f"{code} (ar)",
        department=department,
        hours_to_acknowledge=24,
        days_to_resolve=days,
    )


def _complaint(session, commune, category, created, resolved=None, due_days=None, **extra):
    complaint = filing.file_complaint(
        session,
        actor="public",
        commune=commune,
        data={"category": category, "description": "Problème", "address": "Centre"},
    )
    complaint.created_at = created
    complaint.resolve_due_at = created + timedelta(days=due_days or category.days_to_resolve)
    if resolved is not None:
        complaint.state = "resolved"
        complaint.resolved_at = resolved
    for name, value in extra.items():
        setattr(complaint, name, value)
    session.flush()
    return complaint


def _months(now):
    this = statistics.month_start(now, ZONE, 1)
    previous = statistics.month_start(now, ZONE, 2)
    return this, previous


def _label(moment):
    return moment.astimezone(ZONE).strftime("%Y-%m")


def _load(session, commune, now):
    """The known data set, relative to the month of ``now``."""
    this, prev = _months(now)
    light = _category(session, commune, "eclairage", TECH, 15)
    water = _category(session, commune, "eau", TECH, 15)
    road = _category(session, commune, "voirie", ROADS, 30)
    _complaint(
        session,
        commune,
        light,
        prev + timedelta(days=4),
        prev + timedelta(days=8),
        rating=1,
        rated_at=this + timedelta(days=3),
    )
    # received last month, resolved this month, 6 days after, late (target 3 days)
    _complaint(
        session,
        commune,
        light,
        this - timedelta(days=5),
        this + timedelta(days=1),
        3,
        rating=4,
        rated_at=this + timedelta(days=2),
    )
    _complaint(session, commune, light, this + timedelta(hours=1))
    _complaint(
        session,
        commune,
        water,
        prev + timedelta(days=10),
        prev + timedelta(days=20),
        rating=5,
        rated_at=prev + timedelta(days=21),
    )
    # 00:30 on the 1st in the commune is still the previous month in UTC
    first = _complaint(
        session,
        commune,
        road,
        this + timedelta(minutes=30),
        this + timedelta(days=2, minutes=30),
        rating=2,
        rated_at=this + timedelta(days=3),
    )
    _complaint(
        session,
        commune,
        road,
        this + timedelta(hours=1),
        state="closed",
        merged_into_id=first.id,
        rating=5,
        rated_at=this + timedelta(days=1),
    )
    old = statistics.month_start(now, ZONE, 13) + timedelta(days=1)
    _complaint(session, commune, road, old, old + timedelta(days=2), rating=3, rated_at=old)


def _expected(now):
    this, prev = (_label(m) for m in _months(now))
    return [
        (this, ROADS, None, 1, 1, 2.0, 1.0, 1, 2.0),
        (this, ROADS, "voirie", 1, 1, 2.0, 1.0, 1, 2.0),
        (this, TECH, None, 1, 1, 6.0, 0.0, 2, 2.5),
        (this, TECH, "eclairage", 1, 1, 6.0, 0.0, 2, 2.5),
        (prev, TECH, None, 3, 2, 7.0, 1.0, 1, 5.0),
        (prev, TECH, "eau", 1, 1, 10.0, 1.0, 1, 5.0),
        (prev, TECH, "eclairage", 2, 1, 4.0, 1.0, 0, None),
    ]


def _tuples(rows):
    return [
        (
            r.month,
            r.department,
            r.category.code if r.category else None,
            r.received,
            r.resolved,
            r.median_days,
            r.share_within_target,
            r.rating_count,
            r.average_rating,
        )
        for r in rows
    ]


@pytest.fixture
def sale(db):
    """Salé with the known data set, and Rabat with figures Salé must never see."""
    with db() as session:
        now = utcnow()
        for slug in ("sale", "rabat"):
            commune = factories.commune(session, slug=slug)
            factories.enable(session, commune, "complaints")
            set_commune_scope(session, commune.id)
            if slug == "sale":
                _load(session, commune, now)
                factories.user(session, role="agent", commune_=commune, email="agent@sale.test")
                factories.user(
                    session, role="agent", commune_=commune, email="ar@sale.test", locale="ar"
                )
            else:
                other = _category(session, commune, "rabat-only", "Rabat roads", 10)
                for _i in range(4):
                    _complaint(session, commune, other, now - timedelta(hours=2), now)
            set_commune_scope(session, None)
    return now


def test_numbers_on_a_known_data_set(db, sale):
    now = sale
    with db() as session:
        commune = commune_by_slug(session, "sale")
        set_commune_scope(session, commune.id)
        rows = statistics.compute(session, commune, now=now)
        assert _tuples(rows) == _expected(now)


def test_a_commune_never_sees_another_communes_numbers(db, sale):
    with db() as session:
        rabat = commune_by_slug(session, "rabat")
        set_commune_scope(session, rabat.id)
        rows = statistics.compute(session, rabat, now=sale)
        assert {r.department for r in rows} == {"Rabat roads"}
        assert rows[0].received == 4
        sale_commune = commune_by_slug(session, "sale")
        set_commune_scope(session, sale_commune.id)
        rows = statistics.compute(session, sale_commune, now=sale)
        assert "Rabat roads" not in {r.department for r in rows}


def test_the_page_shows_the_figures(app, sale):
    factories.log_in(app, "agent@sale.test")
    page = app.get("/c/sale/complaints").click(href="/c/sale/complaints/statistics$")
    cells = [
        [td.get_text(strip=True) for td in tr.select("td")] for tr in page.html.select("tbody tr")
    ]
    this, _prev = (_label(m) for m in _months(sale))
    assert [this, ROADS, "voirie (fr)", "1", "1", "2.0", "100 %", "1", "2.0"] in cells
    assert [this, TECH, "eclairage (fr)", "1", "1", "6.0", "0 %", "2", "2.5"] in cells
    assert [_prev, TECH, "eclairage (fr)", "2", "1", "4.0", "100 %", "0", "—"] in cells
    assert "Rabat roads" not in page.text
    assert page.html.find("a", href=lambda h: h and h.endswith("/statistics.xlsx"))


def _sheet(response):
    assert response.content_type == statistics.XLSX_TYPE
    assert "attachment" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.body))
    return book.active


def test_the_workbook_opens_with_formatted_values(app, sale):
    factories.log_in(app, "agent@sale.test")
    sheet = _sheet(app.get("/c/sale/complaints/statistics.xlsx"))
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Mois", "Service", "Catégorie"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert not sheet.sheet_view.rightToLeft
    assert sheet.column_dimensions["B"].width >= 30
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    this, _prev = (_label(m) for m in _months(sale))
    assert [this, ROADS, "voirie (fr)", 1, 1, 2.0, 1.0, 1, 2.0] in rows
    assert [this, TECH, "eclairage (fr)", 1, 1, 6.0, 0.0, 2, 2.5] in rows
    assert header[7:] == ["Évaluations", "Satisfaction moyenne (1 à 5)"]
    assert sheet["I2"].number_format == "0.0"
    assert sheet["G2"].number_format == "0%"
    assert sheet["F2"].number_format == "0.0"
    assert not [r for r in rows if r[1] == "Rabat roads"]


def test_the_workbook_is_right_to_left_in_arabic(app, sale):
    factories.log_in(app, "ar@sale.test")
    sheet = _sheet(app.get("/c/sale/complaints/statistics.xlsx"))
    assert sheet.sheet_view.rightToLeft
    assert sheet["A1"].value == "الشهر"
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert any(r[2] == "voirie (ar)" for r in rows)


def test_commune_totals_per_month_fill_the_months_without_complaints(db, sale):
    now = sale
    this, prev = (_label(m) for m in _months(now))
    with db() as session:
        commune = commune_by_slug(session, "sale")
        set_commune_scope(session, commune.id)
        rows = statistics.compute(session, commune, now=now, months=2)
        months = statistics.by_month(rows, this)
        assert [(m.month, m.received, m.resolved, m.median_days) for m in months] == [
            (prev, 3, 2, 7.0),
            (this, 2, 2, 4.0),
        ]
        departments = statistics.by_department(rows)
        assert [(d.department, d.resolved, d.share_within_target) for d in departments] == [
            (ROADS, 1, 1.0),
            (TECH, 3, pytest.approx(2 / 3)),
        ]
        assert statistics.time_limit(session, commune) == (60, True)


def test_months_between_crosses_the_new_year_and_a_gap_is_a_zero():
    assert statistics.months_between("2025-11", "2026-02") == [
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
    ]
    lone = statistics.Row("2025-12", TECH, None, received=2)
    assert [(m.month, m.received) for m in statistics.by_month([lone], "2026-02")] == [
        ("2025-12", 2),
        ("2026-01", 0),
        ("2026-02", 0),
    ]
    assert statistics.by_month([], "2026-02") == []


def test_without_a_legal_ceiling_the_longest_target_is_the_limit(db):
    with db() as session:
        commune = factories.commune(session, country="ML")
        factories.enable(session, commune, "complaints")
        set_commune_scope(session, commune.id)
        assert statistics.time_limit(session, commune) is None
        _category(session, commune, "eau", TECH, 15)
        _category(session, commune, "voirie", ROADS, 45)
        assert statistics.time_limit(session, commune) == (45, False)
