"""Communes record their province or prefecture, so regional summaries group by it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 16:30:00
"""

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("communes") as batch:
        batch.add_column(sa.Column("province", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("communes") as batch:
        batch.drop_column("province")
