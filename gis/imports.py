"""Importing spatial files: read, validate, report, then store all or nothing.

A file (GeoPackage, zipped Shapefile or GeoJSON) holds one layer: polygons for the zones
of a new zoning-plan version, the cadastral parcels, one servitude layer or the commune
boundary; lines for the named streets; points for the named places. :func:`validate`
reads it and builds a :class:`Report` before anything is written; a report with errors
refuses the whole file. :func:`import_file` stores a clean file in the caller's
transaction: parcels, the boundary, streets and places replace what was there, a zoning
file creates a new plan version, a servitude file fills (or refills) the layer of that
name.

Geometries are repaired with ``make_valid`` (and listed); rings too broken to repair
(fewer than four points) refuse the file. The source CRS comes from the file or, when
the file has none, from the caller; without either the file is refused. Coordinates
that land nowhere near the commune mean the CRS is wrong, and refuse the file too.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gis import services
from gis.buildability import frontage
from gis.geometry import WGS84, encode_many, reproject, srid_of
from gis.models import (
    CommuneBoundary,
    ImportRun,
    NamedPlace,
    Parcel,
    Servitude,
    ServitudeLayer,
    Street,
    Zone,
    ZoningPlan,
)
from municipality import audit, maps
from municipality.db import utcnow
from municipality.errors import ValidationFailed
from municipality.i18n import _
from municipality.models import Commune
from municipality.uploads import UnsafeUpload, check_size, safe_extract

KINDS = ("zoning", "parcels", "servitudes", "boundary", "streets", "places")
SUFFIXES = (".gpkg", ".zip", ".geojson", ".json")
# Shapely type ids each kind accepts: points (0), lines (1, 5), polygons (3, 6).
POLYGON_TYPES = (3, 6)
GEOMETRY_TYPES = {"streets": (1, 5), "places": (0,)}
# The kinds whose features are named (streets and places): names in Arabic and French.
NAMED_KINDS = ("streets", "places")
# Zones may share edges; an overlap smaller than this (m²) is digitising noise.
OVERLAP_TOLERANCE_M2 = 1.0
# How far (degrees) data may lie outside the area where the commune's CRS is used.
AREA_OF_USE_MARGIN = 1.0
# How far (degrees, about 5 km) data may lie outside the commune boundary, when known.
BOUNDARY_MARGIN = 0.05
# Items listed per problem in a report; the counts are always complete.
REPORT_ITEMS = 100

Progress = Callable[[int], None]


@dataclass
class ImportOptions:
    """What the user said about the file: its kind, its CRS if missing, the attribute
    mapping (which column holds the zone code, the parcel reference...) and the plan or
    servitude layer it creates."""

    kind: str
    crs: str | None = None
    code_field: str = "code"
    label_field: str = "label"
    reference_field: str = "reference"
    owner_field: str = "owner"
    name_ar_field: str = "name_ar"
    name_fr_field: str = "name_fr"
    place_kind_field: str = "kind"
    plan_name: str = ""
    plan_reference: str = ""
    in_force_from: date | None = None
    in_force_until: date | None = None
    layer_name: str = ""
    layer_kind: str = ""
    effect: str = ""
    height_limit_m: float | None = None
    agency: str = ""
    source: str = ""
    dry_run: bool = False

    def __post_init__(self) -> None:
        self.crs = (self.crs or "").strip() or None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("in_force_from", "in_force_until"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportOptions:
        values = dict(data)
        for key in ("in_force_from", "in_force_until"):
            values[key] = date.fromisoformat(values[key]) if values.get(key) else None
        return cls(**values)


@dataclass
class Report:
    """What validation found. ``errors`` refuse the file; the rest describe it.

    Messages are kept as message ids with their mapping, so each reader sees them in
    their own language (see :func:`messages`).
    """

    kind: str
    filename: str
    feature_count: int = 0
    source_crs: str = ""
    errors: list[dict[str, Any]] = field(default_factory=list)
    repaired: list[dict[str, str]] = field(default_factory=list)
    repaired_count: int = 0
    invalid_rings: list[str] = field(default_factory=list)
    overlaps: list[dict[str, Any]] = field(default_factory=list)
    overlap_count: int = 0
    outside: list[str] = field(default_factory=list)
    outside_count: int = 0
    duplicates: list[str] = field(default_factory=list)
    duplicate_count: int = 0
    missing: list[dict[str, str]] = field(default_factory=list)
    missing_count: int = 0
    stored: int = 0
    frontage_seconds: float = 0.0

    def refuse(self, message: Any) -> None:
        self.errors.append({"message": str(message), "mapping": dict(message.mapping or {})})

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class ImportRefused(ValidationFailed):
    """The file failed validation; ``report`` says why. Nothing was stored."""

    def __init__(self, report: Report) -> None:
        first = report.errors[0] if report.errors else {"message": "", "mapping": {}}
        msgid = first["message"]
        super().__init__(_(msgid, mapping=first["mapping"]))
        self.report = report


def messages(report: dict[str, Any]) -> list[Any]:
    """A stored report's errors as translation strings, for pages and the CLI."""
    found = []
    for error in report.get("errors", []):
        msgid = error["message"]
        found.append(_(msgid, mapping=error["mapping"]))
    return found


