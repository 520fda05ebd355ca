"""Manifests are validated as a whole; the graph decides what may be switched on or off."""

from __future__ import annotations

import pytest
from pyramid.exceptions import ConfigurationError

from modules.registry import ModuleRegistry, parse_manifest


def manifest(name, depends=(), **extra):
    return parse_manifest(
        {"name": name, "title": name.title(), "version": "1.0", "depends": list(depends), **extra}
    )


def test_order_puts_dependencies_first():
    registry = ModuleRegistry(
        [manifest("permits", ["gis"]), manifest("gis"), manifest("complaints")]
    )
    assert registry.order.index("gis") < registry.order.index("permits")
    assert registry.dependencies("permits") == ["gis"]
    assert registry.dependents("gis") == ["permits"]


def test_unknown_dependency_names_the_module():
    with pytest.raises(ConfigurationError, match="module permits: depends on unknown module gis"):
        ModuleRegistry([manifest("permits", ["gis"])])


def test_cycle_is_refused():
    with pytest.raises(ConfigurationError, match="circular dependency"):
        ModuleRegistry([manifest("a", ["b"]), manifest("b", ["a"])])


def test_duplicate_is_refused():
    with pytest.raises(ConfigurationError, match="module a: declared twice"):
        ModuleRegistry([manifest("a"), manifest("a")])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "x", "version": "1"}, "missing title"),
        ({"name": "x", "title": "X", "version": "1", "colour": "red"}, "unknown keys colour"),
        (
            {"name": "x", "title": "X", "version": "1", "permissions": ["y:a:b"]},
            "is not 'x:<resource>:<action>'",
        ),
        ({"name": "x", "title": "X", "version": "1", "menu": [{"route": "r"}]}, "invalid"),
    ],
)
def test_malformed_manifest_names_the_module(data, message):
    with pytest.raises(ConfigurationError, match=message):
        parse_manifest(data)


def test_roles_collect_permissions_across_modules():
    registry = ModuleRegistry(
        [
            manifest("a", permissions=["a:x:view"], roles={"agent": ["a:x:view"]}),
            manifest("b", permissions=["b:y:edit"], roles={"agent": ["b:y:edit"]}),
        ]
    )
    assert registry.role_permissions("agent") == {"a:x:view", "b:y:edit"}
    assert registry.role_permissions("treasurer") == frozenset()
