"""A commune's totals and the region's figures, each indicator combined by its rule."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

from consolidation.aggregate import Consolidation, Figures
from consolidation.definition import Breakdown, Indicator, Label, SetDefinition, problems_in
from consolidation.periods import parse_period
from consolidation.sets import ACTIVITY_MONTHLY
from municipality.indicators import Rule

QUARTER = parse_period("2026-Q3")
OCTOBER = parse_period("2026-10")
SECTION = Label("s", "Section", "قسم")


def monthly(code: str, type_: str, rule: Rule, base: str | None = None) -> Indicator:
    return Indicator(code, code, code, type_, "s", breakdown="month", aggregation=rule, base=base)


QUARTERLY = SetDefinition(
    sections=(SECTION,),
    breakdowns=(Breakdown("month", "Mois", "الشهر"),),
    indicators=(
        monthly("received", "integer", Rule.SUM),
        monthly("online", "percentage", Rule.SHARE, base="received"),
        monthly("delay", "decimal", Rule.MEAN),
        monthly("staff", "integer", Rule.LATEST),
    ),
)
PALMERAIE = {
    "received|2026_07": 10,
    "received|2026_08": 30,
    "received|2026_09": 0,
    "online|2026_07": "50",
    "online|2026_08": "10",
    "online|2026_09": "80",
    "delay|2026_07": "4",
    "delay|2026_09": "8",
    "staff|2026_07": 12,
    "staff|2026_08": 14,
}
DUNE = {"received|2026_07": 30, "online|2026_07": "10", "staff|2026_07": 5, "staff|2026_09": 6}


def test_a_communes_total_over_the_months_follows_each_rule():
    totals = Figures(QUARTERLY, QUARTER, PALMERAIE).totals()
    assert totals["received"] == 40
    # 5 of 10 in July and 3 of 30 in August; September had no complaint to weigh.
    assert totals["online"] == D(20)
    assert totals["delay"] == D(6)
    assert totals["staff"] == 14


def test_the_region_weighs_shares_by_the_communes_bases():
    region = Consolidation(QUARTERLY, QUARTER)
    region.add(PALMERAIE)
    region.add(DUNE)
    values = region.values()
    assert values["received|2026_07"] == 40
    # July: 5 online of Palmeraie's 10 and 3 of Dune's 30.
    assert values["online|2026_07"] == D(20)
    assert values["online|2026_09"] == D(80)
    assert values["delay|2026_07"] == D(4)
    assert values["staff|2026_07"] == 17
    totals = region.figures().totals()
    assert totals["received"] == 70
    assert totals["online"] == (D(5) + D(3) + D(3)) * 100 / 70
    assert totals["staff"] == 6


def test_a_region_without_answers_has_no_figures():
    region = Consolidation(QUARTERLY, QUARTER)
    region.add({})
    assert region.values() == {}
    assert region.figures().totals() == {}


def test_one_commune_is_its_own_region():
    region = Consolidation(QUARTERLY, QUARTER)
    region.add(PALMERAIE)
    assert region.figures().totals() == Figures(QUARTERLY, QUARTER, PALMERAIE).totals()


def test_the_ready_set_weighs_the_online_share_by_complaints_received():
    region = Consolidation(ACTIVITY_MONTHLY, OCTOBER)
    region.add({"complaints_received": 300, "complaints_online_share": "60"})
    region.add({"complaints_received": 100, "complaints_online_share": "20"})
    region.add({"complaints_received": 0, "complaints_online_share": "100"})
    assert region.values()["complaints_online_share"] == D(50)
    assert region.values()["complaints_received"] == 400


def test_a_share_without_breakdown_weighs_by_its_bases_total():
    definition = SetDefinition(
        sections=QUARTERLY.sections,
        breakdowns=QUARTERLY.breakdowns,
        indicators=(
            QUARTERLY.indicators[0],
            Indicator("rate", "r", "r", "percentage", "s", aggregation=Rule.SHARE, base="received"),
        ),
    )
    figures = Figures(definition, QUARTER, {**PALMERAIE, "rate": "25"})
    assert figures.weight(definition.indicator("rate"), None) == 40
    region = Consolidation(definition, QUARTER)
    region.add({**PALMERAIE, "rate": "25"})
    region.add({**DUNE, "rate": "75"})
    assert region.values()["rate"] == (25 * D(40) + 75 * D(30)) / 70


def rule_problems(indicator: Indicator) -> list[str]:
    definition = SetDefinition((SECTION,), (*QUARTERLY.indicators, indicator), QUARTERLY.breakdowns)
    return problems_in(definition)


def test_a_definition_declares_rules_that_fit_its_indicators():
    rate = Indicator("rate", "r", "r", "percentage", "s")
    assert rule_problems(replace(rate, aggregation=Rule.SHARE, base="received")) == []
    assert rule_problems(replace(rate, aggregation=Rule.SHARE)) == [
        "indicator rate: a share needs the indicator it is a share of"
    ]
    assert rule_problems(replace(rate, aggregation=Rule.SHARE, base="online")) == [
        "indicator rate: its base online does not add up"
    ]
    assert rule_problems(replace(rate, aggregation=Rule.SUM)) == [
        "indicator rate: percentages do not add up (sum)"
    ]
    assert rule_problems(replace(rate, aggregation="median")) == [
        "indicator rate: unknown aggregation median"
    ]
    assert rule_problems(replace(rate, aggregation=Rule.MEAN, base="received")) == [
        "indicator rate: only a share has a base"
    ]
    monthly_rate = replace(rate, breakdown="month", aggregation=Rule.SHARE, base="received")
    assert rule_problems(monthly_rate) == []
    note = Indicator("note", "n", "n", "text", "s", aggregation=Rule.MEAN)
    assert rule_problems(note) == ["indicator note: only numbers are aggregated"]


def test_an_indicator_without_a_declared_rule_combines_by_its_type():
    assert Indicator("n", "n", "n", "integer", "s").rule is Rule.SUM
    assert Indicator("a", "a", "a", "decimal", "s").rule is Rule.SUM
    assert Indicator("p", "p", "p", "percentage", "s").rule is Rule.MEAN
    assert Indicator("t", "t", "t", "text", "s").rule is None
    stored = monthly("online", "percentage", Rule.SHARE, base="received")
    assert Indicator.from_json(stored.to_json()) == stored
