"""Batch buildability: what every parcel of the commune allows, computed at once.

:func:`compute` takes plain arrays (parcels, zones with their rule index, servitudes
with their layer index) and works in bulk: one STRtree query of all parcels against all
zones, a vectorised ``covers`` test that settles the parcels lying wholly in one zone,
exact intersection areas (vectorised shapely) for the others only, and limits gathered
with NumPy ``ufunc.at`` reductions. No Python loop runs over zones per parcel.
Per parcel it gives the zone codes touched, the maximum footprint and floor area (each
zone part contributes its ratio times its area), the strictest height, the uses every
touched zone allows, and the servitudes whose interior meets the parcel's: ``forbid``
makes the parcel unbuildable, ``limit_height`` caps the height, ``require_opinion`` is
listed.

Frontage: without a road layer, a parcel's frontage is the part of its boundary that
no other parcel shares: it faces the public domain (streets, squares). :func:`frontage`
measures it for every parcel in bulk (bulk STRtree ``dwithin`` queries of the parcels
against themselves, neighbours grouped per parcel with NumPy, then vectorised snap and
difference, a chunk of parcels at a time to bound the memory); the boundary is
snapped to the neighbours within :data:`FRONTAGE_TOLERANCE_M`, which closes digitising
gaps and keeps corners exact.
The check engine uses the same :func:`facing_public_domain` for a single site.
Frontage belongs to the cadastre, not to the rules: :mod:`gis.imports` measures it once
when the parcels are imported and stores it (``Parcel.frontage_m``); :func:`compute`
takes those stored values. A parcel stored before frontage was measured has none: its
frontage and whether it meets the minimum are reported as unknown (empty), and the
run's summary counts them (``frontage_unknown``); importing the cadastre again fills
them in. Measuring them during a run instead would redo the whole cadastre's frontage
on every run, which is what storing it avoids.

:func:`run` loads a commune's layers, computes and stores the result as a layer
(:class:`~gis.models.ParcelBuildability`) that can be mapped and downloaded.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

from gis import services
from gis.geometry import encode_many, interiors_overlap
from gis.models import (
    BuildabilityRun,
    Parcel,
    ParcelBuildability,
    Servitude,
    ServitudeLayer,
    Zone,
    ZoneRule,
)
from municipality import audit
from municipality.db import utcnow
from municipality.errors import ValidationFailed
from municipality.i18n import _
from municipality.models import Commune
from municipality.ogc import encode_features, feature_collection

# An overlap smaller than this (m²) along a shared edge does not count.
TOLERANCE_M2 = 1.0
# A gap narrower than this (m) between two parcels is a digitising error, not a street.
FRONTAGE_TOLERANCE_M = 0.5
# Parcels measured at a time: a whole cadastre's neighbour groups at once would hold
# every parcel about eight times over.
FRONTAGE_CHUNK = 10_000
MAX_CODES = 64
MAX_LAYERS = 64
CSV_FIELDS = (
    "reference",
    "area_m2",
    "zone_codes",
    "buildable",
    "max_footprint_m2",
    "max_floor_area_m2",
    "max_height_m",
    "frontage_m",
    "meets_min_frontage",
    "allowed_uses",
    "constraints",
)


@dataclass
class RuleTable:
    """Rules as arrays indexed by zone-code number; NaN means no limit."""

    codes: list[str]
    footprint_ratio: np.ndarray
    floor_area_ratio: np.ndarray
    height: np.ndarray
    min_frontage: np.ndarray
    uses: np.ndarray  # bit i set: services.USES[i] allowed


@dataclass
class LayerTable:
    """Servitude layers as arrays indexed by layer number."""

    names: list[str]
    kinds: list[str]
    effects: list[str]
    height: np.ndarray  # NaN unless the layer limits the height


@dataclass
class Result:
    """Per-parcel arrays, aligned with the parcels given to :func:`compute`."""

    code_mask: np.ndarray
    buildable: np.ndarray
    max_footprint: np.ndarray
    max_floor_area: np.ndarray
    max_height: np.ndarray
    uses_mask: np.ndarray
    layer_mask: np.ndarray
    frontage: np.ndarray  # NaN where unknown
    meets_frontage: np.ndarray  # the frontage meets the strictest minimum of its zones

    @property
    def frontage_known(self) -> np.ndarray:
        return ~np.isnan(self.frontage)


def rule_table(codes: list[str], rules: dict[str, ZoneRule]) -> RuleTable:
    """Arrays of limits for ``codes``; a code without a rule allows nothing measurable."""
    if len(codes) > MAX_CODES:
        raise ValidationFailed(_("A plan may have at most 64 zone codes for batch checks."))

    def column(name: str) -> np.ndarray:
        values = [getattr(rules[c], name) if c in rules else None for c in codes]
        return np.array([np.nan if v is None else float(v) for v in values], dtype=float)

    uses = np.zeros(len(codes), dtype=np.uint64)
    for i, code in enumerate(codes):
        rule = rules.get(code)
        allowed = set(rule.allowed_uses or services.USES) if rule else set()
        allowed -= set(rule.forbidden_uses or []) if rule else set()
        uses[i] = sum(1 << services.USES.index(u) for u in allowed if u in services.USES)
    return RuleTable(
        codes,
        column("max_footprint_ratio"),
        column("max_floor_area_ratio"),
        column("max_height_m"),
        column("min_frontage_m"),
        uses,
    )


def layer_table(layers: list[ServitudeLayer]) -> LayerTable:
    if len(layers) > MAX_LAYERS:
        raise ValidationFailed(_("At most 64 servitude layers can be checked in a batch."))
    heights = [
        layer.height_limit_m if layer.effect == "limit_height" and layer.height_limit_m else np.nan
        for layer in layers
    ]
    return LayerTable(
        [layer.name for layer in layers],
        [layer.kind for layer in layers],
        [layer.effect for layer in layers],
        np.array(heights, dtype=float),
    )


def _candidates(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i, j) whose bounding boxes meet, and whether ``right[j]`` covers ``left[i]``.

    One bounding-box query of the STRtree, then one vectorised ``covers`` test on the
    prepared right-hand geometries: most parcels lie wholly inside one zone, and this
    settles them without any exact predicate or overlay.
    """
    i, j = shapely.STRtree(right).query(left)
    shapely.prepare(right)
    return i, j, shapely.covers(right[j], left[i])


