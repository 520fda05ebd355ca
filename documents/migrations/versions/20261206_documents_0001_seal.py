"""The documents module's seal tables: roots, signers, trust lists, revocations, counts.

Revision ID: documents_0001
Revises:
Create Date: 2026-12-06 21:50:00
"""

import sqlalchemy as sa
from alembic import op

revision: str = "documents_0001"
down_revision: str | None = None
branch_labels: str | None = "documents"
depends_on: str | None = "municipality_0013"


def upgrade() -> None:
    op.create_table(
        "document_roots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kid", sa.LargeBinary(length=8), nullable=False),
        sa.Column("certificate", sa.LargeBinary(), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_roots")),
        sa.UniqueConstraint("kid", name=op.f("uq_document_roots_kid")),
        sa.UniqueConstraint("public_id", name=op.f("uq_document_roots_public_id")),
    )
    op.create_table(
        "document_signers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("root_id", sa.Integer(), nullable=False),
        sa.Column("kid", sa.LargeBinary(length=8), nullable=False),
        sa.Column("certificate", sa.LargeBinary(), nullable=False),
        sa.Column("private_key", sa.LargeBinary(), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("not_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_document_signers_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["root_id"],
            ["document_roots.id"],
            name=op.f("fk_document_signers_root_id_document_roots"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_signers")),
        sa.UniqueConstraint("kid", name=op.f("uq_document_signers_kid")),
        sa.UniqueConstraint("public_id", name=op.f("uq_document_signers_public_id")),
    )
    with op.batch_alter_table("document_signers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_signers_commune_id"), ["commune_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_document_signers_root_id"), ["root_id"], unique=False)
        batch_op.create_index(
            "ix_document_signers_commune_validity", ["commune_id", "not_after"], unique=False
        )
    op.create_table(
        "document_trust_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("root_id", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signed", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["root_id"],
            ["document_roots.id"],
            name=op.f("fk_document_trust_lists_root_id_document_roots"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_trust_lists")),
    )
    with op.batch_alter_table("document_trust_lists", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_trust_lists_root_id"), ["root_id"], unique=False
        )
    op.create_table(
        "document_revocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_hash", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_document_revocations_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_revocations")),
        sa.UniqueConstraint("public_id", name=op.f("uq_document_revocations_public_id")),
        sa.UniqueConstraint(
            "document_hash", "commune_id", name=op.f("uq_document_revocations_document_hash")
        ),
    )
    with op.batch_alter_table("document_revocations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_revocations_commune_id"), ["commune_id"], unique=False
        )
    op.create_table(
        "document_verification_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=True),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_document_verification_counts_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_verification_counts")),
    )
    with op.batch_alter_table("document_verification_counts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_document_verification_counts_day", ["day", "commune_id", "verdict"], unique=False
        )


def downgrade() -> None:
    op.drop_table("document_verification_counts")
    op.drop_table("document_revocations")
    op.drop_table("document_trust_lists")
    op.drop_table("document_signers")
    op.drop_table("document_roots")
