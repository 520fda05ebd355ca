"""Keep the headers a replayed idempotent answer must carry again (Location).

Revision ID: municipality_0002
Revises: municipality_0001
Create Date: 2026-11-23 13:05:00
"""

import sqlalchemy as sa
from alembic import op

revision: str = "municipality_0002"
down_revision: str | None = "municipality_0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("idempotency_records") as batch_op:
        batch_op.add_column(sa.Column("headers", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("idempotency_records") as batch_op:
        batch_op.drop_column("headers")
