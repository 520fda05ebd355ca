"""The budget's figures for regional returns: revenue by category in the monthly activity
set, credits, commitments and payments by chapter in the budget-execution set, pulled by
consolidation into breakdown cells without a workbook."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from pyramid.registry import Registry

from budget import indicators
from budget.revenues import services as revenues
from consolidation import pull, services
from municipality import providers
from municipality.db import clock_at, set_commune_scope
from municipality.providers import Kind
from tests import factories


def _registry() -> Registry:
    registry = Registry()
    for name, source in (
        ("budget.activity-monthly", indicators.MONTHLY_REVENUE),
        ("budget.budget-execution", indicators.BUDGET_EXECUTION),
    ):
        providers.offer(registry, Kind.INDICATOR_SOURCE, name, source, module="budget")
    return registry


@pytest.mark.parametrize(
    ("country", "code", "section", "expected"),
    [
        ("MA", "10.10.11", "operating", "personnel"),
        ("MA", "30.20.41", "operating", "operations"),
        ("MA", "40.20.21", "investment", "equipment"),
        ("ML", "64.641.6411", "operating", "personnel"),
        ("ML", "21.215.2151", "investment", "equipment"),
        ("MR", "99.1.1", "investment", "equipment"),
    ],
)
def test_each_budget_code_falls_in_one_chapter(country, code, section, expected):
    assert indicators.chapter_category(country, code, section) == expected


def _campaign(session, region, set_code, period):
    return services.create_campaign(
        session,
        actor="tests",
        region=region,
        set_code=set_code,
        period=period,
        deadline=date(2027, 1, 31),
    )


def _collect(session, commune, line, amount, when):
    with clock_at(when):
        revenues.collect(
            session, actor="acc", commune=commune, line=line, amount=amount, payer="Payeur"
        )


def test_revenue_is_pulled_by_category_for_the_month(db):
    with db() as session:
        region = factories.region(session, slug="oasis")
        commune = factories.commune(session, "palmeraie", region)
        factories.enable(session, commune, "budget")
        campaign = _campaign(session, region, "activity-monthly", "2026-10")
        set_commune_scope(session, commune.id)
        revenues.open_lines(session, actor="t", commune=commune, year=2026)
        by_code = {line.code: line for line in revenues.lines(session, 2026)}
        _collect(
            session, commune, by_code["10.10.11"], "1000.00", datetime(2026, 10, 3, tzinfo=UTC)
        )
        _collect(session, commune, by_code["10.20.11"], 150, datetime(2026, 10, 9, tzinfo=UTC))
        _collect(session, commune, by_code["10.30.11"], 100, datetime(2026, 10, 30, tzinfo=UTC))
        # 23:30 UTC on 30 September is already October in Casablanca (UTC+1).
        _collect(
            session, commune, by_code["10.40.11"], 70, datetime(2026, 9, 30, 23, 30, tzinfo=UTC)
        )
        _collect(session, commune, by_code["10.10.11"], 999, datetime(2026, 9, 10, tzinfo=UTC))
        set_commune_scope(session, None)
        values = pull.pulled_values(session, _registry(), campaign, commune)
    revenue = values["revenue"]
    assert Decimal(revenue["local_taxes"]) == Decimal(1000)
    assert Decimal(revenue["fees"]) == Decimal(250)
    assert Decimal(revenue["property"]) == Decimal(70)
    assert revenue["other"] is None
    assert values["complaints_received"] is None


def test_budget_execution_is_pulled_by_chapter_for_the_year(db):
    with db() as session:
        region = factories.region(session, slug="oasis")
        commune = factories.commune(session, "palmeraie", region)
        factories.enable(session, commune, "budget")
        campaign = _campaign(session, region, "budget-execution", "2026")
        budget = factories.budget(
            session, commune_=commune, credits={"10.10.11": 100_000, "40.10.11": 50_000}
        )
        personnel, equipment = (a.line for a in budget.allocations)
        with clock_at(datetime(2026, 3, 2, tzinfo=UTC)):
            factories.commitment(session, line=personnel, amount=2_000)
        with clock_at(datetime(2026, 11, 5, tzinfo=UTC)):
            factories.commitment(session, line=equipment, amount=7_500)
        with clock_at(datetime(2027, 1, 5, tzinfo=UTC)):
            factories.commitment(session, line=equipment, amount=1_000)
        values = pull.pulled_values(session, _registry(), campaign, commune)
    assert Decimal(values["credits"]["personnel"]) == Decimal(100_000)
    assert Decimal(values["credits"]["equipment"]) == Decimal(50_000)
    assert values["credits"]["debt"] is None
    assert Decimal(values["committed"]["personnel"]) == Decimal(2_000)
    assert Decimal(values["committed"]["equipment"]) == Decimal(8_500)
    assert values["paid"]["personnel"] is None
    assert values["adopted_on"] is None
