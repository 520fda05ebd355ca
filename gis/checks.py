"""The check engine: does a project on a site respect the plan in force and the servitudes?

A site is one or more parcels or a polygon drawn in EPSG:4326. It is measured in the
commune's projected CRS. Each zone code it touches is a part of the site, and every
part is checked against its own rule: a site straddling R+2 and R+4 gets the findings
of both. The project's ratios (footprint and floor area over site area) are the same in
every part when its figures are spread over the site; height, floors and use apply to
each part whole. Each finding is ``pass``, ``fail`` or ``needs_opinion`` and carries the
measured value, the limit and the rule's source text, with a translated message.

There is no road layer, so the frontage is the part of the site's outline that touches
no parcel outside the site: it faces the public domain (streets, squares). For a site
made of parcels that is their outer edge not shared with a neighbour; for a drawn
polygon it is its outline away from every parcel it does not cover (the rest of a
parcel it cuts counts as a neighbour). The same :func:`gis.buildability.
facing_public_domain` measures it, with the batch's tolerance for digitising gaps. A
site that is exactly one parcel takes the frontage stored with it at import (the same
measure, against the whole cadastre) when it has one; several parcels or a drawn polygon
have another outline, so theirs is measured here. The
minimum frontage is checked against that length; the road setback is taken along it,
the neighbour setback from the neighbouring parcels, and the footprint must fit in what
is left.

Candidate zones and servitudes are found with :func:`gis.services.features_in_bbox`
(SQL on PostgreSQL, STRtree on SQLite); the geometry itself is computed in shapely, so
both databases give the same findings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import shapely
from pyramid.i18n import TranslationString
from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import Session

from gis import services
from gis.buildability import FRONTAGE_TOLERANCE_M, facing_public_domain
from gis.geometry import WGS84, interiors_overlap, reproject, to_projected
from gis.models import Parcel, Servitude, ServitudeLayer, Zone, ZoneRule, ZoningPlan
from municipality.errors import ValidationFailed
from municipality.i18n import _
from municipality.models import Commune

PASS, FAIL, NEEDS_OPINION = "pass", "fail", "needs_opinion"
# A part of a site smaller than this (m²) is a drawing artefact along a zone edge.
PART_TOLERANCE_M2 = 1.0
MAX_SITE_AREA_M2 = 5_000_000.0
MAX_FLOORS = 200


@dataclass(frozen=True)
class Project:
    """The project's figures as declared in the application."""

    use: str
    footprint_m2: float
    floor_area_m2: float
    height_m: float
    floors: int

    def __post_init__(self) -> None:
        errors = {}
        if self.use not in services.USES:
            errors["use"] = "one of " + ", ".join(services.USES)
        for name in ("footprint_m2", "floor_area_m2", "height_m"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not 0 <= value < 10_000_000:
                errors[name] = "a positive number"
        if not isinstance(self.floors, int) or not 0 <= self.floors <= MAX_FLOORS:
            errors["floors"] = "a whole number"
        if errors:
            raise ValidationFailed(_("The project's figures are not valid."), errors)


@dataclass(frozen=True)
class Finding:
    """One verdict: which rule, for which zone or servitude, measured against what."""

    rule: str
    outcome: str
    zone: str
    measured: float | str | None
    limit: float | str | None
    source: str
    message: Any

    def text(self, translate: Any = None) -> str:
        """The message in the reader's language (English without ``translate``), with
        translatable values (a use's name) translated too: Pyramid's translator leaves
        a mapping's values as they are."""
        if translate is None:
            return str(self.message.interpolate())
        mapping = {
            key: translate(value) if isinstance(value, TranslationString) else value
            for key, value in (self.message.mapping or {}).items()
        }
        return str(translate(TranslationString(self.message, mapping=mapping)))

    def to_json(self, translate: Any = None) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "outcome": self.outcome,
            "zone": self.zone,
            "measured": self.measured,
            "limit": self.limit,
            "source": self.source,
            "message": self.text(translate),
        }


@dataclass(frozen=True)
class CheckResult:
    """The findings on a site under one plan, with the site's measured area."""

    plan: ZoningPlan
    site_area_m2: float
    findings: list[Finding]

    @property
    def outcome(self) -> str:
        outcomes = {f.outcome for f in self.findings}
        if FAIL in outcomes:
            return FAIL
        return NEEDS_OPINION if NEEDS_OPINION in outcomes else PASS


