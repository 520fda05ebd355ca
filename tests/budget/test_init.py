"""The budget module registers its routes, views, roles and dashboard card."""

from __future__ import annotations

from pyramid.config import Configurator

import budget
from budget.permissions import Perm
from modules import RequiresModule
from modules.registry import parse_manifest
from municipality.providers import Kind, providers
from municipality.readcache import PageCacheDeriver


def test_manifest_adds_two_signing_roles_that_split_the_chain():
    manifest = parse_manifest(budget.MANIFEST)
    roles = {r.name: r for r in manifest.adds_roles}
    assert {name: r.second_factor for name, r in roles.items()} == {
        "budget_officer": True,
        "accountant": True,
    }
    assert Perm.PAY not in manifest.roles["budget_officer"]
    assert Perm.COMMIT not in manifest.roles["accountant"]
    assert Perm.ORDER not in manifest.roles["accountant"]
    assert all(p.startswith("budget:") for p in manifest.permissions)


def test_includeme_adds_routes_views_and_card():
    config = Configurator(settings={})
    config.include("municipality.api")
    config.add_view_predicate("requires_module", RequiresModule)
    config.add_view_deriver(PageCacheDeriver.derive, name="baladiya_page_cache")
    config.include("budget")
    config.commit()
    introspector = config.registry.introspector
    routes = {r["introspectable"]["name"] for r in introspector.get_category("routes")}
    assert {
        "budget.execution",
        "budget.execution.xlsx",
        "budget.commitment.action",
        "budget.public",
    } <= routes
    views = {v["introspectable"]["route_name"] for v in introspector.get_category("views")}
    assert routes <= views
    cards = providers(config.registry, Kind.DASHBOARD_CARD)
    assert [(c.name, c.module) for c in cards] == [("budget.chain", "budget")]
