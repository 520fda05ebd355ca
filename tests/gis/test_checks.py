"""The check engine: each kind of finding, straddling sites, the same answer on both DBs."""

from __future__ import annotations

from datetime import date

import pytest
import shapely

from gis import checks, demo
from gis.geometry import WGS84, reproject
from gis.models import ServitudeLayer
from municipality.db import set_commune_scope
from municipality.errors import NotFound, ValidationFailed
from municipality.models import Commune
from tests.gis.conftest import CRS

TODAY = date(2026, 11, 23)
SMALL = checks.Project(use="housing", footprint_m2=250, floor_area_m2=700, height_m=9, floors=3)


@pytest.fixture
def demo_commune(db, commune) -> int:
    with db() as session:
        set_commune_scope(session, commune)
        demo.load_demo(session, session.get(Commune, commune), "tests")
    return commune


def _check(db, commune_id, project=SMALL, *, references=None, polygon=None, on=TODAY):
    with db() as session:
        set_commune_scope(session, commune_id)
        commune = session.get(Commune, commune_id)
        site = (
            checks.site_from_parcels(session, references)
            if references
            else checks.site_from_text(commune, polygon)
        )
        result = checks.check(session, commune=commune, site=site, project=project, on_date=on)
        return result, [(f.rule, f.outcome, f.zone, f.measured, f.limit) for f in result.findings]


def _by_rule(findings, rule, zone=None):
    return [f for f in findings if f[0] == rule and (zone is None or f[2] == zone)]


def _zone_of(layers, code):
    return layers.zones[layers.zone_codes.index(code)]


def _parcel_inside(layers, code):
    """The reference of a parcel lying wholly in a zone of ``code`` and no servitude."""
    zone = _zone_of(layers, code)
    for ref, parcel in zip(layers.references, layers.parcels, strict=True):
        if (
            zone.contains(parcel)
            and not parcel.intersects(layers.flood[0])
            and not parcel.intersects(layers.heritage[0])
        ):
            return ref
    raise AssertionError(code)


def test_a_modest_house_in_r2_passes_every_rule(db, demo_commune, layers):
    result, findings = _check(db, demo_commune, references=[_parcel_inside(layers, "R+2")])
    assert result.outcome == checks.PASS
    assert {f[0] for f in findings} == {
        "use",
        "footprint",
        "floor_area",
        "height",
        "floors",
        "min_area",
        "setback",
    }
    assert result.site_area_m2 == 500.0


def test_footprint_over_the_maximum_fails_with_measured_limit_and_source(db, demo_commune, layers):
    big = checks.Project(use="housing", footprint_m2=310, floor_area_m2=700, height_m=9, floors=3)
    result, _findings = _check(db, demo_commune, big, references=[_parcel_inside(layers, "R+2")])
    footprint = next(f for f in result.findings if f.rule == "footprint")
    assert footprint.outcome == checks.FAIL
    assert footprint.measured == 0.62
    assert footprint.limit == 0.6
    assert "article 12" in footprint.source
    assert footprint.message.interpolate() == "Footprint 62 % exceeds the 60 % maximum of zone R+2."


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"use": "industry"}, "use"),
        ({"floor_area_m2": 1000}, "floor_area"),
        ({"height_m": 14}, "height"),
        ({"floors": 4}, "floors"),
        ({"footprint_m2": 290}, "setback"),
    ],
)
def test_each_rule_fails_on_its_own(db, demo_commune, layers, changes, rule):
    project = checks.Project(**{**SMALL.__dict__, **changes})
    _result, findings = _check(
        db, demo_commune, project, references=[_parcel_inside(layers, "R+2")]
    )
    assert {f[0] for f in findings if f[1] == checks.FAIL} == {rule}


def test_small_site_fails_the_minimum_area(db, demo_commune, layers):
    zone = _zone_of(layers, "R+4")
    inner = shapely.box(*zone.centroid.buffer(7).bounds)
    polygon = reproject(inner, CRS, WGS84).wkt
    _result, findings = _check(db, demo_commune, polygon=polygon)
    assert _by_rule(findings, "min_area")[0][1] == checks.FAIL