def _pair_areas(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i, j) of geometries sharing more than :data:`TOLERANCE_M2`, and that area.

    A covered pair shares the parcel's own area; the others are tested with
    ``intersects`` and only those that do meet pay for an exact intersection.
    """
    i, j, covered = _candidates(left, right)
    areas = np.zeros(len(i), dtype=float)
    areas[covered] = shapely.area(left[i[covered]])
    rest = np.flatnonzero(~covered)
    rest = rest[shapely.intersects(right[j[rest]], left[i[rest]])]
    areas[rest] = shapely.area(shapely.intersection(left[i[rest]], right[j[rest]]))
    keep = areas > TOLERANCE_M2
    return i[keep], j[keep], areas[keep]


def _overlapping_pairs(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i, j) whose interiors overlap (see :func:`gis.geometry.interiors_overlap`)."""
    i, j, covered = _candidates(left, right)
    rest = np.flatnonzero(~covered)
    rest = rest[interiors_overlap(left[i[rest]], right[j[rest]])]
    keep = np.sort(np.concatenate([np.flatnonzero(covered), rest]))
    return i[keep], j[keep]


def facing_public_domain(boundaries: Any, neighbours: Any) -> Any:
    """The part of each boundary that no neighbour shares (element-wise, arrays or single).

    The boundary is first snapped to the neighbours within :data:`FRONTAGE_TOLERANCE_M`:
    a gap narrower than that is a digitising error, and snapping (rather than buffering
    the neighbours) keeps the frontage exact where a shared edge meets the street.
    """
    snapped = shapely.snap(boundaries, neighbours, FRONTAGE_TOLERANCE_M)
    return shapely.difference(snapped, neighbours)


