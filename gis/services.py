"""The GIS rules: finding features in a map window, plans in force, zone rules, servitude
layers, parcels and the commune boundary.

Services take the session (scoped to the commune), the acting user's name and the
commune explicitly; every write is audited in the caller's transaction.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import numpy as np
import shapely
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from gis.geometry import WGS84
from gis.models import (
    BuildabilityRun,
    CommuneBoundary,
    ImportRun,
    NamedPlace,
    Parcel,
    ParcelBuildability,
    ServitudeLayer,
    Street,
    Zone,
    ZoneRule,
    ZoningPlan,
)
from municipality import audit, maps
from municipality.db import TenancyViolation
from municipality.errors import NotFound, ValidationFailed
from municipality.i18n import _
from municipality.models import Commune

T = TypeVar("T")

SERVITUDE_KINDS = ("flood_risk", "heritage", "road_widening", "utility_easement", "airport_cone")
SERVITUDE_EFFECTS = ("forbid", "limit_height", "require_opinion")
# The uses a project may declare; rules allow or forbid some of them.
USES = ("housing", "retail", "office", "industry", "warehouse", "hotel", "facility", "farming")
# How each use is named to people.
USE_TITLES = {
    "housing": _("Housing"),
    "retail": _("Retail"),
    "office": _("Offices"),
    "industry": _("Industry"),
    "warehouse": _("Warehouses"),
    "hotel": _("Hotels"),
    "facility": _("Public facilities"),
    "farming": _("Farming"),
}
RULE_LIMITS = (
    "max_height_m",
    "max_floors",
    "max_footprint_ratio",
    "max_floor_area_ratio",
    "min_parcel_area_m2",
    "min_frontage_m",
    "setback_road_m",
    "setback_neighbour_m",
)
RATIO_LIMITS = ("max_footprint_ratio", "max_floor_area_ratio")
INTEGER_LIMITS = ("max_floors",)
MAX_RULE_VALUE = 100_000.0

Bbox = tuple[float, float, float, float]


# --- Features in a map window -------------------------------------------------------------


@dataclass(frozen=True)
class FeaturePage:
    """One page of features in a bounding box and how many matched in all."""

    features: list[Any]
    number_matched: int


def check_bbox(bbox: Sequence[float]) -> Bbox:
    """A longitude/latitude box ``(minx, miny, maxx, maxy)``, or :class:`ValidationFailed`."""
    if len(bbox) != 4 or not all(np.isfinite(v) for v in bbox):
        raise ValidationFailed(_("A bounding box is four numbers: west, south, east, north."))
    minx, miny, maxx, maxy = (float(v) for v in bbox)
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ValidationFailed(_("A bounding box is four numbers: west, south, east, north."))
    return minx, miny, maxx, maxy


def features_in_bbox(
    session: Session,
    model: type[T],
    bbox: Sequence[float] | None,
    *,
    where: Iterable[ColumnElement[bool]] = (),
    limit: int | None = None,
    offset: int = 0,
) -> FeaturePage:
    """The features of ``model`` (a table with ``geom_4326``) that intersect ``bbox``.

    ``bbox`` is in EPSG:4326; ``None`` means the whole layer. ``where`` narrows the layer
    (``Zone.plan_id == plan.id``). Features come in ``id`` order, so pages are stable.
    PostgreSQL answers with ``ST_Intersects`` on the GiST index; SQLite with a shapely
    STRtree kept per layer (see :class:`_TreeCache`). Both give the same features.
    """
    conditions = list(where)
    key = model.id  # type: ignore[attr-defined]
    if bbox is not None and session.get_bind().dialect.name != "postgresql":
        ids = ids_in_bbox(session, model, bbox, where=conditions)
        page = ids[offset : offset + limit if limit is not None else None]
        return FeaturePage(_load_by_ids(session, model, page), len(ids))
    if bbox is not None:
        envelope = func.ST_MakeEnvelope(*check_bbox(bbox), 4326)
        conditions.append(func.ST_Intersects(model.geom_4326, envelope))  # type: ignore[attr-defined]
    matched = session.execute(
        select(func.count()).select_from(model).where(*conditions)
    ).scalar_one()
    query = select(model).where(*conditions).order_by(key).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return FeaturePage(list(session.execute(query).scalars()), matched)


def ids_in_bbox(
    session: Session,
    model: type[Any],
    bbox: Sequence[float],
    *,
    where: Iterable[ColumnElement[bool]] = (),
) -> list[int]:
    """Ids (ascending) of the features of ``model`` narrowed by ``where`` that intersect
    ``bbox``, from the STRtree kept for SQLite (PostgreSQL asks its GiST index instead)."""
    return _TREES.ids_in(session, model, list(where), check_bbox(bbox))


_ID_CHUNK = 5_000


def _load_by_ids(session: Session, model: type[T], ids: Sequence[int]) -> list[T]:
    """The rows with these ids, in the ids' order, fetched in chunks SQLite accepts."""
    key = model.id  # type: ignore[attr-defined]
    found: dict[int, T] = {}
    for start in range(0, len(ids), _ID_CHUNK):
        chunk = [int(i) for i in ids[start : start + _ID_CHUNK]]
        for row in session.execute(select(model).where(key.in_(chunk))).scalars():
            found[row.id] = row  # type: ignore[attr-defined]
    return [found[int(i)] for i in ids if int(i) in found]