@dataclass
class Layer:
    """A file's features once read: geometries as read, attribute columns, the CRS."""

    geometries: np.ndarray
    columns: dict[str, np.ndarray]
    crs: str | None


@dataclass
class Features:
    """Validated features, ready to store: both geometries and the mapped attributes."""

    geom: np.ndarray
    geom_4326: np.ndarray
    labels: list[str]
    attributes: dict[str, list[Any]]
    source_crs: str


# --- Reading -----------------------------------------------------------------------------


def max_import_bytes(settings: dict[str, Any]) -> int:
    return int(settings.get("baladiya.gis.max_import_bytes", 100 * 1_048_576))


def read_layer(path: Path, filename: str, report: Report, workdir: Path) -> Layer | None:
    """Read the file's first layer, or note why it cannot be read and return ``None``."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        report.refuse(_("Only GeoPackage, zipped Shapefile and GeoJSON files are accepted."))
        return None
    source = path
    if suffix == ".zip":
        found = _dataset_in_zip(path, workdir, report)
        if found is None:
            return None
        source = found
    try:
        meta, _index, wkb, values = pyogrio.raw.read(source)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        report.refuse(
            _(
                "The file cannot be read as spatial data (${reason}).",
                mapping={"reason": str(exc)[:200]},
            )
        )
        return None
    names = [str(n) for n in meta["fields"]]
    columns = {
        name: np.asarray(column, dtype=object) for name, column in zip(names, values, strict=True)
    }
    return Layer(np.asarray(wkb, dtype=object), columns, meta.get("crs"))


def _dataset_in_zip(path: Path, workdir: Path, report: Report) -> Path | None:
    """The dataset inside a zip: one Shapefile (with its .prj unless a CRS is given later)
    or one GeoPackage/GeoJSON."""
    files = safe_extract(path, workdir)
    shapefiles = [f for f in files if f.suffix.lower() == ".shp"]
    others = [f for f in files if f.suffix.lower() in (".gpkg", ".geojson", ".json")]
    candidates = shapefiles or others
    if len(candidates) != 1:
        report.refuse(_("The zip must hold exactly one Shapefile, GeoPackage or GeoJSON file."))
        return None
    return candidates[0]


# --- Validation --------------------------------------------------------------------------


def validate(
    session: Session,
    *,
    commune: Commune,
    path: Path,
    filename: str,
    options: ImportOptions,
    max_bytes: int,
    progress: Progress | None = None,
) -> tuple[Report, Features | None]:
    """Read and check a file; nothing is written. Features come back only when clean."""
    tick = progress or (lambda _p: None)
    report = Report(kind=options.kind, filename=filename)
    _check_options(options, report)
    with tempfile.TemporaryDirectory(prefix="gis-import-") as workdir:
        try:
            check_size(path, max_bytes)
            layer = read_layer(path, filename, report, Path(workdir))
        except UnsafeUpload as exc:
            report.refuse(exc.detail)
            return report, None
        if layer is not None and not layer.crs and not options.crs:
            if any(f.suffix.lower() == ".shp" for f in Path(workdir).rglob("*")):
                report.refuse(
                    _("The Shapefile has no .prj file: give the CRS the file is drawn in.")
                )
            else:
                report.refuse(_("The file does not say its CRS: give the CRS it is drawn in."))
    tick(20)
    if layer is None or not report.ok:
        return report, None
    report.feature_count = len(layer.geometries)
    if report.feature_count == 0:
        report.refuse(_("The file holds no features."))
        return report, None
    source_crs = _source_crs(layer, options, report)
    if source_crs is None:
        return report, None
    report.source_crs = source_crs
    labels = _labels(layer, options)
    geoms = _geometries(layer, labels, report, options.kind)
    tick(40)
    if geoms is None:
        return report, None
    attributes = _attributes(layer, options, labels, report)
    features = _project(
        session,
        commune,
        geoms=geoms,
        source_crs=source_crs,
        labels=labels,
        attributes=attributes,
        report=report,
    )
    tick(60)
    if features is None:
        return report, None
    _kind_checks(session, options, features, report)
    tick(70)
    return report, features if report.ok else None


def _check_options(options: ImportOptions, report: Report) -> None:
    if options.kind not in KINDS:
        report.refuse(_("Unknown kind of import."))
    if options.kind == "zoning" and not (
        options.plan_name and options.plan_reference and options.in_force_from
    ):
        report.refuse(
            _("A zoning plan needs a name, a reference and the date it comes into force.")
        )
    if (
        options.kind == "zoning"
        and options.in_force_until
        and options.in_force_from
        and options.in_force_until < options.in_force_from
    ):
        report.refuse(_("A plan cannot end before it comes into force."))
    if options.kind == "servitudes":
        if not options.layer_name:
            report.refuse(_("A servitude layer needs a name."))
        try:
            services.clean_layer_effect(
                {
                    "kind": options.layer_kind,
                    "effect": options.effect,
                    "height_limit_m": options.height_limit_m,
                    "agency": options.agency,
                }
            )
        except ValidationFailed as exc:
            report.refuse(exc.detail)


def _source_crs(layer: Layer, options: ImportOptions, report: Report) -> str | None:
    given = layer.crs or options.crs
    try:
        crs = CRS.from_user_input(given)
    except CRSError:
        report.refuse(
            _("${crs} is not a coordinate reference system.", mapping={"crs": str(given)})
        )
        return None
    code = crs.to_epsg()
    return f"EPSG:{code}" if code else crs.to_wkt()


def _labels(layer: Layer, options: ImportOptions) -> list[str]:
    """How a report names each feature: its reference or code when it has one."""
    column = {
        "parcels": options.reference_field,
        "zoning": options.code_field,
        "streets": options.name_fr_field,
        "places": options.name_fr_field,
    }.get(options.kind)
    values = layer.columns.get(column or "")
    count = len(layer.geometries)
    if values is None:
        return [f"#{i + 1}" for i in range(count)]
    return [f"#{i + 1} {_text(v)}".rstrip() for i, v in enumerate(values)]


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value).strip()


def _geometries(layer: Layer, labels: list[str], report: Report, kind: str) -> np.ndarray | None:
    """Decode, refuse broken geometries and those of the wrong type for ``kind``; repair
    the polygons ``make_valid`` can (a line or a point has nothing to repair)."""
    geoms = shapely.from_wkb(layer.geometries, on_invalid="ignore")
    broken = np.flatnonzero(shapely.is_missing(geoms))
    if broken.size:
        report.invalid_rings = [labels[i] for i in broken[:REPORT_ITEMS]]
        report.refuse(
            _(
                "${count} features have no geometry or rings too broken to repair.",
                mapping={"count": int(broken.size)},
            )
        )
        return None
    accepted = GEOMETRY_TYPES.get(kind, POLYGON_TYPES)
    wrong = np.flatnonzero(~np.isin(shapely.get_type_id(geoms), accepted))
    if wrong.size:
        mapping = {"count": int(wrong.size), "example": labels[wrong[0]]}
        report.refuse(_(_WRONG_TYPE.get(kind, _WRONG_TYPE["polygons"]), mapping=mapping))
        return None
    if kind in GEOMETRY_TYPES:
        return geoms
    invalid = np.flatnonzero(~shapely.is_valid(geoms))
    if invalid.size:
        reasons = shapely.is_valid_reason(geoms[invalid])
        geoms[invalid] = _polygonal(shapely.make_valid(geoms[invalid]))
        report.repaired_count = int(invalid.size)
        report.repaired = [
            {"feature": labels[i], "reason": str(r)}
            for i, r in zip(invalid[:REPORT_ITEMS], reasons[:REPORT_ITEMS], strict=True)
        ]
        empty = np.flatnonzero(shapely.is_empty(geoms))
        if empty.size:
            report.invalid_rings = [labels[i] for i in empty[:REPORT_ITEMS]]
            report.refuse(
                _(
                    "${count} features have no geometry or rings too broken to repair.",
                    mapping={"count": int(empty.size)},
                )
            )
            return None
    return geoms


_WRONG_TYPE = {
    "polygons": _("${count} features are not polygons (for example ${example})."),
    "streets": _(
        "${count} features are not lines: streets are drawn as lines (for example ${example})."
    ),
    "places": _(
        "${count} features are not points: places are drawn as points (for example ${example})."
    ),
}


def _polygonal(geoms: np.ndarray) -> np.ndarray:
    """Keep the polygons ``make_valid`` returns, dropping lines and points it split off."""
    out = geoms.copy()
    for i in np.flatnonzero(~np.isin(shapely.get_type_id(geoms), (3, 6))):
        parts = shapely.get_parts(geoms[i])
        polygons = parts[np.isin(shapely.get_type_id(parts), (3, 6))]
        out[i] = shapely.union_all(polygons) if polygons.size else shapely.Polygon()
    return out


def _attributes(
    layer: Layer, options: ImportOptions, labels: list[str], report: Report
) -> dict[str, list[Any]]:
    """The mapped attributes; a missing column or empty required value refuses the file."""
    if options.kind in NAMED_KINDS:
        return _names(layer, options, labels, report)
    required = {
        "zoning": {"code": options.code_field},
        "parcels": {"reference": options.reference_field},
    }.get(options.kind, {})
    optional = {
        "zoning": {"label": options.label_field},
        "parcels": {"owner": options.owner_field},
        "servitudes": {"label": options.label_field},
    }.get(options.kind, {})
    attributes: dict[str, list[Any]] = {}
    for key, column in required.items():
        values = layer.columns.get(column)
        if values is None:
            report.refuse(
                _(
                    "The file has no column ${column}; its columns are: ${columns}.",
                    mapping={"column": column, "columns": ", ".join(layer.columns) or "-"},
                )
            )
            continue
        texts = [_text(v) for v in values]
        empty = [i for i, t in enumerate(texts) if not t]
        if empty:
            report.missing_count += len(empty)
            report.missing += [
                {"feature": labels[i], "field": column} for i in empty[:REPORT_ITEMS]
            ]
            report.refuse(
                _(
                    "${count} features have no value in the column ${column}.",
                    mapping={"count": len(empty), "column": column},
                )
            )
        attributes[key] = texts
    for key, column in optional.items():
        values = layer.columns.get(column)
        attributes[key] = [_text(v) for v in values] if values is not None else [""] * len(labels)
    return attributes


def _names(
    layer: Layer, options: ImportOptions, labels: list[str], report: Report
) -> dict[str, list[Any]]:
    """Arabic and French names (either may be missing, not both) and, for places, their
    kind: a street or place nobody can name cannot be found or labelled."""
    count = len(labels)

    def column(name: str) -> list[str]:
        values = layer.columns.get(name)
        return [_text(v) for v in values] if values is not None else [""] * count

    if options.name_ar_field not in layer.columns and options.name_fr_field not in layer.columns:
        report.refuse(
            _(
                "The file has neither the column ${ar} nor ${fr} for the names; its columns "
                "are: ${columns}.",
                mapping={
                    "ar": options.name_ar_field,
                    "fr": options.name_fr_field,
                    "columns": ", ".join(layer.columns) or "-",
                },
            )
        )
        return {}
    attributes = {
        "name_ar": column(options.name_ar_field),
        "name_fr": column(options.name_fr_field),
    }
    unnamed = [
        i for i, names in enumerate(zip(*attributes.values(), strict=True)) if not any(names)
    ]
    if unnamed:
        report.missing_count = len(unnamed)
        report.missing = [
            {"feature": labels[i], "field": f"{options.name_ar_field}/{options.name_fr_field}"}
            for i in unnamed[:REPORT_ITEMS]
        ]
        report.refuse(_("${count} features have no name.", mapping={"count": len(unnamed)}))
    if options.kind == "places":
        attributes["kind"] = [value[:32] for value in column(options.place_kind_field)]
    return attributes


def _project(
    session: Session,
    commune: Commune,
    *,
    geoms: np.ndarray,
    source_crs: str,
    labels: list[str],
    attributes: dict[str, list[Any]],
    report: Report,
) -> Features | None:
    """Both stored geometries, once the coordinates are known to fall near the commune."""
    target = services.commune_crs(commune)
    with np.errstate(all="ignore"):
        geom_4326 = reproject(geoms, source_crs, WGS84)
        projected = reproject(geoms, source_crs, target)
    bounds = shapely.total_bounds(geom_4326)
    if not np.all(np.isfinite(bounds)) or not _near_commune(session, commune, bounds):
        report.refuse(
            _(
                "The coordinates fall nowhere near the commune: is ${crs} the right CRS?",
                mapping={"crs": source_crs},
            )
        )
        return None
    return Features(projected, geom_4326, labels, attributes, source_crs)


def _near_commune(session: Session, commune: Commune, bounds: np.ndarray) -> bool:
    """The middle of the data lies near the commune's boundary, or where its CRS is used."""
    middle = shapely.Point((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2)
    known = services.boundary(session)
    if known is not None:
        return bool(known.geom_4326.envelope.buffer(BOUNDARY_MARGIN).contains(middle))
    area = CRS.from_user_input(services.commune_crs(commune)).area_of_use
    if area is None:
        return True
    box = shapely.box(area.west, area.south, area.east, area.north).buffer(AREA_OF_USE_MARGIN)
    return bool(box.contains(middle))


def _kind_checks(
    session: Session, options: ImportOptions, features: Features, report: Report
) -> None:
    if options.kind == "parcels":
        _check_duplicates(features, report)
        _check_inside(session, features, report)
    if options.kind == "zoning":
        _check_overlaps(features, report)


def _check_duplicates(features: Features, report: Report) -> None:
    references = features.attributes.get("reference")
    if references is None:
        return
    seen: set[str] = set()
    repeated = sorted({r for r in references if r in seen or seen.add(r)})  # type: ignore[func-returns-value]
    if repeated:
        report.duplicate_count = len(repeated)
        report.duplicates = repeated[:REPORT_ITEMS]
        report.refuse(
            _(
                "${count} parcel references appear more than once (for example ${example}).",
                mapping={"count": len(repeated), "example": repeated[0]},
            )
        )


def _check_inside(session: Session, features: Features, report: Report) -> None:
    """Parcels whose inner point lies outside the commune boundary (when one is stored)."""
    known = services.boundary(session)
    if known is None:
        return
    area = known.geom
    shapely.prepare(area)
    inside = shapely.contains(area, shapely.point_on_surface(features.geom))
    outside = np.flatnonzero(~inside)
    if outside.size:
        report.outside_count = int(outside.size)
        report.outside = [features.labels[i] for i in outside[:REPORT_ITEMS]]
        report.refuse(
            _(
                "${count} parcels lie outside the commune boundary.",
                mapping={"count": int(outside.size)},
            )
        )


def _check_overlaps(features: Features, report: Report) -> None:
    """Zones that overlap by more than the tolerance: a site there would have two rules."""
    geoms = features.geom
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    areas = shapely.area(shapely.intersection(geoms[left], geoms[right]))
    over = np.flatnonzero(areas > OVERLAP_TOLERANCE_M2)
    if over.size:
        report.overlap_count = int(over.size)
        report.overlaps = [
            {
                "a": features.labels[left[i]],
                "b": features.labels[right[i]],
                "area_m2": round(float(areas[i]), 1),
            }
            for i in over[:REPORT_ITEMS]
        ]
        report.refuse(_("${count} pairs of zones overlap.", mapping={"count": int(over.size)}))


# --- Storing -----------------------------------------------------------------------------


def import_file(
    session: Session,
    *,
    commune: Commune,
    actor: str,
    path: Path,
    filename: str,
    options: ImportOptions,
    max_bytes: int,
    run: ImportRun | None = None,
    progress: Progress | None = None,
) -> Report:
    """Validate a file and, when clean and not a dry run, store it in the caller's
    transaction. Raises :class:`ImportRefused` (nothing written) when validation fails."""
    report, features = validate(
        session,
        commune=commune,
        path=path,
        filename=filename,
        options=options,
        max_bytes=max_bytes,
        progress=progress,
    )
    if features is None:
        raise ImportRefused(report)
    if options.dry_run:
        return report
    if options.kind == "parcels":
        report.frontage_seconds = _measure_frontage(features)
    store = {
        "zoning": _store_zoning,
        "parcels": _store_parcels,
        "servitudes": _store_servitudes,
        "boundary": _store_boundary,
        "streets": _store_named,
        "places": _store_named,
    }[options.kind]
    run_id = run.id if run is not None else None
    object_id = store(session, commune, options, features, run_id)
    report.stored = len(features.geom)
    if progress:
        progress(95)
    audit.record(
        session,
        commune_id=commune.id,
        actor=actor,
        action=f"gis:{options.kind}:imported",
        object_type=f"gis_{options.kind}",
        object_id=object_id,
        changes={"file": filename, "features": report.stored, "crs": report.source_crs},
    )
    return report


_ENCODE_CHUNK = 5_000


def _rows(
    session: Session,
    commune: Commune,
    features: Features,
    fixed: dict[str, Any],
    **columns: list[Any],
) -> Iterator[dict[str, Any]]:
    """Rows for a bulk insert, made and encoded a chunk at a time (see ``encode_many``):
    ``fixed`` values go in every row, ``columns`` hold one value per feature."""
    dialect = session.get_bind().dialect.name
    srid = srid_of(services.commune_crs(commune))
    for start in range(0, len(features.geom), _ENCODE_CHUNK):
        stop = start + _ENCODE_CHUNK
        geom = encode_many(features.geom[start:stop], srid, dialect)
        geom_4326 = encode_many(features.geom_4326[start:stop], 4326, dialect)
        for offset, (projected, lonlat) in enumerate(zip(geom, geom_4326, strict=True)):
            row = {"commune_id": commune.id, "geom": projected, "geom_4326": lonlat, **fixed}
            row.update({key: values[start + offset] for key, values in columns.items()})
            yield row


def _store_zoning(
    session: Session,
    commune: Commune,
    options: ImportOptions,
    features: Features,
    run_id: int | None,
) -> str:
    plan = ZoningPlan(
        commune_id=commune.id,
        name=options.plan_name,
        reference=options.plan_reference,
        in_force_from=options.in_force_from,
        in_force_until=options.in_force_until,
        source_crs=features.source_crs if len(features.source_crs) <= 32 else "custom",
        import_run_id=run_id,
    )
    session.add(plan)
    session.flush()
    codes = features.attributes["code"]
    labels = [
        label or code for label, code in zip(features.attributes["label"], codes, strict=True)
    ]
    rows = _rows(session, commune, features, {"plan_id": plan.id}, code=codes, label=labels)
    services.bulk_insert(session, Zone, rows)
    return str(plan.public_id)


def _measure_frontage(features: Features) -> float:
    """Measure every parcel's frontage at once (it depends on the whole cadastre, so it
    is measured here, once, rather than by every buildability run) into the
    ``frontage_m`` attribute; returns the seconds it took."""
    started = time.perf_counter()
    lengths = frontage(features.geom)
    features.attributes["frontage_m"] = [round(float(length), 2) for length in lengths]
    return round(time.perf_counter() - started, 3)


def _store_parcels(
    session: Session,
    commune: Commune,
    options: ImportOptions,
    features: Features,
    run_id: int | None,
) -> str:
    session.execute(delete(Parcel))
    areas = [round(float(a), 2) for a in shapely.area(features.geom)]
    owners = [o or None for o in features.attributes["owner"]]
    rows = _rows(
        session,
        commune,
        features,
        {"import_run_id": run_id},
        reference=features.attributes["reference"],
        area_m2=areas,
        frontage_m=features.attributes["frontage_m"],
        owner=owners,
    )
    services.bulk_insert(session, Parcel, rows)
    return commune.slug


def _store_servitudes(
    session: Session,
    commune: Commune,
    options: ImportOptions,
    features: Features,
    run_id: int | None,
) -> str:
    layer = session.execute(
        select(ServitudeLayer).where(ServitudeLayer.name == options.layer_name)
    ).scalar_one_or_none()
    if layer is None:
        layer = ServitudeLayer(commune_id=commune.id, name=options.layer_name)
        session.add(layer)
    effect = services.clean_layer_effect(
        {
            "kind": options.layer_kind,
            "effect": options.effect,
            "height_limit_m": options.height_limit_m,
            "agency": options.agency,
            "source": options.source,
        }
    )
    for key, value in effect.items():
        setattr(layer, key, value)
    layer.import_run_id = run_id
    session.flush()
    session.execute(delete(Servitude).where(Servitude.layer_id == layer.id))
    rows = _rows(
        session, commune, features, {"layer_id": layer.id}, label=features.attributes["label"]
    )
    services.bulk_insert(session, Servitude, rows)
    return str(layer.public_id)


def _store_boundary(
    session: Session,
    commune: Commune,
    options: ImportOptions,
    features: Features,
    run_id: int | None,
) -> str:
    session.execute(delete(CommuneBoundary))
    srid = srid_of(services.commune_crs(commune))
    session.add(
        CommuneBoundary(
            commune_id=commune.id,
            source=options.source or "",
            import_run_id=run_id,
            geom=shapely.set_srid(shapely.union_all(features.geom), srid),
            geom_4326=shapely.set_srid(shapely.union_all(features.geom_4326), 4326),
        )
    )
    return commune.slug


def _store_named(
    session: Session,
    commune: Commune,
    options: ImportOptions,
    features: Features,
    run_id: int | None,
) -> str:
    """Replace the commune's streets (or places) with the file's, names folded for search."""
    model = Street if options.kind == "streets" else NamedPlace
    session.execute(delete(model))
    names = features.attributes
    keys = [
        maps.search_key(ar, fr) for ar, fr in zip(names["name_ar"], names["name_fr"], strict=True)
    ]
    rows = _rows(session, commune, features, {"import_run_id": run_id}, search_key=keys, **names)
    services.bulk_insert(session, model, rows)
    return commune.slug


def new_run(
    session: Session,
    *,
    commune: Commune,
    actor: str,
    filename: str,
    file_sha256: str | None,
    size_bytes: int,
    options: ImportOptions,
) -> ImportRun:
    """Record an import about to run (the page then follows its progress)."""
    run = ImportRun(
        commune_id=commune.id,
        kind=options.kind,
        state="pending",
        progress=0,
        filename=filename[:255],
        file_sha256=file_sha256,
        size_bytes=size_bytes,
        options=options.to_json(),
        report={},
        actor=actor,
    )
    session.add(run)
    session.flush()
    return run


def finish_run(run: ImportRun, report: Report | None, state: str) -> None:
    """Record a run's outcome; from then on no row needs its uploaded file."""
    run.state = state
    run.file_sha256 = None
    run.progress = 100
    run.finished_at = utcnow()
    if report is not None:
        run.report = report.to_json()
        run.feature_count = report.feature_count
