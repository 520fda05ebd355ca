"""The indicator-source contract: a module's figures for the region's returns.

A module that can answer indicators of a regional indicator set offers an
:class:`IndicatorSource` provider (:data:`municipality.providers.Kind.INDICATOR_SOURCE`).
The ``consolidation`` module fills a commune's return from the sources of the modules
that commune enabled, and leaves every other cell empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy.orm import Session

from municipality.models import Commune


class IndicatorSource(Protocol):
    """Per-month values of some indicators of one indicator set."""

    @property
    def set_code(self) -> str:
        """The indicator set it answers (``activity-monthly``)."""
        ...

    @property
    def indicators(self) -> frozenset[str]:
        """The codes of the set's indicators it can give."""
        ...

    def values(
        self, session: Session, commune: Commune, indicator: str, year: int, months: Sequence[int]
    ) -> dict[int, Any]:
        """The commune's value of ``indicator`` for each month (1-12) of ``months``."""
        ...
