"""The budget's revenues: revenue lines, assessments and collections.

Revision ID: budget_0002
Revises: budget_0001
Create Date: 2026-12-07 01:04:53.782061

"""

from collections.abc import Sequence

from alembic import op
import sqlalchemy as sa


revision: str = "budget_0002"
down_revision: str | Sequence[str] | None = "budget_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "budget_revenue_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("section", sa.String(length=16), nullable=False),
        sa.Column("chapter", sa.String(length=8), nullable=False),
        sa.Column("article", sa.String(length=8), nullable=False),
        sa.Column("line", sa.String(length=8), nullable=False),
        sa.Column("label_fr", sa.String(length=200), nullable=False),
        sa.Column("label_ar", sa.String(length=200), nullable=False),
        sa.Column("forecast", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("fee_items", sa.String(length=300), nullable=False),
        sa.Column("assessments_made", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_budget_revenue_lines_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_revenue_lines")),
        sa.UniqueConstraint("commune_id", "year", "code", name="uq_budget_revenue_lines_code"),
        sa.UniqueConstraint("public_id", name=op.f("uq_budget_revenue_lines_public_id")),
    )
    with op.batch_alter_table("budget_revenue_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_revenue_lines_commune_id"), ["commune_id"], unique=False
        )

    op.create_table(
        "budget_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("debtor", sa.String(length=200), nullable=False),
        sa.Column("debtor_id", sa.String(length=40), nullable=True),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("collected", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_budget_assessments_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["line_id"],
            ["budget_revenue_lines.id"],
            name=op.f("fk_budget_assessments_line_id_budget_revenue_lines"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_assessments")),
        sa.UniqueConstraint("commune_id", "number", name="uq_budget_assessments_number"),
        sa.UniqueConstraint("public_id", name=op.f("uq_budget_assessments_public_id")),
    )
    with op.batch_alter_table("budget_assessments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_assessments_commune_id"), ["commune_id"], unique=False
        )
        batch_op.create_index(
            "ix_budget_assessments_state_due", ["commune_id", "state", "due_on"], unique=False
        )

    op.create_table(
        "budget_collections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("payer", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.Column("collected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("collected_by", sa.String(length=200), nullable=False),
        sa.Column("receipt_id", sa.Uuid(), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["budget_assessments.id"],
            name=op.f("fk_budget_collections_assessment_id_budget_assessments"),
        ),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_budget_collections_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["line_id"],
            ["budget_revenue_lines.id"],
            name=op.f("fk_budget_collections_line_id_budget_revenue_lines"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_collections")),
        sa.UniqueConstraint("commune_id", "number", name="uq_budget_collections_number"),
        sa.UniqueConstraint("commune_id", "reference", name="uq_budget_collections_reference"),
        sa.UniqueConstraint("public_id", name=op.f("uq_budget_collections_public_id")),
    )
    with op.batch_alter_table("budget_collections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_collections_commune_id"), ["commune_id"], unique=False
        )
        batch_op.create_index("ix_budget_collections_line", ["commune_id", "line_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("budget_collections", schema=None) as batch_op:
        batch_op.drop_index("ix_budget_collections_line")
        batch_op.drop_index(batch_op.f("ix_budget_collections_commune_id"))

    op.drop_table("budget_collections")
    with op.batch_alter_table("budget_assessments", schema=None) as batch_op:
        batch_op.drop_index("ix_budget_assessments_state_due")
        batch_op.drop_index(batch_op.f("ix_budget_assessments_commune_id"))

    op.drop_table("budget_assessments")
    with op.batch_alter_table("budget_revenue_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_revenue_lines_commune_id"))

    op.drop_table("budget_revenue_lines")
