"""Photos refer to the core's file store by content hash: the thumbnail gets its own.

The image's hash was already kept (``sha256``). The old file names (``image_key``,
``thumbnail_key``) may now be empty: rows made from now on have none, and
``baladiya files migrate`` moves the files they name into the store, fills
``thumbnail_sha256`` and empties them.

Revision ID: complaints_0011
Revises: complaints_0010
Create Date: 2026-12-06 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision: str = "complaints_0011"
down_revision: str | None = "complaints_0010"
branch_labels: str | None = None
depends_on: str | None = "municipality_0013"


def upgrade() -> None:
    with op.batch_alter_table("complaint_photos") as batch:
        batch.add_column(sa.Column("thumbnail_sha256", sa.String(length=64), nullable=True))
        batch.alter_column("image_key", existing_type=sa.String(length=64), nullable=True)
        batch.alter_column("thumbnail_key", existing_type=sa.String(length=64), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("complaint_photos") as batch:
        batch.alter_column("thumbnail_key", existing_type=sa.String(length=64), nullable=False)
        batch.alter_column("image_key", existing_type=sa.String(length=64), nullable=False)
        batch.drop_column("thumbnail_sha256")
