"""A geometry column that gives shapely 2 geometries in Python on both databases.

On PostgreSQL the column is a PostGIS ``geometry`` (GeoAlchemy2's type), so SQL can use
spatial functions and GiST indexes. On SQLite it is the geometry's extended WKB in a
BLOB: this Python cannot load SpatiaLite, so spatial work there happens in shapely.
Either way Python code reads and writes shapely geometries and never sees the encoding.

Every feature table stores a geometry twice: ``geom`` in the commune's projected CRS
(metres, for areas, distances and setbacks) and ``geom_4326`` in WGS 84 longitude /
latitude for web clients and bounding-box queries. :func:`spatial_index` declares the
GiST index on PostgreSQL; on SQLite the same declaration makes an empty partial index
(``WHERE 0``), which costs nothing and keeps one schema description for both databases.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from geoalchemy2 import Geometry, WKBElement
from pyproj import CRS, Transformer
from shapely.geometry.base import BaseGeometry
from sqlalchemy import ColumnElement, Index, LargeBinary, func, text, type_coerce
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

WGS84 = "EPSG:4326"


class GeometryType(TypeDecorator[BaseGeometry]):
    """A shapely geometry stored as PostGIS ``geometry`` or as extended WKB in a BLOB.

    ``srid`` pins the column's spatial reference (4326 for ``geom_4326``); ``None``
    leaves it open, for ``geom`` columns whose CRS is each commune's own. The SRID
    travels inside the extended WKB either way, so a geometry read back knows its CRS
    (``shapely.get_srid``).
    """

    impl = LargeBinary
    cache_ok = True
    # Read by GeoAlchemy2's DDL hooks: our GiST indexes are declared, not implied.
    spatial_index = False

    def __init__(self, srid: int | None = None) -> None:
        super().__init__()
        self.srid = srid

    def load_dialect_impl(self, dialect: Dialect | None) -> TypeEngine[Any]:
        # GeoAlchemy2's DDL hooks ask without a dialect; a BLOB tells them to stay out.
        if dialect is None:
            return LargeBinary()
        if dialect.name == "postgresql":
            return dialect.type_descriptor(
                Geometry(geometry_type="GEOMETRY", srid=self.srid or -1, spatial_index=False)
            )
        return dialect.type_descriptor(LargeBinary())

    def process_bind_param(self, value: BaseGeometry | bytes | str | None, dialect: Dialect) -> Any:
        if value is None or isinstance(value, bytes | str):
            # Already encoded by encode_many (bulk inserts).
            return value
        srid = self.srid or shapely.get_srid(value)
        if srid:
            value = shapely.set_srid(value, srid)
        return shapely.to_wkb(value, hex=dialect.name == "postgresql", include_srid=bool(srid))

    def process_result_value(self, value: Any, dialect: Dialect) -> BaseGeometry | None:
        if value is None:
            return None
        if isinstance(value, WKBElement):
            value = value.data
        if isinstance(value, memoryview):
            value = value.tobytes()
        return shapely.from_wkb(value)


def encode_many(geometries: Any, srid: int, dialect_name: str) -> list[bytes | str]:
    """Encode an array of geometries for :class:`GeometryType` in one vectorised call.

    Inserting thousands of features row by row spends most of its time encoding each
    geometry on its own; this does them all at once, exactly as the type would, and the
    type passes the encoded values through.
    """
    if not bool(np.all(shapely.get_srid(geometries) == srid)):
        geometries = shapely.set_srid(geometries, srid)
    encoded = shapely.to_wkb(geometries, hex=dialect_name == "postgresql", include_srid=True)
    return list(encoded.tolist())


def spatial_index(name: str, column: str) -> Index:
    """A GiST index on PostgreSQL; an always-empty partial index on SQLite (see module doc)."""
    return Index(name, column, postgresql_using="gist", sqlite_where=text("0"))


@lru_cache(maxsize=64)
def srid_of(crs: str) -> int:
    """The EPSG code of a CRS given as ``"EPSG:26191"`` (or anything pyproj reads)."""
    code = CRS.from_user_input(crs).to_epsg()
    if code is None:
        raise ValueError(f"{crs} has no EPSG code")
    return code


@lru_cache(maxsize=64)
def transformer(source: str, target: str) -> Transformer:
    """A cached, axis-order-safe (x = easting/longitude) transformer between two CRSs."""
    return Transformer.from_crs(source, target, always_xy=True)


def reproject(geometries: Any, source: str, target: str) -> Any:
    """Reproject one geometry or an array of them, vectorised, and tag the target SRID."""
    moved = geometries
    if source != target:
        moved = shapely.transform(
            geometries, transformer(source, target).transform, interleaved=False
        )
    return shapely.set_srid(moved, srid_of(target))


def to_wgs84(geometries: Any, source: str) -> Any:
    """The geometries in EPSG:4326 for web clients and bounding-box queries."""
    return reproject(geometries, source, WGS84)


def to_projected(geometries: Any, target: str) -> Any:
    """Geometries given in EPSG:4326 in the commune's projected CRS, for measurements."""
    return reproject(geometries, WGS84, target)


def interiors_overlap(a: Any, b: Any) -> Any:
    """Whether the interiors of ``a`` and ``b`` share an area (vectorised).

    The test a servitude applies with: a site that only touches a servitude's edge is
    not in it, whatever its digitising noise, while any real overlap counts.
    """
    return shapely.relate_pattern(a, b, "2********")


def as_geojson(dialect_name: str, column: Any, decimals: int) -> ColumnElement[Any]:
    """``column`` read for GeoJSON where it is cheapest: as GeoJSON text by PostGIS, as
    its WKB bytes on SQLite (:func:`geojson_texts` writes them), never as an object."""
    if dialect_name == "postgresql":
        return func.ST_AsGeoJSON(column, decimals)
    return type_coerce(column, LargeBinary)


def geojson_texts(dialect_name: str, values: list[Any], decimals: int) -> list[str]:
    """The GeoJSON geometries :func:`as_geojson` read: PostGIS's text as it is; WKB
    written by shapely all at once, rounded to ``decimals`` as PostGIS rounds."""
    if dialect_name == "postgresql" or not values:
        return list(values)
    rounded = shapely.transform(shapely.from_wkb(values), lambda xy: np.round(xy, decimals))
    return list(shapely.to_geojson(rounded))
