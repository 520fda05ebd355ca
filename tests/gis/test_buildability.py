"""Batch buildability: vectorised limits per parcel, stored as a layer, the same as a loop."""

from __future__ import annotations

import csv
import io
from datetime import date

import numpy as np
import pytest
import shapely
from sqlalchemy import select

from gis import buildability, demo, services
from gis.models import Parcel, ParcelBuildability, ZoneRule
from municipality.db import set_commune_scope
from municipality.models import Commune
from tests import factories


class _Rule:
    def __init__(self, **values):
        self.allowed_uses = values.pop("allowed_uses", [])
        self.forbidden_uses = values.pop("forbidden_uses", [])
        for name in services.RULE_LIMITS:
            setattr(self, name, values.get(name))


class _Layer:
    def __init__(self, name, effect, height=None):
        self.name, self.kind, self.effect, self.height_limit_m = name, "flood_risk", effect, height


def test_parcel_straddling_two_zones_adds_each_part_and_keeps_the_strictest_height():
    zones = np.array([shapely.box(0, 0, 10, 10), shapely.box(10, 0, 20, 10)])
    parcels = np.array(
        [shapely.box(5, 0, 15, 10), shapely.box(0, 0, 4, 4), shapely.box(50, 50, 60, 60)]
    )
    rules = buildability.rule_table(
        ["A", "B"],
        {
            "A": _Rule(
                max_footprint_ratio=0.5,
                max_floor_area_ratio=1.0,
                max_height_m=9,
                allowed_uses=["housing", "retail"],
            ),
            "B": _Rule(
                max_footprint_ratio=0.7,
                max_floor_area_ratio=2.0,
                max_height_m=15,
                allowed_uses=["housing"],
            ),
        },
    )
    servitudes = np.array([shapely.box(0, 0, 2, 2)])
    layers = buildability.layer_table([_Layer("Crue", "forbid")])
    result = buildability.compute(
        parcels,
        zones,
        np.array([0, 1]),
        rules,
        servitudes,
        np.array([0]),
        layers,
        frontages=buildability.frontage(parcels),
    )
    assert result.max_footprint[0] == pytest.approx(0.5 * 50 + 0.7 * 50)
    assert result.max_floor_area[0] == pytest.approx(1.0 * 50 + 2.0 * 50)
    assert result.max_height[0] == 9
    assert buildability._bits(int(result.uses_mask[0]), list(services.USES)) == ["housing"]
    assert buildability._bits(int(result.code_mask[0]), ["A", "B"]) == ["A", "B"]
    assert not result.buildable[1]
    assert result.max_footprint[1] == 0
    assert not result.buildable[2]


def test_height_limit_servitude_caps_the_height():
    zones = np.array([shapely.box(0, 0, 10, 10)])
    parcels = np.array([shapely.box(1, 1, 5, 5)])
    rules = buildability.rule_table(["A"], {"A": _Rule(max_height_m=20)})
    layers = buildability.layer_table([_Layer("Cône", "limit_height", 7.5)])
    result = buildability.compute(
        parcels,
        zones,
        np.array([0]),
        rules,
        zones,
        np.array([0]),
        layers,
        frontages=np.array([16.0]),
    )
    assert result.max_height[0] == 7.5
    assert result.buildable[0]


def _naive(parcels, zones, codes, rules):
    """The obvious loop over zones per parcel, as a reference."""
    out = []
    for parcel in parcels:
        footprint = 0.0
        for zone, code in zip(zones, codes, strict=True):
            area = parcel.intersection(zone).area
            if area > buildability.TOLERANCE_M2:
                footprint += rules.footprint_ratio[code] * area
        out.append(footprint)
    return np.array(out)


