"""Payments keep the provider's id of the reversal asked for them.

Revision ID: payments_0003
Revises: payments_0002
Create Date: 2026-12-07 01:20:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision: str = "payments_0003"
down_revision: str | None = "payments_0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reversal_ref", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_column("reversal_ref")