class _TreeCache:
    """STRtrees of layers' ``geom_4326`` for SQLite, rebuilt when a layer changes.

    A layer is a table narrowed by conditions in one commune's scope. Features are
    replaced by imports (new rows), never moved in place, so a layer's row count and
    highest id tell whether a kept tree is still right; checking costs one small query.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._trees: dict[tuple[Any, ...], tuple[tuple[int, int], np.ndarray, shapely.STRtree]] = {}

    def ids_in(
        self,
        session: Session,
        model: type[Any],
        conditions: list[ColumnElement[bool]],
        bbox: Bbox,
    ) -> list[int]:
        """Ids (ascending) of the layer's features intersecting ``bbox``."""
        layer = self._layer_key(session, model, conditions)
        count, top = session.execute(
            select(func.count(), func.max(model.id)).select_from(model).where(*conditions)
        ).one()
        state = (int(count), int(top or 0))
        with self._lock:
            kept = self._trees.get(layer)
        if kept is None or kept[0] != state:
            rows = session.execute(select(model.id, model.geom_4326).where(*conditions)).all()
            ids = np.array([row[0] for row in rows], dtype=np.int64)
            tree = shapely.STRtree([row[1] for row in rows])
            kept = (state, ids, tree)
            with self._lock:
                self._trees[layer] = kept
        _state, ids, tree = kept
        hits = tree.query(shapely.box(*bbox), predicate="intersects")
        return sorted(int(i) for i in ids[hits])

    @staticmethod
    def _layer_key(
        session: Session, model: type[Any], conditions: list[ColumnElement[bool]]
    ) -> tuple[Any, ...]:
        compiled = tuple(str(c.compile(compile_kwargs={"literal_binds": True})) for c in conditions)
        url = session.get_bind().engine.url.render_as_string(hide_password=True)
        return (url, model.__tablename__, session.info.get("commune_id"), compiled)


_TREES = _TreeCache()


# --- Plans --------------------------------------------------------------------------------


def plans(session: Session) -> list[ZoningPlan]:
    """The commune's plans, the most recent in force first."""
    query = select(ZoningPlan).order_by(ZoningPlan.in_force_from.desc(), ZoningPlan.id.desc())
    return list(session.execute(query).scalars())


def plan_in_force(session: Session, day: date) -> ZoningPlan | None:
    """The plan in force on ``day``; when versions overlap, the one that started last."""
    query = (
        select(ZoningPlan)
        .where(ZoningPlan.in_force_from <= day)
        .where((ZoningPlan.in_force_until.is_(None)) | (ZoningPlan.in_force_until >= day))
        .order_by(ZoningPlan.in_force_from.desc(), ZoningPlan.id.desc())
        .limit(1)
    )
    return session.execute(query).scalar_one_or_none()


