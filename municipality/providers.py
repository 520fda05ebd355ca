"""Named providers: how one module offers something that another one uses.

A module offers a provider in its ``includeme`` with
``config.add_provider(kind, name, provider, module=...)``; a module that needs
providers of a kind asks :func:`providers` (or :func:`enabled_providers`, for the
modules a commune switched on) and never imports the offering package, the way
pygeoapi finds its data providers by name. What a provider of each kind must look
like is a contract of the core (:mod:`municipality.feeds`,
:mod:`municipality.indicators`, :mod:`municipality.ogc`, :mod:`municipality.maps`,
:class:`municipality.files.references.FileReference`, and
:data:`municipality.views.shell.DashboardCard`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pyramid.config import Configurator
from pyramid.exceptions import ConfigurationError
from pyramid.registry import Registry

PROVIDERS_KEY = "baladiya.providers"


class Kind(StrEnum):
    """What a provider offers; each kind has one contract in the core."""

    NATIONAL_FEED = "national_feed"
    INDICATOR_SOURCE = "indicator_source"
    OGC_COLLECTION = "ogc_collection"
    DASHBOARD_CARD = "dashboard_card"
    DOCUMENT_TYPE = "document_type"
    FEE_ITEM = "fee_item"
    PAYABLE_OBJECT = "payable_object"
    REVENUE_LEDGER = "revenue_ledger"
    MAP_BASE_LAYER = "map_base_layer"
    GAZETTEER = "gazetteer"
    FILE_REFERENCE = "file_reference"


@dataclass(frozen=True)
class Offered:
    """One provider and the module that offers it."""

    kind: Kind
    name: str
    module: str
    provider: Any


def _offered(registry: Registry) -> dict[tuple[Kind, str], Offered]:
    found: dict[tuple[Kind, str], Offered] = registry.setdefault(PROVIDERS_KEY, {})
    return found


def offer(registry: Registry, kind: Kind, name: str, provider: Any, *, module: str) -> None:
    """Register ``provider``; a kind and name two modules both claim is a start-up error."""
    offered = _offered(registry)
    taken = offered.get((kind, name))
    if taken is not None:
        raise ConfigurationError(
            f"{kind} provider {name!r} is offered by both module {taken.module!r}"
            f" and module {module!r}"
        )
    offered[(kind, name)] = Offered(kind, name, module, provider)


def add_provider(
    config: Configurator, kind: Kind, name: str, provider: Any, *, module: str
) -> None:
    """The ``config.add_provider`` directive (see :func:`offer`).

    ``provider`` may be a dotted name (``".feeds.FEED"``), so a package's ``__init__``
    need not import its own services to offer them.
    """
    offer(config.registry, Kind(kind), name, config.maybe_dotted(provider), module=module)


def providers(registry: Registry, kind: Kind) -> list[Offered]:
    """Every provider of ``kind``, by name."""
    found = [o for (k, _name), o in _offered(registry).items() if k == kind]
    return sorted(found, key=lambda o: o.name)


def provider(registry: Registry, kind: Kind, name: str) -> Any:
    """The provider of ``kind`` called ``name``; ``LookupError`` when no module offers it."""
    try:
        return _offered(registry)[(kind, name)].provider
    except KeyError:
        raise LookupError(f"no {kind} provider named {name!r}") from None


def enabled_providers(registry: Registry, kind: Kind, enabled: frozenset[str]) -> list[Offered]:
    """The providers of ``kind`` offered by the modules in ``enabled`` (a commune's)."""
    return [o for o in providers(registry, kind) if o.module in enabled]


def includeme(config: Configurator) -> None:
    config.add_directive("add_provider", add_provider)
