"""Payments keep the public id of their sealed receipt.

Revision ID: payments_0002
Revises: payments_0001
Create Date: 2026-12-06 23:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision: str = "payments_0002"
down_revision: str | None = "payments_0001"
branch_labels: str | None = None
depends_on: str | None = "documents_0002"


def upgrade() -> None:
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("receipt_id", sa.Uuid(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_column("receipt_id")
