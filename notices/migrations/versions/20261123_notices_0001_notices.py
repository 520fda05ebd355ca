"""The notices module: a commune's public notices.

Split from the single-tree revision 0001, which created them with the core's tables.

Revision ID: notices_0001
Revises:
Create Date: 2026-11-23 12:22:10.837379
"""

import sqlalchemy as sa
from alembic import op

revision: str = "notices_0001"
down_revision: str | None = None
branch_labels: str | None = "notices"
depends_on: str | None = "municipality_0001"


def upgrade() -> None:
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_notices_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_notices_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
        sa.UniqueConstraint("public_id", name=op.f("uq_notices_public_id")),
    )
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notices_commune_id"), ["commune_id"], unique=False)
        batch_op.create_index(
            "ix_notices_commune_state", ["commune_id", "state", "published_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.drop_index("ix_notices_commune_state")
        batch_op.drop_index(batch_op.f("ix_notices_commune_id"))

    op.drop_table("notices")
