"""Each country's law read from its profile: kinds of act, mentions, deadlines, copies."""

from __future__ import annotations

from datetime import date

import pytest

from civil_status.profiles import countries, profile
from municipality.errors import NotFound


def test_three_countries_have_a_profile():
    assert countries() == ["MA", "ML", "MR"]


@pytest.mark.parametrize(
    ("country", "kinds"),
    [("MA", {"birth", "death"}), ("ML", {"birth", "death", "marriage"}), ("MR", set())],
)
def test_kinds_of_act_per_country(country, kinds):
    assert set(profile(country).act_kinds) == kinds


def test_morocco_marriage_is_a_mention_not_an_act():
    morocco = profile("MA")
    assert "marriage" in morocco.mention_kinds
    with pytest.raises(NotFound):
        morocco.act_kind("marriage")


@pytest.mark.parametrize("country", ["MA", "ML"])
def test_every_required_field_is_a_field_of_its_kind(country):
    for kind in profile(country).act_kinds.values():
        assert set(kind.required) <= set(kind.fields)
        assert "event_date" in kind.required


def test_morocco_asks_the_hour_of_birth_and_shows_hijri_dates_and_tifinagh():
    morocco = profile("MA")
    assert "event_time" in morocco.act_kind("birth").required
    assert morocco.calendars == ("gregorian", "hijri")
    assert "tfng" in morocco.scripts
    assert "hijri" not in profile("ML").calendars


@pytest.mark.parametrize("country", ["MA", "ML"])
def test_corrections_rest_on_a_prosecutor_decision_or_a_judgment(country):
    correction = profile(country).mention_kinds["correction"]
    assert correction.amendment == "correction"
    assert set(correction.basis) == {"prosecutor_decision", "judgment"}


def test_mauritania_is_a_front_office():
    assert profile("MR").front_office_only
    assert not profile("MA").front_office_only


@pytest.mark.parametrize(
    ("declared", "abroad", "judgment", "expected"),
    [
        (date(2026, 1, 31), False, None, "on_time"),
        (date(2026, 2, 1), False, None, None),
        (date(2026, 2, 1), False, "Jugement 12/2026", "by_judgment"),
        (date(2026, 12, 31), True, None, "on_time"),
        (date(2027, 1, 2), True, None, None),
    ],
)
def test_deadlines_thirty_days_one_year_abroad_later_by_judgment(
    declared, abroad, judgment, expected
):
    assert (
        profile("MA").timeliness(date(2026, 1, 1), declared, abroad=abroad, judgment=judgment)
        == expected
    )


@pytest.mark.parametrize(
    ("country", "copy_type", "relation", "allowed"),
    [
        ("MA", "full_copy", "self", True),
        ("MA", "full_copy", "close_family", True),
        ("MA", "full_copy", "neighbour", False),
        ("MA", "extract", "neighbour", True),
        ("MA", "individual_sheet", "close_family", False),
        ("ML", "individual_sheet", "self", False),
        ("ML", "full_copy", "guardian", True),
        ("MR", "full_copy", "authorised", True),
    ],
)
def test_copy_entitlements(country, copy_type, relation, allowed):
    assert profile(country).may_obtain(copy_type, relation) is allowed


def test_a_country_without_profile_is_refused():
    with pytest.raises(NotFound):
        profile("SN")
