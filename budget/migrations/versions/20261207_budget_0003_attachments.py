"""Invoices and delivery notes attached to expenses, as PDFs in the file store.

Revision ID: budget_0003
Revises: budget_0002
Create Date: 2026-12-07 01:20:00
"""

import sqlalchemy as sa
from alembic import op

revision: str = "budget_0003"
down_revision: str | None = "budget_0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "budget_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["budget_commitments.id"],
            name=op.f("fk_budget_attachments_commitment_id_budget_commitments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_budget_attachments_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_budget_attachments_uploaded_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_attachments")),
        sa.UniqueConstraint("public_id", name=op.f("uq_budget_attachments_public_id")),
    )
    with op.batch_alter_table("budget_attachments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_budget_attachments_commitment", ["commune_id", "commitment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_budget_attachments_commune_id"), ["commune_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("budget_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_attachments_commune_id"))
        batch_op.drop_index("ix_budget_attachments_commitment")
    op.drop_table("budget_attachments")
