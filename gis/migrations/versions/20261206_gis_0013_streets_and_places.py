"""Streets and named places, drawn under maps and searched by name.

Revision ID: gis_0013
Revises: gis_0012
Create Date: 2026-12-06 18:47:43
"""

import sqlalchemy as sa
from alembic import op

from gis.geometry import GeometryType

revision: str = "gis_0013"
down_revision: str | None = "gis_0012"
branch_labels: str | None = None
depends_on: str | None = None

WGS84 = 4326


def _named_table(name: str, *extra: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name_ar", sa.String(length=200), nullable=False),
        sa.Column("name_fr", sa.String(length=200), nullable=False),
        *extra,
        sa.Column("search_key", sa.String(length=420), nullable=False),
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
            name=op.f(f"fk_{name}_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["import_run_id"],
            ["gis_import_runs.id"],
            name=op.f(f"fk_{name}_import_run_id_gis_import_runs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("public_id", name=op.f(f"uq_{name}_public_id")),
    )
    op.create_index(op.f(f"ix_{name}_commune_id"), name, ["commune_id"])
    op.create_index(f"ix_{name}_commune_search", name, ["commune_id", "search_key"])
    op.create_index(
        f"ix_{name}_geom_4326",
        name,
        ["geom_4326"],
        postgresql_using="gist",
        sqlite_where=sa.text("0"),
    )


def upgrade() -> None:
    _named_table("gis_streets")
    _named_table("gis_places", sa.Column("kind", sa.String(length=32), nullable=False))


def downgrade() -> None:
    op.drop_table("gis_places")
    op.drop_table("gis_streets")
