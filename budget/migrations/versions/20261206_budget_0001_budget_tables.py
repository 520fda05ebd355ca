"""The budget module: nomenclature, budgets, lines, transfers, suppliers, commitments.

Revision ID: budget_0001
Revises:
Create Date: 2026-12-06 22:01:26.711451
"""

import sqlalchemy as sa
from alembic import op

revision: str = "budget_0001"
down_revision: str | None = None
branch_labels: str | None = "budget"
depends_on: str | tuple[str, ...] | None = ("municipality_0013", "documents_0002")


def upgrade() -> None:
    op.create_table(
        "budget_budgets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("voted_on", sa.Date(), nullable=True),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("decision", sa.String(length=200), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_budget_budgets_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_budgets")),
        sa.UniqueConstraint("commune_id", "year", "number", name="uq_budget_budgets_number"),
        sa.UniqueConstraint("public_id", name=op.f("uq_budget_budgets_public_id")),
    )
    with op.batch_alter_table("budget_budgets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_budgets_commune_id"), ["commune_id"], unique=False
        )

    op.create_table(
        "budget_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("section", sa.String(length=16), nullable=False),
        sa.Column("chapter", sa.String(length=8), nullable=False),
        sa.Column("article", sa.String(length=8), nullable=False),
        sa.Column("line", sa.String(length=8), nullable=False),
        sa.Column("functional", sa.String(length=16), nullable=True),
        sa.Column("label_fr", sa.String(length=200), nullable=False),
        sa.Column("label_ar", sa.String(length=200), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_budget_codes_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_codes")),
        sa.UniqueConstraint("commune_id", "code", name="uq_budget_codes_code"),
        sa.UniqueConstraint("public_id", name=op.f("uq_budget_codes_public_id")),
    )
    with op.batch_alter_table("budget_codes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_codes_commune_id"), ["commune_id"], unique=False
        )

    op.create_table(
        "budget_suppliers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("tax_id", sa.String(length=40), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("bank_account", sa.String(length=40), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_budget_suppliers_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_suppliers")),
        sa.UniqueConstraint("commune_id", "tax_id", name="uq_budget_suppliers_tax"),
        sa.UniqueConstraint("public_id", name=op.f("uq_budget_suppliers_public_id")),
    )
    with op.batch_alter_table("budget_suppliers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_suppliers_commune_id"), ["commune_id"], unique=False
        )

    op.create_table(
        "budget_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("voted", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("credit", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("commitments_made", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["code_id"], ["budget_codes.id"], name=op.f("fk_budget_lines_code_id_budget_codes")
        ),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_budget_lines_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_lines")),
        sa.UniqueConstraint("commune_id", "year", "code_id", name="uq_budget_lines_year_code"),
        sa.UniqueConstraint("public_id", name=op.f("uq_budget_lines_public_id")),
    )
    with op.batch_alter_table("budget_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_lines_commune_id"), ["commune_id"], unique=False
        )

    op.create_table(
        "budget_allocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("budget_id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["budget_id"],
            ["budget_budgets.id"],
            name=op.f("fk_budget_allocations_budget_id_budget_budgets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_budget_allocations_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["line_id"],
            ["budget_lines.id"],
            name=op.f("fk_budget_allocations_line_id_budget_lines"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_allocations")),
        sa.UniqueConstraint("budget_id", "line_id", name="uq_budget_allocations_line"),
    )
    with op.batch_alter_table("budget_allocations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_allocations_commune_id"), ["commune_id"], unique=False
        )

    op.create_table(
        "budget_commitments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("liquidated_amount", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("invoice_ref", sa.String(length=60), nullable=True),
        sa.Column("service_done_on", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("committed_by_id", sa.Integer(), nullable=True),
        sa.Column("ordered_by_id", sa.Integer(), nullable=True),
        sa.Column("paid_by_id", sa.Integer(), nullable=True),
        sa.Column("committed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("liquidated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ordered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["committed_by_id"],
            ["users.id"],
            name=op.f("fk_budget_commitments_committed_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_budget_commitments_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["line_id"],
            ["budget_lines.id"],
            name=op.f("fk_budget_commitments_line_id_budget_lines"),
        ),
        sa.ForeignKeyConstraint(
            ["ordered_by_id"], ["users.id"], name=op.f("fk_budget_commitments_ordered_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["paid_by_id"], ["users.id"], name=op.f("fk_budget_commitments_paid_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["budget_suppliers.id"],
            name=op.f("fk_budget_commitments_supplier_id_budget_suppliers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_commitments")),
        sa.UniqueConstraint("commune_id", "number", name="uq_budget_commitments_number"),
        sa.UniqueConstraint("public_id", name=op.f("uq_budget_commitments_public_id")),
    )
    with op.batch_alter_table("budget_commitments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_commitments_commune_id"), ["commune_id"], unique=False
        )
        batch_op.create_index(
            "ix_budget_commitments_line_state", ["line_id", "state"], unique=False
        )

    op.create_table(
        "budget_transfers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("authority", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(length=200), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_budget_transfers_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["budget_lines.id"],
            name=op.f("fk_budget_transfers_source_id_budget_lines"),
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["budget_lines.id"],
            name=op.f("fk_budget_transfers_target_id_budget_lines"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_transfers")),
        sa.UniqueConstraint("public_id", name=op.f("uq_budget_transfers_public_id")),
    )
    with op.batch_alter_table("budget_transfers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_transfers_commune_id"), ["commune_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("budget_transfers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_transfers_commune_id"))

    op.drop_table("budget_transfers")
    with op.batch_alter_table("budget_commitments", schema=None) as batch_op:
        batch_op.drop_index("ix_budget_commitments_line_state")
        batch_op.drop_index(batch_op.f("ix_budget_commitments_commune_id"))

    op.drop_table("budget_commitments")
    with op.batch_alter_table("budget_allocations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_allocations_commune_id"))

    op.drop_table("budget_allocations")
    with op.batch_alter_table("budget_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_lines_commune_id"))

    op.drop_table("budget_lines")
    with op.batch_alter_table("budget_suppliers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_suppliers_commune_id"))

    op.drop_table("budget_suppliers")
    with op.batch_alter_table("budget_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_codes_commune_id"))

    op.drop_table("budget_codes")
    with op.batch_alter_table("budget_budgets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_budgets_commune_id"))

    op.drop_table("budget_budgets")
