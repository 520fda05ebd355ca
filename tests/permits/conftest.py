"""A Moroccan commune running permits, with a plan in force whose zone limits the
footprint to 60 % of the site, and one parcel of about 100 m x 110 m in it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from gis import services as gis_services
from municipality.db import set_commune_scope
from tests import factories


@dataclass(frozen=True)
class Site:
    commune_id: int
    parcel: str
    parcel_area_m2: float


@pytest.fixture
def site(db) -> Site:
    with db() as session:
        commune = factories.permits_commune(session, slug="sale")
        set_commune_scope(session, commune.id)
        plan = factories.zoning_plan(session, commune_=commune)
        factories.zone(session, plan=plan, code="R1")
        gis_services.save_rule(
            session,
            actor=factories.ACTOR,
            plan=plan,
            zone_code="R1",
            data={
                "allowed_uses": ["housing", "retail"],
                "max_height_m": 12,
                "max_footprint_ratio": 0.6,
                "source_text": "Règlement du plan d'aménagement, article 12",
            },
        )
        made = factories.parcel(session, commune_=commune)
        return Site(commune.id, made.reference, made.area_m2)
