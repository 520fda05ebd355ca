"""Each country's planning law read from its profile: kinds, circuits, checklists, fees."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gis.interfaces import USES
from municipality.errors import NotFound, ValidationFailed
from permits.profiles import countries, profile

MOROCCO_KINDS = {
    "building",
    "subdivision",
    "housing_group",
    "land_division",
    "repair",
    "regularisation",
    "demolition",
    "occupancy",
}


def test_morocco_and_mali_have_a_profile():
    assert countries() == ["MA", "ML"]
    with pytest.raises(NotFound):
        profile("MR")


def test_morocco_instructs_every_kind_of_the_general_construction_regulation():
    assert set(profile("MA").kinds) == MOROCCO_KINDS


def test_mali_instructs_the_building_permit_in_towns_over_5000_by_mayor_or_prefect():
    mali = profile("ML")
    assert set(mali.kinds) == {"building"}
    assert mali.applies_above_population == 5000
    assert mali.authorities == ("mayor", "prefect")
    assert mali.kinds["building"].bodies["large"] == ("planning_service",)


def test_morocco_small_and_large_circuits_deadlines():
    building = profile("MA").kinds["building"]
    assert building.circuits["small"].deadline.days == 10
    assert building.circuits["large"].deadline.days == 25
    assert profile("MA").kinds["repair"].circuits["small"].deadline.days == 10
    demolition = profile("MA").kinds["demolition"].circuits["small"].deadline
    assert (demolition.months, demolition.unit) == (1, "calendar")


def test_building_checklist_asks_what_the_law_lists():
    checklist = profile("MA").kinds["building"].checklist
    for item in (
        "property_title",
        "survey_plan",
        "situation_plan",
        "plans_1_100",
        "zoning_note",
        "architect_contract",
        "statistics_form",
        "commitment",
    ):
        assert item in checklist


@pytest.mark.parametrize("country", ["MA", "ML"])
def test_every_rate_is_for_a_use_the_gis_knows(country):
    for kind in profile(country).kinds.values():
        assert set(kind.fee.rates) <= set(USES)
        assert kind.fee.formula in ("per_m2_by_use", "per_m2_site", "flat")


def test_morocco_construction_tax_is_higher_for_business_than_housing():
    rates = profile("MA").kinds["building"].fee.rates
    assert rates["housing"] == Decimal(20)
    assert rates["retail"] == Decimal(40)


def test_an_unknown_kind_is_refused_with_its_name():
    with pytest.raises(ValidationFailed):
        profile("ML").kind("subdivision")


@pytest.mark.parametrize(
    ("figures", "circuit"),
    [
        ((1, 120.0, 1), "small"),
        ((2, 500.0, 2), "small"),
        ((3, 400.0, 1), "large"),
        ((2, 501.0, 1), "large"),
        ((2, 300.0, 3), "large"),
    ],
)
def test_small_projects_take_the_small_circuit(figures, circuit):
    floors, area, units = figures
    got = profile("MA").circuit_name("building", floors=floors, floor_area_m2=area, units=units)
    assert got == circuit


def test_a_kind_with_one_circuit_always_takes_it():
    morocco = profile("MA")
    assert morocco.circuit_name("subdivision", floors=0, floor_area_m2=0, units=0) == "large"
    assert morocco.circuit_name("repair", floors=9, floor_area_m2=9000, units=90) == "small"
    assert profile("ML").circuit_name("building", floors=1, floor_area_m2=50, units=1) == "large"
