"""The core's roles and permissions, and the roles of this installation.

Permissions are strings ``<package>:<resource>:<action>``. A role grants a set of
permissions inside the commune (or region) of the membership that holds it. The core
has four roles (a platform administrator is not a role but a flag on the account,
``User.is_platform_admin``); a module adds its own through its manifest
(``adds_roles``), and grants permissions to roles through its manifest (``roles``).
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from modules.registry import ModuleRegistry, RoleSpec
from municipality.i18n import _


class Role(StrEnum):
    COMMUNE_ADMIN = "commune_admin"
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    RESIDENT = "resident"


# A role's name is also the message id of its title (translated in municipality/locale).
CORE_ROLES = (
    RoleSpec(Role.COMMUNE_ADMIN.value, _("commune_admin"), "commune", second_factor=True),
    RoleSpec(Role.AGENT.value, _("agent"), "commune"),
    RoleSpec(Role.SUPERVISOR.value, _("supervisor"), "region"),
    RoleSpec(Role.RESIDENT.value, _("resident"), "commune"),
)
# The core's region roles: a regional supervisor oversees the communes of their region.
REGION_ROLES = frozenset(role.name for role in CORE_ROLES if role.scope == "region")


class Perm(StrEnum):
    DASHBOARD_VIEW = "municipality:dashboard:view"
    HISTORY_VIEW = "municipality:history:view"
    MODULES_MANAGE = "municipality:modules:manage"
    APIKEYS_MANAGE = "municipality:apikeys:manage"
    OUTBOX_MANAGE = "municipality:outbox:manage"
    USERS_VIEW = "municipality:users:view"
    COMMUNE_READ = "municipality:commune:read"


STAFF_PERMISSIONS = frozenset(
    {Perm.DASHBOARD_VIEW, Perm.HISTORY_VIEW, Perm.COMMUNE_READ, Perm.USERS_VIEW}
)
REGION_STAFF_PERMISSIONS = frozenset({Perm.DASHBOARD_VIEW, Perm.COMMUNE_READ, Perm.HISTORY_VIEW})

CORE_ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.COMMUNE_ADMIN.value: STAFF_PERMISSIONS
    | {Perm.MODULES_MANAGE, Perm.APIKEYS_MANAGE, Perm.OUTBOX_MANAGE},
    Role.AGENT.value: STAFF_PERMISSIONS,
    Role.SUPERVISOR.value: REGION_STAFF_PERMISSIONS,
    Role.RESIDENT.value: frozenset(),
}


def all_roles(registry: ModuleRegistry | None) -> dict[str, RoleSpec]:
    """Every role a person can hold here, by name: the core's, then the modules'."""
    roles = {role.name: role for role in CORE_ROLES}
    if registry is not None:
        roles.update((role.name, role) for role in registry.added_roles())
    return roles


def second_factor_roles(registry: ModuleRegistry | None) -> frozenset[str]:
    """Roles that sign acts or move money: their holders prove a second factor at log-in."""
    return frozenset(name for name, role in all_roles(registry).items() if role.second_factor)


def core_permissions(role: RoleSpec) -> frozenset[str]:
    """What the core lets a role do; a module's role is staff of its commune or region."""
    if role.name in CORE_ROLE_PERMISSIONS:
        return CORE_ROLE_PERMISSIONS[role.name]
    return STAFF_PERMISSIONS if role.scope == "commune" else REGION_STAFF_PERMISSIONS


# What the core lets an API key do; everything else a key carries comes from modules.
API_KEY_CORE_PERMISSIONS = (Perm.COMMUNE_READ.value,)


def api_key_permissions(
    registry: ModuleRegistry, enabled: Collection[str] | None = None
) -> dict[str, tuple[str, ...]]:
    """What an API key can carry, by who grants it: ``core``, then each module in order.

    ``enabled`` (a commune's modules) narrows it to what that commune can use; without
    it (the command line, before any commune is named) every module of ``registry`` counts.
    """
    granted: dict[str, tuple[str, ...]] = {"core": API_KEY_CORE_PERMISSIONS}
    for manifest in registry.manifests():
        if manifest.permissions and (enabled is None or manifest.name in enabled):
            granted[manifest.name] = tuple(str(p) for p in manifest.permissions)
    return granted
