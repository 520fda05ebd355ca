"""Issued documents' permissions: revoking one document, and seeing how the seals are used."""

from __future__ import annotations

from enum import StrEnum


class Perm(StrEnum):
    REVOKE = "documents:document:revoke"
    VIEW_SEAL = "documents:seal:view"
