"""Delivery lanes remember since when and why their platform gives no usable answer.

An outage no longer counts against the messages; staff see instead how long the
platform has been away and what it last said.

Revision ID: sync_0008
Revises: sync_0007
Create Date: 2026-12-06 18:50:00
"""

import sqlalchemy as sa
from alembic import op

revision: str = "sync_0008"
down_revision: str | None = "sync_0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("sync_lanes") as batch:
        batch.add_column(sa.Column("failing_since", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("last_error", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_lanes") as batch:
        batch.drop_column("last_error")
        batch.drop_column("failing_since")