def test_vectorised_result_matches_the_naive_loop():
    layers = demo.layers_for("EPSG:26191", demo.CENTRES["temara"], cols=30, rows=20, zones=(7, 5))
    codes = np.array([demo.ZONE_CODES.index(c) for c in layers.zone_codes])
    rules = buildability.rule_table(
        list(demo.ZONE_CODES), {c: _Rule(**v) for c, v in demo.DEMO_RULES.items()}
    )
    result = buildability.compute(
        layers.parcels,
        layers.zones,
        codes,
        rules,
        np.array([]),
        np.array([], dtype=int),
        buildability.layer_table([]),
        frontages=buildability.frontage(layers.parcels),
    )
    assert np.allclose(result.max_footprint, _naive(layers.parcels, layers.zones, codes, rules))


def test_run_stores_a_layer_for_every_parcel(db, commune):
    with db() as session:
        set_commune_scope(session, commune)
        place = session.get(Commune, commune)
        demo.load_demo(session, place, "tests", factories.demo_year())
        record = buildability.run(session, commune=place, actor="tests", on_date=date(2026, 1, 1))
        assert record.parcel_count == 96
        assert 0 < record.summary["unbuildable"] < 96
    with db() as session:
        set_commune_scope(session, commune)
        rows = session.execute(select(ParcelBuildability)).scalars().all()
        flooded = [r for r in rows if any(c["effect"] == "forbid" for c in r.constraints)]
        assert flooded
        assert all(not r.buildable and r.max_footprint_m2 == 0 for r in flooded)
        zoned = [r for r in rows if r.zone_codes == ["R+2"] and r.buildable]
        assert zoned[0].max_footprint_m2 == pytest.approx(300.0)
        assert zoned[0].max_height_m == 11.5
        assert zoned[0].geom_4326.geom_type == "Polygon"


# --- Frontage ----------------------------------------------------------------------------------


def _block():
    """A 3 x 3 block of 10 m parcels (the middle one landlocked), a lone parcel, and a
    neighbour left 0.3 m away from the block by a digitising gap."""
    cells = [
        shapely.box(10 * c, 10 * r, 10 * c + 10, 10 * r + 10) for r in range(3) for c in range(3)
    ]
    lone = shapely.box(100, 100, 110, 110)
    gap = shapely.box(30.3, 0, 40, 10)
    return np.array([*cells, lone, gap])


def test_frontage_of_corner_middle_landlocked_and_lone_parcels():
    frontage = buildability.frontage(_block())
    assert frontage[4] == 0.0  # landlocked
    assert frontage[0] == 20.0  # corner: two street sides
    assert frontage[1] == 10.0  # middle of a side: one
    assert frontage[9] == 40.0  # alone: all round
    assert frontage[5] == pytest.approx(10.0, abs=0.31)  # the gap is not a street
    assert frontage[10] == pytest.approx(30.0, abs=0.31)


def test_minimum_frontage_of_the_strictest_zone():
    parcels = _block()
    zones = np.array([shapely.box(0, 0, 15, 30), shapely.box(15, 0, 50, 30)])
    rules = buildability.rule_table(
        ["A", "B"], {"A": _Rule(min_frontage_m=15.0), "B": _Rule(min_frontage_m=5.0)}
    )
    result = buildability.compute(
        parcels,
        zones,
        np.array([0, 1]),
        rules,
        np.array([]),
        np.array([], dtype=int),
        buildability.layer_table([]),
        frontages=buildability.frontage(parcels),
    )
    assert result.frontage[0] == 20.0
    assert list(result.meets_frontage[:3]) == [True, False, True]  # 20 >= 15, 10 < 15, 20 >= 15
    assert not result.meets_frontage[4]
    assert result.meets_frontage[9]  # outside every zone: no minimum applies


def _naive_frontage(parcels):
    """The obvious loop: each boundary less every other parcel within the tolerance."""
    out = []
    for i, parcel in enumerate(parcels):
        others = [p for j, p in enumerate(parcels) if j != i]
        nearby = shapely.union_all([p for p in others if p.distance(parcel) <= 0.5])
        out.append(buildability.facing_public_domain(parcel.boundary, nearby).length)
    return np.array(out)


def test_vectorised_frontage_matches_the_naive_loop():
    layers = demo.layers_for("EPSG:26191", demo.CENTRES["temara"], cols=14, rows=6)
    parcels = np.concatenate([layers.parcels, _block()])
    assert np.allclose(buildability.frontage(parcels), _naive_frontage(parcels))


