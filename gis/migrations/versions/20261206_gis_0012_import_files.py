"""Import runs refer to their upload in the core's file store by content hash.

``file_key`` named a file under the upload directory of the process that received it;
``baladiya files migrate`` moves such a file into the store and fills ``file_sha256``.

Revision ID: gis_0012
Revises: gis_0011
Create Date: 2026-12-06 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision: str = "gis_0012"
down_revision: str | None = "gis_0011"
branch_labels: str | None = None
depends_on: str | None = "municipality_0013"


def upgrade() -> None:
    with op.batch_alter_table("gis_import_runs") as batch:
        batch.add_column(sa.Column("file_sha256", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("gis_import_runs") as batch:
        batch.drop_column("file_sha256")
