"""The module's statistics on files with known dates: the median working days of each
step against the legal deadline, the share decided in time, tacit approvals and fees,
and the statistics page (charts, tables, an honest empty state) in French and Arabic."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from municipality.db import clock_at, set_commune_scope
from municipality.models import Commune
from permits.profiles import profile
from permits.services import register
from tests import factories

PLANNER = "planner@sale.test"
REVIEW = ("request_opinions", "give_opinions", "to_commission")


def _at(day: int) -> datetime:
    """A morning of October 2026: no public holiday in Morocco, weekends on Saturday and Sunday."""
    return datetime(2026, 10, day, 9, 0, tzinfo=UTC)


def _file(session, site, *, accepted: int, decided: int, action: str, issued: int | None):
    """A small building file filed on Monday 5 October, then moved on the days given."""
    set_commune_scope(session, site.commune_id)
    commune = session.get(Commune, site.commune_id)
    made = factories.permit_file(session, commune_=commune, parcels=[site.parcel])
    factories.complete_checklist(session, made)
    with clock_at(_at(5)):
        factories.advance_permit(session, made, "submit")
    with clock_at(_at(accepted)):
        factories.advance_permit(session, made, "accept", *REVIEW)
    with clock_at(_at(decided)):
        factories.advance_permit(session, made, action, reasons="Recul non respecté")
    if issued is not None:
        with clock_at(_at(issued)):
            factories.advance_permit(session, made, "pay_fee", "issue")
    return made


@pytest.fixture
def three_files(db, site):
    """Accepted after 2, 4 and 5 working days; decided 2, 9 and 12 working days after
    (deadline: 10 working days, so the last is late); the two approved issued 2 and 1
    working days after their decision."""
    with db() as session:
        _file(session, site, accepted=7, decided=9, action="approve", issued=13)
        _file(session, site, accepted=9, decided=22, action="approve", issued=23)
        _file(session, site, accepted=12, decided=28, action="refuse", issued=None)
        factories.permit_file(
            session, commune_=session.get(Commune, site.commune_id), parcels=[site.parcel]
        )
    return site


def test_each_step_has_its_median_against_the_legal_deadline(db, three_files):
    with db() as session:
        set_commune_scope(session, three_files.commune_id)
        stats = register.statistics(session, profile("MA"))
    filed, decided, issued = stats.steps
    assert (filed.name, filed.files, filed.median_days, filed.legal_days) == (
        "filed_accepted",
        3,
        4.0,
        None,
    )
    assert (decided.files, decided.median_days, decided.legal_days) == (3, 9.0, 10.0)
    assert (decided.in_time, decided.share_in_time) == (2, Decimal("66.7"))
    assert (issued.files, issued.median_days, issued.share_in_time) == (2, 1.5, None)
    assert (stats.decided, stats.decided_in_time, stats.share_in_time) == (3, 2, Decimal("66.7"))
    assert stats.tacit == 0
    assert stats.by_kind == {"building": 4}
    assert stats.by_kind_state == {
        ("building", "issued"): 2,
        ("building", "refused"): 1,
        ("building", "draft"): 1,
    }
    # 240 m² of housing at 20 MAD, paid twice.
    assert stats.fees_collected == Decimal("9600.00")


def test_a_tacit_approval_counts_as_late_and_tacit(db, site):
    with db() as session:
        set_commune_scope(session, site.commune_id)
        _file(session, site, accepted=7, decided=22, action="tacit_approve", issued=None)
        stats = register.statistics(session, profile("MA"))
    assert (stats.tacit, stats.decided, stats.decided_in_time) == (1, 1, 0)
    assert stats.steps[1].median_days == 11.0


def test_no_file_measures_nothing(db, site):
    with db() as session:
        set_commune_scope(session, site.commune_id)
        stats = register.statistics(session, profile("MA"))
    assert [(s.files, s.median_days, s.share_in_time) for s in stats.steps] == [(0, None, None)] * 3
    assert (stats.decided, stats.share_in_time, stats.fees_collected) == (0, None, Decimal(0))


@pytest.fixture
def planner(db, site):
    with db() as session:
        commune = factories.permits_commune_by_slug(session, "sale")
        factories.user(session, role="urban_planner", commune_=commune, email=PLANNER)
    return site


def test_the_page_draws_the_steps_with_their_deadline(app, db, three_files, planner):
    factories.log_in(app, PLANNER)
    page = app.get("/c/sale/permits/statistics", headers={"Accept-Language": "fr"})
    steps = page.html.select_one("table.steps")
    rows = [[c.get_text(strip=True) for c in r.select("th, td")] for r in steps.select("tbody tr")]
    assert rows == [
        ["De la demande à la recevabilité", "3", "4.0", "Aucun fixé par la loi", "—"],
        ["De la recevabilité à la décision", "3", "9.0", "10.0", "66.7\xa0%"],
        ["De la décision au permis", "2", "1.5", "Aucun fixé par la loi", "—"],
    ]
    steps_chart, kinds_chart = page.html.select("figure.chart")
    bars = [row.get_text("|", strip=True) for row in steps_chart.select("tbody tr")]
    assert bars == [
        "De la demande à la recevabilité|4.0",
        "De la recevabilité à la décision|9.0",
        "Délai légal de cette étape|10.0",
        "De la décision au permis|1.5",
    ]
    assert "Délai légal de cette étape" in steps_chart.select_one("svg").get_text()
    # One kind of file only: no lonely bar, the chart says when it will appear.
    assert kinds_chart.select_one("svg") is None
    assert "deux natures ou plus" in kinds_chart.select_one("p.empty").get_text()


def test_the_page_speaks_arabic(app, db, three_files, planner):
    factories.log_in(app, PLANNER)
    page = app.get("/c/sale/permits/statistics", headers={"Accept-Language": "ar"})
    assert "من قبول الملف إلى القرار" in page.text
    assert "الأجل القانوني لهذه المرحلة" in page.html.select("figure.chart svg")[0].get_text()


def test_the_page_without_files_says_so(app, db, planner):
    factories.log_in(app, PLANNER)
    page = app.get("/c/sale/permits/statistics", headers={"Accept-Language": "fr"})
    assert page.html.select_one("p.empty").get_text(strip=True).startswith("Aucun dossier")
    assert not page.html.select("figure.chart")
