"""Permits registers its routes, views, roles and what it offers other modules."""

from __future__ import annotations

from pyramid.config import Configurator

import permits
from modules import RequiresModule
from modules.registry import parse_manifest
from municipality.providers import Kind, providers
from municipality.readcache import PageCacheDeriver
from permits.permissions import Perm


def test_manifest_splits_the_work_between_planner_bodies_and_commission():
    manifest = parse_manifest(permits.MANIFEST)
    assert manifest.depends == ("gis", "documents") or list(manifest.depends) == [
        "gis",
        "documents",
    ]
    assert [r.name for r in manifest.adds_roles] == [
        "urban_planner",
        "consulted_body",
        "commission_member",
    ]
    assert Perm.DECIDE in manifest.roles["commission_member"]
    assert Perm.VOTE in manifest.roles["commission_member"]
    assert Perm.VOTE not in manifest.roles["urban_planner"]
    assert Perm.DECIDE not in manifest.roles["urban_planner"]
    assert Perm.GIVE_OPINION in manifest.roles["consulted_body"]
    assert Perm.ISSUE not in manifest.roles["urban_planner"]
    assert list(manifest.roles["resident"]) == [Perm.APPLY]


def test_includeme_adds_routes_views_and_providers():
    config = Configurator(settings={})
    config.include("municipality.api")
    config.add_view_predicate("requires_module", RequiresModule)
    config.add_view_deriver(PageCacheDeriver.derive, name="baladiya_page_cache")
    config.include("permits")
    config.commit()
    introspector = config.registry.introspector
    routes = {r["introspectable"]["name"] for r in introspector.get_category("routes")}
    views = {v["introspectable"]["route_name"] for v in introspector.get_category("views")}
    assert routes - {"api.openapi", "api.commune"} == views - {None, "api.openapi", "api.commune"}
    paths = config.registry["baladiya.openapi"]["paths"]
    assert {p for p in paths if "/permits/" in p} == {
        "/communes/{commune}/permits/register",
        "/communes/{commune}/permits/follow/{code}",
        "/communes/{commune}/permits/files",
        "/communes/{commune}/permits/files/{id}",
        "/communes/{commune}/permits/files/{id}/submission",
    }
    offered = {
        kind: [(o.name, o.module) for o in providers(config.registry, kind)]
        for kind in (
            Kind.NATIONAL_FEED,
            Kind.INDICATOR_SOURCE,
            Kind.PAYABLE_OBJECT,
            Kind.DOCUMENT_TYPE,
            Kind.FILE_REFERENCE,
            Kind.OGC_COLLECTION,
        )
    }
    assert offered == {
        Kind.NATIONAL_FEED: [("permits", "permits")],
        Kind.INDICATOR_SOURCE: [("permits.activity-monthly", "permits")],
        Kind.PAYABLE_OBJECT: [("permits.fee", "permits")],
        Kind.DOCUMENT_TYPE: [("permits.occupancy", "permits"), ("permits.permit", "permits")],
        Kind.FILE_REFERENCE: [
            ("permits.documents", "permits"),
            ("permits.inspection-photos", "permits"),
        ],
        Kind.OGC_COLLECTION: [("permits", "permits")],
    }
