"""Features in a map window, plans in force by date, rules and servitude effects."""

from __future__ import annotations

from datetime import date

import pytest
import shapely
from pyramid.registry import Registry
from sqlalchemy import select

from gis import demo, services
from gis.geometry import WGS84, reproject
from gis.models import PUBLIC_PARCEL_FIELDS, Parcel, ServitudeLayer, Zone, ZoningPlan
from municipality import maps
from municipality.db import set_commune_scope
from municipality.errors import ValidationFailed
from municipality.models import Commune
from municipality.providers import Kind, offer
from tests import factories
from tests.gis.conftest import CRS


@pytest.fixture
def loaded(db, commune) -> int:
    with db() as session:
        set_commune_scope(session, commune)
        demo.load_demo(session, session.get(Commune, commune), "tests", factories.demo_year())
    return commune


def test_features_in_bbox_pages_and_counts_the_same_on_every_backend(db, loaded, layers):
    west, south, east, north = shapely.total_bounds(reproject(layers.parcels[:12], CRS, WGS84))
    with db() as session:
        set_commune_scope(session, loaded)
        page = services.features_in_bbox(session, Parcel, (west, south, east, north), limit=5)
        rest = services.features_in_bbox(session, Parcel, (west, south, east, north), offset=5)
        everything = services.features_in_bbox(session, Parcel, None)
        nowhere = services.features_in_bbox(session, Parcel, (10, 10, 11, 11))
        refs = [p.reference for p in page.features + rest.features]
    assert page.number_matched == rest.number_matched == len(refs)
    assert len(page.features) == 5
    assert set(layers.references[:12]) <= set(refs)
    assert everything.number_matched == 96
    assert nowhere.number_matched == 0
    assert nowhere.features == []


def test_features_in_bbox_follows_new_rows(db, loaded, layers):
    """A kept spatial index must not hide features added after it was built."""
    box = shapely.total_bounds(reproject(layers.parcels, CRS, WGS84))
    with db() as session:
        set_commune_scope(session, loaded)
        before = services.features_in_bbox(session, Zone, box).number_matched
        plan = session.execute(select(ZoningPlan)).scalar_one()
        zone = session.execute(select(Zone)).scalars().first()
        session.add(
            Zone(
                commune_id=loaded,
                plan_id=plan.id,
                code="ZV",
                label="",
                geom=zone.geom,
                geom_4326=zone.geom_4326,
            )
        )
        session.flush()
        after = services.features_in_bbox(session, Zone, box, where=[Zone.plan_id == plan.id])
    assert after.number_matched == before + 1


def test_bad_bbox_is_refused():
    with pytest.raises(ValidationFailed):
        services.check_bbox((1, 2, 3))
    with pytest.raises(ValidationFailed):
        services.check_bbox((10, 0, 5, 1))


def test_plan_in_force_by_date(db, loaded):
    with db() as session:
        set_commune_scope(session, loaded)
        current = session.execute(select(ZoningPlan)).scalar_one()
        services.set_plan_dates(
            session,
            actor="tests",
            plan=current,
            in_force_from=date(2024, 1, 1),
            in_force_until=date(2025, 12, 31),
        )
        session.add(
            ZoningPlan(
                commune_id=loaded,
                name="Révision",
                reference="PA-2026",
                in_force_from=date(2026, 1, 1),
                source_crs=CRS,
            )
        )
        session.flush()
        assert services.plan_in_force(session, date(2023, 6, 1)) is None
        assert services.plan_in_force(session, date(2025, 6, 1)).reference == "PA-2024"
        assert services.plan_in_force(session, date(2025, 12, 31)).reference == "PA-2024"
        assert services.plan_in_force(session, date(2026, 1, 1)).reference == "PA-2026"
        with pytest.raises(ValidationFailed):
            services.set_plan_dates(
                session,
                actor="tests",
                plan=current,
                in_force_from=date(2024, 1, 1),
                in_force_until=date(2023, 1, 1),
            )


def test_rule_values_are_checked():
    with pytest.raises(ValidationFailed) as refused:
        services.clean_rule(
            {
                "max_height_m": "tall",
                "max_floors": 2.5,
                "max_footprint_ratio": 60,
                "allowed_uses": ["casino"],
            }
        )
    assert set(refused.value.errors) == {
        "max_height_m",
        "max_floors",
        "max_footprint_ratio",
        "allowed_uses",
    }
    clean = services.clean_rule({"max_height_m": 9, "allowed_uses": ["Housing", "retail"]})
    assert clean["allowed_uses"] == ["housing", "retail"]
    assert clean["max_floors"] is None


def test_servitude_effect_needs_its_value(db, loaded):
    with db() as session:
        set_commune_scope(session, loaded)
        layer = session.execute(
            select(ServitudeLayer).where(ServitudeLayer.kind == "heritage")
        ).scalar_one()
        with pytest.raises(ValidationFailed) as refused:
            services.update_layer(
                session,
                actor="tests",
                layer=layer,
                data={"kind": "heritage", "effect": "limit_height"},
            )
        assert "height_limit_m" in refused.value.errors
        services.update_layer(
            session,
            actor="tests",
            layer=layer,
            data={"kind": "airport_cone", "effect": "limit_height", "height_limit_m": 30},
        )
        assert layer.height_limit_m == 30.0


def test_commune_area_provider(db, loaded, layers):
    inside = reproject(layers.parcels[0].centroid, CRS, WGS84)
    with db() as session:
        set_commune_scope(session, loaded)
        commune = session.get(Commune, loaded)
        assert services.commune_contains(session, commune, inside.y, inside.x) is True
        assert services.commune_contains(session, commune, 0.0, 0.0) is False


def test_owner_is_not_a_public_field():
    assert "owner" not in PUBLIC_PARCEL_FIELDS


def test_the_gazetteer_finds_places_then_streets_by_any_spelling_of_their_name(db):
    with db() as session:
        elsewhere = factories.named_place(session)
        commune = factories.commune(session)
        factories.enable_gis(session, commune)
        street = factories.street(session, commune_=commune)
        place = factories.named_place(session, commune_=commune)
        set_commune_scope(session, commune.id)
        everything = services.named_places(session, commune, "", 10)
        by_french = services.named_places(session, commune, "MARCHE", 10)
        by_arabic = services.named_places(session, commune, street.name_ar, 10)
        registry = Registry()
        offer(registry, Kind.GAZETTEER, "gis", services.named_places, module="gis")
        first = maps.search_places(registry, session, commune, "", 1)
    assert [p.name_fr for p in everything] == [place.name_fr, street.name_fr]
    assert elsewhere.name_fr not in {p.name_fr for p in everything}
    assert [p.kind for p in by_french] == ["market"]
    assert [(p.kind, round(p.longitude, 2)) for p in by_arabic] == [("street", -6.80)]
    assert first == everything[:1]
