"""The check engine: each kind of finding, straddling sites, the same answer on both DBs."""

from __future__ import annotations

from datetime import date

import pytest
import shapely

from gis import buildability, checks, demo
from gis.geometry import WGS84, reproject
from gis.models import Parcel, ServitudeLayer, ZoneRule
from municipality.db import set_commune_scope
from municipality.errors import NotFound, ValidationFailed
from municipality.models import Commune
from tests import factories
from tests.gis.conftest import CRS, add_parcels

TODAY = date(2026, 11, 23)
SMALL = checks.Project(use="housing", footprint_m2=250, floor_area_m2=700, height_m=9, floors=3)


@pytest.fixture
def demo_commune(db, commune) -> int:
    with db() as session:
        set_commune_scope(session, commune)
        demo.load_demo(session, session.get(Commune, commune), "tests", factories.demo_year())
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
        "frontage",
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


# --- Frontage and road setback ---------------------------------------------------------------


def _street_parcel(layers, code, frontage_m):
    """A parcel wholly in a zone of ``code``, clear of servitudes, with that frontage."""
    zones = [z for z, c in zip(layers.zones, layers.zone_codes, strict=True) if c == code]
    measured = buildability.frontage(layers.parcels)
    for ref, parcel, length in zip(layers.references, layers.parcels, measured, strict=True):
        clear = not parcel.intersects(layers.flood[0]) and not parcel.intersects(layers.heritage[0])
        inside = any(zone.contains(parcel) for zone in zones)
        if inside and clear and length == pytest.approx(frontage_m):
            return ref, parcel
    raise AssertionError((code, frontage_m))


def _set_rule(db, commune_id, code, **values):
    with db() as session:
        set_commune_scope(session, commune_id)
        rule = session.query(ZoneRule).filter_by(zone_code=code).one()
        for name, value in values.items():
            setattr(rule, name, value)


@pytest.fixture
def landlocked(db, demo_commune, layers) -> str:
    """A 3 x 3 block of 12 m parcels in the left margin of the plan: the middle one is
    landlocked."""
    minx, miny, _maxx, maxy = shapely.total_bounds(layers.zones)
    x0, y0 = minx + 5, (miny + maxy) / 2
    cells = [
        shapely.box(x0 + 12 * c, y0 + 12 * r, x0 + 12 * c + 12, y0 + 12 * r + 12)
        for r in range(3)
        for c in range(3)
    ]
    with db() as session:
        set_commune_scope(session, demo_commune)
        return add_parcels(session, demo_commune, cells, "L")[4]


def _frontage(findings):
    found = {f[3] for f in _by_rule(findings, "frontage")}
    assert len(found) == 1
    return found.pop()


def test_frontage_of_corner_middle_and_landlocked_parcels(db, demo_commune, layers, landlocked):
    corner, _ = _street_parcel(layers, "R+4", 45.0)
    middle, _ = _street_parcel(layers, "R+4", 20.0)
    _r, findings = _check(db, demo_commune, references=[corner])
    assert _frontage(findings) == 45.0
    _r, findings = _check(db, demo_commune, references=[middle])
    assert _frontage(findings) == 20.0
    _r, findings = _check(db, demo_commune, references=[landlocked])
    assert _frontage(findings) == 0.0
    assert {f[1] for f in _by_rule(findings, "frontage")} == {checks.FAIL}


def test_two_parcels_front_on_their_outer_edge_only(db, demo_commune, layers):
    middle, _parcel = _street_parcel(layers, "R+4", 20.0)
    index = layers.references.index(middle)
    beside = layers.references[index + 1]
    _r, findings = _check(db, demo_commune, references=[middle, beside])
    assert _frontage(findings) == 40.0


