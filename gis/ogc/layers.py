"""The public layers of the GIS module: the commune boundary, zones of the plan in force,
servitudes and parcels.

Only what anyone may see leaves here: parcels carry :data:`PUBLIC_PARCEL_FIELDS`
and never their owner.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from gis.models import (
    PUBLIC_PARCEL_FIELDS,
    CommuneBoundary,
    Parcel,
    Servitude,
    ServitudeLayer,
    Zone,
    ZoningPlan,
)
from municipality.i18n import _
from municipality.models import Commune
from municipality.ogc import Extent, Feature, Interval

from .collections import ModelCollection
from .params import local_today


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


class Zones(ModelCollection):
    """Zones of the zoning plan in force: today, or on the days ``datetime`` names."""

    id = "zones"
    title = _("Zoning plan zones")
    description = _(
        "The zones of the zoning plan in force and their codes. "
        "Use datetime to see the plan in force on another date."
    )
    temporal = True
    model = Zone

    def conditions(
        self, session: Session, commune: Commune, interval: Interval | None
    ) -> list[ColumnElement[bool]]:
        wanted = interval or Interval.instant(local_today(commune.timezone))
        plans = select(ZoningPlan.id)
        if wanted.end is not None:
            plans = plans.where(ZoningPlan.in_force_from <= wanted.end)
        if wanted.start is not None:
            plans = plans.where(
                or_(ZoningPlan.in_force_until.is_(None), ZoningPlan.in_force_until >= wanted.start)
            )
        # Plans are few: their ids, not a join, keep the shared bounding-box query simple.
        return [Zone.plan_id.in_(list(session.scalars(plans)))]

    def properties(self, row: Zone) -> dict[str, Any]:
        plan = row.plan
        return {
            "code": row.code,
            "label": row.label,
            "plan": plan.name,
            "plan_reference": plan.reference,
            "in_force_from": _iso(plan.in_force_from),
            "in_force_until": _iso(plan.in_force_until),
        }

    def extent(self, session: Session, commune: Commune) -> Extent:
        spatial = super().extent(session, commune)
        plans = session.execute(select(ZoningPlan.in_force_from, ZoningPlan.in_force_until)).all()
        if not plans:
            return spatial
        start = min(p.in_force_from for p in plans)
        ends = [p.in_force_until for p in plans]
        end = None if None in ends else max(e for e in ends if e is not None)
        return Extent(spatial.bbox, (start, end))


class Servitudes(ModelCollection):
    id = "servitudes"
    title = _("Servitudes")
    description = _(
        "Public-utility servitudes (flood risk, heritage, road widening, easements...) "
        "and what they impose on building."
    )
    model = Servitude

    def properties(self, row: Servitude) -> dict[str, Any]:
        layer: ServitudeLayer = row.layer
        return {
            "label": row.label,
            "layer": layer.name,
            "kind": layer.kind,
            "effect": layer.effect,
            "height_limit_m": layer.height_limit_m,
            "agency": layer.agency,
            "source": layer.source,
        }


class Parcels(ModelCollection):
    id = "parcels"
    title = _("Parcels")
    description = _("Cadastral parcels: reference and area. Owners are never published.")
    model = Parcel
    fields: ClassVar[tuple[str, ...]] = PUBLIC_PARCEL_FIELDS

    def properties(self, row: Parcel) -> dict[str, Any]:
        return {name: getattr(row, name) for name in self.fields}


class Boundary(ModelCollection):
    """The commune's territory: one feature, the frame of every map."""

    id = "boundary"
    title = _("Commune boundary")
    description = _("The territory of the commune.")
    model = CommuneBoundary
    FEATURE_ID: ClassVar[str] = "boundary"

    def properties(self, row: CommuneBoundary) -> dict[str, Any]:
        return {"source": row.source}

    def feature(self, row: CommuneBoundary) -> Feature:
        return Feature(self.FEATURE_ID, row.geom_4326, self.properties(row), row.geom)

    def item(self, session: Session, commune: Commune, feature_id: str) -> Feature | None:
        row = session.scalars(select(CommuneBoundary)).one_or_none()
        return None if row is None or feature_id != self.FEATURE_ID else self.feature(row)


PUBLIC_LAYERS = (Boundary(), Zones(), Servitudes(), Parcels())
