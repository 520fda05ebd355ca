"""The public layers of the GIS module: the commune boundary, zones of the plan in force,
servitudes and parcels.

Only what anyone may see leaves here: parcels carry :data:`PUBLIC_PARCEL_FIELDS`
and never their owner.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, literal, or_, select
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
from municipality.ogc import Extent, Interval

from .collections import ModelCollection
from .params import local_today


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

    def columns(self) -> dict[str, SQLColumnExpression[Any]]:
        return {
            "code": Zone.code,
            "label": Zone.label,
            "plan": ZoningPlan.name,
            "plan_reference": ZoningPlan.reference,
            "in_force_from": ZoningPlan.in_force_from,
            "in_force_until": ZoningPlan.in_force_until,
        }

    def joined(self, query: Select[Any]) -> Select[Any]:
        return query.join(ZoningPlan, Zone.plan_id == ZoningPlan.id)

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

    def columns(self) -> dict[str, SQLColumnExpression[Any]]:
        return {
            "label": Servitude.label,
            "layer": ServitudeLayer.name,
            "kind": ServitudeLayer.kind,
            "effect": ServitudeLayer.effect,
            "height_limit_m": ServitudeLayer.height_limit_m,
            "agency": ServitudeLayer.agency,
            "source": ServitudeLayer.source,
        }

    def joined(self, query: Select[Any]) -> Select[Any]:
        return query.join(ServitudeLayer, Servitude.layer_id == ServitudeLayer.id)


class Parcels(ModelCollection):
    id = "parcels"
    title = _("Parcels")
    description = _("Cadastral parcels: reference and area. Owners are never published.")
    model = Parcel
    fields: ClassVar[tuple[str, ...]] = PUBLIC_PARCEL_FIELDS

    def columns(self) -> dict[str, SQLColumnExpression[Any]]:
        return {name: getattr(Parcel, name) for name in self.fields}


class Boundary(ModelCollection):
    """The commune's territory: one feature, the frame of every map."""

    id = "boundary"
    title = _("Commune boundary")
    description = _("The territory of the commune.")
    model = CommuneBoundary
    FEATURE_ID: ClassVar[str] = "boundary"

    def columns(self) -> dict[str, SQLColumnExpression[Any]]:
        return {"source": CommuneBoundary.source}

    def id_column(self) -> SQLColumnExpression[Any]:
        return literal(self.FEATURE_ID)

    def identified(self, feature_id: str) -> list[ColumnElement[bool]] | None:
        return [] if feature_id == self.FEATURE_ID else None


PUBLIC_LAYERS = (Boundary(), Zones(), Servitudes(), Parcels())
