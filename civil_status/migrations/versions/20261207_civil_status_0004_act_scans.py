"""Scans of acts digitised from paper registers, with their paper numbers.

Revision ID: civil_status_0004
Revises: civil_status_0003
Create Date: 2026-12-07 01:40:00
"""

import sqlalchemy as sa
from alembic import op

revision: str = "civil_status_0004"
down_revision: str | None = "civil_status_0003"
branch_labels: str | None = None
depends_on: str | tuple[str, ...] | None = None


def upgrade() -> None:
    op.create_table(
        "civil_act_scans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("act_id", sa.Integer(), nullable=False),
        sa.Column("paper_number", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by", sa.String(length=254), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["act_id"], ["civil_acts.id"], name=op.f("fk_civil_act_scans_act_id_civil_acts")
        ),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_civil_act_scans_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_civil_act_scans")),
        sa.UniqueConstraint("act_id", name=op.f("uq_civil_act_scans_act_id")),
        sa.UniqueConstraint("public_id", name=op.f("uq_civil_act_scans_public_id")),
    )
    with op.batch_alter_table("civil_act_scans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_civil_act_scans_commune_id"), ["commune_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("civil_act_scans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_civil_act_scans_commune_id"))
    op.drop_table("civil_act_scans")
