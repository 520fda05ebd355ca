"""The payments module: its manifest, and what its ``includeme`` registers."""

from __future__ import annotations

from pyramid.config import Configurator
from pyramid.path import DottedNameResolver

import payments
from modules import RequiresModule
from modules.registry import parse_manifest
from municipality.messaging import add_deliverer, deliverers
from municipality.providers import Kind, providers
from municipality.tenancy import add_commune_locator
from payments.gateway import GATEWAY_KEY
from payments.permissions import Perm


def test_manifest_adds_money_roles_with_a_second_factor():
    manifest = parse_manifest(payments.MANIFEST)
    assert set(manifest.permissions) == {str(p) for p in Perm}
    added = {r.name: r for r in manifest.adds_roles}
    assert set(added) == {"treasurer", "cashier"}
    assert all(r.second_factor for r in added.values())
    assert Perm.REVERSE not in manifest.roles["cashier"]
    resolver = DottedNameResolver()
    assert all(callable(resolver.resolve(job.func)) for job in manifest.jobs)
    assert manifest.cli == "payments.cli:register"


def test_includeme_registers_routes_deliverers_and_providers():
    config = Configurator(settings={"baladiya.core.public_url": "https://baladiya.example"})
    config.add_view_predicate("requires_module", RequiresModule)
    config.add_directive("add_outbox_deliverer", add_deliverer)
    config.add_directive("add_commune_locator", add_commune_locator)
    config.include("payments")
    config.commit()
    routes = {
        r["introspectable"]["name"] for r in config.registry.introspector.get_category("routes")
    }
    assert {"payments.pay", "payments.status", "payments.callback", "payments.counter"} <= routes
    assert set(deliverers(config.registry)) == {
        "payments:gsma",
        "payments:orange",
        "payments:card",
        "payments:receipt",
        "payments:reversal",
    }
    assert config.registry[GATEWAY_KEY].callback_url("sale", "gsma") == (
        "https://baladiya.example/payments/callbacks/gsma/sale"
    )
    assert [o.name for o in providers(config.registry, Kind.PAYABLE_OBJECT)] == ["payments.fee"]
    assert {o.name for o in providers(config.registry, Kind.FEE_ITEM)} == {
        "payments.stamp-duty",
        "payments.legalisation",
        "payments.market-stall",
    }
