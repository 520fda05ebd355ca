"""Duplicate complaints merged into another one.

Revision ID: complaints_0005
Revises: complaints_0004
Create Date: 2026-11-23 13:50:00
"""

import sqlalchemy as sa
from alembic import op

revision: str = "complaints_0005"
down_revision: str | None = "complaints_0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("complaints") as batch:
        batch.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_complaints_merged_into_id_complaints"),
            "complaints",
            ["merged_into_id"],
            ["id"],
        )
        batch.create_index(batch.f("ix_complaints_merged_into_id"), ["merged_into_id"])


def downgrade() -> None:
    with op.batch_alter_table("complaints") as batch:
        batch.drop_index(batch.f("ix_complaints_merged_into_id"))
        batch.drop_constraint(
            batch.f("fk_complaints_merged_into_id_complaints"), type_="foreignkey"
        )
        batch.drop_column("merged_into_id")
