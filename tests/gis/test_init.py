"""The GIS module's manifest and what its includeme registers."""

from __future__ import annotations

import pytest
from pyramid.config import Configurator
from pyramid.exceptions import ConfigurationError

import gis
from gis import services
from gis.ogc.collections import available
from gis.ogc.layers import Parcels
from modules import RequiresModule
from modules.registry import parse_manifest
from municipality.areas import provider_of
from municipality.i18n import _
from municipality.ogc import Collection, Extent, Page
from municipality.providers import Kind, provider


def test_manifest_is_valid_data():
    manifest = parse_manifest(gis.MANIFEST)
    assert manifest.name == "gis"
    assert set(manifest.roles) == {"commune_admin", "agent"}
    assert set(manifest.roles["commune_admin"]) == set(manifest.permissions)
    assert manifest.roles["agent"] == ("gis:plan:view",)
    assert manifest.demo == "gis.demo:load_demo"
    assert manifest.cli == "gis.cli:register"


def test_includeme_adds_the_staff_routes_and_the_area_provider():
    config = Configurator(settings={})
    config.add_view_predicate("requires_module", RequiresModule)
    config.include("pyramid_jinja2")
    config.include("gis")
    config.commit()
    introspector = config.registry.introspector
    routes = {r["introspectable"]["name"] for r in introspector.get_category("routes")}
    assert {
        "gis.plans",
        "gis.plan",
        "gis.plan.rules",
        "gis.plan.rule",
        "gis.imports",
        "gis.import",
        "gis.import.status",
        "gis.servitudes",
        "gis.servitude",
        "gis.check",
        "gis.buildability",
        "gis.buildability.download",
    } <= routes
    views = {v["introspectable"]["route_name"] for v in introspector.get_category("views")}
    assert "gis.check" in views
    assert "gis.import.status" in views
    assert provider_of(config.registry) is not None
    assert provider(config.registry, Kind.GAZETTEER, "gis") is services.named_places
    assert config.get_settings()["baladiya.gis.max_import_bytes"] == 100 * 1_048_576


class _Complaints(Collection):
    """Another module's layer (complaints' public map, say), written to the core's contract."""

    id = "complaints"
    title = _("Complaints")
    description = _("Reported problems.")

    def items(self, session, commune, query):
        return Page([], 0)

    def item(self, session, commune, feature_id):
        return None

    def extent(self, session, commune):
        return Extent(None)

    def everything(self, session, commune):
        return iter(())


def _configured() -> Configurator:
    config = Configurator(settings={})
    config.add_view_predicate("requires_module", RequiresModule)
    config.include("pyramid_jinja2")
    config.include("gis")
    return config


def test_the_ogc_collections_are_offered_as_providers_in_their_order():
    config = _configured()
    config.add_provider(Kind.OGC_COLLECTION, "complaints", (_Complaints(),), module="complaints")
    config.commit()
    served = available(config.registry, frozenset({"gis"}))
    assert list(served) == ["boundary", "zones", "servitudes", "parcels"]
    both = available(config.registry, frozenset({"gis", "complaints"}))
    assert list(both) == ["complaints", "boundary", "zones", "servitudes", "parcels"]
    assert available(config.registry, frozenset({"complaints"})).keys() == {"complaints"}


def test_a_collection_id_offered_twice_stops_the_start_up_naming_both_modules():
    config = _configured()
    config.add_provider(Kind.OGC_COLLECTION, "cadastre", (Parcels(),), module="cadastre")
    with pytest.raises(ConfigurationError, match=r"'parcels'.*'cadastre'.*'gis'"):
        config.commit()


def test_interfaces_name_what_other_modules_may_use():
    from gis import interfaces

    assert callable(interfaces.check)
    assert interfaces.Project(use="housing", footprint_m2=1, floor_area_m2=1, height_m=1, floors=1)
    assert set(interfaces.__all__) <= set(dir(interfaces))
