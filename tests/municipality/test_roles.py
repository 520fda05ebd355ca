"""What an API key can carry: one list for the command line and the commune's web form."""

from __future__ import annotations

from modules.registry import ModuleRegistry, parse_manifest
from municipality.roles import api_key_permissions


def _registry() -> ModuleRegistry:
    return ModuleRegistry(
        [
            parse_manifest({"name": "notes", "title": "N", "version": "1"}),
            parse_manifest(
                {"name": "permits", "title": "P", "version": "1", "permissions": ["permits:a:b"]}
            ),
            parse_manifest(
                {
                    "name": "budget",
                    "title": "B",
                    "version": "1",
                    "permissions": ["budget:line:view", "budget:line:edit"],
                }
            ),
        ]
    )


def test_a_key_carries_the_cores_permission_then_each_modules_in_order():
    assert api_key_permissions(_registry()) == {
        "core": ("municipality:commune:read",),
        "budget": ("budget:line:view", "budget:line:edit"),
        "permits": ("permits:a:b",),
    }


def test_a_commune_offers_only_what_its_enabled_modules_grant():
    assert api_key_permissions(_registry(), frozenset({"permits", "notes"})) == {
        "core": ("municipality:commune:read",),
        "permits": ("permits:a:b",),
    }
