"""Roles and the core's permissions.

Permissions are strings ``<package>:<resource>:<action>``. A role grants a set of
permissions inside the commune (or region) of the membership that holds it; modules add
their own permissions to roles through their manifests.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    AGENT = "agent"
    CIVIL_STATUS_OFFICER = "civil_status_officer"
    URBAN_PLANNER = "urban_planner"
    COMMISSION_MEMBER = "commission_member"
    BUDGET_OFFICER = "budget_officer"
    TREASURER = "treasurer"
    COMMUNE_ADMIN = "commune_admin"
    SUPERVISOR = "supervisor"
    RESIDENT = "resident"


COMMUNE_ROLES = frozenset(
    {
        Role.AGENT,
        Role.CIVIL_STATUS_OFFICER,
        Role.URBAN_PLANNER,
        Role.COMMISSION_MEMBER,
        Role.BUDGET_OFFICER,
        Role.TREASURER,
        Role.COMMUNE_ADMIN,
    }
)
REGION_ROLES = frozenset({Role.SUPERVISOR})

# Roles that can sign acts or move money must prove a second factor at log-in.
SECOND_FACTOR_ROLES = frozenset(
    {Role.CIVIL_STATUS_OFFICER, Role.BUDGET_OFFICER, Role.TREASURER, Role.COMMUNE_ADMIN}
)


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

CORE_ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    role.value: frozenset(STAFF_PERMISSIONS) for role in COMMUNE_ROLES
}
CORE_ROLE_PERMISSIONS[Role.COMMUNE_ADMIN.value] = STAFF_PERMISSIONS | {
    Perm.MODULES_MANAGE,
    Perm.APIKEYS_MANAGE,
    Perm.OUTBOX_MANAGE,
}
CORE_ROLE_PERMISSIONS[Role.SUPERVISOR.value] = frozenset(
    {Perm.DASHBOARD_VIEW, Perm.COMMUNE_READ, Perm.HISTORY_VIEW}
)
CORE_ROLE_PERMISSIONS[Role.RESIDENT.value] = frozenset()
