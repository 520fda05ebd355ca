"""Complaints of residents: their account, the counter's contact mode, the area flag, ratings.

Revision ID: complaints_0009
Revises: complaints_0005
Create Date: 2026-11-23 15:10:00
"""

import sqlalchemy as sa
from alembic import op

revision: str = "complaints_0009"
down_revision: str | None = "complaints_0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("complaints") as batch:
        batch.add_column(sa.Column("reporter_user_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("contact_mode", sa.String(length=16), nullable=True))
        batch.add_column(
            sa.Column("outside_area", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("rating", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("rating_comment", sa.Text(), nullable=True))
        batch.add_column(sa.Column("rated_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_complaints_reporter_user_id_users"), "users", ["reporter_user_id"], ["id"]
        )
        batch.create_index(
            "ix_complaints_commune_reporter_user", ["commune_id", "reporter_user_id"]
        )
        batch.create_check_constraint(
            batch.f("ck_complaints_rating_range"), "rating BETWEEN 1 AND 5"
        )


def downgrade() -> None:
    with op.batch_alter_table("complaints") as batch:
        batch.drop_constraint(batch.f("ck_complaints_rating_range"), type_="check")
        batch.drop_index("ix_complaints_commune_reporter_user")
        batch.drop_constraint(batch.f("fk_complaints_reporter_user_id_users"), type_="foreignkey")
        for column in (
            "rated_at",
            "rating_comment",
            "rating",
            "outside_area",
            "contact_mode",
            "reporter_user_id",
        ):
            batch.drop_column(column)
