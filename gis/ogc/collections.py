"""The feature collections an OGC API of a commune serves, and how a module adds one.

A collection is an object with an ``id``, a translatable ``title`` and ``description``,
the ``module`` a commune must have enabled for it to be listed, and four methods that
take the session (already scoped to the commune) and the commune. gis registers its
public layers in :func:`gis.ogc.includeme`; another module adds its own layer from its
``includeme`` with ``config.add_ogc_collection(MyCollection())``, and the landing page,
collection list, items, HTML pages, downloads and maps pick it up with no other change.

:class:`ModelCollection` does the work for a table with ``geom`` / ``geom_4326``
columns: bounding boxes, counting (``numberMatched``), stable paging by primary key.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

import shapely
from pyramid.config import Configurator
from pyramid.exceptions import ConfigurationError
from pyramid.i18n import TranslationString
from pyramid.registry import Registry
from shapely.geometry.base import BaseGeometry
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from gis.services import features_in_bbox
from municipality.models import Commune

from .params import Interval, ItemsQuery

REGISTRY_KEY = "baladiya.gis.ogc_collections"
Box = tuple[float, float, float, float]


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
    module: ClassVar[str] = "gis"
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


def add_ogc_collection(config: Configurator, collection: Collection) -> None:
    """Configurator directive: serve ``collection`` in every commune's OGC API."""
    registered = config.registry.setdefault(REGISTRY_KEY, {})
    if collection.id in registered:
        raise ConfigurationError(f"OGC collection {collection.id!r} is registered twice")
    registered[collection.id] = collection


def available(registry: Registry, enabled_modules: frozenset[str]) -> dict[str, Collection]:
    """The collections of a commune: those whose module it enabled, in registration order."""
    registered: dict[str, Collection] = registry.get(REGISTRY_KEY, {})
    return {key: c for key, c in registered.items() if c.module in enabled_modules}


# --- Tables with geometries -------------------------------------------------------------


def _boxes(bbox: Box) -> list[Box]:
    """A box crossing the antimeridian (west > east) is two boxes."""
    west, south, east, north = bbox
    if west <= east:
        return [bbox]
    return [(west, south, 180.0, north), (-180.0, south, east, north)]


class ModelCollection(Collection):
    """A collection read from one mapped class with ``public_id``, ``geom``, ``geom_4326``.

    Bounding boxes go through :func:`gis.services.features_in_bbox` (GiST on PostgreSQL,
    a kept STRtree on SQLite); paging is by primary key, so pages are stable.
    """

    model: ClassVar[Any]

    @abstractmethod
    def properties(self, row: Any) -> dict[str, Any]: ...

    def conditions(
        self, session: Session, commune: Commune, interval: Interval | None
    ) -> list[ColumnElement[bool]]:
        """What narrows the table to the collection (on ``interval``, when temporal)."""
        return []

    def feature(self, row: Any) -> Feature:
        return Feature(str(row.public_id), row.geom_4326, self.properties(row), row.geom)

    def items(self, session: Session, commune: Commune, query: ItemsQuery) -> Page:
        where = self.conditions(session, commune, query.interval)
        boxes: list[Box | None] = list(_boxes(query.bbox)) if query.bbox else [None]
        if len(boxes) == 1:
            found = features_in_bbox(
                session, self.model, boxes[0], where=where, limit=query.limit, offset=query.offset
            )
            return Page([self.feature(r) for r in found.features], found.number_matched)
        rows = {
            row.id: row
            for box in boxes
            for row in features_in_bbox(session, self.model, box, where=where).features
        }
        ordered = [rows[key] for key in sorted(rows)]
        wanted = ordered[query.offset : query.offset + query.limit]
        return Page([self.feature(r) for r in wanted], len(ordered))

    def item(self, session: Session, commune: Commune, feature_id: str) -> Feature | None:
        try:
            public_id = uuid.UUID(feature_id)
        except ValueError:
            return None
        row = session.scalars(
            select(self.model).where(self.model.public_id == public_id)
        ).one_or_none()
        return None if row is None else self.feature(row)

    def extent(self, session: Session, commune: Commune) -> Extent:
        where = self.conditions(session, commune, None)
        if session.get_bind().dialect.name == "postgresql":
            box = func.ST_Extent(self.model.geom_4326)
            corners = (func.ST_XMin(box), func.ST_YMin(box), func.ST_XMax(box), func.ST_YMax(box))
            bounds = session.execute(select(*corners).where(*where)).one()
            if bounds[0] is None:
                return Extent(None)
        else:
            geometries = list(session.scalars(select(self.model.geom_4326).where(*where)))
            if not geometries:
                return Extent(None)
            bounds = shapely.total_bounds(geometries)
        west, south, east, north = (float(b) for b in bounds)
        return Extent((west, south, east, north))

    def everything(self, session: Session, commune: Commune) -> Iterator[Feature]:
        where = self.conditions(session, commune, None)
        for row in session.scalars(select(self.model).where(*where).order_by(self.model.id)):
            yield self.feature(row)
