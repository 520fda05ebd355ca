"""Manifests are validated as a whole; the graph decides what may be switched on or off."""

from __future__ import annotations

import pytest
from pyramid.exceptions import ConfigurationError

from modules.registry import ModuleRegistry, RoleSpec, parse_manifest

CORE_ROLES = ("commune_admin", "agent", "supervisor", "resident")
TREASURER = {"name": "treasurer", "title": "Treasurer", "scope": "commune", "second_factor": True}


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
        # Dashboard cards are providers offered in includeme, not manifest data.
        ({"name": "x", "title": "X", "version": "1", "dashboard": ["x:q"]}, "unknown keys"),
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
    assert registry.role_permissions("supervisor") == frozenset()


def test_a_module_adds_roles_and_grants_to_them():
    budget = manifest(
        "budget",
        permissions=["budget:payment:make"],
        adds_roles=[TREASURER],
        roles={"treasurer": ["budget:payment:make"], "commune_admin": ["budget:payment:make"]},
    )
    registry = ModuleRegistry([budget], CORE_ROLES)
    assert registry.added_roles() == (RoleSpec("treasurer", "Treasurer", "commune", True),)
    assert registry.role_permissions("treasurer") == {"budget:payment:make"}


@pytest.mark.parametrize(
    ("role", "message"),
    [
        ({**TREASURER, "scope": "country"}, "role 'treasurer' has scope 'country'"),
        ({**TREASURER, "second_factor": "yes"}, "second_factor is true or false"),
        ({"name": "treasurer", "scope": "commune"}, "title"),
        ({**TREASURER, "colour": "red"}, "colour"),
    ],
)
def test_a_malformed_added_role_names_the_module(role, message):
    with pytest.raises(ConfigurationError, match=f"module budget: invalid manifest: .*{message}"):
        manifest("budget", adds_roles=[role])


def test_a_role_added_twice_is_refused():
    with pytest.raises(ConfigurationError, match=r"module budget: .*adds role treasurer twice"):
        manifest("budget", adds_roles=[TREASURER, TREASURER])
    with pytest.raises(
        ConfigurationError,
        match="module payments: role treasurer is already added by module budget",
    ):
        ModuleRegistry(
            [
                manifest("budget", adds_roles=[TREASURER]),
                manifest("payments", adds_roles=[TREASURER]),
            ]
        )


def test_a_module_cannot_add_a_core_role():
    with pytest.raises(ConfigurationError, match="module budget: role agent is a core role"):
        ModuleRegistry(
            [manifest("budget", adds_roles=[{**TREASURER, "name": "agent"}])], CORE_ROLES
        )


def test_grants_go_to_roles_of_the_module_or_of_what_it_depends_on():
    budget = manifest("budget", adds_roles=[TREASURER])
    payments = manifest("payments", ["budget"], roles={"treasurer": ["payments:fee:view"]})
    registry = ModuleRegistry([budget, payments], CORE_ROLES)
    assert registry.role_permissions("treasurer") == {"payments:fee:view"}
    notices = manifest("notices", roles={"treasurer": ["notices:notice:view"]})
    with pytest.raises(
        ConfigurationError,
        match=r"module notices: grants permissions to role treasurer \(added by module budget\)",
    ):
        ModuleRegistry([budget, notices], CORE_ROLES)


def test_grants_to_a_role_nobody_has_are_refused_once_the_core_roles_are_known():
    notices = manifest("notices", roles={"urban_planner": ["notices:notice:view"]})
    with pytest.raises(
        ConfigurationError,
        match=r"module notices: grants permissions to role urban_planner \(unknown\)",
    ):
        ModuleRegistry([notices], CORE_ROLES)
    # A registry made without the core (a tool, a test) cannot tell, and trusts the name.
    assert ModuleRegistry([notices]).role_permissions("urban_planner") == {"notices:notice:view"}
