"""Issued documents' permissions: the register, issuing, revoking, and how the seals are used."""

from __future__ import annotations

from enum import StrEnum


class Perm(StrEnum):
    VIEW = "documents:document:view"
    ISSUE = "documents:document:issue"
    REVOKE = "documents:document:revoke"
    VIEW_SEAL = "documents:seal:view"
