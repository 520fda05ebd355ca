"""Module manifests: parsing, validating the dependency graph, and per-commune activation.

A manifest is plain data (a dict literal in the module's ``__init__``). The registry is
built once at start-up and refuses, with a :class:`ConfigurationError` naming the module,
any manifest that is malformed or depends on a module that is missing or circular.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pyramid.exceptions import ConfigurationError

REQUIRED_KEYS = ("name", "title", "version")
KNOWN_KEYS = frozenset(
    {
        "name",
        "title",
        "version",
        "depends",
        "permissions",
        "roles",
        "menu",
        "region_menu",
        "jobs",
        "dashboard",
        "demo",
        "description",
        "cli",
    }
)


@dataclass(frozen=True)
class MenuEntry:
    route: str
    title: str
    permission: str


@dataclass(frozen=True)
class JobSpec:
    """A scheduled job: ``func`` is a dotted name, ``seconds`` its interval."""

    name: str
    func: str
    seconds: int


@dataclass(frozen=True)
class Manifest:
    name: str
    title: str
    version: str
    description: str = ""
    depends: tuple[str, ...] = ()
    permissions: tuple[str, ...] = ()
    roles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    menu: tuple[MenuEntry, ...] = ()
    # Pages of a whole region (routes taking ``{region}``), offered on supervisors' home.
    region_menu: tuple[MenuEntry, ...] = ()
    jobs: tuple[JobSpec, ...] = ()
    dashboard: tuple[str, ...] = ()
    demo: str | None = None
    # Dotted name of ``register(groups)``, which adds the module's ``baladiya`` commands.
    cli: str | None = None


def parse_manifest(data: Mapping[str, Any]) -> Manifest:
    """Turn a manifest literal into a :class:`Manifest`, naming the module on any error."""
    name = data.get("name", "<unnamed>")
    try:
        missing = [k for k in REQUIRED_KEYS if not data.get(k)]
        if missing:
            raise ValueError(f"missing {', '.join(missing)}")
        unknown = set(data) - KNOWN_KEYS
        if unknown:
            raise ValueError(f"unknown keys {', '.join(sorted(unknown))}")
        permissions = tuple(data.get("permissions", ()))
        for perm in permissions:
            if not perm.startswith(f"{name}:") or perm.count(":") != 2:
                raise ValueError(f"permission {perm!r} is not '{name}:<resource>:<action>'")
        return Manifest(
            name=name,
            title=data["title"],
            version=data["version"],
            description=data.get("description", ""),
            depends=tuple(data.get("depends", ())),
            permissions=permissions,
            roles={role: tuple(perms) for role, perms in data.get("roles", {}).items()},
            menu=tuple(MenuEntry(**entry) for entry in data.get("menu", ())),
            region_menu=tuple(MenuEntry(**entry) for entry in data.get("region_menu", ())),
            jobs=tuple(JobSpec(**job) for job in data.get("jobs", ())),
            dashboard=tuple(data.get("dashboard", ())),
            demo=data.get("demo"),
            cli=data.get("cli"),
        )
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"module {name}: invalid manifest: {exc}") from exc


class ModuleRegistry:
    """All known modules, in dependency order."""

    def __init__(self, manifests: Iterable[Manifest]) -> None:
        self._by_name: dict[str, Manifest] = {}
        for manifest in manifests:
            if manifest.name in self._by_name:
                raise ConfigurationError(f"module {manifest.name}: declared twice")
            self._by_name[manifest.name] = manifest
        self.order = self._topological_order()

    def _topological_order(self) -> tuple[str, ...]:
        order: list[str] = []
        visiting: set[str] = set()

        def visit(name: str, path: tuple[str, ...]) -> None:
            if name in order:
                return
            if name in visiting:
                cycle = " -> ".join((*path, name))
                raise ConfigurationError(f"module {path[0]}: circular dependency {cycle}")
            visiting.add(name)
            for dep in self._by_name[name].depends:
                if dep not in self._by_name:
                    raise ConfigurationError(f"module {name}: depends on unknown module {dep}")
                visit(dep, (*path, name))
            visiting.discard(name)
            order.append(name)

        for name in sorted(self._by_name):
            visit(name, ())
        return tuple(order)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Manifest:
        return self._by_name[name]

    def manifests(self) -> list[Manifest]:
        return [self._by_name[name] for name in self.order]

    def dependencies(self, name: str) -> list[str]:
        """Every module ``name`` needs, directly or not, in dependency order."""
        needed: set[str] = set()
        stack = list(self._by_name[name].depends)
        while stack:
            dep = stack.pop()
            if dep not in needed:
                needed.add(dep)
                stack.extend(self._by_name[dep].depends)
        return [n for n in self.order if n in needed]

    def dependents(self, name: str) -> list[str]:
        """Every module that needs ``name``, directly or not."""
        return [n for n in self.order if name in self.dependencies(n)]

    def role_permissions(self, role: str) -> frozenset[str]:
        """Permissions every module grants to ``role``."""
        granted: set[str] = set()
        for manifest in self._by_name.values():
            granted.update(manifest.roles.get(role, ()))
        return frozenset(granted)
