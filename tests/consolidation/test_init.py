"""The consolidation module's manifest, and the routes its ``includeme`` registers."""

from __future__ import annotations

from pyramid.config import Configurator

import consolidation
from consolidation.access import RegionContext
from modules import RequiresModule
from modules.registry import parse_manifest


def test_manifest_is_valid_data() -> None:
    manifest = parse_manifest(consolidation.MANIFEST)
    assert manifest.name == "consolidation"
    assert manifest.cli == "consolidation.cli:register"
    assert manifest.demo == "consolidation.demo:load_demo"


def test_every_region_route_goes_through_the_supervisor_check() -> None:
    config = Configurator(settings={})
    config.add_view_predicate("requires_module", RequiresModule)
    config.include("consolidation")
    config.commit()
    routes = {
        r["introspectable"]["name"]: r["introspectable"]
        for r in config.registry.introspector.get_category("routes")
    }
    assert {
        "consolidation.sets",
        "consolidation.set.new",
        "consolidation.set",
        "consolidation.set.version",
    } <= set(routes)
    for name, route in routes.items():
        if route["pattern"].startswith("/r/{region}/"):
            assert route["factory"] is RegionContext, name
