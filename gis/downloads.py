"""Downloads of each public layer: GeoJSON (EPSG:4326, RFC 7946) and GeoPackage.

GeoJSON is the layer's features exactly as the OGC API serves them, written by the
database (or from WKB at once on SQLite) and spliced into one FeatureCollection.

A GeoPackage comes in the commune's projected CRS by default (what a surveyor or a GIS
technician works in), or in EPSG:4326 with ``?crs=4326``. The file is written by
pyogrio (GDAL) to a temporary directory, read back and removed; the layers are
commune-sized, so the whole file fits in memory.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import geopandas
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy.orm import Session

from gis.geometry import WGS84, reproject
from gis.ogc.collections import available
from gis.services import commune_crs
from municipality.errors import NotFound, ValidationFailed
from municipality.i18n import _
from municipality.models import Commune
from municipality.ogc import Collection, feature_collection

FORMATS = {
    "geojson": ("GeoJSON", "application/geo+json"),
    "gpkg": ("GPKG", "application/geopackage+sqlite3"),
}
CRS_CHOICES = ("commune", "4326")


def layer_frame(
    session: Session, commune: Commune, collection: Collection, crs: str
) -> geopandas.GeoDataFrame:
    """Every feature of the layer with its public properties, in ``crs``."""
    native = commune_crs(commune)
    rows, geometries = [], []
    for feature in collection.everything(session, commune):
        rows.append({"id": feature.id, **feature.properties})
        if crs == WGS84:
            geometries.append(feature.geometry)
        elif feature.native is not None:
            geometries.append(reproject(feature.native, native, crs))
        else:
            geometries.append(reproject(feature.geometry, WGS84, crs))
    return geopandas.GeoDataFrame(rows, geometry=geometries, crs=crs)


def write(frame: geopandas.GeoDataFrame, file_format: str, layer: str) -> bytes:
    """The layer as a file of ``file_format`` that GDAL writes (``gpkg``)."""
    driver = FORMATS[file_format][0]
    with tempfile.TemporaryDirectory(prefix="baladiya-download-") as folder:
        path = Path(folder) / f"{layer}.{file_format}"
        with warnings.catch_warnings():
            # An empty layer has no geometry type to infer; GDAL is told "Unknown".
            warnings.simplefilter("ignore", UserWarning)
            frame.to_file(
                path,
                driver=driver,
                layer=layer,
                engine="pyogrio",
                geometry_type=None if len(frame) else "Unknown",
            )
        return path.read_bytes()


def download(
    session: Session, commune: Commune, collection: Collection, file_format: str, crs: str
) -> bytes:
    if file_format not in FORMATS:
        raise NotFound(_("There is no such download."))
    if crs not in CRS_CHOICES or (file_format == "geojson" and crs != "4326"):
        raise ValidationFailed(_("GeoJSON is always in longitude and latitude (EPSG:4326)."))
    if file_format == "geojson":
        # The features as the API serves them, written where it is cheapest.
        return feature_collection(collection.encoded_everything(session, commune), {})
    target = WGS84 if crs == "4326" else commune_crs(commune)
    return write(layer_frame(session, commune, collection, target), file_format, collection.id)


@view_config(route_name="gis.download", request_method="GET", requires_module="gis")
def download_view(request: Request) -> Response:
    """``/<commune>/gis/downloads/<layer>.<geojson|gpkg>[?crs=4326]``: a public layer file."""
    collection = available(request.registry, request.enabled_modules).get(
        request.matchdict["collection_id"]
    )
    if collection is None:
        raise NotFound(_("There is no such layer."))
    file_format = request.matchdict["format"]
    default = "4326" if file_format == "geojson" else "commune"
    crs = request.params.get("crs", default)
    body = download(request.dbsession, request.commune, collection, file_format, crs)
    suffix = "" if crs == default else f"-{crs}"
    filename = f"{request.commune.slug}-{collection.id}{suffix}.{file_format}"
    return Response(
        body=body,
        content_type=FORMATS[file_format][1],
        content_disposition=f'attachment; filename="{filename}"',
    )
