"""Providers: one module offers by name, another asks the core, neither imports the other."""

from __future__ import annotations

import pytest
from pyramid.config import Configurator
from pyramid.exceptions import ConfigurationError

from municipality.providers import Kind, Offered, enabled_providers, provider, providers

CARD = object()
OTHER = object()


def _configured() -> Configurator:
    config = Configurator()
    config.include("municipality.providers")
    return config


def test_an_offered_provider_is_found_by_kind_and_name() -> None:
    config = _configured()
    config.add_provider(Kind.DASHBOARD_CARD, "open", CARD, module="complaints")
    config.add_provider(Kind.DASHBOARD_CARD, "late", OTHER, module="permits")
    config.add_provider(Kind.FEE_ITEM, "stamp", OTHER, module="payments")
    assert providers(config.registry, Kind.DASHBOARD_CARD) == [
        Offered(Kind.DASHBOARD_CARD, "late", "permits", OTHER),
        Offered(Kind.DASHBOARD_CARD, "open", "complaints", CARD),
    ]
    assert provider(config.registry, Kind.DASHBOARD_CARD, "open") is CARD
    assert providers(config.registry, Kind.PAYABLE_OBJECT) == []


def test_a_commune_sees_only_what_its_enabled_modules_offer() -> None:
    config = _configured()
    config.add_provider(Kind.DASHBOARD_CARD, "open", CARD, module="complaints")
    config.add_provider(Kind.DASHBOARD_CARD, "late", OTHER, module="permits")
    found = enabled_providers(config.registry, Kind.DASHBOARD_CARD, frozenset({"complaints"}))
    assert [o.name for o in found] == ["open"]
    assert enabled_providers(config.registry, Kind.DASHBOARD_CARD, frozenset()) == []


def test_a_provider_may_be_named_by_its_dotted_path() -> None:
    config = _configured()
    config.add_provider(
        Kind.INDICATOR_SOURCE, "x", "tests.municipality.test_providers.CARD", module="m"
    )
    assert provider(config.registry, Kind.INDICATOR_SOURCE, "x") is CARD


def test_two_modules_offering_the_same_name_is_a_start_up_error_naming_both() -> None:
    config = _configured()
    config.add_provider(Kind.NATIONAL_FEED, "complaints", CARD, module="complaints")
    with pytest.raises(ConfigurationError, match=r"'complaints'.*'petitions'"):
        config.add_provider(Kind.NATIONAL_FEED, "complaints", OTHER, module="petitions")


def test_the_same_name_under_another_kind_is_another_provider() -> None:
    config = _configured()
    config.add_provider(Kind.NATIONAL_FEED, "complaints", CARD, module="complaints")
    config.add_provider(Kind.INDICATOR_SOURCE, "complaints", OTHER, module="complaints")
    assert provider(config.registry, Kind.INDICATOR_SOURCE, "complaints") is OTHER


def test_asking_for_a_provider_no_module_offers_names_it() -> None:
    with pytest.raises(LookupError, match="no national_feed provider named 'permits'"):
        provider(_configured().registry, Kind.NATIONAL_FEED, "permits")
