"""The metadata of every table, the core's and each available module's, for migrations."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Sequence

from sqlalchemy import MetaData

import municipality.models  # noqa: F401 - registers the core tables
from modules import DEFAULTS
from municipality.db import Base

# The core's package: its tables and its migrations' branch label.
CORE_PACKAGE = "municipality"


def module_packages() -> list[str]:
    """The module packages available by default (``baladiya.modules.available``)."""
    return str(DEFAULTS["baladiya.modules.available"]).split()


def load_metadata(packages: Sequence[str] | None = None) -> MetaData:
    """Import each module package's ``models`` so its tables join the shared metadata."""
    for package in module_packages() if packages is None else packages:
        if importlib.util.find_spec(f"{package}.models") is not None:
            importlib.import_module(f"{package}.models")
    return Base.metadata
