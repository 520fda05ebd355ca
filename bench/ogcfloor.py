"""The least an OGC API items page can cost: a bare WSGI view running the same PostGIS query.

``python -m bench.serve ogc-floor --url DB`` serves, at any path, the parcels of the
benchmark commune intersecting the ``bbox`` of the query string: on a connection its
thread keeps, it counts the matches and reads the page (``limit``, in id order) with
``ST_AsGeoJSON(geom_4326, 7)``, then writes the FeatureCollection with ``json.dumps``.
No framework, no ORM, no tenancy, no links, no validation beyond what parsing needs:
what the driver and PostGIS can do on this machine, which Baladiya's items are judged by.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

import psycopg

COUNT = """
SELECT count(*) FROM gis_parcels
WHERE commune_id = %(commune)s
  AND ST_Intersects(geom_4326, ST_MakeEnvelope(%(w)s, %(s)s, %(e)s, %(n)s, 4326))
"""
PAGE = """
SELECT public_id::text, reference, area_m2, ST_AsGeoJSON(geom_4326, 7) FROM gis_parcels
WHERE commune_id = %(commune)s
  AND ST_Intersects(geom_4326, ST_MakeEnvelope(%(w)s, %(s)s, %(e)s, %(n)s, 4326))
ORDER BY id LIMIT %(limit)s
"""


class Reader:
    """One connection per server thread, and the two statements of a page."""

    def __init__(self, url: str, commune: str) -> None:
        self.url = url.replace("postgresql+psycopg://", "postgresql://")
        self._local = threading.local()
        row = self.connection().execute("SELECT id FROM communes WHERE slug = %s", (commune,))
        (self.commune_id,) = row.fetchone()

    def connection(self) -> psycopg.Connection[Any]:
        found = getattr(self._local, "connection", None)
        if found is None:
            found = psycopg.connect(self.url, autocommit=True)
            self._local.connection = found
        return found

    def page(self, query: str) -> bytes:
        params = parse_qs(query)
        west, south, east, north = (float(v) for v in params["bbox"][0].split(","))
        values = {
            "commune": self.commune_id,
            "w": west,
            "s": south,
            "e": east,
            "n": north,
            "limit": int(params.get("limit", ["10"])[0]),
        }
        connection = self.connection()
        (matched,) = connection.execute(COUNT, values).fetchone() or (0,)
        features = [
            {
                "type": "Feature",
                "id": public_id,
                "geometry": json.loads(geometry),
                "properties": {"reference": reference, "area_m2": area},
            }
            for public_id, reference, area, geometry in connection.execute(PAGE, values)
        ]
        body = {
            "type": "FeatureCollection",
            "features": features,
            "numberMatched": matched,
            "numberReturned": len(features),
        }
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def ogc_floor_app(url: str, commune: str) -> Callable[..., Iterable[bytes]]:
    """The bare WSGI application serving :meth:`Reader.page`."""
    reader = Reader(url, commune)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        body = reader.page(environ.get("QUERY_STRING", ""))
        start_response(
            "200 OK",
            [("Content-Type", "application/geo+json"), ("Content-Length", str(len(body)))],
        )
        return [body]

    return application
