"""Commission members' votes on the files of a sitting (one per member and file), the
photos of inspections, and the occupancy certificate's number and document on the file.

Revision ID: permits_0004
Revises: permits_0003
Create Date: 2026-12-07 04:40:00.000000
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "permits_0004"
down_revision: str | None = "permits_0003"
branch_labels: str | None = None
depends_on: str | None = None


def _owned(table: str) -> list[Any]:
    """The columns and constraints every tenant table of the module carries."""
    return [
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f(f"fk_{table}_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("public_id", name=op.f(f"uq_{table}_public_id")),
    ]


def upgrade() -> None:
    op.create_table(
        "permit_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("member", sa.String(length=254), nullable=False),
        sa.Column("choice", sa.String(length=24), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        *_owned("permit_votes"),
        sa.ForeignKeyConstraint(
            ["file_id"], ["permit_files.id"], name=op.f("fk_permit_votes_file_id_permit_files")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["permit_meetings.id"],
            name=op.f("fk_permit_votes_meeting_id_permit_meetings"),
        ),
        sa.UniqueConstraint("file_id", "member", name=op.f("uq_permit_votes_file_id")),
    )
    with op.batch_alter_table("permit_votes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_permit_votes_commune_id"), ["commune_id"])
        batch_op.create_index(batch_op.f("ix_permit_votes_file_id"), ["file_id"])

    op.create_table(
        "permit_inspection_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=32), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("thumbnail_sha256", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *_owned("permit_inspection_photos"),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["permit_inspections.id"],
            name=op.f("fk_permit_inspection_photos_inspection_id_permit_inspections"),
        ),
    )
    with op.batch_alter_table("permit_inspection_photos", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_permit_inspection_photos_commune_id"), ["commune_id"])
        batch_op.create_index(
            batch_op.f("ix_permit_inspection_photos_inspection_id"), ["inspection_id"]
        )

    with op.batch_alter_table("permit_files", schema=None) as batch_op:
        batch_op.add_column(sa.Column("occupancy_number", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("occupancy_document_id", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("permit_files", schema=None) as batch_op:
        batch_op.drop_column("occupancy_document_id")
        batch_op.drop_column("occupancy_number")
    with op.batch_alter_table("permit_inspection_photos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_permit_inspection_photos_inspection_id"))
        batch_op.drop_index(batch_op.f("ix_permit_inspection_photos_commune_id"))
    op.drop_table("permit_inspection_photos")
    with op.batch_alter_table("permit_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_permit_votes_file_id"))
        batch_op.drop_index(batch_op.f("ix_permit_votes_commune_id"))
    op.drop_table("permit_votes")
