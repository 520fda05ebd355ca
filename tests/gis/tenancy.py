"""Commune B's GIS objects for the tenancy walk (tests/municipality/test_tenancy.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from gis import buildability, imports
from gis.models import ServitudeLayer, ZoningPlan
from municipality.db import set_commune_scope
from municipality.models import Commune


def b_objects(session: Session, beta: Commune) -> dict[str, str]:
    """Public ids of B's plan, servitude layer, import run and buildability run.

    Call after ``mapdata.add_layers`` has drawn B's map.
    """
    scope = session.info.get("commune_id")
    set_commune_scope(session, beta.id)
    plan = session.execute(select(ZoningPlan).order_by(ZoningPlan.id.desc())).scalars().first()
    layer = session.execute(select(ServitudeLayer)).scalars().first()
    run = imports.new_run(
        session,
        commune=beta,
        actor="tests",
        filename="beta-parcels.gpkg",
        file_sha256=None,
        size_bytes=0,
        options=imports.ImportOptions(kind="parcels"),
    )
    record = buildability.run(session, commune=beta, actor="tests", on_date=date(2026, 1, 1))
    found = {
        "plan": str(plan.public_id) if plan else "",
        "layer": str(layer.public_id) if layer else "",
        "import": str(run.public_id),
        "buildability": str(record.public_id),
    }
    set_commune_scope(session, scope)
    return found
