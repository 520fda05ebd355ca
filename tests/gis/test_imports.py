"""Importing real GeoPackage, zipped Shapefile and GeoJSON files, and refusing bad ones."""

from __future__ import annotations

import zipfile
from datetime import date

import numpy as np
import pytest
import shapely
from sqlalchemy import func, select

from gis.imports import ImportOptions, ImportRefused, import_file, max_import_bytes
from gis.models import (
    CommuneBoundary,
    NamedPlace,
    Parcel,
    Servitude,
    ServitudeLayer,
    Street,
    Zone,
    ZoningPlan,
)
from municipality.db import set_commune_scope
from municipality.models import Commune
from tests.gis.conftest import geojson, gpkg, run_import, shapefile_zip

PLAN = {
    "plan_name": "Plan d'aménagement",
    "plan_reference": "PA-2024",
    "in_force_from": date(2024, 1, 1),
}


def _count(db, model) -> int:
    with db() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def _boundary(db, commune, layers, tmp_path):
    folder = tmp_path / "boundary"
    folder.mkdir()
    path = gpkg(folder, np.array([layers.boundary]))
    run_import(db, commune, path, kind="boundary")


def test_geopackage_of_parcels_is_stored_in_both_crs(db, commune, layers, tmp_path):
    _boundary(db, commune, layers, tmp_path)
    path = gpkg(
        tmp_path, layers.parcels, reference=layers.references, owner=["X"] * len(layers.references)
    )
    report = run_import(db, commune, path, kind="parcels")
    assert report.ok
    assert report.stored == len(layers.references)
    with db() as session:
        parcel = session.execute(
            select(Parcel).where(Parcel.reference == layers.references[0])
        ).scalar_one()
        assert parcel.area_m2 == pytest.approx(500.0)
        assert shapely.get_srid(parcel.geom) == 26191
        assert shapely.get_srid(parcel.geom_4326) == 4326
        lon, lat = parcel.geom_4326.centroid.coords[0]
        assert -6.9 < lon < -6.7
        assert 34.0 < lat < 34.1
        assert parcel.geom.equals_exact(layers.parcels[0], 1e-3)


def test_parcel_import_stores_the_frontage_of_every_parcel(db, commune, layers, tmp_path):
    """A 3 x 3 block of 12 m parcels and a lone one: corners front on two streets, the
    middle of a side on one, the centre is landlocked, the lone parcel all round."""
    x0, y0, _x1, _y1 = shapely.total_bounds(layers.parcels)
    cells = [
        shapely.box(x0 + 12 * c, y0 + 12 * r, x0 + 12 * c + 12, y0 + 12 * r + 12)
        for r in range(3)
        for c in range(3)
    ]
    lone = shapely.box(x0 + 100, y0, x0 + 112, y0 + 12)
    references = [f"B{i}" for i in range(10)]
    path = gpkg(tmp_path, np.array([*cells, lone]), reference=references)
    report = run_import(db, commune, path, kind="parcels")
    assert report.stored == 10
    assert report.frontage_seconds >= 0
    with db() as session:
        stored = dict(session.execute(select(Parcel.reference, Parcel.frontage_m)).all())
    assert stored["B0"] == pytest.approx(24.0)  # corner
    assert stored["B1"] == pytest.approx(12.0)  # middle of a side
    assert stored["B4"] == 0.0  # landlocked
    assert stored["B9"] == pytest.approx(48.0)  # alone


def test_zipped_shapefile_creates_a_plan_version(db, commune, layers, tmp_path):
    path = shapefile_zip(tmp_path, layers.zones, code=layers.zone_codes)
    report = run_import(db, commune, path, kind="zoning", **PLAN)
    assert report.ok
    with db() as session:
        plan = session.execute(select(ZoningPlan)).scalar_one()
        assert plan.source_crs == "EPSG:26191"
        codes = sorted(z.code for z in plan.zones)
    assert codes == sorted(layers.zone_codes)


def test_geojson_servitude_layer_with_its_effect(db, commune, layers, tmp_path):
    path = geojson(tmp_path, layers.flood, label=["Oued"])
    report = run_import(
        db,
        commune,
        path,
        kind="servitudes",
        layer_name="Crue",
        layer_kind="flood_risk",
        effect="forbid",
    )
    assert report.source_crs == "EPSG:4326"
    with db() as session:
        layer = session.execute(select(ServitudeLayer)).scalar_one()
        assert layer.effect == "forbid"
        feature = session.execute(select(Servitude)).scalar_one()
    assert feature.geom.area == pytest.approx(layers.flood[0].area, rel=1e-3)


def _refused(db, commune, path, **options) -> dict:
    with pytest.raises(ImportRefused) as refused:
        run_import(db, commune, path, **options)
    return refused.value.report.to_json()


