"""Civil status registers its routes, views, its officer role and its national feed."""

from __future__ import annotations

from pyramid.config import Configurator

import civil_status
from civil_status.permissions import Perm
from modules import RequiresModule
from modules.registry import parse_manifest
from municipality.api import OPENAPI_KEY
from municipality.providers import Kind, providers
from municipality.readcache import PageCacheDeriver


def test_manifest_adds_an_officer_who_proves_a_second_factor():
    manifest = parse_manifest(civil_status.MANIFEST)
    assert [(r.name, r.second_factor) for r in manifest.adds_roles] == [
        ("civil_status_officer", True)
    ]
    assert Perm.SIGN in manifest.roles["civil_status_officer"]
    assert Perm.SIGN not in manifest.roles["agent"]
    assert Perm.APPROVE_MENTION not in manifest.roles["agent"]
    assert Perm.ENTER in manifest.roles["agent"]


def test_includeme_adds_routes_views_and_the_national_feed():
    config = Configurator(settings={})
    config.include("municipality.api")
    config.add_view_predicate("requires_module", RequiresModule)
    config.add_view_deriver(PageCacheDeriver.derive, name="baladiya_page_cache")
    config.include("civil_status")
    config.commit()
    introspector = config.registry.introspector
    routes = {r["introspectable"]["name"] for r in introspector.get_category("routes")}
    views = {v["introspectable"]["route_name"] for v in introspector.get_category("views")}
    assert routes == views - {None}
    assert "civil_status.act" in routes
    document = config.registry[OPENAPI_KEY]
    assert "/communes/{commune}/civil-status/requests/{code}" in document["paths"]
    assert "CopyRequestCreate" in document["components"]["schemas"]
    feeds = providers(config.registry, Kind.NATIONAL_FEED)
    assert [(f.name, f.module) for f in feeds] == [("civil_status", "civil_status")]


def test_copy_requests_are_offered_as_payables_documents_and_stored_files():
    config = Configurator(settings={})
    config.include("municipality.api")
    config.add_view_predicate("requires_module", RequiresModule)
    config.add_view_deriver(PageCacheDeriver.derive, name="baladiya_page_cache")
    config.include("civil_status")
    config.commit()
    payables = providers(config.registry, Kind.PAYABLE_OBJECT)
    assert [(p.name, p.module) for p in payables] == [("civil_status.request", "civil_status")]
    codes = {d.provider.code for d in providers(config.registry, Kind.DOCUMENT_TYPE)}
    assert codes == {"BEX", "BFC", "ICS"}
    files = providers(config.registry, Kind.FILE_REFERENCE)
    assert [f.provider.table for f in files] == ["civil_copy_requests", "civil_act_scans"]
    manifest = parse_manifest(civil_status.MANIFEST)
    assert Perm.HANDLE_REQUEST in manifest.roles["agent"]
    assert [j.name for j in manifest.jobs] == ["issue"]
