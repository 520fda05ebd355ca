"""The permissions of the national-platforms module."""

from __future__ import annotations

from enum import StrEnum


class Perm(StrEnum):
    VIEW = "sync:delivery:view"
    MANAGE = "sync:delivery:manage"
    CONFIGURE = "sync:platform:configure"