def _feature_collection(path, features, crs=None):
    import json

    document = {"type": "FeatureCollection", "features": features}
    if crs:
        document["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(document))
    return path


def _polygon(ring, **properties):
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def test_rings_too_broken_to_repair_refuse_the_file(db, commune, tmp_path):
    ring = [[-6.80, 34.05], [-6.79, 34.05], [-6.80, 34.05]]
    good = [[-6.80, 34.05], [-6.79, 34.05], [-6.79, 34.06], [-6.80, 34.05]]
    path = _feature_collection(
        tmp_path / "broken.geojson",
        [_polygon(good, reference="A1"), _polygon(ring, reference="A2")],
    )
    report = _refused(db, commune, path, kind="parcels")
    assert report["invalid_rings"] == ["#2 A2"]
    assert _count(db, Parcel) == 0


def test_self_intersecting_parcels_are_repaired_and_listed(db, commune, tmp_path):
    bowtie = [[-6.80, 34.05], [-6.79, 34.06], [-6.79, 34.05], [-6.80, 34.06], [-6.80, 34.05]]
    path = _feature_collection(tmp_path / "bowtie.geojson", [_polygon(bowtie, reference="B1")])
    report = run_import(db, commune, path, kind="parcels")
    assert report.repaired_count == 1
    assert report.repaired[0]["feature"] == "#1 B1"
    assert "Self-intersection" in report.repaired[0]["reason"]
    with db() as session:
        assert session.execute(select(Parcel)).scalar_one().geom.is_valid


def test_coordinates_in_the_wrong_crs_are_refused(db, commune, layers, tmp_path):
    path = gpkg(tmp_path, layers.parcels, crs="EPSG:32629", reference=layers.references)
    report = _refused(db, commune, path, kind="parcels")
    assert "nowhere near the commune" in report["errors"][0]["message"]
    assert report["errors"][0]["mapping"] == {"crs": "EPSG:32629"}


def test_file_without_crs_is_refused_unless_the_crs_is_given(db, commune, layers, tmp_path):
    path = gpkg(tmp_path, layers.parcels, crs=None, reference=layers.references)
    report = _refused(db, commune, path, kind="parcels")
    assert "does not say its CRS" in report["errors"][0]["message"]
    assert run_import(db, commune, path, kind="parcels", crs="EPSG:26191").stored == 96


def test_zip_without_prj_is_refused(db, commune, layers, tmp_path):
    path = shapefile_zip(tmp_path, layers.zones, prj=False, code=layers.zone_codes)
    report = _refused(db, commune, path, kind="zoning", **PLAN)
    assert ".prj" in report["errors"][0]["message"]
    assert _count(db, ZoningPlan) == 0


def test_file_without_features_is_refused(db, commune, tmp_path):
    path = _feature_collection(tmp_path / "empty.geojson", [])
    report = _refused(db, commune, path, kind="parcels")
    assert report["errors"][0]["message"] == "The file holds no features."


def test_oversized_file_is_refused_by_its_size(db, commune, tmp_path):
    path = tmp_path / "huge.gpkg"
    with path.open("wb") as handle:
        handle.truncate(200 * 1_048_576)
    with db() as session:
        set_commune_scope(session, commune)
        place = session.get(Commune, commune)
        options = ImportOptions(kind="parcels")
        with pytest.raises(ImportRefused) as refused:
            import_file(
                session,
                commune=place,
                actor="tests",
                path=path,
                filename=path.name,
                options=options,
                max_bytes=max_import_bytes({}),
            )
    error = refused.value.report.errors[0]
    assert error["mapping"] == {"size": "200.0", "limit": "100.0"}


def test_zip_bomb_is_refused(db, commune, tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("layer.geojson", b"\0" * (20 * 1_048_576))
    report = _refused(db, commune, path, kind="parcels")
    assert "expands suspiciously" in report["errors"][0]["message"]


def test_zip_of_too_many_files_is_refused(db, commune, tmp_path):
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as many:
        for i in range(300):
            many.writestr(f"f{i}.txt", "x")
    report = _refused(db, commune, path, kind="parcels")
    assert report["errors"][0]["mapping"] == {"count": 300, "limit": 200}


def test_missing_attribute_and_duplicates_are_reported(db, commune, layers, tmp_path):
    references = list(layers.references)
    references[3] = references[2]
    references[5] = ""
    path = gpkg(tmp_path, layers.parcels, reference=references)
    report = _refused(db, commune, path, kind="parcels")
    assert report["duplicates"] == [layers.references[2]]
    assert report["missing"] == [{"feature": "#6", "field": "reference"}]
    wrong_column = _refused(db, commune, path, kind="parcels", reference_field="numero")
    assert wrong_column["errors"][0]["mapping"]["column"] == "numero"


def test_parcels_outside_the_commune_refuse_the_file_and_keep_what_was_stored(
    db, commune, layers, tmp_path
):
    _boundary(db, commune, layers, tmp_path)
    first = gpkg(tmp_path, layers.parcels[:10], reference=layers.references[:10])
    run_import(db, commune, first, kind="parcels")
    moved = shapely.transform(layers.parcels, lambda xy: xy + np.array([2_000.0, 0.0]))
    (tmp_path / "second").mkdir()
    second = gpkg(tmp_path / "second", moved, reference=layers.references)
    report = _refused(db, commune, second, kind="parcels")
    assert report["outside_count"] > 0
    assert _count(db, Parcel) == 10


def test_overlapping_zones_are_refused(db, commune, layers, tmp_path):
    zones = np.append(layers.zones, layers.zones[0].buffer(-5))
    path = gpkg(tmp_path, zones, code=[*layers.zone_codes, "R+4"])
    report = _refused(db, commune, path, kind="zoning", **PLAN)
    assert report["overlap_count"] >= 1
    assert report["overlaps"][0]["a"].startswith("#1 ")
    assert _count(db, Zone) == 0


def test_boundary_import_replaces_the_previous_one(db, commune, layers, tmp_path):
    _boundary(db, commune, layers, tmp_path)
    (tmp_path / "again").mkdir()
    _boundary(db, commune, layers, tmp_path / "again")
    assert _count(db, CommuneBoundary) == 1


def _feature(kind, coordinates, **properties):
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": kind, "coordinates": coordinates},
    }


STREET = [[-6.800, 34.050], [-6.795, 34.052]]


def test_streets_are_stored_with_their_names_folded_for_search(db, commune, tmp_path):
    path = _feature_collection(
        tmp_path / "streets.geojson",
        [
            _feature("LineString", STREET, NOM="Avenue Hassan II", ISM="شارع الحسن الثاني"),
            _feature("MultiLineString", [STREET], NOM="Rue Élysée", ISM=""),
        ],
    )
    report = run_import(db, commune, path, kind="streets", name_fr_field="NOM", name_ar_field="ISM")
    assert report.stored == 2
    with db() as session:
        streets = session.scalars(select(Street).order_by(Street.name_fr)).all()
        assert [s.name_fr for s in streets] == ["Avenue Hassan II", "Rue Élysée"]
        assert streets[0].name_ar == "شارع الحسن الثاني"
        assert "avenue hassan ii" in streets[0].search_key
        assert streets[1].search_key == "rue elysee"
        assert shapely.get_srid(streets[0].geom) == 26191
        assert streets[0].geom_4326.geom_type == "LineString"


def test_a_new_street_file_replaces_the_streets_in_one_go(db, commune, tmp_path):
    first = _feature_collection(
        tmp_path / "a.geojson",
        [_feature("LineString", STREET, name_fr=f"Rue {i}") for i in range(3)],
    )
    run_import(db, commune, first, kind="streets")
    second = _feature_collection(
        tmp_path / "b.geojson", [_feature("LineString", STREET, name_ar="زنقة")]
    )
    run_import(db, commune, second, kind="streets")
    with db() as session:
        assert [s.name_ar for s in session.scalars(select(Street))] == ["زنقة"]


def test_places_keep_their_kind(db, commune, tmp_path):
    path = _feature_collection(
        tmp_path / "places.geojson",
        [_feature("Point", [-6.799, 34.051], name_fr="Souk Lalla", name_ar="سوق", type="market")],
    )
    run_import(db, commune, path, kind="places", place_kind_field="type")
    with db() as session:
        place = session.scalars(select(NamedPlace)).one()
    assert (place.name_fr, place.name_ar, place.kind) == ("Souk Lalla", "سوق", "market")
    assert place.search_key == "سوق souk lalla"


@pytest.mark.parametrize(
    ("kind", "feature", "message"),
    [
        ("streets", _feature("Point", [-6.8, 34.05], name_fr="X"), "are not lines"),
        ("places", _feature("LineString", STREET, name_fr="X"), "are not points"),
        ("streets", _feature("LineString", STREET, nom="X"), "has neither the column"),
        ("places", _feature("Point", [-6.8, 34.05], name_fr="", name_ar=""), "have no name"),
    ],
)
def test_wrong_geometries_and_missing_names_refuse_the_file_and_keep_the_old_streets(
    db, commune, tmp_path, kind, feature, message
):
    run_import(
        db,
        commune,
        _feature_collection(tmp_path / "s.geojson", [_feature("LineString", STREET, name_fr="R")]),
        kind="streets",
    )
    report = _refused(
        db, commune, _feature_collection(tmp_path / "bad.geojson", [feature]), kind=kind
    )
    assert message in report["errors"][0]["message"]
    assert _count(db, Street) == 1
    assert _count(db, NamedPlace) == 0
