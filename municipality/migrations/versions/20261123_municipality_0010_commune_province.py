"""Communes record their province or prefecture, so regional summaries group by it.

Revision ID: municipality_0010
Revises: municipality_0007
Create Date: 2026-11-23 16:30:00
"""

import sqlalchemy as sa
from alembic import op

revision: str = "municipality_0010"
down_revision: str | None = "municipality_0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("communes") as batch:
        batch.add_column(sa.Column("province", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("communes") as batch:
        batch.drop_column("province")