def test_frontage_measured_in_chunks_is_the_same(monkeypatch):
    layers = demo.layers_for("EPSG:26191", demo.CENTRES["temara"], cols=14, rows=6)
    parcels = np.concatenate([layers.parcels, _block()])
    whole = buildability.frontage(parcels)
    monkeypatch.setattr(buildability, "FRONTAGE_CHUNK", 7)
    assert np.array_equal(buildability.frontage(parcels), whole)


def test_run_counts_parcels_below_the_minimum_frontage(db, commune):
    with db() as session:
        set_commune_scope(session, commune)
        place = session.get(Commune, commune)
        demo.load_demo(session, place, "tests", factories.demo_year())
        record = buildability.run(session, commune=place, actor="tests", on_date=date(2026, 1, 1))
        assert record.summary["below_min_frontage"] == 0  # 20 m or 45 m everywhere
        for rule in session.execute(select(ZoneRule)).scalars():
            rule.min_frontage_m = 30.0
        session.flush()
        record = buildability.run(session, commune=place, actor="tests", on_date=date(2026, 1, 2))
        assert record.summary["below_min_frontage"] == 64  # all but the 32 block corners


def test_unknown_frontage_meets_no_minimum_and_is_reported_as_unknown():
    zones = np.array([shapely.box(0, 0, 100, 100)])
    parcels = np.array([shapely.box(0, 0, 10, 10), shapely.box(20, 0, 30, 10)])
    rules = buildability.rule_table(["A"], {"A": _Rule(min_frontage_m=5.0)})
    result = buildability.compute(
        parcels,
        zones,
        np.array([0]),
        rules,
        np.array([]),
        np.array([], dtype=int),
        buildability.layer_table([]),
        frontages=np.array([np.nan, 40.0]),
    )
    assert list(result.frontage_known) == [False, True]
    assert list(result.meets_frontage) == [False, True]


def test_run_uses_the_stored_frontage_and_writes_it_with_the_layer(db, commune):
    """The run reads ``Parcel.frontage_m`` (here changed by hand to show it is not
    measured again); a parcel without one is reported as unknown."""
    with db() as session:
        set_commune_scope(session, commune)
        place = session.get(Commune, commune)
        demo.load_demo(session, place, "tests", factories.demo_year())
        parcels = session.execute(select(Parcel).order_by(Parcel.id)).scalars().all()
        assert {p.frontage_m for p in parcels} == {20.0, 45.0}
        first, second = parcels[0].reference, parcels[1].reference
        parcels[0].frontage_m = 2.0
        parcels[1].frontage_m = None
        session.flush()
        record = buildability.run(session, commune=place, actor="tests", on_date=date(2026, 1, 1))
        assert record.summary["frontage_unknown"] == 1
        assert record.summary["below_min_frontage"] == 1
        rows = {r.reference: r for r in buildability.results(session, record)}
        assert rows[first].zone_codes  # the first parcel is zoned, so a minimum applies
        assert (rows[first].frontage_m, rows[first].meets_min_frontage) == (2.0, False)
        assert (rows[second].frontage_m, rows[second].meets_min_frontage) == (None, None)
        others = [r for ref, r in rows.items() if ref not in {first, second}]
        assert {r.frontage_m for r in others} == {20.0, 45.0}
        zoned = [r for r in others if "ZV" not in r.zone_codes]
        assert all(r.meets_min_frontage for r in zoned)
        table = list(csv.DictReader(io.StringIO(buildability.to_csv(list(rows.values())))))
    assert {"frontage_m", "meets_min_frontage"} <= set(table[0])
    by_reference = {line["reference"]: line for line in table}
    assert (by_reference[first]["frontage_m"], by_reference[first]["meets_min_frontage"]) == (
        "2.0",
        "no",
    )
    assert by_reference[second]["frontage_m"] == by_reference[second]["meets_min_frontage"] == ""
