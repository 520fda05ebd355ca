"""Permits permissions: applicants file, planners instruct, consulted bodies give opinions,
the commission's members vote and the commission decides, the president (commune admin)
issues, inspectors visit works."""

from __future__ import annotations

from enum import StrEnum


class Perm(StrEnum):
    APPLY = "permits:file:apply"
    VIEW = "permits:file:view"
    INSTRUCT = "permits:file:instruct"
    GIVE_OPINION = "permits:opinion:give"
    DECIDE = "permits:commission:decide"
    ISSUE = "permits:permit:issue"
    INSPECT = "permits:works:inspect"
    VOTE = "permits:commission:vote"


# What the urban planner does: everything between filing and the commission's decision,
# and the inspection of works.
PLANNER = (Perm.VIEW, Perm.INSTRUCT, Perm.INSPECT)

# The documents module's permission to open an issued document (the signed permit).
OPEN_DOCUMENT = "documents:document:view"
