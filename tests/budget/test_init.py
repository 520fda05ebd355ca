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


def test_includeme_adds_the_revenue_pages_and_providers():
    config = Configurator(settings={})
    config.include("municipality.api")
    config.add_view_predicate("requires_module", RequiresModule)
    config.add_view_deriver(PageCacheDeriver.derive, name="baladiya_page_cache")
    config.include("budget")
    config.commit()
    introspector = config.registry.introspector
    routes = {r["introspectable"]["name"] for r in introspector.get_category("routes")}
    assert {
        "budget.revenues",
        "budget.revenue_line.action",
        "budget.assessment.action",
        "budget.collections",
        "budget.arrears",
        "budget.collection.receipt",
    } <= routes
    offered = {
        (kind, o.name)
        for kind in Kind
        for o in providers(config.registry, kind)
        if o.module == "budget"
    }
    assert {
        (Kind.NATIONAL_FEED, "budget"),
        (Kind.INDICATOR_SOURCE, "budget.activity-monthly"),
        (Kind.INDICATOR_SOURCE, "budget.budget-execution"),
        (Kind.DOCUMENT_TYPE, "budget.quittance"),
        (Kind.REVENUE_LEDGER, "budget.revenues"),
    } <= offered
    manifest = parse_manifest(budget.MANIFEST)
    assert manifest.depends == ("documents",)
    assert {job.name for job in manifest.jobs} >= {"report", "receipts"}
    assert Perm.COLLECT not in manifest.roles["budget_officer"]
    assert Perm.ASSESS not in manifest.roles["accountant"]
