"""The permissions of the maps and zoning module."""

from __future__ import annotations

from enum import StrEnum


class Perm(StrEnum):
    VIEW = "gis:plan:view"
    MANAGE = "gis:plan:manage"
    CHECK = "gis:check:run"
