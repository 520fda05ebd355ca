"""The payments module: fee catalogue, payment intents, counter tills, reconciliation.

Revision ID: payments_0001
Revises:
Create Date: 2026-12-06 21:43:58.605168
"""

import sqlalchemy as sa
from alembic import op

revision: str = "payments_0001"
down_revision: str | None = None
branch_labels: str | None = "payments"
depends_on: str | tuple[str, ...] | None = ("municipality_0013", "documents_0002")


def upgrade() -> None:
    op.create_table(
        "payments_cash_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cashier", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expected_total", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("counted_total", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("difference", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_payments_cash_sessions_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments_cash_sessions")),
        sa.UniqueConstraint("public_id", name=op.f("uq_payments_cash_sessions_public_id")),
    )
    with op.batch_alter_table("payments_cash_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payments_cash_sessions_commune_id"), ["commune_id"], unique=False
        )

    op.create_table(
        "payments_fees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("fixed_amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("unit_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_payments_fees_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments_fees")),
        sa.UniqueConstraint("commune_id", "code", name=op.f("uq_payments_fees_commune_id")),
        sa.UniqueConstraint("public_id", name=op.f("uq_payments_fees_public_id")),
    )
    with op.batch_alter_table("payments_fees", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payments_fees_commune_id"), ["commune_id"], unique=False
        )

    op.create_table(
        "payments_reconciliations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("matched", sa.Integer(), nullable=False),
        sa.Column("differences", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_payments_reconciliations_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments_reconciliations")),
        sa.UniqueConstraint(
            "commune_id", "provider", "day", name=op.f("uq_payments_reconciliations_commune_id")
        ),
        sa.UniqueConstraint("public_id", name=op.f("uq_payments_reconciliations_public_id")),
    )
    with op.batch_alter_table("payments_reconciliations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payments_reconciliations_commune_id"), ["commune_id"], unique=False
        )

    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("payable_kind", sa.String(length=64), nullable=False),
        sa.Column("payable_ref", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("payer", sa.String(length=100), nullable=True),
        sa.Column("provider_ref", sa.String(length=100), nullable=True),
        sa.Column("token", sa.String(length=100), nullable=True),
        sa.Column("confirmed_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cash_session_id", sa.Integer(), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cash_session_id"],
            ["payments_cash_sessions.id"],
            name=op.f("fk_payments_cash_session_id_payments_cash_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_payments_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("provider", "provider_ref", name=op.f("uq_payments_provider")),
        sa.UniqueConstraint("public_id", name=op.f("uq_payments_public_id")),
        sa.UniqueConstraint("reference", name=op.f("uq_payments_reference")),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payments_commune_id"), ["commune_id"], unique=False)
        batch_op.create_index(
            "ix_payments_commune_state", ["commune_id", "state", "created_at"], unique=False
        )

    op.create_table(
        "payments_differences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reconciliation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("our_ref", sa.String(length=40), nullable=True),
        sa.Column("their_ref", sa.String(length=100), nullable=True),
        sa.Column("our_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("their_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_payments_differences_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reconciliation_id"],
            ["payments_reconciliations.id"],
            name=op.f("fk_payments_differences_reconciliation_id_payments_reconciliations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments_differences")),
        sa.UniqueConstraint("public_id", name=op.f("uq_payments_differences_public_id")),
    )
    with op.batch_alter_table("payments_differences", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payments_differences_commune_id"), ["commune_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_payments_differences_reconciliation_id"),
            ["reconciliation_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("payments_differences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payments_differences_reconciliation_id"))
        batch_op.drop_index(batch_op.f("ix_payments_differences_commune_id"))

    op.drop_table("payments_differences")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index("ix_payments_commune_state")
        batch_op.drop_index(batch_op.f("ix_payments_commune_id"))

    op.drop_table("payments")
    with op.batch_alter_table("payments_reconciliations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payments_reconciliations_commune_id"))

    op.drop_table("payments_reconciliations")
    with op.batch_alter_table("payments_fees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payments_fees_commune_id"))

    op.drop_table("payments_fees")
    with op.batch_alter_table("payments_cash_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payments_cash_sessions_commune_id"))

    op.drop_table("payments_cash_sessions")
