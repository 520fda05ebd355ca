"""The site of each issued permit, kept at issue for the public register's map (the
permits OGC collection): geometry columns of the GIS layer's type.

Revision ID: permits_0002
Revises: permits_0001
Create Date: 2026-12-07 01:33:13.195312
"""

import sqlalchemy as sa
from alembic import op

from gis.interfaces import GeometryType

revision: str = "permits_0002"
down_revision: str | None = "permits_0001"
branch_labels: str | None = None
depends_on: str | None = None

WGS84_SRID = 4326


def upgrade() -> None:
    op.create_table(
        "permit_sites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("geom", GeometryType(), nullable=False),
        sa.Column("geom_4326", GeometryType(WGS84_SRID), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_permit_sites_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"], ["permit_files.id"], name=op.f("fk_permit_sites_file_id_permit_files")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permit_sites")),
        sa.UniqueConstraint("file_id", name=op.f("uq_permit_sites_file_id")),
        sa.UniqueConstraint("public_id", name=op.f("uq_permit_sites_public_id")),
    )
    with op.batch_alter_table("permit_sites", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_permit_sites_commune_id"), ["commune_id"], unique=False
        )
        batch_op.create_index(
            "ix_permit_sites_geom_4326",
            ["geom_4326"],
            unique=False,
            postgresql_using="gist",
            sqlite_where=sa.text("0"),
        )


def downgrade() -> None:
    with op.batch_alter_table("permit_sites", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_permit_sites_geom_4326", postgresql_using="gist", sqlite_where=sa.text("0")
        )
        batch_op.drop_index(batch_op.f("ix_permit_sites_commune_id"))

    op.drop_table("permit_sites")
