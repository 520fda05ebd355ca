"""The permissions of the regional-returns module (region pages go by supervision instead)."""

from __future__ import annotations

from enum import StrEnum


class Perm(StrEnum):
    RETURNS_VIEW = "consolidation:return:view"