def test_site_straddling_two_zones_is_checked_against_each(db, demo_commune, layers):
    left, right = _zone_of(layers, "R+2"), _zone_of(layers, "R+4")
    assert left.touches(right)
    edge = left.intersection(right)
    x, y = edge.centroid.coords[0]
    site = shapely.box(x - 15, y - 15, x + 15, y + 15)
    polygon = reproject(site, CRS, WGS84).wkt
    tall = checks.Project(
        use="housing", footprint_m2=500, floor_area_m2=2000, height_m=15, floors=4
    )
    _result, findings = _check(db, demo_commune, tall, polygon=polygon)
    heights = {f[2]: f[1] for f in _by_rule(findings, "height")}
    assert heights == {"R+2": checks.FAIL, "R+4": checks.PASS}


def test_servitudes_forbid_or_ask_for_an_opinion(db, demo_commune, layers):
    flooded = next(
        r
        for r, p in zip(layers.references, layers.parcels, strict=True)
        if p.intersects(layers.flood[0])
    )
    _result, findings = _check(db, demo_commune, references=[flooded])
    assert ("servitude", checks.FAIL) in {(f[0], f[1]) for f in findings}
    heritage = next(
        r
        for r, p in zip(layers.references, layers.parcels, strict=True)
        if p.intersection(layers.heritage[0]).area > 5
    )
    result, findings = _check(db, demo_commune, references=[heritage])
    opinion = [f for f in result.findings if f.rule == "servitude"]
    assert opinion[0].outcome == checks.NEEDS_OPINION
    assert opinion[0].limit == "Inspection régionale des monuments historiques"


def test_height_limit_servitude(db, demo_commune, layers):
    with db() as session:
        set_commune_scope(session, demo_commune)
        layer = session.query(ServitudeLayer).filter_by(kind="heritage").one()
        layer.effect, layer.height_limit_m = "limit_height", 7.0
    heritage = next(
        r
        for r, p in zip(layers.references, layers.parcels, strict=True)
        if p.intersection(layers.heritage[0]).area > 5
    )
    result, _findings = _check(db, demo_commune, references=[heritage])
    limit = next(f for f in result.findings if f.rule == "servitude")
    assert (limit.outcome, limit.measured, limit.limit) == (checks.FAIL, 9, 7.0)


def test_site_outside_the_plan_needs_an_opinion(db, demo_commune, layers):
    minx, miny, _maxx, _maxy = shapely.total_bounds(layers.zones)
    outside = shapely.box(minx - 60, miny - 60, minx - 20, miny - 20)
    _result, findings = _check(db, demo_commune, polygon=reproject(outside, CRS, WGS84).wkt)
    assert findings[0][:2] == ("zone", checks.NEEDS_OPINION)


def test_no_plan_in_force_on_that_date(db, demo_commune, layers):
    with pytest.raises(NotFound):
        _check(db, demo_commune, references=[layers.references[0]], on=date(2020, 1, 1))


def test_bad_polygon_and_unknown_parcel_are_clear_errors(db, demo_commune):
    with pytest.raises(ValidationFailed):
        _check(db, demo_commune, polygon="POLYGON ((400000 300000, 1 1, 2 2, 400000 300000))")
    with pytest.raises(ValidationFailed):
        _check(db, demo_commune, polygon="not wkt")
    with pytest.raises(NotFound) as missing:
        _check(db, demo_commune, references=["NOPE-1"])
    assert "NOPE-1" in str(missing.value)


def test_geojson_site_gives_the_same_findings_as_wkt(db, demo_commune, layers):
    site = reproject(layers.parcels[0], CRS, WGS84)
    _r, from_wkt = _check(db, demo_commune, polygon=site.wkt)
    _r, from_geojson = _check(db, demo_commune, polygon=shapely.to_geojson(site))
    assert from_wkt == from_geojson


EXPECTED: dict[str, list] = {}


@pytest.mark.parametrize("reference_index", [0, 40, 95])
def test_findings_are_the_same_on_both_databases(
    db, demo_commune, layers, backend, reference_index
):
    """Each backend's findings are recorded; whichever runs second compares."""
    _result, findings = _check(db, demo_commune, references=[layers.references[reference_index]])
    key = str(reference_index)
    if key in EXPECTED:
        assert findings == EXPECTED[key]
    EXPECTED[key] = findings
