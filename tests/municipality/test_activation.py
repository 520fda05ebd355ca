"""Per-commune activation: confirmed cascades, refused disabling, every change audited."""

from __future__ import annotations

import pytest

from modules.registry import ModuleRegistry, parse_manifest
from municipality import activation, audit
from municipality.errors import Conflict, NotFound
from municipality.tenancy import commune_by_slug
from tests import factories

REGISTRY = ModuleRegistry(
    [
        parse_manifest({"name": "gis", "title": "GIS", "version": "1"}),
        parse_manifest({"name": "permits", "title": "Permits", "version": "1", "depends": ["gis"]}),
    ]
)


@pytest.fixture
def commune(db):
    with db() as session:
        factories.commune(session, slug="sale")


def _enabled(db):
    with db() as session:
        return activation.enabled_modules(session, commune_by_slug(session, "sale").id)


def test_enabling_without_its_dependency_is_refused_until_confirmed(db, commune):
    with db() as session, pytest.raises(Conflict, match="needs gis enabled first") as info:
        activation.enable(
            session, REGISTRY, actor="t", commune=commune_by_slug(session, "sale"), name="permits"
        )
    assert info.value.extra["missing"] == ["gis"]
    assert _enabled(db) == frozenset()
    with db() as session:
        switched = activation.enable(
            session,
            REGISTRY,
            actor="t",
            commune=commune_by_slug(session, "sale"),
            name="permits",
            with_dependencies=True,
        )
    assert switched == ["gis", "permits"]
    assert _enabled(db) == {"gis", "permits"}


def test_disabling_a_needed_module_is_refused(db, commune):
    with db() as session:
        activation.enable(
            session,
            REGISTRY,
            actor="t",
            commune=commune_by_slug(session, "sale"),
            name="permits",
            with_dependencies=True,
        )
    with db() as session, pytest.raises(Conflict, match="needed by permits"):
        activation.disable(
            session, REGISTRY, actor="t", commune=commune_by_slug(session, "sale"), name="gis"
        )
    with db() as session:
        commune_ = commune_by_slug(session, "sale")
        activation.disable(session, REGISTRY, actor="t", commune=commune_, name="permits")
        activation.disable(session, REGISTRY, actor="t", commune=commune_, name="gis")
    assert _enabled(db) == frozenset()


def test_every_switch_is_in_the_audit_chain(db, commune):
    with db() as session:
        commune_ = commune_by_slug(session, "sale")
        activation.enable(session, REGISTRY, actor="admin@x", commune=commune_, name="gis")
        activation.disable(session, REGISTRY, actor="admin@x", commune=commune_, name="gis")
    with db() as session:
        commune_ = commune_by_slug(session, "sale")
        events = [e.action for e in audit.history(session, "module", "gis")]
        assert events == ["modules:module:enabled", "modules:module:disabled"]
        assert audit.verify_chain(session, commune_.id).intact


def test_unknown_module_is_not_found(db, commune):
    with db() as session, pytest.raises(NotFound):
        activation.enable(
            session, REGISTRY, actor="t", commune=commune_by_slug(session, "sale"), name="nope"
        )


def test_communes_with_module_lists_only_those_that_enabled_it(db):
    with db() as session:
        on = factories.commune(session, slug="sale")
        factories.commune(session, slug="tiflet")
        activation.enable(session, REGISTRY, actor="t", commune=on, name="gis")
    with db() as session:
        slugs = [c.slug for c in activation.communes_with_module(session, "gis")]
    assert slugs == ["sale"]