def require_plan_in_force(session: Session, day: date) -> ZoningPlan:
    plan = plan_in_force(session, day)
    if plan is None:
        raise NotFound(_("No zoning plan is in force on ${day}.", mapping={"day": day.isoformat()}))
    return plan


def set_plan_dates(
    session: Session,
    *,
    actor: str,
    plan: ZoningPlan,
    in_force_from: date,
    in_force_until: date | None,
) -> ZoningPlan:
    """Change when a plan is in force (a revision ends the previous version's term)."""
    if in_force_until is not None and in_force_until < in_force_from:
        raise ValidationFailed(
            _("A plan cannot end before it comes into force."),
            {"in_force_until": "before in_force_from"},
        )
    with audit.tracked(
        session,
        plan,
        actor=actor,
        action="gis:plan:dated",
        object_type="gis_plan",
        values=_plan_dates,
    ):
        plan.in_force_from = in_force_from
        plan.in_force_until = in_force_until
    return plan


def _plan_dates(plan: ZoningPlan) -> dict[str, Any]:
    until = plan.in_force_until.isoformat() if plan.in_force_until else None
    return {"in_force_from": plan.in_force_from.isoformat(), "in_force_until": until}


def zone_codes(session: Session, plan: ZoningPlan) -> list[str]:
    """The distinct zone codes drawn in a plan."""
    query = select(Zone.code).where(Zone.plan_id == plan.id).distinct().order_by(Zone.code)
    return list(session.execute(query).scalars())


# --- Zone rules ---------------------------------------------------------------------------


def rules_by_code(session: Session, plan: ZoningPlan) -> dict[str, ZoneRule]:
    query = select(ZoneRule).where(ZoneRule.plan_id == plan.id)
    return {rule.zone_code: rule for rule in session.execute(query).scalars()}


def clean_rule(data: dict[str, Any]) -> dict[str, Any]:
    """Check a rule's values; ratios are fractions (0.6 for 60 %), lengths in metres."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for field in RULE_LIMITS:
        value = data.get(field)
        if value is None or value == "":
            clean[field] = None
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            errors[field] = "a number"
            continue
        number = float(value)
        if not np.isfinite(number) or number < 0 or number > MAX_RULE_VALUE:
            errors[field] = "a positive number"
        elif field in RATIO_LIMITS and number > 20:
            errors[field] = "a ratio such as 0.6"
        elif field in INTEGER_LIMITS and not number.is_integer():
            errors[field] = "a whole number"
        clean[field] = int(number) if field in INTEGER_LIMITS else number
    for field in ("allowed_uses", "forbidden_uses"):
        uses = [str(u).strip().lower() for u in data.get(field) or [] if str(u).strip()]
        unknown = sorted(set(uses) - set(USES))
        if unknown:
            errors[field] = "unknown uses: " + ", ".join(unknown)
        clean[field] = sorted(set(uses))
    clean["source_text"] = str(data.get("source_text") or "").strip()
    if errors:
        raise ValidationFailed(_("The zone rule has invalid values."), errors)
    return clean


def save_rule(
    session: Session,
    *,
    actor: str,
    plan: ZoningPlan,
    zone_code: str,
    data: dict[str, Any],
) -> ZoneRule:
    """Create or replace the rule of ``zone_code`` in ``plan``."""
    clean = clean_rule(data)
    code = zone_code.strip()
    if not code:
        raise ValidationFailed(_("A zone rule needs a zone code."), {"zone_code": "required"})
    rule = rules_by_code(session, plan).get(code)
    before = _rule_values(rule) if rule is not None else {}
    if rule is None:
        rule = ZoneRule(commune_id=plan.commune_id, plan_id=plan.id, zone_code=code)
    for field, value in clean.items():
        setattr(rule, field, value)
    audit.write(
        session,
        rule,
        actor=actor,
        action="gis:rule:saved",
        object_type="gis_rule",
        changes=audit.diff(before, _rule_values(rule)),
    )
    return rule


def _rule_values(rule: ZoneRule) -> dict[str, Any]:
    values = {field: getattr(rule, field) for field in RULE_LIMITS}
    values.update(
        zone_code=rule.zone_code,
        allowed_uses=list(rule.allowed_uses or []),
        forbidden_uses=list(rule.forbidden_uses or []),
        source_text=rule.source_text,
    )
    return values


# --- Servitude layers ---------------------------------------------------------------------


def recent_imports(session: Session, limit: int) -> list[ImportRun]:
    """The commune's latest imports, newest first, for the imports page."""
    stmt = select(ImportRun).order_by(ImportRun.created_at.desc()).limit(limit)
    return list(session.execute(stmt).scalars())


