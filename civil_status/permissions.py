"""Civil status permissions: agents enter acts, ask for mentions and issue extracts at the
counter; officers sign and approve."""

from __future__ import annotations

from enum import StrEnum


class Perm(StrEnum):
    VIEW = "civil_status:act:view"
    ENTER = "civil_status:act:enter"
    SIGN = "civil_status:act:sign"
    REQUEST_MENTION = "civil_status:mention:request"
    APPROVE_MENTION = "civil_status:mention:approve"
    MANAGE_REGISTERS = "civil_status:register:manage"
    ISSUE_EXTRACT = "civil_status:extract:issue"
    HANDLE_REQUEST = "civil_status:request:handle"


# What the counter agents do; signing and approving belong to the officer alone.
ENTRY = (Perm.VIEW, Perm.ENTER, Perm.REQUEST_MENTION, Perm.ISSUE_EXTRACT, Perm.HANDLE_REQUEST)

# The documents module's permission to open an issued document: the officer opens the
# extracts listed on an act's page (agents hold it from the documents module already).
OPEN_DOCUMENT = "documents:document:view"

# No role settles a copy request: only the payments module's confirmation of its fee
# does, through the payable this module offers (``civil_status.payables``).
SETTLE_REQUEST = "civil_status:request:settle"

# What whoever holds a request's code may do with it: collect the issued copy.
REQUESTER = "civil_status:request:collect"

# No role answers a forwarded copy request: only the national registry does, its answer
# pulled by the sync module and applied through the civil status feed.
NATIONAL_REGISTRY = "civil_status:request:answer"
