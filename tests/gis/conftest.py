"""GIS test data: a commune near Salé, its demo layers, and real files written from them."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path
from typing import Any

import geopandas
import numpy as np
import pytest
import shapely

from gis import demo
from gis.geometry import WGS84, reproject
from gis.imports import ImportOptions, import_file
from municipality.db import set_commune_scope
from tests import factories

CRS = "EPSG:26191"
MAX_BYTES = 10 * 1_048_576


@pytest.fixture
def layers() -> demo.DemoLayers:
    return demo.layers_for(CRS, demo.CENTRES["sale"])


@pytest.fixture
def commune(db) -> int:
    """A commune named sale (Morocco, EPSG:26191) with the GIS module enabled."""
    with db() as session:
        created = factories.commune(session, slug="sale")
        factories.enable_gis(session, created)
        return created.id


def write(path: Path, geoms: np.ndarray, crs: str | None, driver: str, **columns: Any) -> Path:
    frame = geopandas.GeoDataFrame(dict(columns), geometry=list(geoms), crs=crs)
    with warnings.catch_warnings():
        # Files without a CRS are what some tests are about.
        warnings.filterwarnings("ignore", "'crs' was not provided", UserWarning)
        frame.to_file(path, driver=driver, engine="pyogrio")
    return path


def gpkg(tmp_path: Path, geoms: np.ndarray, crs: str | None = CRS, **columns: Any) -> Path:
    return write(tmp_path / "layer.gpkg", geoms, crs, "GPKG", **columns)


def geojson(tmp_path: Path, geoms: np.ndarray, crs: str = CRS, **columns: Any) -> Path:
    """GeoJSON is always longitude/latitude (RFC 7946)."""
    return write(
        tmp_path / "layer.geojson", reproject(geoms, crs, WGS84), WGS84, "GeoJSON", **columns
    )


def shapefile_zip(
    tmp_path: Path, geoms: np.ndarray, crs: str | None = CRS, *, prj: bool = True, **columns: Any
) -> Path:
    folder = tmp_path / "shp"
    folder.mkdir(exist_ok=True)
    write(folder / "layer.shp", geoms, crs, "ESRI Shapefile", **columns)
    archive = tmp_path / "layer.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for part in sorted(folder.iterdir()):
            if prj or part.suffix != ".prj":
                zipped.write(part, part.name)
    return archive


def run_import(db, commune_id: int, path: Path, **options: Any):
    """Import a file as the CLI does: one unit of work, all or nothing."""
    from municipality.models import Commune

    with db() as session:
        commune = session.get(Commune, commune_id)
        set_commune_scope(session, commune_id)
        return import_file(
            session,
            commune=commune,
            actor="tests",
            path=path,
            filename=path.name,
            options=ImportOptions(**options),
            max_bytes=MAX_BYTES,
        )


def add_parcels(session: Any, commune_id: int, geoms: list[Any], prefix: str) -> list[str]:
    """Extra parcels (projected CRS) beside the demo grid; returns their references."""
    from gis.geometry import srid_of
    from gis.models import Parcel

    projected = shapely.set_srid(np.array(geoms), srid_of(CRS))
    wgs84 = reproject(np.array(geoms), CRS, WGS84)
    references = [f"{prefix}{i}" for i in range(len(geoms))]
    session.add_all(
        Parcel(
            commune_id=commune_id,
            reference=ref,
            area_m2=round(float(geom.area), 2),
            geom=geom,
            geom_4326=w,
        )
        for ref, geom, w in zip(references, projected, wgs84, strict=True)
    )
    session.flush()
    return references
