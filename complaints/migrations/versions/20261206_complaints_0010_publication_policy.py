"""Each commune's publication policy: what anyone sees of its complaints.

Revision ID: complaints_0010
Revises: complaints_0009
Create Date: 2026-12-06 17:20:00
"""

import sqlalchemy as sa
from alembic import op

revision: str = "complaints_0010"
down_revision: str | None = "complaints_0009"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "complaint_publication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grid_decimals", sa.Integer(), nullable=False),
        sa.Column("publish_address", sa.Boolean(), nullable=False),
        sa.Column("publish_description", sa.Boolean(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_complaint_publication_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_publication")),
        sa.UniqueConstraint("commune_id", name=op.f("uq_complaint_publication_commune_id")),
        sa.UniqueConstraint("public_id", name=op.f("uq_complaint_publication_public_id")),
    )
    with op.batch_alter_table("complaint_publication", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_publication_commune_id"), ["commune_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("complaint_publication", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_publication_commune_id"))
    op.drop_table("complaint_publication")
