"""The notice board registers its routes, views, API operations and job from its manifest."""

from __future__ import annotations

from pyramid.config import Configurator

import notices
from modules import RequiresModule
from modules.registry import parse_manifest
from municipality.providers import Kind, providers
from municipality.readcache import PageCacheDeriver


def test_manifest_is_valid_data():
    manifest = parse_manifest(notices.MANIFEST)
    assert manifest.name == "notices"
    assert {j.name for j in manifest.jobs} == {"expire"}
    assert all(p.startswith("notices:") for p in manifest.permissions)


def test_includeme_adds_routes_views_and_api_document():
    config = Configurator(settings={})
    config.include("municipality.api")
    config.add_view_predicate("requires_module", RequiresModule)
    config.add_view_deriver(PageCacheDeriver.derive, name="baladiya_page_cache")
    config.include("notices")
    config.commit()
    introspector = config.registry.introspector
    routes = {r["introspectable"]["name"] for r in introspector.get_category("routes")}
    assert {
        "notices.list",
        "notices.new",
        "notices.notice",
        "notices.notice.action",
        "notices.public",
        "notices.api.collection",
        "notices.api.item",
    } <= routes
    views = {v["introspectable"]["route_name"] for v in introspector.get_category("views")}
    assert {"notices.list", "notices.api.collection", "notices.public"} <= views
    paths = config.registry["baladiya.openapi"]["paths"]
    assert "/communes/{commune}/notices" in paths
    cards = providers(config.registry, Kind.DASHBOARD_CARD)
    assert [(c.name, c.module, c.provider.__module__) for c in cards] == [
        ("notices.board", "notices", "notices.views")
    ]
