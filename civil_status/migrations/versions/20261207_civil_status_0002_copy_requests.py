"""Civil status copy requests: counter, online, consulate and diaspora requests for a copy
of an act, with their state, the act found, the payment and the copy issued.

Revision ID: civil_status_0002
Revises: civil_status_0001
Create Date: 2026-12-07 01:07:18.451946
"""

import sqlalchemy as sa
from alembic import op

revision: str = "civil_status_0002"
down_revision: str | None = "civil_status_0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "civil_copy_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("copy_type", sa.String(length=24), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("requester_name", sa.String(length=240), nullable=False),
        sa.Column("id_document_type", sa.String(length=24), nullable=False),
        sa.Column("id_document_number", sa.String(length=40), nullable=False),
        sa.Column("relation", sa.String(length=24), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("account_email", sa.String(length=254), nullable=True),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("act_number", sa.Integer(), nullable=True),
        sa.Column("act_year", sa.Integer(), nullable=True),
        sa.Column("subject_name", sa.String(length=240), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("act_id", sa.Integer(), nullable=True),
        sa.Column("delivery", sa.String(length=16), nullable=False),
        sa.Column("postal_address", sa.Text(), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("attorney_sha256", sa.String(length=64), nullable=True),
        sa.Column("payment_reference", sa.String(length=40), nullable=True),
        sa.Column("document_number", sa.String(length=40), nullable=True),
        sa.Column("document_id", sa.String(length=36), nullable=True),
        sa.Column("tracking_reference", sa.String(length=60), nullable=True),
        sa.Column("refusal_reason", sa.String(length=40), nullable=True),
        sa.Column("refusal_note", sa.Text(), nullable=True),
        sa.Column("entered_by", sa.String(length=254), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["act_id"], ["civil_acts.id"], name=op.f("fk_civil_copy_requests_act_id_civil_acts")
        ),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_civil_copy_requests_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_civil_copy_requests")),
        sa.UniqueConstraint("commune_id", "code", name=op.f("uq_civil_copy_requests_commune_id")),
        sa.UniqueConstraint("public_id", name=op.f("uq_civil_copy_requests_public_id")),
    )
    with op.batch_alter_table("civil_copy_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_civil_copy_requests_account_email"), ["account_email"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_civil_copy_requests_act_id"), ["act_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_civil_copy_requests_commune_id"), ["commune_id"], unique=False
        )
        batch_op.create_index(
            "ix_civil_copy_requests_commune_state", ["commune_id", "state"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("civil_copy_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_civil_copy_requests_commune_state")
        batch_op.drop_index(batch_op.f("ix_civil_copy_requests_commune_id"))
        batch_op.drop_index(batch_op.f("ix_civil_copy_requests_act_id"))
        batch_op.drop_index(batch_op.f("ix_civil_copy_requests_account_email"))

    op.drop_table("civil_copy_requests")