def frontage(parcels: np.ndarray) -> np.ndarray:
    """Frontage (m) of every parcel: the length of its boundary no other parcel shares.

    One STRtree of all the parcels; the parcels are then measured
    :data:`FRONTAGE_CHUNK` at a time (see :func:`_frontage_of`), which bounds the
    memory the neighbour groups take without changing the result.
    """
    tree = shapely.STRtree(parcels)
    lengths = np.zeros(len(parcels))
    for start in range(0, len(parcels), FRONTAGE_CHUNK):
        chunk = slice(start, min(start + FRONTAGE_CHUNK, len(parcels)))
        lengths[chunk] = _frontage_of(parcels, tree, chunk)
    return lengths


def _frontage_of(parcels: np.ndarray, tree: shapely.STRtree, chunk: slice) -> np.ndarray:
    """Frontage of ``parcels[chunk]``: their neighbours within the tolerance come from
    one bulk query of ``tree``; they are grouped per parcel and unioned (a zero buffer
    of each group's multipolygon), and one vectorised snap and difference gives the
    lines facing the public domain."""
    boundaries = shapely.boundary(parcels[chunk])
    lengths = shapely.length(boundaries)
    i, j = tree.query(parcels[chunk], predicate="dwithin", distance=FRONTAGE_TOLERANCE_M)
    keep = i + chunk.start != j
    i, j = i[keep], j[keep]
    if not len(i):
        return lengths
    owners, group = np.unique(i, return_inverse=True)
    parts, part_of = shapely.get_parts(parcels[j], return_index=True)
    # A zero buffer unions each group: neighbours sharing edges (or overlapping, in a
    # cadastre with errors) make an invalid multipolygon, which overlay would misread.
    neighbours = shapely.buffer(shapely.multipolygons(parts, indices=group[part_of]), 0)
    lengths[owners] = shapely.length(facing_public_domain(boundaries[owners], neighbours))
    return lengths


def compute(  # noqa: PLR0917 - the arrays are the computation's plain inputs
    parcels: np.ndarray,
    zones: np.ndarray,
    zone_code: np.ndarray,
    rules: RuleTable,
    servitudes: np.ndarray,
    servitude_layer: np.ndarray,
    layers: LayerTable,
    *,
    frontages: np.ndarray,
) -> Result:
    """Buildability of every parcel (all geometries in one projected CRS, metres).

    ``frontages`` are the parcels' stored frontages (NaN where unknown: such a parcel
    does not meet the minimum, and :func:`_store` reports it as unknown).
    """
    count = len(parcels)
    p, z, area = _pair_areas(parcels, zones)
    code = zone_code[z]
    code_mask = np.zeros(count, dtype=np.uint64)
    np.bitwise_or.at(code_mask, p, np.left_shift(np.uint64(1), code.astype(np.uint64)))
    max_footprint = np.zeros(count)
    np.add.at(max_footprint, p, np.nan_to_num(rules.footprint_ratio[code], nan=1.0) * area)
    max_floor_area = np.zeros(count)
    np.add.at(max_floor_area, p, np.nan_to_num(rules.floor_area_ratio[code], nan=np.inf) * area)
    max_height = np.full(count, np.inf)
    np.minimum.at(max_height, p, np.nan_to_num(rules.height[code], nan=np.inf))
    uses_mask = np.full(count, np.iinfo(np.uint64).max, dtype=np.uint64)
    np.bitwise_and.at(uses_mask, p, rules.uses[code])
    zoned = np.zeros(count, dtype=bool)
    zoned[p] = True
    uses_mask[~zoned] = 0
    buildable = zoned.copy()
    layer_mask = np.zeros(count, dtype=np.uint64)
    if len(servitudes):
        sp, s = _overlapping_pairs(parcels, servitudes)
        layer = servitude_layer[s]
        np.bitwise_or.at(layer_mask, sp, np.left_shift(np.uint64(1), layer.astype(np.uint64)))
        forbidding = np.array([e == "forbid" for e in layers.effects], dtype=bool)
        buildable[sp[forbidding[layer]]] = False
        np.minimum.at(max_height, sp, np.nan_to_num(layers.height[layer], nan=np.inf))
    max_footprint[~buildable] = 0.0
    max_floor_area[~buildable] = 0.0
    max_height[~buildable] = 0.0
    required = np.zeros(count)
    np.maximum.at(required, p, np.nan_to_num(rules.min_frontage[code], nan=0.0))
    return Result(
        code_mask,
        buildable,
        max_footprint,
        max_floor_area,
        max_height,
        uses_mask,
        layer_mask,
        frontages,
        np.nan_to_num(frontages, nan=-np.inf) >= required - 1e-9,
    )