def servitude_layers(session: Session) -> list[ServitudeLayer]:
    return list(session.execute(select(ServitudeLayer).order_by(ServitudeLayer.name)).scalars())


def clean_layer_effect(data: dict[str, Any]) -> dict[str, Any]:
    """Check a servitude layer's kind and effect: a height limit needs its value, an
    opinion the agency that gives it."""
    errors: dict[str, str] = {}
    kind = data.get("kind")
    effect = data.get("effect")
    if kind not in SERVITUDE_KINDS:
        errors["kind"] = "one of " + ", ".join(SERVITUDE_KINDS)
    if effect not in SERVITUDE_EFFECTS:
        errors["effect"] = "one of " + ", ".join(SERVITUDE_EFFECTS)
    height = data.get("height_limit_m")
    agency = str(data.get("agency") or "").strip()
    if effect == "limit_height" and (
        not isinstance(height, int | float) or isinstance(height, bool) or height <= 0
    ):
        errors["height_limit_m"] = "required for a height limit"
    if effect == "require_opinion" and not agency:
        errors["agency"] = "required when an opinion is needed"
    if errors:
        raise ValidationFailed(_("The servitude layer's effect is incomplete."), errors)
    return {
        "kind": kind,
        "effect": effect,
        "height_limit_m": float(height) if effect == "limit_height" and height else None,
        "agency": agency,
        "source": str(data.get("source") or "").strip(),
    }


def update_layer(
    session: Session, *, actor: str, layer: ServitudeLayer, data: dict[str, Any]
) -> ServitudeLayer:
    """Change what a servitude layer imposes (kind, effect, height limit, agency, source)."""
    clean = clean_layer_effect(data)
    with audit.tracked(
        session,
        layer,
        actor=actor,
        action="gis:servitude:updated",
        object_type="gis_servitude_layer",
        values=_layer_values,
    ):
        for field, value in clean.items():
            setattr(layer, field, value)
    return layer


def _layer_values(layer: ServitudeLayer) -> dict[str, Any]:
    fields = ("name", "kind", "effect", "height_limit_m", "agency", "source")
    return {field: getattr(layer, field) for field in fields}


# --- Bulk writes --------------------------------------------------------------------------

_INSERT_CHUNK = 5_000


def bulk_insert(session: Session, model: type[Any], rows: Iterable[dict[str, Any]]) -> None:
    """Insert many rows of the session's commune in chunks, through the connection.

    The ORM's bulk path costs more per row than the database itself; the rows are built
    by the caller with the commune's id, which is checked against the session's scope.
    ``rows`` may be a generator: only one chunk is held at a time.
    """
    scope = session.info.get("commune_id")
    table = model.__table__
    connection = session.connection()
    chunk: list[dict[str, Any]] = []
    for row in rows:
        if scope is not None and row["commune_id"] != scope:
            raise TenancyViolation(f"a row of another commune than {scope}")
        chunk.append(row)
        if len(chunk) == _INSERT_CHUNK:
            connection.execute(table.insert(), chunk)
            chunk = []
    if chunk:
        connection.execute(table.insert(), chunk)


# --- Parcels and boundary -----------------------------------------------------------------


def parcels_by_reference(session: Session, references: Iterable[str]) -> list[Parcel]:
    """The parcels with these references, or :class:`NotFound` naming the missing ones."""
    wanted = list(dict.fromkeys(r.strip() for r in references if r.strip()))
    if not wanted:
        raise ValidationFailed(_("Give at least one parcel reference."), {"parcels": "required"})
    found = {
        parcel.reference: parcel
        for parcel in session.execute(select(Parcel).where(Parcel.reference.in_(wanted))).scalars()
    }
    missing = [r for r in wanted if r not in found]
    if missing:
        raise NotFound(
            _(
                "Unknown parcel references: ${references}",
                mapping={"references": ", ".join(missing)},
            )
        )
    return [found[r] for r in wanted]


