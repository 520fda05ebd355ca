"""The module registry: which domain modules exist and which each commune enabled.

``baladiya.modules.available`` lists the module packages in the order they are
included; each exposes a ``MANIFEST`` literal and an ``includeme``. The registry
validates them all before any is included, and adds the ``requires_module`` view
predicate so a disabled module's views answer 404 without checking anything themselves.
The registry imports nothing from the core: the core, included first, leaves the names
of its roles under :data:`CORE_ROLES_KEY` so the manifests' roles are checked against them.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any

from pyramid.config import Configurator
from pyramid.request import Request

from modules.registry import ModuleRegistry, parse_manifest

DEFAULTS: dict[str, Any] = {
    "baladiya.modules.available": (
        "notices complaints gis sync consolidation documents budget civil_status payments permits"
    ),
}

REGISTRY_KEY = "baladiya.modules"
CORE_ROLES_KEY = "baladiya.modules.core_roles"


class RequiresModule:
    """View predicate: the view exists only for communes that enabled the module."""

    def __init__(self, name: str, config: Configurator) -> None:
        self.name = name

    def text(self) -> str:
        return f"requires_module = {self.name}"

    phash = text

    def __call__(self, context: Any, request: Request) -> bool:
        return self.name in request.enabled_modules


def get_registry(request_or_config: Any) -> ModuleRegistry:
    """The module registry of a running application."""
    return request_or_config.registry[REGISTRY_KEY]


def load_registry(
    package_names: list[str], core_roles: Iterable[str] | None = None
) -> ModuleRegistry:
    """Import each module package and validate all manifests together."""
    manifests = []
    for package in package_names:
        module = importlib.import_module(package)
        manifests.append(parse_manifest(module.MANIFEST))
    return ModuleRegistry(manifests, core_roles)


def includeme(config: Configurator) -> None:
    settings = config.get_settings()
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    packages = settings["baladiya.modules.available"].split()
    registry = load_registry(packages, config.registry.get(CORE_ROLES_KEY))
    config.registry[REGISTRY_KEY] = registry
    config.add_view_predicate("requires_module", RequiresModule)
    by_name = {importlib.import_module(p).MANIFEST["name"]: p for p in packages}
    for name in registry.order:
        config.include(by_name[name])
