"""The permissions of the complaints module, one per thing staff (or a client) may do."""

from __future__ import annotations

from enum import StrEnum


class Perm(StrEnum):
    VIEW = "complaints:request:view"
    ACKNOWLEDGE = "complaints:request:acknowledge"
    ASSIGN = "complaints:request:assign"
    START = "complaints:request:start"
    RESOLVE = "complaints:request:resolve"
    CLOSE = "complaints:request:close"
    REJECT = "complaints:request:reject"
    REOPEN = "complaints:request:reopen"
    NOTE = "complaints:request:note"
    REPLY = "complaints:request:reply"
    MERGE = "complaints:request:merge"
    # Filing through Open311: given to API keys of client applications.
    FILE = "complaints:request:file"
    # Categories, departments and targets: the commune administrator's configuration.
    MANAGE_CATEGORIES = "complaints:category:manage"


# What handling complaints takes: everything but the configuration.
HANDLE = tuple(p for p in Perm if p is not Perm.MANAGE_CATEGORIES)

# Not a role's permission and never granted: what holding a complaint's tracking code (or
# owning it through an account) allows its reporter, and nothing else.
REPORTER = "complaints:request:reporter"
