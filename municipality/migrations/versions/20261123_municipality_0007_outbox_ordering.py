"""The outbox's ordering key, with the indexes a per-lane claim reads.

Split from the single-tree revision 0007, which added it with the sync tables.

Revision ID: municipality_0007
Revises: municipality_0002
Create Date: 2026-11-23 15:00:00
"""

import sqlalchemy as sa
from alembic import op

revision: str = "municipality_0007"
down_revision: str | None = "municipality_0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("ordering_key", sa.String(length=200), nullable=True))
        batch.create_index(
            "ix_outbox_lane", ["commune_id", "destination", "state", "id"], unique=False
        )
        batch.create_index(
            "ix_outbox_ordering",
            ["commune_id", "destination", "ordering_key", "id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index("ix_outbox_ordering")
        batch.drop_index("ix_outbox_lane")
        batch.drop_column("ordering_key")
