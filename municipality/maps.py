"""The map contract: what is drawn under every map of a commune, and the places people name.

Maps are drawn by ``static/map.js`` from a list of GeoJSON layers. Under the layers a page
shows (complaints, a parcel, a project site) every map of a commune draws the same base:
by default the commune's own layers (its boundary, zones, parcels, streets and named
places), so no map needs a tile server on another host. A module offers base layers as
one ``Kind.MAP_BASE_LAYER`` provider, named after the module: a callable
``(request, commune) -> Sequence[MapLayer]``.

Residents say where something is by a street or a place, never by coordinates. A module
that knows the commune's named places offers a ``Kind.GAZETTEER`` provider (a
:class:`Gazetteer`); the location picker searches them and lists them when JavaScript is
off (whether a pin is inside the commune is :mod:`municipality.areas`' question). The core
needs no GIS package for this: with no gazetteer enabled, the picker still takes an address
and a pin.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from markupsafe import Markup, escape
from pyramid.registry import Registry
from pyramid.request import Request
from sqlalchemy.orm import Session

from municipality.activation import enabled_modules
from municipality.models import Commune
from municipality.providers import Kind, enabled_providers

# Arabic diacritics (harakat, tatweel) a resident rarely types and a file may hold.
_ARABIC_MARKS = {chr(c) for c in range(0x064B, 0x0660)} | {"\u0640", "\u0670"}


@dataclass(frozen=True)
class MapLayer:
    """One GeoJSON layer as ``map.js`` draws it (see the comment at the top of map.js):
    ``classify`` colours features by a property, ``label`` names the property shown as a
    label at close zoom, ``link`` puts a link in a feature's popup."""

    url: str
    title: str
    color: str
    kind: str = "polygon"
    style: str = "outline"
    fields: dict[str, str] = field(default_factory=dict)
    classify: dict[str, Any] = field(default_factory=dict)
    label: str = ""
    link: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value}


class BaseLayers(Protocol):
    def __call__(self, request: Request, commune: Commune) -> Sequence[MapLayer]: ...


@dataclass(frozen=True)
class Place:
    """A named street or place, at the point a pin for it should go (WGS84)."""

    name_ar: str
    name_fr: str
    kind: str
    longitude: float
    latitude: float

    def name(self, locale: str) -> str:
        """The name in ``locale``'s script when the commune has it, else the other one."""
        if locale == "ar":
            return self.name_ar or self.name_fr
        return self.name_fr or self.name_ar


class Gazetteer(Protocol):
    """The named places of a commune, as a module that stores them offers them."""

    def __call__(self, session: Session, commune: Commune, text: str, limit: int) -> list[Place]:
        """Places whose name holds ``text`` (folded by :func:`search_key`); with an empty
        ``text``, the commune's places first and then its streets, by name, for the list
        shown without JavaScript."""
        ...


def search_key(*names: str) -> str:
    """Names folded for searching: lower case, no accents, no Arabic diacritics, and
    the Arabic letters written several ways (alef with hamza, ta marbuta, alef maqsura)
    brought to one, so ``"Hassan II"``, ``"hassan ii"`` and ``"حسان"`` find what was stored."""
    folded = []
    for name in names:
        decomposed = unicodedata.normalize("NFKD", name.casefold())
        kept = "".join(
            c for c in decomposed if not unicodedata.combining(c) and c not in _ARABIC_MARKS
        )
        folded.append(kept.translate(_ARABIC_LETTERS))
    return " ".join(" ".join(name.split()) for name in folded if name)


# Alef with hamza or madda, and wasla, to bare alef; ta marbuta to heh; alef maqsura to yeh.
_ARABIC_LETTERS = str.maketrans(
    {
        "\u0623": "\u0627",
        "\u0625": "\u0627",
        "\u0622": "\u0627",
        "\u0671": "\u0627",
        "\u0629": "\u0647",
        "\u0649": "\u064a",
    }
)


@dataclass(frozen=True)
class BaseMap:
    """What a page needs to draw a commune's map: its base layers and the operator's
    basemap, as the data attributes ``map.js`` reads."""

    layers: list[MapLayer]
    basemap: str = ""
    basemap_url: str = ""
    attribution: str = ""

    def attributes(self) -> Markup:
        values = {
            "data-base-layers": json.dumps(
                [layer.as_json() for layer in self.layers], ensure_ascii=False
            ),
            "data-basemap": self.basemap,
            "data-basemap-url": self.basemap_url,
            "data-attribution": self.attribution,
        }
        return Markup(" ").join(
            Markup('{}="{}"').format(name, escape(value)) for name, value in values.items() if value
        )


def map_base(request: Request) -> BaseMap:
    """The base of the current commune's maps (a template global: ``map_base(request)``)."""
    settings = request.registry.settings
    return BaseMap(
        base_layers(request, request.commune),
        settings["baladiya.core.basemap"],
        settings["baladiya.core.basemap_url"],
        settings["baladiya.core.basemap_attribution"],
    )


def base_layers(request: Request, commune: Commune) -> list[MapLayer]:
    """The base drawn under every map of ``commune``, from the modules it enabled."""
    tenant = request.tenant
    if tenant is not None and tenant.id == commune.id:
        enabled = tenant.modules
    else:
        enabled = enabled_modules(request.dbsession, commune.id)
    layers: list[MapLayer] = []
    for offered in enabled_providers(request.registry, Kind.MAP_BASE_LAYER, enabled):
        layers.extend(offered.provider(request, commune))
    return layers


def search_places(
    registry: Registry, session: Session, commune: Commune, text: str, limit: int = 20
) -> list[Place]:
    """Places of ``commune`` matching ``text``, from the gazetteers of the modules it
    enabled, at most ``limit``."""
    enabled = enabled_modules(session, commune.id)
    found: list[Place] = []
    for offered in enabled_providers(registry, Kind.GAZETTEER, enabled):
        found.extend(offered.provider(session, commune, text, limit - len(found)))
        if len(found) >= limit:
            break
    return found