# --- Sites -------------------------------------------------------------------------------


def site_from_parcels(session: Session, references: list[str]) -> BaseGeometry:
    """The union of the parcels' geometries, in the commune's projected CRS."""
    parcels = services.parcels_by_reference(session, references)
    return shapely.union_all([p.geom for p in parcels])


def site_from_text(commune: Commune, text: str) -> BaseGeometry:
    """A polygon given as WKT or GeoJSON in EPSG:4326, in the commune's projected CRS."""
    raw = text.strip()
    try:
        geometry = (
            shapely.from_geojson(json.dumps(_geometry_of(json.loads(raw))))
            if raw.startswith("{")
            else shapely.from_wkt(raw)
        )
    except (
        shapely.errors.GEOSException,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        AttributeError,
        RecursionError,
    ) as exc:
        raise ValidationFailed(
            _("The site must be a polygon in WKT or GeoJSON (longitude, latitude)."),
            {"polygon": "unreadable"},
        ) from exc
    if geometry is None or geometry.geom_type not in ("Polygon", "MultiPolygon"):
        raise ValidationFailed(
            _("The site must be a polygon in WKT or GeoJSON (longitude, latitude)."),
            {"polygon": "not a polygon"},
        )
    minx, miny, maxx, maxy = geometry.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ValidationFailed(
            _("The site must be a polygon in WKT or GeoJSON (longitude, latitude)."),
            {"polygon": "not longitude/latitude"},
        )
    return to_projected(shapely.make_valid(geometry), services.commune_crs(commune))