@dataclass(frozen=True)
class ParcelZone:
    """The part of a parcel in one zone of the plan in force, with that zone's rule."""

    code: str
    label: str
    area_m2: float
    share: float
    rule: ZoneRule | None


def parcel_zones(session: Session, parcel: Parcel, plan: ZoningPlan) -> list[ParcelZone]:
    """The zones of ``plan`` a parcel lies in, largest part first (slivers under 1 m², the
    digitising noise of shared edges, left out)."""
    rules = rules_by_code(session, plan)
    areas: dict[str, float] = {}
    labels: dict[str, str] = {}
    candidates = features_in_bbox(
        session, Zone, parcel.geom_4326.bounds, where=[Zone.plan_id == plan.id]
    ).features
    for zone in candidates:
        area = float(shapely.area(shapely.intersection(zone.geom, parcel.geom)))
        if area >= 1.0:
            areas[zone.code] = areas.get(zone.code, 0.0) + area
            labels.setdefault(zone.code, zone.label)
    total = parcel.area_m2 or 1.0
    return [
        ParcelZone(code, labels[code], round(area, 1), min(1.0, area / total), rules.get(code))
        for code, area in sorted(areas.items(), key=lambda item: -item[1])
    ]


def parcel_buildability(session: Session, parcel: Parcel) -> ParcelBuildability | None:
    """What the latest finished buildability run found for the parcel, if any ran."""
    query = (
        select(ParcelBuildability)
        .join(BuildabilityRun, BuildabilityRun.id == ParcelBuildability.run_id)
        .where(ParcelBuildability.parcel_id == parcel.id, BuildabilityRun.state == "done")
        .order_by(BuildabilityRun.created_at.desc(), BuildabilityRun.id.desc())
        .limit(1)
    )
    return session.execute(query).scalar_one_or_none()


def boundary(session: Session) -> CommuneBoundary | None:
    return session.execute(select(CommuneBoundary)).scalar_one_or_none()


def commune_contains(
    session: Session, commune: Commune, latitude: float, longitude: float
) -> bool | None:
    """Whether a point lies in the commune (``None`` without a boundary): the core's
    area provider, used by complaints to flag reports from outside the commune."""
    found = session.execute(
        select(CommuneBoundary.geom_4326).where(CommuneBoundary.commune_id == commune.id)
    ).scalar_one_or_none()
    if found is None:
        return None
    return bool(found.intersects(shapely.Point(longitude, latitude)))


def named_places(session: Session, commune: Commune, text: str, limit: int) -> list[maps.Place]:
    """The commune's gazetteer (``Kind.GAZETTEER``): named places, then streets, whose
    folded names hold ``text``; a street is placed at the middle of its line."""
    found: list[maps.Place] = []
    for model in (NamedPlace, Street):
        if len(found) < limit:
            found.extend(_place(row) for row in _named(session, model, commune, text, limit))
    return found[:limit]


def _named(
    session: Session,
    model: type[NamedPlace] | type[Street],
    commune: Commune,
    text: str,
    limit: int,
) -> Sequence[Any]:
    query = select(model).where(model.commune_id == commune.id)
    if folded := maps.search_key(text):
        query = query.where(model.search_key.contains(folded, autoescape=True))
    return session.execute(query.order_by(model.search_key, model.id).limit(limit)).scalars().all()


def _place(row: NamedPlace | Street) -> maps.Place:
    point = row.geom_4326
    if isinstance(row, Street):
        point = shapely.line_interpolate_point(point, 0.5, normalized=True)
    return maps.Place(
        name_ar=row.name_ar,
        name_fr=row.name_fr,
        kind=row.kind if isinstance(row, NamedPlace) else "street",
        longitude=round(float(point.x), 6),
        latitude=round(float(point.y), 6),
    )


def commune_crs(commune: Commune) -> str:
    """The projected CRS in which the commune's measurements are made."""
    return commune.projected_crs or WGS84
