"""The notice board's permissions: reading the staff list, and publishing or withdrawing."""

from __future__ import annotations

from enum import StrEnum


class Perm(StrEnum):
    VIEW = "notices:notice:view"
    PUBLISH = "notices:notice:publish"
