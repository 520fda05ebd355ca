"""Country profiles kept as data: one JSON file per country in a module's ``profiles``
package (``MA.json``, ``ML.json``), so a country's law is read, reviewed and extended as a
file rather than as code branches. Each module parses the document into its own types."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from pyramid.i18n import TranslationString

from municipality.errors import NotFound


def read(package: str, country: str, missing: TranslationString) -> dict[str, Any]:
    """The profile document of ``country`` in ``package``; ``missing`` (a 404) without one."""
    found = resources.files(package).joinpath(f"{country.upper()}.json")
    if not found.is_file():
        raise NotFound(missing)
    document: dict[str, Any] = json.loads(found.read_text(encoding="utf-8"))
    return document


def countries(package: str) -> list[str]:
    """The countries ``package`` has a profile for, in order."""
    return sorted(
        entry.name.removesuffix(".json")
        for entry in resources.files(package).iterdir()
        if entry.name.endswith(".json")
    )