def test_minimum_frontage_passes_and_fails_with_its_limit(db, demo_commune, layers):
    corner, _ = _street_parcel(layers, "R+4", 45.0)
    middle, _ = _street_parcel(layers, "R+4", 20.0)
    _set_rule(db, demo_commune, "R+4", min_frontage_m=25.0)
    result, _f = _check(db, demo_commune, references=[middle])
    finding = next(f for f in result.findings if f.rule == "frontage")
    assert (finding.outcome, finding.measured, finding.limit) == (checks.FAIL, 20.0, 25.0)
    assert "article 15" in finding.source
    assert finding.text() == "Frontage 20 m is below the 25 m minimum of zone R+4."
    assert result.outcome == checks.FAIL
    result, _f = _check(db, demo_commune, references=[corner])
    finding = next(f for f in result.findings if f.rule == "frontage")
    assert finding.outcome == checks.PASS
    assert finding.text() == "Frontage 45 m meets the 25 m minimum of zone R+4."


def test_road_setback_along_the_frontage_and_neighbour_setback_along_the_rest(
    db, demo_commune, layers
):
    """A 20 x 25 m middle parcel: 5 m from the street and 4 m from its three neighbours
    leave 12 x 16 = 192 m²; the uniform 4 m neighbour setback still leaves 12 x 17."""
    middle, _ = _street_parcel(layers, "R+4", 20.0)
    _set_rule(db, demo_commune, "R+4", setback_road_m=5.0)
    project = checks.Project(**{**SMALL.__dict__, "footprint_m2": 200})
    result, findings = _check(db, demo_commune, project, references=[middle])
    road = next(f for f in result.findings if f.rule == "road_setback")
    assert (road.outcome, road.measured, road.limit) == (checks.FAIL, 200.0, 192.0)
    assert "article 15" in road.source
    assert road.text() == (
        "A footprint of 200 m² does not fit in the 192 m² left by the 5 m road setback "
        "and the 4 m neighbour setback of zone R+4."
    )
    assert _by_rule(findings, "setback")[0][1:5] == (checks.PASS, "R+4", 200.0, 204.0)
    smaller = checks.Project(**{**SMALL.__dict__, "footprint_m2": 180})
    result, _f = _check(db, demo_commune, smaller, references=[middle])
    road = next(f for f in result.findings if f.rule == "road_setback")
    assert (road.outcome, road.limit) == (checks.PASS, 192.0)


def test_drawn_polygon_fronts_where_it_leaves_the_parcels(db, demo_commune, layers):
    _corner, parcel = _street_parcel(layers, "R+4", 45.0)
    _r, findings = _check(db, demo_commune, polygon=reproject(parcel, CRS, WGS84).wkt)
    assert _frontage(findings) == pytest.approx(45.0, abs=0.1)
    inset = parcel.buffer(-4, join_style="mitre")
    _r, findings = _check(db, demo_commune, polygon=reproject(inset, CRS, WGS84).wkt)
    assert _frontage(findings) == 0.0


FRONTAGE_EXPECTED: dict[str, list] = {}


def test_frontage_findings_are_the_same_on_both_databases(
    db, demo_commune, layers, landlocked, backend
):
    _set_rule(db, demo_commune, "R+4", setback_road_m=4.0)
    middle, _ = _street_parcel(layers, "R+4", 20.0)
    corner, _ = _street_parcel(layers, "R+4", 45.0)
    found = []
    for site in (middle, corner, landlocked):
        _r, findings = _check(db, demo_commune, references=[site])
        found += [f for f in findings if f[0] in {"frontage", "road_setback"}]
    assert len(found) == 6
    if "all" in FRONTAGE_EXPECTED:
        assert found == FRONTAGE_EXPECTED["all"]
    FRONTAGE_EXPECTED["all"] = found


def test_a_whole_parcel_uses_its_stored_frontage(db, demo_commune, layers):
    """The stored frontage (changed by hand here) is taken for a site that is exactly one
    parcel; a site of two parcels has another outline, so it is measured."""
    middle, _parcel = _street_parcel(layers, "R+4", 20.0)
    beside = layers.references[layers.references.index(middle) + 1]
    with db() as session:
        set_commune_scope(session, demo_commune)
        session.query(Parcel).filter_by(reference=middle).one().frontage_m = 33.0
    _r, findings = _check(db, demo_commune, references=[middle])
    assert _frontage(findings) == 33.0
    _r, findings = _check(db, demo_commune, references=[middle, beside])
    assert _frontage(findings) == 40.0
