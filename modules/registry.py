"""Module manifests: parsing them and validating the dependency graph and the roles.

A manifest is plain data (a dict literal in the module's ``__init__``). The registry is
built once at start-up and refuses, with a :class:`ConfigurationError` naming the module,
any manifest that is malformed, depends on a module that is missing or circular, adds a
role someone else already has, or grants permissions to a role it cannot count on.
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
        "adds_roles",
        "menu",
        "region_menu",
        "jobs",
        "demo",
        "description",
        "cli",
    }
)


ROLE_SCOPES = frozenset({"commune", "region"})


@dataclass(frozen=True)
class RoleSpec:
    """A role a person can hold: in one commune, or in a region (over all its communes).

    ``title`` is the translatable name people read; ``second_factor`` roles (those that
    sign acts or move money) must prove a TOTP code at log-in.
    """

    name: str
    title: str
    scope: str
    second_factor: bool = False


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
    adds_roles: tuple[RoleSpec, ...] = ()
    menu: tuple[MenuEntry, ...] = ()
    # Pages of a whole region (routes taking ``{region}``), offered on supervisors' home.
    region_menu: tuple[MenuEntry, ...] = ()
    jobs: tuple[JobSpec, ...] = ()
    demo: str | None = None
    # Dotted name of ``register(groups)``, which adds the module's ``baladiya`` commands.
    cli: str | None = None


def _parse_role(data: Mapping[str, Any]) -> RoleSpec:
    role = RoleSpec(**data)
    if role.scope not in ROLE_SCOPES:
        raise ValueError(f"role {role.name!r} has scope {role.scope!r}, not commune or region")
    if not isinstance(role.second_factor, bool):
        raise ValueError(f"role {role.name!r}: second_factor is true or false")
    return role


def _parse_roles(entries: Iterable[Mapping[str, Any]]) -> tuple[RoleSpec, ...]:
    roles = tuple(_parse_role(entry) for entry in entries)
    names = [role.name for role in roles]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"adds role {', '.join(repeated)} twice")
    return roles


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
            adds_roles=_parse_roles(data.get("adds_roles", ())),
            menu=tuple(MenuEntry(**entry) for entry in data.get("menu", ())),
            region_menu=tuple(MenuEntry(**entry) for entry in data.get("region_menu", ())),
            jobs=tuple(JobSpec(**job) for job in data.get("jobs", ())),
            demo=data.get("demo"),
            cli=data.get("cli"),
        )
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"module {name}: invalid manifest: {exc}") from exc


class ModuleRegistry:
    """All known modules, in dependency order, and the roles they add.

    ``core_roles`` names the roles of the core, which every module may grant to and none
    may add again. Without it (a registry made for a test or a tool) grants to names no
    module adds are taken on trust; the application always gives it.
    """

    def __init__(
        self, manifests: Iterable[Manifest], core_roles: Iterable[str] | None = None
    ) -> None:
        self._by_name: dict[str, Manifest] = {}
        for manifest in manifests:
            if manifest.name in self._by_name:
                raise ConfigurationError(f"module {manifest.name}: declared twice")
            self._by_name[manifest.name] = manifest
        self.order = self._topological_order()
        known = None if core_roles is None else frozenset(core_roles)
        self._added_by = self._check_added_roles(known or frozenset())
        for name in self.order:
            self._check_grants(self._by_name[name], known)

    def _check_added_roles(self, core_roles: frozenset[str]) -> dict[str, str]:
        """Who adds which role: a role has one owner, and core roles are the core's."""
        added_by: dict[str, str] = {}
        for name in self.order:
            for role in self._by_name[name].adds_roles:
                if role.name in core_roles:
                    raise ConfigurationError(f"module {name}: role {role.name} is a core role")
                if role.name in added_by:
                    raise ConfigurationError(
                        f"module {name}: role {role.name} is already added by module "
                        f"{added_by[role.name]}"
                    )
                added_by[role.name] = name
        return added_by

    def _check_grants(self, manifest: Manifest, core_roles: frozenset[str] | None) -> None:
        """A module grants to core roles, its own, and those of the modules it needs."""
        usable = {manifest.name, *self.dependencies(manifest.name)}
        for role in manifest.roles:
            owner = self._added_by.get(role)
            if owner is None and (core_roles is None or role in core_roles):
                continue
            if owner not in usable:
                where = f"added by module {owner}" if owner else "unknown"
                raise ConfigurationError(
                    f"module {manifest.name}: grants permissions to role {role} ({where}); "
                    "a module grants only to core roles, roles it adds, or roles added by "
                    "modules it depends on"
                )

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

    def added_roles(self) -> tuple[RoleSpec, ...]:
        """The roles the modules add, in dependency order."""
        return tuple(role for name in self.order for role in self._by_name[name].adds_roles)

    def role_permissions(self, role: str) -> frozenset[str]:
        """Permissions every module grants to ``role``."""
        granted: set[str] = set()
        for manifest in self._by_name.values():
            granted.update(manifest.roles.get(role, ()))
        return frozenset(granted)
