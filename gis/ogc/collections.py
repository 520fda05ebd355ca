"""Where each commune's OGC API finds its collections, and tables served as collections.

The contract (:class:`municipality.ogc.Collection`) is the core's: a module offers its
collections as one ``Kind.OGC_COLLECTION`` provider, named after the module, whose value
is the sequence of its collections in the order they are listed
(``config.add_provider(Kind.OGC_COLLECTION, "gis", PUBLIC_LAYERS, module="gis")``). A
commune serves the collections of the modules it enabled (providers by name, each
module's in its own order), and the landing page, collection list, items, HTML pages,
downloads and maps pick a new one up with no other change.

:class:`ModelCollection` does the work for a table with ``geom`` / ``geom_4326``
columns: bounding boxes, counting (``numberMatched``), stable paging by primary key, and
pages of items written as GeoJSON where it is cheapest: by PostGIS on PostgreSQL (one
statement returns the page as one text value), by shapely on the page's whole array of
WKB on SQLite. A page served this way makes no ORM object and no shapely object per
feature.
"""

from __future__ import annotations

import uuid
from abc import abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

import shapely
from pyramid.exceptions import ConfigurationError
from pyramid.registry import Registry
from sqlalchemy import (
    JSON,
    ColumnElement,
    Select,
    SQLColumnExpression,
    Text,
    bindparam,
    cast,
    func,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from gis.geometry import as_geojson, geojson_texts
from gis.services import ids_in_bbox
from municipality.models import Commune
from municipality.ogc import (
    Box,
    Collection,
    EncodedPage,
    Extent,
    Feature,
    Interval,
    ItemsQuery,
    Page,
    encode_features,
    json_value,
)
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

# Coordinates of served features, in degrees: 7 decimals is about a centimetre, what a
# cadastre holds; more only make the answer longer. The same on both databases.
DECIMALS = 7


def _boxes(bbox: Box) -> list[Box]:
    """A box crossing the antimeridian (west > east) is two boxes."""
    west, south, east, north = bbox
    if west <= east:
        return [bbox]
    return [(west, south, 180.0, north), (-180.0, south, east, north)]


def _plain(value: Any) -> Any:
    """A property as JSON has it (days in ISO 8601), as PostgreSQL's ``json`` writes it."""
    return value if isinstance(value, str | int | float | bool | None) else json_value(value)


@dataclass(frozen=True)
class _Window:
    """What selects one page. ``where`` shapes the statement; ``params`` are the values it
    binds when it runs (the boxes' corners, ``limit`` and ``offset`` when ``paged``), so
    that a statement of one shape can be built once. ``matched`` is known already when the
    ids came from the SQLite tree (the page is then those ids), else it is counted in SQL."""

    where: list[ColumnElement[bool]]
    params: dict[str, Any]
    matched: int | None = None
    paged: bool = True


_CORNERS = ("west", "south", "east", "north")


class ModelCollection(Collection):
    """A collection read from one mapped class with ``public_id``, ``geom``, ``geom_4326``.

    Bounding boxes use the GiST index on PostgreSQL and a kept STRtree on SQLite (see
    :func:`gis.services.ids_in_bbox`); paging is by primary key, so pages are stable.
    Properties are SQL expressions (:meth:`columns`), so the database can write them.
    """

    model: ClassVar[Any]

    @abstractmethod
    def columns(self) -> dict[str, SQLColumnExpression[Any]]:
        """The public properties of a feature, by name, as columns of the model or of the
        tables :meth:`joined` adds."""

    def joined(self, query: Select[Any]) -> Select[Any]:
        """``query`` with the tables :meth:`columns` reads besides the model's."""
        return query

    def id_column(self) -> SQLColumnExpression[Any]:
        """What a feature is called in the API: its public id."""
        return self.model.public_id

    def identified(self, feature_id: str) -> list[ColumnElement[bool]] | None:
        """The condition selecting the feature named ``feature_id``; ``None``: no such name."""
        try:
            public_id = uuid.UUID(feature_id)
        except ValueError:
            return None
        return [self.model.public_id == public_id]

    def conditions(
        self, session: Session, commune: Commune, interval: Interval | None
    ) -> list[ColumnElement[bool]]:
        """What narrows the table to the collection (on ``interval``, when temporal)."""
        return []

    # --- Rows and features

    def _select(self, *geometries: ColumnElement[Any]) -> Select[Any]:
        """Id, ``geometries``, then the properties in :meth:`columns` order, by primary key."""
        query = select(self.id_column(), *geometries, *self.columns().values())
        return self.joined(query).order_by(self.model.id)

    @cached_property
    def _names(self) -> tuple[str, ...]:
        return tuple(self.columns())

    def _properties(self, values: Sequence[Any]) -> dict[str, Any]:
        return {name: _plain(v) for name, v in zip(self._names, values, strict=True)}

    def _feature(self, row: Row[Any]) -> Feature:
        """A feature from a row of ``_select(geom_4326, geom)``."""
        return Feature(str(row[0]), row[1], self._properties(row[3:]), row[2])

    def _features(self, session: Session, query: Select[Any]) -> list[Feature]:
        return [self._feature(row) for row in session.execute(query)]

    # --- Pages

    def _window(
        self, session: Session, where: list[ColumnElement[bool]], query: ItemsQuery
    ) -> _Window:
        """The page's conditions: the bounding box by the GiST index on PostgreSQL; on
        SQLite the kept tree gives the matching ids, and the page is the ids it keeps."""
        boxes = _boxes(query.bbox) if query.bbox else []
        if boxes and session.get_bind().dialect.name != "postgresql":
            ids = sorted(
                {i for box in boxes for i in ids_in_bbox(session, self.model, box, where=where)}
            )
            page = ids[query.offset : query.offset + query.limit]
            return _Window([self.model.id.in_(page)], {}, len(ids), paged=False)
        params: dict[str, Any] = {"limit": query.limit, "offset": query.offset}
        for number, box in enumerate(boxes):
            params.update(
                {f"{corner}_{number}": v for corner, v in zip(_CORNERS, box, strict=True)}
            )
        return _Window([*where, *self._in_boxes(len(boxes))], params)

    def _in_boxes(self, count: int) -> list[ColumnElement[bool]]:
        """Intersecting one of ``count`` boxes whose corners are bound when it runs (built
        once per count: putting spatial functions together costs more than running them)."""
        if not count:
            return []
        found = self._box_conditions.get(count)
        if found is None:
            envelopes = (
                func.ST_MakeEnvelope(*(bindparam(f"{c}_{n}") for c in _CORNERS), 4326)
                for n in range(count)
            )
            found = or_(*(func.ST_Intersects(self.model.geom_4326, e) for e in envelopes))
            self._box_conditions[count] = found
        return [found]

    @cached_property
    def _box_conditions(self) -> dict[int, ColumnElement[bool]]:
        return {}

    def _count(self, window: _Window) -> Select[Any]:
        return select(func.count()).select_from(self.model).where(*window.where)

    def _paged(self, query: Select[Any], window: _Window) -> Select[Any]:
        query = query.where(*window.where)
        if window.paged:
            query = query.limit(bindparam("limit")).offset(bindparam("offset"))
        return query

    def items(self, session: Session, commune: Commune, query: ItemsQuery) -> Page:
        window = self._window(session, self.conditions(session, commune, query.interval), query)
        paged = self._paged(self._select(self.model.geom_4326, self.model.geom), window)
        found = [self._feature(row) for row in session.execute(paged, window.params)]
        matched = window.matched
        if matched is None:
            matched = session.execute(self._count(window), window.params).scalar_one()
        return Page(found, matched)

    def encoded_items(self, session: Session, commune: Commune, query: ItemsQuery) -> EncodedPage:
        conditions = self.conditions(session, commune, query.interval)
        window = self._window(session, conditions, query)
        if session.get_bind().dialect.name != "postgresql":
            return self._encoded_from_wkb(session, window)
        text, returned, total = session.execute(
            self._postgis_statement(window, conditions, query), window.params
        ).one()
        return EncodedPage(text, returned, total)

    def _postgis_statement(
        self, window: _Window, conditions: list[ColumnElement[bool]], query: ItemsQuery
    ) -> Select[Any]:
        """The page's statement; without conditions every value in it is bound when it
        runs, so it is built once for each number of boxes."""
        if conditions:
            return self._postgis_page(window)
        boxes = len(_boxes(query.bbox)) if query.bbox else 0
        found = self._statements.get(boxes)
        if found is None:
            found = self._statements[boxes] = self._postgis_page(window)
        return found

    @cached_property
    def _statements(self) -> dict[int, Select[Any]]:
        """The PostGIS page statements of a collection without conditions, by box count."""
        return {}

    @cached_property
    def _feature_json(self) -> ColumnElement[Any]:
        """A feature as PostgreSQL's ``json``; built once, it is the costliest part of the
        statement to put together."""
        # Names are bound as typed strings (``json_build_object`` takes "any" arguments).
        properties = func.json_build_object(
            *(part for name, column in self.columns().items() for part in (name, column))
        )
        return func.json_build_object(
            "type",
            "Feature",
            "id",
            cast(self.id_column(), Text),
            "geometry",
            cast(func.ST_AsGeoJSON(self.model.geom_4326, DECIMALS), JSON),
            "properties",
            properties,
        ).label("feature")

    def _postgis_page(self, window: _Window) -> Select[Any]:
        """One statement: the page as one JSON text, how many it holds, how many matched."""
        page = (
            self._paged(self.joined(select(self.model.id.label("key"), self._feature_json)), window)
            .order_by(self.model.id)
            .subquery()
        )
        encoded = func.coalesce(
            cast(func.json_agg(aggregate_order_by(page.c.feature, page.c.key)), Text), "[]"
        )
        return select(encoded, func.count(page.c.key), self._count(window).scalar_subquery())

    def _encoded_from_wkb(self, session: Session, window: _Window) -> EncodedPage:
        """The page's WKB read as bytes and written as GeoJSON by shapely, all at once."""
        raw = as_geojson("sqlite", self.model.geom_4326, DECIMALS)
        rows = session.execute(self._paged(self._select(raw), window), window.params).all()
        geometries = geojson_texts("sqlite", [row[1] for row in rows], DECIMALS)
        matched = window.matched
        if matched is None:
            matched = session.execute(self._count(window), window.params).scalar_one()
        text = encode_features(
            [str(row[0]) for row in rows],
            geometries,
            [self._properties(row[2:]) for row in rows],
        )
        return EncodedPage(text, len(rows), matched)

    def encoded_everything(self, session: Session, commune: Commune) -> str:
        window = _Window(self.conditions(session, commune, None), {}, paged=False)
        if session.get_bind().dialect.name == "postgresql":
            return str(session.execute(self._postgis_page(window)).one()[0])
        return self._encoded_from_wkb(session, window).features

    def item(self, session: Session, commune: Commune, feature_id: str) -> Feature | None:
        where = self.identified(feature_id)
        if where is None:
            return None
        found = self._features(
            session, self._select(self.model.geom_4326, self.model.geom).where(*where).limit(1)
        )
        return found[0] if found else None

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
        query = self._select(self.model.geom_4326, self.model.geom).where(*where)
        for row in session.execute(query):
            yield self._feature(row)
