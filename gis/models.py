"""The GIS tables: zoning plans and their zones and rules, servitudes, parcels, the
commune boundary, import runs and stored buildability results.

Every feature keeps its geometry twice (see :mod:`gis.geometry`): ``geom`` in the
commune's projected CRS (``Commune.projected_crs``), where areas, distances and setbacks
are measured, and ``geom_4326`` for web clients and bounding-box queries, indexed with
GiST on PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from shapely.geometry.base import BaseGeometry
from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gis.geometry import GeometryType, spatial_index
from municipality.db import Base, CommuneOwned, PublicId, Timestamped

WGS84_SRID = 4326


class ImportRun(PublicId, Timestamped, CommuneOwned, Base):
    """One upload of a spatial file: what it holds, how far it got, and its report.

    ``kind`` is ``zoning``, ``parcels``, ``servitudes`` or ``boundary``. ``state`` moves
    ``pending`` → ``running`` → ``done`` | ``refused`` | ``failed``; ``progress`` (0-100)
    feeds the page's progress bar. ``options`` keeps what the user chose (CRS, attribute
    mapping, plan name, dates...) and ``report`` the validation report, shown whether the
    import was committed or refused: an import is all or nothing.
    """

    __tablename__ = "gis_import_runs"
    __table_args__ = (Index("ix_gis_import_runs_commune_created", "commune_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default="pending")
    progress: Mapped[int] = mapped_column(Integer, default=0)
    filename: Mapped[str] = mapped_column(String(255))
    # The upload in the core's file store until the run ends; ``file_key`` is the file
    # name runs made before the store had (``baladiya files migrate`` moves the file).
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    file_key: Mapped[str | None] = mapped_column(String(255))
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    feature_count: Mapped[int] = mapped_column(Integer, default=0)
    actor: Mapped[str] = mapped_column(String(254))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CommuneBoundary(Timestamped, CommuneOwned, Base):
    """The commune's territory, one row per commune: imports check parcels fall inside."""

    __tablename__ = "gis_commune_boundaries"
    __table_args__ = (UniqueConstraint("commune_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(255), default="")
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("gis_import_runs.id"))
    geom: Mapped[BaseGeometry] = mapped_column(GeometryType())
    geom_4326: Mapped[BaseGeometry] = mapped_column(GeometryType(WGS84_SRID))


class ZoningPlan(PublicId, Timestamped, CommuneOwned, Base):
    """A version of the commune's zoning plan (plan d'aménagement), in force between dates.

    A check is always made against the plan in force on a given date:
    ``in_force_from <= day`` and (``in_force_until`` is empty or ``day <= in_force_until``).
    ``source_crs`` records the CRS the file was drawn in; geometries are stored in the
    commune's CRS and in EPSG:4326.
    """

    __tablename__ = "gis_zoning_plans"
    __table_args__ = (
        UniqueConstraint("commune_id", "reference"),
        Index("ix_gis_zoning_plans_commune_in_force", "commune_id", "in_force_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    reference: Mapped[str] = mapped_column(String(64))
    in_force_from: Mapped[date] = mapped_column(Date)
    in_force_until: Mapped[date | None] = mapped_column(Date)
    source_crs: Mapped[str] = mapped_column(String(32))
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("gis_import_runs.id"))

    zones: Mapped[list[Zone]] = relationship(back_populates="plan", order_by="Zone.id")
    rules: Mapped[list[ZoneRule]] = relationship(
        back_populates="plan", order_by="ZoneRule.zone_code"
    )


class Zone(PublicId, Timestamped, CommuneOwned, Base):
    """One polygon of a zoning plan with its zone code (``R+2``, ``ZI``...).

    Several zones of a plan may share a code; the rules hang on the code (:class:`ZoneRule`).
    """

    __tablename__ = "gis_zones"
    __table_args__ = (
        Index("ix_gis_zones_commune_plan", "commune_id", "plan_id", "code"),
        spatial_index("ix_gis_zones_geom_4326", "geom_4326"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("gis_zoning_plans.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(200), default="")
    geom: Mapped[BaseGeometry] = mapped_column(GeometryType())
    geom_4326: Mapped[BaseGeometry] = mapped_column(GeometryType(WGS84_SRID))

    plan: Mapped[ZoningPlan] = relationship(back_populates="zones")


class ZoneRule(PublicId, Timestamped, CommuneOwned, Base):
    """The building rules of one zone code in one plan (the plan's regulation text).

    Empty limits do not constrain. Ratios are fractions: ``max_footprint_ratio`` (CES)
    0.6 means 60 % of the site may be built on; ``max_floor_area_ratio`` (COS) is floor
    area over site area. Uses are short lowercase words (``housing``, ``retail``...).
    ``source_text`` quotes the article the limits come from, shown with every finding.
    """

    __tablename__ = "gis_zone_rules"
    __table_args__ = (UniqueConstraint("commune_id", "plan_id", "zone_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("gis_zoning_plans.id", ondelete="CASCADE"))
    zone_code: Mapped[str] = mapped_column(String(32))
    allowed_uses: Mapped[list[str]] = mapped_column(JSON, default=list)
    forbidden_uses: Mapped[list[str]] = mapped_column(JSON, default=list)
    max_height_m: Mapped[float | None] = mapped_column(Float)
    max_floors: Mapped[int | None] = mapped_column(Integer)
    max_footprint_ratio: Mapped[float | None] = mapped_column(Float)
    max_floor_area_ratio: Mapped[float | None] = mapped_column(Float)
    min_parcel_area_m2: Mapped[float | None] = mapped_column(Float)
    min_frontage_m: Mapped[float | None] = mapped_column(Float)
    setback_road_m: Mapped[float | None] = mapped_column(Float)
    setback_neighbour_m: Mapped[float | None] = mapped_column(Float)
    source_text: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[ZoningPlan] = relationship(back_populates="rules")


class ServitudeLayer(PublicId, Timestamped, CommuneOwned, Base):
    """A layer of public-utility servitudes and its effect on any site it touches.

    ``kind``: ``flood_risk``, ``heritage``, ``road_widening``, ``utility_easement``,
    ``airport_cone``. ``effect``: ``forbid`` (no building), ``limit_height`` (at most
    ``height_limit_m``) or ``require_opinion`` (the named ``agency`` must give its
    opinion). ``source`` names the act that creates the servitude.
    """

    __tablename__ = "gis_servitude_layers"
    __table_args__ = (UniqueConstraint("commune_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    effect: Mapped[str] = mapped_column(String(32))
    height_limit_m: Mapped[float | None] = mapped_column(Float)
    agency: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(Text, default="")
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("gis_import_runs.id"))

    features: Mapped[list[Servitude]] = relationship(
        back_populates="layer", order_by="Servitude.id", passive_deletes=True
    )


class Servitude(PublicId, Timestamped, CommuneOwned, Base):
    """One polygon of a servitude layer."""

    __tablename__ = "gis_servitudes"
    __table_args__ = (
        Index("ix_gis_servitudes_commune_layer", "commune_id", "layer_id"),
        spatial_index("ix_gis_servitudes_geom_4326", "geom_4326"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    layer_id: Mapped[int] = mapped_column(ForeignKey("gis_servitude_layers.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(200), default="")
    geom: Mapped[BaseGeometry] = mapped_column(GeometryType())
    geom_4326: Mapped[BaseGeometry] = mapped_column(GeometryType(WGS84_SRID))

    layer: Mapped[ServitudeLayer] = relationship(back_populates="features")


class Parcel(PublicId, Timestamped, CommuneOwned, Base):
    """A cadastral parcel; ``reference`` is unique in the commune.

    ``owner`` is personal data from the cadastre: it must never be served publicly
    (see :data:`PUBLIC_PARCEL_FIELDS`). ``area_m2`` is measured in the commune's CRS.
    ``frontage_m`` (the boundary no other parcel shares, see
    :func:`gis.buildability.frontage`) is measured at import, since it depends on the
    whole cadastre and not on the rules; it is empty for parcels stored before that.
    """

    __tablename__ = "gis_parcels"
    __table_args__ = (
        UniqueConstraint("commune_id", "reference"),
        spatial_index("ix_gis_parcels_geom_4326", "geom_4326"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(64))
    area_m2: Mapped[float] = mapped_column(Float)
    frontage_m: Mapped[float | None] = mapped_column(Float)
    owner: Mapped[str | None] = mapped_column(String(200))
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("gis_import_runs.id"))
    geom: Mapped[BaseGeometry] = mapped_column(GeometryType())
    geom_4326: Mapped[BaseGeometry] = mapped_column(GeometryType(WGS84_SRID))


# The parcel attributes anyone may see; ``owner`` is deliberately absent.
PUBLIC_PARCEL_FIELDS = ("reference", "area_m2")


class Street(PublicId, Timestamped, CommuneOwned, Base):
    """A named street of the commune, drawn under its maps and found by its name.

    Residents know where a pothole is by the street, not by coordinates: streets are the
    base map's lines and the search box's answers. Names are kept in Arabic and French
    (either may be empty); ``search_key`` holds both, folded by
    :func:`municipality.maps.search_key`, so one ``LIKE`` finds a street whichever script
    or accents the resident types.
    """

    __tablename__ = "gis_streets"
    __table_args__ = (
        spatial_index("ix_gis_streets_geom_4326", "geom_4326"),
        Index("ix_gis_streets_commune_search", "commune_id", "search_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name_ar: Mapped[str] = mapped_column(String(200), default="")
    name_fr: Mapped[str] = mapped_column(String(200), default="")
    search_key: Mapped[str] = mapped_column(String(420), default="")
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("gis_import_runs.id"))
    geom: Mapped[BaseGeometry] = mapped_column(GeometryType())
    geom_4326: Mapped[BaseGeometry] = mapped_column(GeometryType(WGS84_SRID))


class NamedPlace(PublicId, Timestamped, CommuneOwned, Base):
    """A place people name to say where something is: a square, a market, a school.

    ``kind`` is a free word from the imported file (``market``, ``mosque``, ``school``...),
    shown beside the name. Names and ``search_key`` as for :class:`Street`.
    """

    __tablename__ = "gis_places"
    __table_args__ = (
        spatial_index("ix_gis_places_geom_4326", "geom_4326"),
        Index("ix_gis_places_commune_search", "commune_id", "search_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name_ar: Mapped[str] = mapped_column(String(200), default="")
    name_fr: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(32), default="")
    search_key: Mapped[str] = mapped_column(String(420), default="")
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("gis_import_runs.id"))
    geom: Mapped[BaseGeometry] = mapped_column(GeometryType())
    geom_4326: Mapped[BaseGeometry] = mapped_column(GeometryType(WGS84_SRID))


class BuildabilityRun(PublicId, Timestamped, CommuneOwned, Base):
    """A batch computation of what may be built on every parcel under one plan.

    ``state`` is ``running``, ``done`` or ``failed``; ``summary`` holds counts and timings.
    Results are :class:`ParcelBuildability` rows, a layer that can be mapped and downloaded.
    """

    __tablename__ = "gis_buildability_runs"
    __table_args__ = (
        Index("ix_gis_buildability_runs_commune_created", "commune_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("gis_zoning_plans.id", ondelete="CASCADE"))
    on_date: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default="running")
    parcel_count: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actor: Mapped[str] = mapped_column(String(254))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    plan: Mapped[ZoningPlan] = relationship()


class ParcelBuildability(PublicId, CommuneOwned, Base):
    """What one parcel allows under a run's plan: the stored buildability layer.

    Limits are the strictest over the zones the parcel touches, reduced by servitudes
    (``forbid`` makes it unbuildable, ``limit_height`` caps the height). ``zone_codes``
    and ``constraints`` (servitude kinds and effects) explain the figures.
    ``frontage_m`` is the parcel's stored frontage and ``meets_min_frontage`` whether it
    meets the strictest minimum of its zones; both are empty when the frontage is unknown.
    """

    __tablename__ = "gis_parcel_buildability"
    __table_args__ = (
        Index("ix_gis_parcel_buildability_commune_run", "commune_id", "run_id"),
        spatial_index("ix_gis_parcel_buildability_geom_4326", "geom_4326"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("gis_buildability_runs.id", ondelete="CASCADE"))
    parcel_id: Mapped[int] = mapped_column(ForeignKey("gis_parcels.id", ondelete="CASCADE"))
    reference: Mapped[str] = mapped_column(String(64))
    area_m2: Mapped[float] = mapped_column(Float)
    zone_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    buildable: Mapped[bool] = mapped_column(default=True)
    max_footprint_m2: Mapped[float | None] = mapped_column(Float)
    max_floor_area_m2: Mapped[float | None] = mapped_column(Float)
    max_height_m: Mapped[float | None] = mapped_column(Float)
    frontage_m: Mapped[float | None] = mapped_column(Float)
    meets_min_frontage: Mapped[bool | None] = mapped_column()
    allowed_uses: Mapped[list[str]] = mapped_column(JSON, default=list)
    constraints: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    geom_4326: Mapped[BaseGeometry] = mapped_column(GeometryType(WGS84_SRID))
