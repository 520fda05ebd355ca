"""The documents module's register: issued documents and their numbering counters.

Revision ID: documents_0002
Revises: documents_0001
Create Date: 2026-12-06 21:43:12
"""

import sqlalchemy as sa
from alembic import op

revision: str = "documents_0002"
down_revision: str | None = "documents_0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "document_counters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type_code", sa.String(length=8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_document_counters_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_counters")),
        sa.UniqueConstraint(
            "commune_id", "type_code", "year", name=op.f("uq_document_counters_commune_id")
        ),
    )
    with op.batch_alter_table("document_counters", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_counters_commune_id"), ["commune_id"], unique=False
        )

    op.create_table(
        "issued_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type_code", sa.String(length=8), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("holder_name", sa.String(length=200), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("seal", sa.Text(), nullable=False),
        sa.Column("document_hash", sa.String(length=64), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("issued_by", sa.String(length=200), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revocation_reason", sa.String(length=500), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_issued_documents_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_documents")),
        sa.UniqueConstraint("commune_id", "number", name=op.f("uq_issued_documents_commune_id")),
        sa.UniqueConstraint("public_id", name=op.f("uq_issued_documents_public_id")),
    )
    with op.batch_alter_table("issued_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_issued_documents_commune_id"), ["commune_id"], unique=False
        )
        batch_op.create_index(
            "ix_issued_documents_commune_issued", ["commune_id", "issued_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_issued_documents_document_hash"), ["document_hash"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_issued_documents_type_code"), ["type_code"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("issued_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issued_documents_type_code"))
        batch_op.drop_index(batch_op.f("ix_issued_documents_document_hash"))
        batch_op.drop_index("ix_issued_documents_commune_issued")
        batch_op.drop_index(batch_op.f("ix_issued_documents_commune_id"))

    op.drop_table("issued_documents")
    with op.batch_alter_table("document_counters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_counters_commune_id"))

    op.drop_table("document_counters")
