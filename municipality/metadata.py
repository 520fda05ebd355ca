"""The metadata of every table, the core's and each available module's, for migrations."""

from __future__ import annotations

import importlib
import importlib.util

from sqlalchemy import MetaData

import municipality.models  # noqa: F401 - registers the core tables
from modules import DEFAULTS
from municipality.db import Base


def load_metadata(packages: list[str] | None = None) -> MetaData:
    """Import each module package's ``models`` so its tables join the shared metadata."""
    names = packages if packages is not None else DEFAULTS["baladiya.modules.available"].split()
    for package in names:
        if importlib.util.find_spec(f"{package}.models") is not None:
            importlib.import_module(f"{package}.models")
    return Base.metadata
