"""The OGC collection contract: a layer one module offers to every commune's map API.

A module offers its collections as one ``Kind.OGC_COLLECTION`` provider
(:mod:`municipality.providers`), named after the module, whose value is the sequence of
its :class:`Collection` objects in the order they are listed. The GIS module serves the
collections of the modules a commune enabled in its OGC API, downloads and maps; the
module offering a layer needs the core only, not the GIS package.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from pyramid.i18n import TranslationString
from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import Session

from municipality.models import Commune

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Interval:
    """A closed span of days (open ends are ``None``) in the commune's calendar."""

    start: date | None
    end: date | None

    @classmethod
    def instant(cls, day: date) -> Interval:
        return cls(day, day)


@dataclass(frozen=True)
class ItemsQuery:
    """An items request as the API parsed it: a box in longitude/latitude, a span, a page."""

    bbox: Box | None
    interval: Interval | None
    limit: int
    offset: int


@dataclass(frozen=True)
class Feature:
    """One feature: ``geometry`` in longitude/latitude, ``native`` in the commune's CRS."""

    id: str
    geometry: BaseGeometry
    properties: dict[str, Any]
    native: BaseGeometry | None = None


@dataclass(frozen=True)
class Page:
    features: list[Feature]
    matched: int


@dataclass(frozen=True)
class Extent:
    bbox: Box | None
    interval: tuple[date | None, date | None] | None = None


class Collection(ABC):
    """What the OGC API, the downloads and the maps need to know of one layer."""

    id: ClassVar[str]
    title: ClassVar[TranslationString]
    description: ClassVar[TranslationString]
    # Whether ``datetime`` selects features; otherwise it is checked and has no effect.
    temporal: ClassVar[bool] = False
    geometry_kind: ClassVar[str] = "polygon"

    @abstractmethod
    def items(self, session: Session, commune: Commune, query: ItemsQuery) -> Page: ...

    @abstractmethod
    def item(self, session: Session, commune: Commune, feature_id: str) -> Feature | None: ...

    @abstractmethod
    def extent(self, session: Session, commune: Commune) -> Extent: ...

    @abstractmethod
    def everything(self, session: Session, commune: Commune) -> Iterator[Feature]:
        """Every feature as it is today, with its native geometry (downloads)."""
