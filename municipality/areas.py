"""Whether a point lies in a commune's area, for modules that must not depend on the GIS layer.

The core keeps no boundary. A package that knows one (the GIS layer) registers a
provider from its ``includeme`` with :func:`set_provider`; modules ask :func:`contains`.
Without a provider, or for a commune whose boundary is unknown, the answer is ``None``:
nobody can say, so nothing is flagged.
"""

from __future__ import annotations

from collections.abc import Callable

from pyramid.registry import Registry
from sqlalchemy.orm import Session

from municipality.models import Commune

PROVIDER_KEY = "baladiya.commune_area"

# ``(session, commune, latitude, longitude)`` -> inside (True), outside (False), unknown (None).
AreaProvider = Callable[[Session, Commune, float, float], bool | None]


def set_provider(registry: Registry, provider: AreaProvider) -> None:
    """Make ``provider`` the one that answers for every commune of this application."""
    registry[PROVIDER_KEY] = provider


def provider_of(registry: Registry) -> AreaProvider | None:
    return registry.get(PROVIDER_KEY)


def contains(
    provider: AreaProvider | None,
    session: Session,
    commune: Commune,
    latitude: float,
    longitude: float,
) -> bool | None:
    """Inside, outside, or ``None`` when no provider knows the commune's boundary."""
    if provider is None:
        return None
    return provider(session, commune, latitude, longitude)
