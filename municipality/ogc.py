"""The OGC collection contract: a layer one module offers to every commune's map API.

A module offers its collections as one ``Kind.OGC_COLLECTION`` provider
(:mod:`municipality.providers`), named after the module, whose value is the sequence of
its :class:`Collection` objects in the order they are listed. The GIS module serves the
collections of the modules a commune enabled in its OGC API, downloads and maps; the
module offering a layer needs the core only, not the GIS package.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

import shapely
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
class EncodedPage:
    """A page of features already written as the text of a GeoJSON array of features.

    Built where it is cheapest (by the database, or by shapely on a whole array of
    geometries) and written into the answer as it is: serving a page then makes no
    Python object per feature.
    """

    features: str
    returned: int
    matched: int


def json_value(value: Any) -> Any:
    """A property value as JSON has it: days and times in ISO 8601."""
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def encode_features(
    ids: Sequence[str] | None, geometries: Sequence[str], properties: Sequence[dict[str, Any]]
) -> str:
    """The GeoJSON array of features from their ids (``None``: features without one),
    geometries already encoded as GeoJSON text, and properties: one string, with no
    document built feature by feature."""
    named = [f'"id":{json.dumps(i)},' for i in ids] if ids is not None else [""] * len(geometries)
    return (
        "["
        + ",".join(
            f'{{"type":"Feature",{i}"geometry":{g},"properties":'
            f"{json.dumps(p, ensure_ascii=False, separators=(',', ':'), default=json_value)}}}"
            for i, g, p in zip(named, geometries, properties, strict=True)
        )
        + "]"
    )


def encode_feature_list(features: Sequence[Feature]) -> str:
    """:func:`encode_features` of feature objects, their geometries encoded all at once."""
    return encode_features(
        [f.id for f in features],
        list(shapely.to_geojson([f.geometry for f in features])),
        [f.properties for f in features],
    )


def feature_collection(features: str, members: dict[str, Any]) -> bytes:
    """A FeatureCollection document, in UTF-8, with the text of its features (from
    :func:`encode_features` or the database) spliced in as it is, never parsed and
    written again, and its other ``members`` after it."""
    rest = json.dumps(members, ensure_ascii=False, separators=(",", ":"))[1:]
    separator = "," if members else ""
    return f'{{"type":"FeatureCollection","features":{features}{separator}{rest}'.encode()


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

    def encoded_items(self, session: Session, commune: Commune, query: ItemsQuery) -> EncodedPage:
        """The page of :meth:`items` as GeoJSON text; a collection that can build the text
        more cheaply than from its features (in the database) does so here."""
        page = self.items(session, commune, query)
        return EncodedPage(encode_feature_list(page.features), len(page.features), page.matched)

    @abstractmethod
    def item(self, session: Session, commune: Commune, feature_id: str) -> Feature | None: ...

    @abstractmethod
    def extent(self, session: Session, commune: Commune) -> Extent: ...

    @abstractmethod
    def everything(self, session: Session, commune: Commune) -> Iterator[Feature]:
        """Every feature as it is today, with its native geometry (downloads)."""

    def encoded_everything(self, session: Session, commune: Commune) -> str:
        """Every feature as it is today (:meth:`everything`) as the text of a GeoJSON
        array; a collection that can build it more cheaply does so here."""
        return encode_feature_list(list(self.everything(session, commune)))
