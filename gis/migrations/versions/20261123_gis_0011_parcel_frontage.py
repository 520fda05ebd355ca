"""Parcels store their frontage, measured once at import; the buildability layer shows it.

Revision ID: gis_0011
Revises: gis_0006
Create Date: 2026-11-23 16:40:00
"""

import sqlalchemy as sa
from alembic import op

revision: str = "gis_0011"
down_revision: str | None = "gis_0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("gis_parcels") as batch:
        batch.add_column(sa.Column("frontage_m", sa.Float(), nullable=True))
    with op.batch_alter_table("gis_parcel_buildability") as batch:
        batch.add_column(sa.Column("frontage_m", sa.Float(), nullable=True))
        batch.add_column(sa.Column("meets_min_frontage", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("gis_parcel_buildability") as batch:
        batch.drop_column("meets_min_frontage")
        batch.drop_column("frontage_m")
    with op.batch_alter_table("gis_parcels") as batch:
        batch.drop_column("frontage_m")
