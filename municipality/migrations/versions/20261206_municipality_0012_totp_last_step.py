"""Users remember the last TOTP time step they logged in with, so a code works once.

Revision ID: municipality_0012
Revises: municipality_0011
Create Date: 2026-12-06 17:20:00
"""

import sqlalchemy as sa
from alembic import op

revision: str = "municipality_0012"
down_revision: str | None = "municipality_0011"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("totp_last_step")
