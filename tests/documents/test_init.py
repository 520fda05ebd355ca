"""The documents module registers its public routes, its views and its commands."""

from __future__ import annotations

from pyramid.config import Configurator

import documents
from modules import RequiresModule
from modules.registry import parse_manifest
from municipality.cli import build_parser
from municipality.providers import Kind, provider, providers
from municipality.readcache import PageCacheDeriver


def test_manifest_is_valid_data() -> None:
    manifest = parse_manifest(documents.MANIFEST)
    assert manifest.name == "documents"
    assert manifest.depends == ()
    assert all(p.startswith("documents:") for p in manifest.permissions)
    assert manifest.cli == "documents.cli:register"


def test_includeme_adds_the_public_routes_and_views() -> None:
    config = Configurator(settings={})
    config.add_view_predicate("requires_module", RequiresModule)
    config.add_view_deriver(PageCacheDeriver.derive, name="baladiya_page_cache")
    config.include("documents")
    config.commit()
    introspector = config.registry.introspector
    routes = {
        r["introspectable"]["name"]: r["introspectable"]["pattern"]
        for r in introspector.get_category("routes")
    }
    assert routes["documents.verify"] == "/verify"
    assert routes["documents.trust_list"] == "/documents/trust-list"
    assert routes["documents.revoked"] == "/documents/revoked"
    views = {v["introspectable"]["route_name"] for v in introspector.get_category("views")}
    assert {"documents.verify", "documents.trust_list", "documents.revoked"} <= views


def test_the_commands_are_part_of_baladiya() -> None:
    parser = build_parser()
    args = parser.parse_args(["keys", "make-signer", "--commune", "sale", "--root", "r"])
    assert (args.commune, args.root) == ("sale", "r")
    args = parser.parse_args(["verify", "BL1:X", "--trust-list", "t.cbor", "--root", "ab"])
    assert (args.source, args.trust_list, args.root) == ("BL1:X", "t.cbor", ["ab"])


def test_includeme_adds_the_register_and_offers_the_residence_feed_and_files() -> None:
    config = Configurator(settings={})
    config.add_view_predicate("requires_module", RequiresModule)
    config.add_view_deriver(PageCacheDeriver.derive, name="baladiya_page_cache")
    config.include("documents")
    config.commit()
    introspector = config.registry.introspector
    routes = [r["introspectable"]["name"] for r in introspector.get_category("routes")]
    staff = ["documents.register", "documents.issue", "documents.document"]
    assert set(staff) <= set(routes)
    assert routes.index("documents.seal") < routes.index("documents.document")
    offered = {(o.kind, o.name) for kind in Kind for o in providers(config.registry, kind)}
    assert {
        (Kind.DOCUMENT_TYPE, "documents.residence"),
        (Kind.NATIONAL_FEED, "documents"),
        (Kind.FILE_REFERENCE, "documents.issued"),
    } <= offered
    assert provider(config.registry, Kind.DOCUMENT_TYPE, "documents.residence").code == "RES"
