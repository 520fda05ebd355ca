"""Where each commune's OGC API finds its collections, and tables served as collections.

The contract (:class:`municipality.ogc.Collection`) is the core's: a module offers its
collections as one ``Kind.OGC_COLLECTION`` provider, named after the module, whose value
is the sequence of its collections in the order they are listed
(``config.add_provider(Kind.OGC_COLLECTION, "gis", PUBLIC_LAYERS, module="gis")``). A
commune serves the collections of the modules it enabled (providers by name, each
module's in its own order), and the landing page, collection list, items, HTML pages,
downloads and maps pick a new one up with no other change.

:class:`ModelCollection` does the work for a table with ``geom`` / ``geom_4326``
columns: bounding boxes, counting (``numberMatched``), stable paging by primary key.
"""

from __future__ import annotations

import uuid
from abc import abstractmethod
from collections.abc import Iterator
from typing import Any, ClassVar

import shapely
from pyramid.exceptions import ConfigurationError
from pyramid.registry import Registry
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from gis.services import features_in_bbox
from municipality.models import Commune
from municipality.ogc import Box, Collection, Extent, Feature, Interval, ItemsQuery, Page
from municipality.providers import Kind, enabled_providers, providers


def check_unique_ids(registry: Registry) -> None:
    """A collection id offered twice (by two modules, or one) is a start-up error."""
    owner: dict[str, str] = {}
    for offered in providers(registry, Kind.OGC_COLLECTION):
        for collection in offered.provider:
            if collection.id in owner:
                raise ConfigurationError(
                    f"OGC collection {collection.id!r} is offered by module"
                    f" {owner[collection.id]!r} and again by module {offered.module!r}"
                )
            owner[collection.id] = offered.module


def available(registry: Registry, enabled_modules: frozenset[str]) -> dict[str, Collection]:
    """The collections of a commune: those offered by the modules it enabled."""
    offered = enabled_providers(registry, Kind.OGC_COLLECTION, enabled_modules)
    return {collection.id: collection for o in offered for collection in o.provider}


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
