"""The complaints module registers its routes and views from its manifest."""

from __future__ import annotations

from pyramid.config import Configurator

import complaints
from complaints.permissions import Perm
from modules import RequiresModule
from modules.registry import parse_manifest
from municipality.providers import Kind, providers


def test_manifest_is_valid_data():
    manifest = parse_manifest(complaints.MANIFEST)
    assert manifest.name == "complaints"
    assert set(manifest.permissions) == {str(p) for p in Perm}
    assert set(manifest.roles["commune_admin"]) == set(manifest.permissions)
    # Agents handle complaints; only the commune administrator configures categories.
    assert set(manifest.permissions) - set(manifest.roles["agent"]) == {Perm.MANAGE_CATEGORIES}
    assert "resident" not in manifest.roles
    assert manifest.demo == "complaints.demo:load_demo"
    assert set(manifest.roles) == {"agent", "commune_admin", "supervisor"}


def test_includeme_adds_routes_and_views():
    config = Configurator(settings={})
    config.add_view_predicate("requires_module", RequiresModule)
    # The core's directives the module's includeme calls (URL prefixes, slugs, communes).
    config.include("municipality.tenancy")
    config.include("municipality.web")
    config.include("complaints")
    config.commit()
    introspector = config.registry.introspector
    routes = {r["introspectable"]["name"] for r in introspector.get_category("routes")}
    assert routes == {
        "complaints.list",
        "complaints.request",
        "complaints.request.note",
        "complaints.request.action",
        "complaints.request.merge",
        "complaints.statistics",
        "complaints.statistics.xlsx",
        "complaints.public",
        "complaints.public.list",
        "complaints.public.photo",
        "complaints.photo",
        "complaints.track",
        "complaints.track.lookup",
        "complaints.mine",
        "complaints.account",
        "complaints.counter",
        "complaints.request.receipt",
        "complaints.categories",
        "complaints.publication",
        "complaints.category.new",
        "complaints.category",
        "complaints.category.active",
        "complaints.map",
        "complaints.map.geojson",
        "complaints.map.public",
        "complaints.map.public.geojson",
        "complaints.open311.discovery",
        "complaints.open311.services",
        "complaints.open311.service",
        "complaints.open311.requests",
        "complaints.open311.request",
        "complaints.open311.token",
        "complaints.open311.openapi",
    }
    views = {v["introspectable"]["route_name"] for v in introspector.get_category("views")}
    assert views - {None} == routes


def test_includeme_offers_the_dashboard_cards_open_then_overdue():
    config = Configurator(settings={})
    config.add_view_predicate("requires_module", RequiresModule)
    config.include("municipality.tenancy")
    config.include("municipality.web")
    config.include("complaints")
    cards = providers(config.registry, Kind.DASHBOARD_CARD)
    assert [(c.name, c.module, c.provider.__name__) for c in cards] == [
        ("complaints.open", "complaints", "work_queues"),
        ("complaints.overdue", "complaints", "overdue_work_queues"),
    ]
