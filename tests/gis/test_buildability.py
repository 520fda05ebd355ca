"""Batch buildability: vectorised limits per parcel, stored as a layer, the same as a loop."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
import shapely
from sqlalchemy import select

from gis import buildability, demo, services
from gis.models import ParcelBuildability
from municipality.db import set_commune_scope
from municipality.models import Commune


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
        parcels, zones, np.array([0, 1]), rules, servitudes, np.array([0]), layers
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
        parcels, zones, np.array([0]), rules, zones, np.array([0]), layers
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
    )
    assert np.allclose(result.max_footprint, _naive(layers.parcels, layers.zones, codes, rules))


def test_run_stores_a_layer_for_every_parcel(db, commune):
    with db() as session:
        set_commune_scope(session, commune)
        place = session.get(Commune, commune)
        demo.load_demo(session, place, "tests")
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
