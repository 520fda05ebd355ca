"""Zoning plans, parcels and servitudes.

Geometry columns are PostGIS ``geometry`` on PostgreSQL and extended WKB in a BLOB on
SQLite (:class:`gis.geometry.GeometryType`); the spatial indexes are GiST on PostgreSQL
and empty partial indexes on SQLite.

Revision ID: gis_0006
Revises:
Depends on: municipality_0001
Create Date: 2026-11-23 15:00:00
"""

import sqlalchemy as sa
from alembic import op

from gis.geometry import GeometryType

revision: str = "gis_0006"
down_revision: str | None = None
branch_labels: str | None = "gis"
depends_on: str | None = "municipality_0001"

WGS84 = 4326


def upgrade() -> None:
    op.create_table(
        "gis_import_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("file_key", sa.String(length=255), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("feature_count", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_gis_import_runs_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gis_import_runs")),
        sa.UniqueConstraint("public_id", name=op.f("uq_gis_import_runs_public_id")),
    )
    op.create_index(
        "ix_gis_import_runs_commune_created",
        "gis_import_runs",
        ["commune_id", "created_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_gis_import_runs_commune_id"), "gis_import_runs", ["commune_id"], unique=False
    )
    op.create_table(
        "gis_commune_boundaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("import_run_id", sa.Integer(), nullable=True),
        sa.Column("geom", GeometryType(), nullable=False),
        sa.Column("geom_4326", GeometryType(WGS84), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_gis_commune_boundaries_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["import_run_id"],
            ["gis_import_runs.id"],
            name=op.f("fk_gis_commune_boundaries_import_run_id_gis_import_runs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gis_commune_boundaries")),
        sa.UniqueConstraint("commune_id", name=op.f("uq_gis_commune_boundaries_commune_id")),
    )
    op.create_index(
        op.f("ix_gis_commune_boundaries_commune_id"),
        "gis_commune_boundaries",
        ["commune_id"],
        unique=False,
    )
    op.create_table(
        "gis_parcels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("area_m2", sa.Float(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("import_run_id", sa.Integer(), nullable=True),
        sa.Column("geom", GeometryType(), nullable=False),
        sa.Column("geom_4326", GeometryType(WGS84), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_gis_parcels_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["import_run_id"],
            ["gis_import_runs.id"],
            name=op.f("fk_gis_parcels_import_run_id_gis_import_runs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gis_parcels")),
        sa.UniqueConstraint("commune_id", "reference", name=op.f("uq_gis_parcels_commune_id")),
        sa.UniqueConstraint("public_id", name=op.f("uq_gis_parcels_public_id")),
    )
    op.create_index(op.f("ix_gis_parcels_commune_id"), "gis_parcels", ["commune_id"], unique=False)
    op.create_index(
        "ix_gis_parcels_geom_4326",
        "gis_parcels",
        ["geom_4326"],
        unique=False,
        postgresql_using="gist",
        sqlite_where=sa.text("0"),
    )
    op.create_table(
        "gis_servitude_layers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("effect", sa.String(length=32), nullable=False),
        sa.Column("height_limit_m", sa.Float(), nullable=True),
        sa.Column("agency", sa.String(length=200), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("import_run_id", sa.Integer(), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_gis_servitude_layers_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["import_run_id"],
            ["gis_import_runs.id"],
            name=op.f("fk_gis_servitude_layers_import_run_id_gis_import_runs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gis_servitude_layers")),
        sa.UniqueConstraint("commune_id", "name", name=op.f("uq_gis_servitude_layers_commune_id")),
        sa.UniqueConstraint("public_id", name=op.f("uq_gis_servitude_layers_public_id")),
    )
    op.create_index(
        op.f("ix_gis_servitude_layers_commune_id"),
        "gis_servitude_layers",
        ["commune_id"],
        unique=False,
    )
    op.create_table(
        "gis_zoning_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("in_force_from", sa.Date(), nullable=False),
        sa.Column("in_force_until", sa.Date(), nullable=True),
        sa.Column("source_crs", sa.String(length=32), nullable=False),
        sa.Column("import_run_id", sa.Integer(), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_gis_zoning_plans_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["import_run_id"],
            ["gis_import_runs.id"],
            name=op.f("fk_gis_zoning_plans_import_run_id_gis_import_runs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gis_zoning_plans")),
        sa.UniqueConstraint("commune_id", "reference", name=op.f("uq_gis_zoning_plans_commune_id")),
        sa.UniqueConstraint("public_id", name=op.f("uq_gis_zoning_plans_public_id")),
    )
    op.create_index(
        op.f("ix_gis_zoning_plans_commune_id"), "gis_zoning_plans", ["commune_id"], unique=False
    )
    op.create_index(
        "ix_gis_zoning_plans_commune_in_force",
        "gis_zoning_plans",
        ["commune_id", "in_force_from"],
        unique=False,
    )
    op.create_table(
        "gis_buildability_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("parcel_count", sa.Integer(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_gis_buildability_runs_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["gis_zoning_plans.id"],
            name=op.f("fk_gis_buildability_runs_plan_id_gis_zoning_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gis_buildability_runs")),
        sa.UniqueConstraint("public_id", name=op.f("uq_gis_buildability_runs_public_id")),
    )
    op.create_index(
        "ix_gis_buildability_runs_commune_created",
        "gis_buildability_runs",
        ["commune_id", "created_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_gis_buildability_runs_commune_id"),
        "gis_buildability_runs",
        ["commune_id"],
        unique=False,
    )
    op.create_table(
        "gis_servitudes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("layer_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("geom", GeometryType(), nullable=False),
        sa.Column("geom_4326", GeometryType(WGS84), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_gis_servitudes_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["layer_id"],
            ["gis_servitude_layers.id"],
            name=op.f("fk_gis_servitudes_layer_id_gis_servitude_layers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gis_servitudes")),
        sa.UniqueConstraint("public_id", name=op.f("uq_gis_servitudes_public_id")),
    )
    op.create_index(
        op.f("ix_gis_servitudes_commune_id"), "gis_servitudes", ["commune_id"], unique=False
    )
    op.create_index(
        "ix_gis_servitudes_commune_layer",
        "gis_servitudes",
        ["commune_id", "layer_id"],
        unique=False,
    )
    op.create_index(
        "ix_gis_servitudes_geom_4326",
        "gis_servitudes",
        ["geom_4326"],
        unique=False,
        postgresql_using="gist",
        sqlite_where=sa.text("0"),
    )
    op.create_table(
        "gis_zone_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("zone_code", sa.String(length=32), nullable=False),
        sa.Column("allowed_uses", sa.JSON(), nullable=False),
        sa.Column("forbidden_uses", sa.JSON(), nullable=False),
        sa.Column("max_height_m", sa.Float(), nullable=True),
        sa.Column("max_floors", sa.Integer(), nullable=True),
        sa.Column("max_footprint_ratio", sa.Float(), nullable=True),
        sa.Column("max_floor_area_ratio", sa.Float(), nullable=True),
        sa.Column("min_parcel_area_m2", sa.Float(), nullable=True),
        sa.Column("min_frontage_m", sa.Float(), nullable=True),
        sa.Column("setback_road_m", sa.Float(), nullable=True),
        sa.Column("setback_neighbour_m", sa.Float(), nullable=True),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_gis_zone_rules_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["gis_zoning_plans.id"],
            name=op.f("fk_gis_zone_rules_plan_id_gis_zoning_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gis_zone_rules")),
        sa.UniqueConstraint(
            "commune_id", "plan_id", "zone_code", name=op.f("uq_gis_zone_rules_commune_id")
        ),
        sa.UniqueConstraint("public_id", name=op.f("uq_gis_zone_rules_public_id")),
    )
    op.create_index(
        op.f("ix_gis_zone_rules_commune_id"), "gis_zone_rules", ["commune_id"], unique=False
    )
    op.create_table(
        "gis_zones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("geom", GeometryType(), nullable=False),
        sa.Column("geom_4326", GeometryType(WGS84), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_gis_zones_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["gis_zoning_plans.id"],
            name=op.f("fk_gis_zones_plan_id_gis_zoning_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gis_zones")),
        sa.UniqueConstraint("public_id", name=op.f("uq_gis_zones_public_id")),
    )
    op.create_index(op.f("ix_gis_zones_commune_id"), "gis_zones", ["commune_id"], unique=False)
    op.create_index(
        "ix_gis_zones_commune_plan", "gis_zones", ["commune_id", "plan_id", "code"], unique=False
    )
    op.create_index(
        "ix_gis_zones_geom_4326",
        "gis_zones",
        ["geom_4326"],
        unique=False,
        postgresql_using="gist",
        sqlite_where=sa.text("0"),
    )
    op.create_table(
        "gis_parcel_buildability",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("parcel_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("area_m2", sa.Float(), nullable=False),
        sa.Column("zone_codes", sa.JSON(), nullable=False),
        sa.Column("buildable", sa.Boolean(), nullable=False),
        sa.Column("max_footprint_m2", sa.Float(), nullable=True),
        sa.Column("max_floor_area_m2", sa.Float(), nullable=True),
        sa.Column("max_height_m", sa.Float(), nullable=True),
        sa.Column("allowed_uses", sa.JSON(), nullable=False),
        sa.Column("constraints", sa.JSON(), nullable=False),
        sa.Column("geom_4326", GeometryType(WGS84), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_gis_parcel_buildability_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parcel_id"],
            ["gis_parcels.id"],
            name=op.f("fk_gis_parcel_buildability_parcel_id_gis_parcels"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["gis_buildability_runs.id"],
            name=op.f("fk_gis_parcel_buildability_run_id_gis_buildability_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gis_parcel_buildability")),
        sa.UniqueConstraint("public_id", name=op.f("uq_gis_parcel_buildability_public_id")),
    )
    op.create_index(
        op.f("ix_gis_parcel_buildability_commune_id"),
        "gis_parcel_buildability",
        ["commune_id"],
        unique=False,
    )
    op.create_index(
        "ix_gis_parcel_buildability_commune_run",
        "gis_parcel_buildability",
        ["commune_id", "run_id"],
        unique=False,
    )
    op.create_index(
        "ix_gis_parcel_buildability_geom_4326",
        "gis_parcel_buildability",
        ["geom_4326"],
        unique=False,
        postgresql_using="gist",
        sqlite_where=sa.text("0"),
    )


def downgrade() -> None:
    # Dropping a table drops its indexes; children first.
    op.drop_table("gis_parcel_buildability")
    op.drop_table("gis_buildability_runs")
    op.drop_table("gis_zones")
    op.drop_table("gis_zone_rules")
    op.drop_table("gis_servitudes")
    op.drop_table("gis_servitude_layers")
    op.drop_table("gis_parcels")
    op.drop_table("gis_zoning_plans")
    op.drop_table("gis_commune_boundaries")
    op.drop_table("gis_import_runs")
