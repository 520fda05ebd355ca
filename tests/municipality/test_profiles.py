"""Country profiles read from a module's package of JSON files."""

from __future__ import annotations

import pytest

from municipality import profiles
from municipality.errors import NotFound
from municipality.i18n import _

PACKAGE = "civil_status.profiles"


def test_a_country_s_document_is_read_whatever_the_case_it_is_named_in():
    assert profiles.read(PACKAGE, "mr", _("none"))["country"] == "MR"


def test_a_country_without_a_profile_is_not_found_with_the_module_s_words():
    with pytest.raises(NotFound) as refused:
        profiles.read(PACKAGE, "ZZ", _("No profile for ${country}.", mapping={"country": "ZZ"}))
    assert str(refused.value) == "No profile for ZZ."


def test_the_countries_are_those_with_a_file_in_order():
    assert profiles.countries(PACKAGE) == ["MA", "ML", "MR"]
