"""Downloads of the public layers: GeoJSON in EPSG:4326, GeoPackage in the commune's CRS."""

from __future__ import annotations

import json
from pathlib import Path

import pyogrio
import pytest

from tests.gis import mapdata


@pytest.fixture
def two(db):
    with db() as session:
        return mapdata.build(session, "alpha"), mapdata.build(session, "beta", shift=0.05)


def _read(tmp_path: Path, body: bytes, name: str):
    path = tmp_path / name
    path.write_bytes(body)
    return pyogrio.read_dataframe(path)


def test_geojson_is_rfc7946_longitude_latitude_without_owners(app, two, tmp_path):
    alpha, _beta = two
    response = app.get("/alpha/gis/downloads/parcels.geojson")
    assert response.content_type == "application/geo+json"
    assert 'filename="alpha-parcels.geojson"' in response.headers["Content-Disposition"]
    document = json.loads(response.body)
    assert "crs" not in document
    assert len(document["features"]) == mapdata.PARCELS
    assert mapdata.OWNER not in response.text
    frame = _read(tmp_path, response.body, "p.geojson")
    assert frame.crs.to_epsg() == 4326
    assert set(frame["reference"]) == set(alpha.parcels)
    assert set(frame["id"]) == set(alpha.parcels.values())
    west, south, east, north = frame.total_bounds
    assert -6.81 < west < east < -6.79
    assert 34.03 < south < north < 34.05


def test_geopackage_in_the_commune_crs_or_in_wgs84(app, two, tmp_path):
    native = _read(tmp_path, app.get("/alpha/gis/downloads/zones.gpkg").body, "z.gpkg")
    assert native.crs.to_epsg() == 26191
    assert sorted(native["code"]) == ["R1", "ZI"]
    assert native.geometry.area.sum() == pytest.approx(1850 * 2220 * 0.99, rel=0.1)
    wgs = app.get("/alpha/gis/downloads/zones.gpkg", params={"crs": "4326"})
    assert 'filename="alpha-zones-4326.gpkg"' in wgs.headers["Content-Disposition"]
    frame = _read(tmp_path, wgs.body, "w.gpkg")
    assert frame.crs.to_epsg() == 4326
    assert frame.total_bounds[0] == pytest.approx(-6.81)
    servitudes = _read(tmp_path, app.get("/alpha/gis/downloads/servitudes.gpkg").body, "s.gpkg")
    assert list(servitudes["kind"]) == ["flood_risk"]


def test_each_commune_downloads_only_its_own_features(app, two, tmp_path):
    _alpha, beta = two
    for collection in ("zones", "servitudes", "parcels", "boundary"):
        text = app.get(f"/alpha/gis/downloads/{collection}.geojson").text
        assert not [
            i for i in (*beta.parcels.values(), beta.servitude, *beta.zones.values()) if i in text
        ]
        assert "BETA-" not in text
        assert "Flood beta" not in text


def test_an_empty_layer_is_still_a_valid_file(app, db, tmp_path):
    with db() as session:
        commune = mapdata.factories.commune(session, slug="empty")
        mapdata.factories.enable_gis(session, commune)
    frame = _read(tmp_path, app.get("/empty/gis/downloads/parcels.gpkg").body, "e.gpkg")
    assert len(frame) == 0
    assert json.loads(app.get("/empty/gis/downloads/parcels.geojson").body)["features"] == []


def test_unknown_layers_formats_and_crs_are_refused(app, two):
    app.get("/alpha/gis/downloads/roads.geojson", status=404)
    app.get("/alpha/gis/downloads/parcels.shp", status=404)
    app.get("/alpha/gis/downloads/parcels.gpkg", params={"crs": "3857"}, status=422)
    app.get("/alpha/gis/downloads/parcels.geojson", params={"crs": "commune"}, status=422)


def test_the_geojson_download_is_the_features_the_api_serves(app, two):
    download = json.loads(app.get("/alpha/gis/downloads/zones.geojson").body)
    served = app.get(
        "/ogc/alpha/collections/zones/items",
        headers={"Accept": "application/geo+json"},
    ).json
    assert download["type"] == "FeatureCollection"
    assert download["features"] == served["features"]