# --- Running and storing -----------------------------------------------------------------


def run(session: Session, *, commune: Commune, actor: str, on_date: date) -> BuildabilityRun:
    """Compute and store the buildability layer under the plan in force on ``on_date``."""
    plan = services.require_plan_in_force(session, on_date)
    columns = (
        Parcel.id,
        Parcel.reference,
        Parcel.area_m2,
        Parcel.frontage_m,
        Parcel.geom,
        Parcel.geom_4326,
    )
    parcels = list(session.execute(select(*columns).order_by(Parcel.id)).all())
    if not parcels:
        raise ValidationFailed(_("There are no parcels to assess: import them first."))
    zones = session.execute(select(Zone.code, Zone.geom).where(Zone.plan_id == plan.id)).all()
    codes = sorted({row.code for row in zones})
    rules = rule_table(codes, services.rules_by_code(session, plan))
    layer_list = services.servitude_layers(session)
    layer_index = {layer.id: i for i, layer in enumerate(layer_list)}
    features = session.execute(select(Servitude.layer_id, Servitude.geom)).all()
    started = utcnow()
    result = compute(
        _plain([row.geom for row in parcels]),
        _plain([row.geom for row in zones]),
        np.array([codes.index(row.code) for row in zones], dtype=np.int64),
        rules,
        _plain([row.geom for row in features]),
        np.array([layer_index[row.layer_id] for row in features], dtype=np.int64),
        layer_table(layer_list),
        frontages=np.array(
            [np.nan if row.frontage_m is None else row.frontage_m for row in parcels], dtype=float
        ),
    )
    seconds = (utcnow() - started).total_seconds()
    record = BuildabilityRun(
        commune_id=commune.id,
        plan_id=plan.id,
        on_date=on_date,
        state="done",
        parcel_count=len(parcels),
        summary={
            "buildable": int(result.buildable.sum()),
            "unbuildable": int((~result.buildable).sum()),
            "below_min_frontage": int((result.frontage_known & ~result.meets_frontage).sum()),
            "frontage_unknown": int((~result.frontage_known).sum()),
            "seconds": round(seconds, 3),
        },
        actor=actor,
        finished_at=utcnow(),
    )
    session.add(record)
    session.flush()
    _store(
        session,
        commune=commune,
        record=record,
        parcels=parcels,
        result=result,
        rules=rules,
        layers=layer_list,
    )
    audit.write(
        session,
        record,
        actor=actor,
        action="gis:buildability:computed",
        object_type="gis_buildability_run",
        changes={"plan": plan.reference, "parcels": len(parcels), "date": on_date.isoformat()},
    )
    return record


def _plain(geoms: list[Any]) -> np.ndarray:
    array = np.empty(len(geoms), dtype=object)
    array[:] = geoms
    return shapely.set_srid(array, 0) if len(array) else array


def _finite(value: float, digits: int) -> float | None:
    """A limit for storage; infinity (no limit) is stored as empty."""
    return None if np.isinf(value) else round(float(value), digits)


def _bits(mask: int, names: list[str]) -> list[str]:
    return [name for i, name in enumerate(names) if mask >> i & 1]