def _geometry_of(document: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON geometry, whether given bare, as a Feature or a one-feature collection."""
    if document.get("type") == "Feature":
        return document["geometry"]
    if document.get("type") == "FeatureCollection":
        return document["features"][0]["geometry"]
    return document


# --- The engine ----------------------------------------------------------------------------


def check(
    session: Session,
    *,
    commune: Commune,
    site: BaseGeometry,
    project: Project,
    on_date: date,
) -> CheckResult:
    """All findings for ``project`` on ``site`` (projected CRS) under the plan in force."""
    plan = services.require_plan_in_force(session, on_date)
    area = float(site.area)
    if not 0 < area <= MAX_SITE_AREA_M2:
        raise ValidationFailed(_("The site's area is not plausible."), {"site": f"{area:.0f} m²"})
    crs = services.commune_crs(commune)
    site = shapely.set_srid(site, 0)
    bbox = reproject(site, crs, WGS84).bounds
    findings: list[Finding] = []
    parts = _zone_parts(session, plan, site, bbox)
    rules = services.rules_by_code(session, plan)
    covered = shapely.union_all(list(parts.values())) if parts else shapely.Polygon()
    outside = site.difference(covered).area
    if outside > PART_TOLERANCE_M2:
        findings.append(
            Finding(
                "zone",
                NEEDS_OPINION,
                "",
                round(outside, 1),
                None,
                plan.reference,
                _(
                    "${area} m² of the site lie outside every zone of plan ${plan}.",
                    mapping={"area": _number(outside), "plan": plan.reference},
                ),
            )
        )
    surroundings = _surroundings(session, site, crs)
    for code in sorted(parts):
        rule = rules.get(code)
        findings += _zone_findings(code, rule, parts[code].area, area, project)
        findings += _setback_findings(code, rule, site, parts[code], project)
        findings += _frontage_findings(code, rule, surroundings)
        findings += _road_setback_findings(
            code, rule, site, parts[code], surroundings, project=project
        )
    findings += _servitude_findings(session, site, bbox, project)
    return CheckResult(plan, round(area, 1), findings)


@dataclass(frozen=True)
class Surroundings:
    """What lies around a site: its frontage line and the neighbouring parcels, and the
    frontage stored with the parcel when the site is exactly one parcel."""

    frontage: BaseGeometry
    neighbours: BaseGeometry
    stored_frontage_m: float | None = None

    @property
    def frontage_m(self) -> float:
        """The stored frontage if there is one, so the check agrees with the batch layer;
        otherwise the length of the frontage line measured around the site."""
        if self.stored_frontage_m is not None:
            return self.stored_frontage_m
        return float(self.frontage.length)


def _surroundings(session: Session, site: BaseGeometry, crs: str) -> Surroundings:
    """The site's frontage and neighbours, from the parcels around it.

    A neighbour is what remains of a nearby parcel outside the site; slivers narrower
    than the tolerance (a drawn outline a little inside a parcel's edge) are opened
    away, so they do not hide a street.
    """
    margin = site.buffer(2 * FRONTAGE_TOLERANCE_M, join_style="mitre")
    bbox = reproject(margin, crs, WGS84).bounds
    parcels = services.features_in_bbox(session, Parcel, bbox).features
    nearby = [shapely.set_srid(p.geom, 0) for p in parcels]
    half = FRONTAGE_TOLERANCE_M / 2
    outside = shapely.difference(nearby, site) if nearby else []
    opened = shapely.buffer(
        shapely.buffer(outside, -half, join_style="mitre"), half, join_style="mitre"
    )
    neighbours = shapely.union_all(opened) if len(opened) else shapely.Polygon()
    return Surroundings(
        facing_public_domain(site.boundary, neighbours),
        neighbours,
        _stored_frontage(site, parcels, nearby),
    )


def _stored_frontage(
    site: BaseGeometry, parcels: list[Parcel], geoms: list[BaseGeometry]
) -> float | None:
    """The stored frontage of the parcel the site is exactly (None if it is not one)."""
    for parcel, geom in zip(parcels, geoms, strict=True):
        if parcel.frontage_m is not None and geom.equals(site):
            return parcel.frontage_m
    return None


def _zone_parts(
    session: Session, plan: ZoningPlan, site: BaseGeometry, bbox: tuple[float, ...]
) -> dict[str, BaseGeometry]:
    """The site cut by zone code: code -> the part of the site in zones of that code."""
    zones = services.features_in_bbox(session, Zone, bbox, where=[Zone.plan_id == plan.id])
    pieces: dict[str, list[BaseGeometry]] = {}
    for zone in zones.features:
        piece = site.intersection(shapely.set_srid(zone.geom, 0))
        if piece.area > PART_TOLERANCE_M2:
            pieces.setdefault(zone.code, []).append(piece)
    return {code: shapely.union_all(found) for code, found in pieces.items()}


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f") if value >= 100 else f"{value:.1f}"


def _percent(value: float) -> str:
    return f"{value * 100:.0f}"


def _zone_findings(
    code: str, rule: ZoneRule | None, part_area: float, site_area: float, project: Project
) -> list[Finding]:
    if rule is None:
        return [
            Finding(
                "rule",
                NEEDS_OPINION,
                code,
                None,
                None,
                "",
                _("Zone ${zone} has no rule on record.", mapping={"zone": code}),
            )
        ]
    found = [_use_finding(code, rule, project)]
    ratio_checks = (
        ("footprint", project.footprint_m2 / site_area, rule.max_footprint_ratio),
        ("floor_area", project.floor_area_m2 / site_area, rule.max_floor_area_ratio),
    )
    for name, measured, limit in ratio_checks:
        if limit is not None:
            found.append(_ratio_finding(name, code, rule, measured, limit))
    if rule.max_height_m is not None:
        found.append(_height_finding(code, rule, project.height_m, rule.max_height_m))
    if rule.max_floors is not None:
        found.append(_floors_finding(code, rule, project.floors, rule.max_floors))
    if rule.min_parcel_area_m2 is not None:
        found.append(_area_finding(code, rule, site_area, rule.min_parcel_area_m2))
    return found


def _use_finding(code: str, rule: ZoneRule, project: Project) -> Finding:
    allowed = project.use not in (rule.forbidden_uses or []) and (
        not rule.allowed_uses or project.use in rule.allowed_uses
    )
    limit = ", ".join(rule.allowed_uses or [])
    mapping = {"use": services.USE_TITLES[project.use], "zone": code}
    if allowed:
        message = _("Use ${use} is allowed in zone ${zone}.", mapping=mapping)
    else:
        message = _("Use ${use} is not allowed in zone ${zone}.", mapping=mapping)
    return Finding(
        "use", PASS if allowed else FAIL, code, project.use, limit, rule.source_text, message
    )


def _ratio_finding(name: str, code: str, rule: ZoneRule, measured: float, limit: float) -> Finding:
    # The sign travels with the figures: a bare "%" in a msgid reads as a printf format.
    mapping = {"measured": f"{_percent(measured)} %", "limit": f"{_percent(limit)} %", "zone": code}
    ok = measured <= limit + 1e-9
    if name == "footprint":
        message = (
            _(
                "Footprint ${measured} is within the ${limit} maximum of zone ${zone}.",
                mapping=mapping,
            )
            if ok
            else _(
                "Footprint ${measured} exceeds the ${limit} maximum of zone ${zone}.",
                mapping=mapping,
            )
        )
    else:
        mapping = {"measured": f"{measured:.2f}", "limit": f"{limit:.2f}", "zone": code}
        message = (
            _(
                "Floor-area ratio ${measured} is within the ${limit} maximum of zone ${zone}.",
                mapping=mapping,
            )
            if ok
            else _(
                "Floor-area ratio ${measured} exceeds the ${limit} maximum of zone ${zone}.",
                mapping=mapping,
            )
        )
    return Finding(
        name, PASS if ok else FAIL, code, round(measured, 4), limit, rule.source_text, message
    )


def _height_finding(code: str, rule: ZoneRule, measured: float, limit: float) -> Finding:
    mapping = {"measured": f"{measured:g}", "limit": f"{limit:g}", "zone": code}
    ok = measured <= limit
    message = (
        _("Height ${measured} m is within the ${limit} m maximum of zone ${zone}.", mapping=mapping)
        if ok
        else _(
            "Height ${measured} m exceeds the ${limit} m maximum of zone ${zone}.", mapping=mapping
        )
    )
    return Finding("height", PASS if ok else FAIL, code, measured, limit, rule.source_text, message)


def _floors_finding(code: str, rule: ZoneRule, measured: int, limit: int) -> Finding:
    mapping = {"measured": measured, "limit": limit, "zone": code}
    ok = measured <= limit
    message = (
        _("${measured} floors are within the ${limit} allowed in zone ${zone}.", mapping=mapping)
        if ok
        else _("${measured} floors exceed the ${limit} allowed in zone ${zone}.", mapping=mapping)
    )
    return Finding("floors", PASS if ok else FAIL, code, measured, limit, rule.source_text, message)


def _area_finding(code: str, rule: ZoneRule, measured: float, limit: float) -> Finding:
    mapping = {"measured": _number(measured), "limit": _number(limit), "zone": code}
    ok = measured >= limit
    message = (
        _(
            "The site's ${measured} m² meet the ${limit} m² minimum of zone ${zone}.",
            mapping=mapping,
        )
        if ok
        else _(
            "The site's ${measured} m² are below the ${limit} m² minimum of zone ${zone}.",
            mapping=mapping,
        )
    )
    return Finding(
        "min_area", PASS if ok else FAIL, code, round(measured, 1), limit, rule.source_text, message
    )


def _setback_findings(
    code: str, rule: ZoneRule | None, site: BaseGeometry, part: BaseGeometry, project: Project
) -> list[Finding]:
    """Whether the part's share of the footprint fits inside the neighbour setback.

    The setback is taken inward from the whole site's edge (zone edges inside the site
    are not neighbours); the footprint is spread over the site in proportion to area.
    """
    if rule is None or not rule.setback_neighbour_m:
        return []
    setback = rule.setback_neighbour_m
    buildable = site.buffer(-setback, join_style="mitre").intersection(part).area
    share = project.footprint_m2 * part.area / site.area
    ok = share <= buildable + PART_TOLERANCE_M2
    mapping = {
        "measured": _number(share),
        "limit": _number(buildable),
        "setback": f"{setback:g}",
        "zone": code,
    }
    message = (
        _(
            "A footprint of ${measured} m² fits in the ${limit} m² left by the ${setback} m "
            "setbacks of zone ${zone}.",
            mapping=mapping,
        )
        if ok
        else _(
            "A footprint of ${measured} m² does not fit in the ${limit} m² left by the "
            "${setback} m setbacks of zone ${zone}.",
            mapping=mapping,
        )
    )
    return [
        Finding(
            "setback",
            PASS if ok else FAIL,
            code,
            round(share, 1),
            round(buildable, 1),
            rule.source_text,
            message,
        )
    ]


def _frontage_findings(code: str, rule: ZoneRule | None, around: Surroundings) -> list[Finding]:
    """The site's frontage against the zone's minimum (the whole site, as the area)."""
    if rule is None or rule.min_frontage_m is None:
        return []
    measured, limit = round(around.frontage_m, 1), rule.min_frontage_m
    mapping = {"measured": f"{measured:g}", "limit": f"{limit:g}", "zone": code}
    ok = measured >= limit - 1e-9
    message = (
        _("Frontage ${measured} m meets the ${limit} m minimum of zone ${zone}.", mapping=mapping)
        if ok
        else _(
            "Frontage ${measured} m is below the ${limit} m minimum of zone ${zone}.",
            mapping=mapping,
        )
    )
    return [
        Finding("frontage", PASS if ok else FAIL, code, measured, limit, rule.source_text, message)
    ]


def _road_setback_findings(
    code: str,
    rule: ZoneRule | None,
    site: BaseGeometry,
    part: BaseGeometry,
    around: Surroundings,
    *,
    project: Project,
) -> list[Finding]:
    """Whether the part's share of the footprint fits in the envelope the setbacks leave.

    The envelope is the site less ``setback_road_m`` along the frontage and less
    ``setback_neighbour_m`` from the neighbouring parcels (the shared edges); the
    footprint is spread over the site in proportion to area, as for the neighbour setback.
    """
    if rule is None or not rule.setback_road_m:
        return []
    road, neighbour = rule.setback_road_m, rule.setback_neighbour_m or 0.0
    kept_away = shapely.union(around.frontage.buffer(road), around.neighbours.buffer(neighbour))
    envelope = site.difference(kept_away).intersection(part).area
    share = project.footprint_m2 * part.area / site.area
    ok = share <= envelope + PART_TOLERANCE_M2
    mapping = {
        "measured": _number(share),
        "limit": _number(envelope),
        "road": f"{road:g}",
        "neighbour": f"{neighbour:g}",
        "zone": code,
    }
    message = (
        _(
            "A footprint of ${measured} m² fits in the ${limit} m² left by the ${road} m road "
            "setback and the ${neighbour} m neighbour setback of zone ${zone}.",
            mapping=mapping,
        )
        if ok
        else _(
            "A footprint of ${measured} m² does not fit in the ${limit} m² left by the ${road} m "
            "road setback and the ${neighbour} m neighbour setback of zone ${zone}.",
            mapping=mapping,
        )
    )
    return [
        Finding(
            "road_setback",
            PASS if ok else FAIL,
            code,
            round(share, 1),
            round(envelope, 1),
            rule.source_text,
            message,
        )
    ]


def _servitude_findings(
    session: Session, site: BaseGeometry, bbox: tuple[float, ...], project: Project
) -> list[Finding]:
    """One finding per servitude layer whose interior meets the site's (as in batch mode)."""
    features = services.features_in_bbox(session, Servitude, bbox).features
    layers: dict[int, ServitudeLayer] = {}
    for feature in features:
        if interiors_overlap(site, shapely.set_srid(feature.geom, 0)):
            layers[feature.layer_id] = feature.layer
    return [_servitude_finding(layers[key], project) for key in sorted(layers)]


def _servitude_finding(layer: ServitudeLayer, project: Project) -> Finding:
    name = layer.name
    if layer.effect == "forbid":
        message = _(
            "The site lies in ${layer}, where building is forbidden.", mapping={"layer": name}
        )
        return Finding("servitude", FAIL, name, layer.kind, layer.effect, layer.source, message)
    if layer.effect == "limit_height" and layer.height_limit_m is not None:
        limit = layer.height_limit_m
        mapping = {"measured": f"{project.height_m:g}", "limit": f"{limit:g}", "layer": name}
        ok = project.height_m <= limit
        message = (
            _("Height ${measured} m is within the ${limit} m limit of ${layer}.", mapping=mapping)
            if ok
            else _(
                "Height ${measured} m exceeds the ${limit} m limit of ${layer}.", mapping=mapping
            )
        )
        return Finding(
            "servitude", PASS if ok else FAIL, name, project.height_m, limit, layer.source, message
        )
    message = _(
        "The site lies in ${layer}: ${agency} must give its opinion.",
        mapping={"layer": name, "agency": layer.agency},
    )
    return Finding(
        "servitude", NEEDS_OPINION, name, layer.kind, layer.agency, layer.source, message
    )