def _store(
    session: Session,
    *,
    commune: Commune,
    record: BuildabilityRun,
    parcels: list[Any],
    result: Result,
    rules: RuleTable,
    layers: list[ServitudeLayer],
) -> None:
    constraints = [
        {"layer": layer.name, "kind": layer.kind, "effect": layer.effect} for layer in layers
    ]
    shapes = _plain([parcel.geom_4326 for parcel in parcels])
    encoded = encode_many(shapes, 4326, session.get_bind().dialect.name)
    rows = []
    for i, parcel in enumerate(parcels):
        known = bool(result.frontage_known[i])
        rows.append(
            {
                "commune_id": commune.id,
                "run_id": record.id,
                "parcel_id": parcel.id,
                "reference": parcel.reference,
                "area_m2": parcel.area_m2,
                "zone_codes": _bits(int(result.code_mask[i]), rules.codes),
                "buildable": bool(result.buildable[i]),
                "max_footprint_m2": _finite(result.max_footprint[i], 1),
                "max_floor_area_m2": _finite(result.max_floor_area[i], 1),
                "max_height_m": _finite(result.max_height[i], 2),
                "frontage_m": round(float(result.frontage[i]), 2) if known else None,
                "meets_min_frontage": bool(result.meets_frontage[i]) if known else None,
                "allowed_uses": _bits(int(result.uses_mask[i]), list(services.USES)),
                "constraints": [
                    constraints[j] for j in range(len(layers)) if int(result.layer_mask[i]) >> j & 1
                ],
                "geom_4326": encoded[i],
            }
        )
    services.bulk_insert(session, ParcelBuildability, rows)


def runs(session: Session) -> list[BuildabilityRun]:
    query = select(BuildabilityRun).order_by(BuildabilityRun.created_at.desc()).limit(20)
    return list(session.execute(query).scalars())


def results(session: Session, record: BuildabilityRun) -> list[ParcelBuildability]:
    query = (
        select(ParcelBuildability)
        .where(ParcelBuildability.run_id == record.id)
        .order_by(ParcelBuildability.reference)
    )
    return list(session.execute(query).scalars())


def _row(item: ParcelBuildability) -> dict[str, Any]:
    return {
        "reference": item.reference,
        "area_m2": item.area_m2,
        "zone_codes": " ".join(item.zone_codes),
        "buildable": _yes_no(item.buildable),
        "max_footprint_m2": item.max_footprint_m2,
        "max_floor_area_m2": item.max_floor_area_m2,
        "max_height_m": item.max_height_m,
        "frontage_m": item.frontage_m,
        "meets_min_frontage": _yes_no(item.meets_min_frontage),
        "allowed_uses": " ".join(item.allowed_uses),
        "constraints": "; ".join(f"{c['layer']} ({c['effect']})" for c in item.constraints),
    }


def _yes_no(value: bool | None) -> str:
    """A flag for the CSV; empty when unknown."""
    if value is None:
        return ""
    return "yes" if value else "no"


def to_csv(items: list[ParcelBuildability]) -> str:
    """The layer as CSV (no owner: only the public parcel fields and the figures)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for item in items:
        writer.writerow(_row(item))
    return buffer.getvalue()


def to_geojson(items: list[ParcelBuildability]) -> bytes:
    """The layer as a GeoJSON FeatureCollection in longitude/latitude, its geometries
    written by shapely all at once and spliced in (:func:`municipality.ogc.encode_features`)."""
    properties = [
        {
            **_row(item),
            "zone_codes": item.zone_codes,
            "allowed_uses": item.allowed_uses,
            "buildable": item.buildable,
            "meets_min_frontage": item.meets_min_frontage,
            "constraints": item.constraints,
        }
        for item in items
    ]
    geometries = list(shapely.to_geojson([item.geom_4326 for item in items]))
    features = encode_features([item.reference for item in items], geometries, properties)
    return feature_collection(features, {})
