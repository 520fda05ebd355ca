"""The permits module: application files with their GIS findings and legal due dates,
their checklist documents, the consulted bodies' opinions, the commission's meetings and
the inspections of works.

Revision ID: permits_0001
Revises:
Create Date: 2026-12-07 01:06:27.196768
"""

import sqlalchemy as sa
from alembic import op

revision: str = "permits_0001"
down_revision: str | None = None
branch_labels: str | None = "permits"
# gis as of its parcels and plans (its later streets revision holds nothing used here).
depends_on: str | tuple[str, ...] | None = ("municipality_0013", "gis_0012", "documents_0002")


def upgrade() -> None:
    op.create_table(
        "permit_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_permit_meetings_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permit_meetings")),
        sa.UniqueConstraint("public_id", name=op.f("uq_permit_meetings_public_id")),
    )
    with op.batch_alter_table("permit_meetings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_permit_meetings_commune_id"), ["commune_id"], unique=False
        )

    op.create_table(
        "permit_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("circuit", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("applicant_name", sa.String(length=200), nullable=False),
        sa.Column("applicant_role", sa.String(length=16), nullable=False),
        sa.Column("owner_name", sa.String(length=200), nullable=False),
        sa.Column("applicant_email", sa.String(length=254), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("parcels", sa.JSON(), nullable=False),
        sa.Column("site", sa.Text(), nullable=True),
        sa.Column("site_area_m2", sa.Float(), nullable=True),
        sa.Column("use", sa.String(length=16), nullable=False),
        sa.Column("footprint_m2", sa.Float(), nullable=False),
        sa.Column("floor_area_m2", sa.Float(), nullable=False),
        sa.Column("height_m", sa.Float(), nullable=False),
        sa.Column("floors", sa.Integer(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("parking", sa.Integer(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("check_outcome", sa.String(length=16), nullable=True),
        sa.Column("plan_reference", sa.String(length=120), nullable=True),
        sa.Column("checked_on", sa.Date(), nullable=True),
        sa.Column("missing", sa.JSON(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("tacit_warned_on", sa.Date(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("decision", sa.String(length=24), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fee", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("fee_paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("number", sa.String(length=40), nullable=True),
        sa.Column("document_id", sa.String(length=36), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("works_opened_on", sa.Date(), nullable=True),
        sa.Column("works_completed_on", sa.Date(), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_permit_files_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["permit_meetings.id"],
            name=op.f("fk_permit_files_meeting_id_permit_meetings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permit_files")),
        sa.UniqueConstraint("commune_id", "code", name=op.f("uq_permit_files_commune_id")),
        sa.UniqueConstraint("public_id", name=op.f("uq_permit_files_public_id")),
    )
    with op.batch_alter_table("permit_files", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_permit_files_commune_id"), ["commune_id"], unique=False
        )
        batch_op.create_index(
            "ix_permit_files_commune_state", ["commune_id", "state"], unique=False
        )

    op.create_table(
        "permit_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=40), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("stored_key", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_permit_documents_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"], ["permit_files.id"], name=op.f("fk_permit_documents_file_id_permit_files")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permit_documents")),
        sa.UniqueConstraint("public_id", name=op.f("uq_permit_documents_public_id")),
    )
    with op.batch_alter_table("permit_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_permit_documents_commune_id"), ["commune_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_permit_documents_file_id"), ["file_id"], unique=False)

    op.create_table(
        "permit_inspections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("scheduled_on", sa.Date(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("inspector", sa.String(length=254), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_permit_inspections_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["permit_files.id"],
            name=op.f("fk_permit_inspections_file_id_permit_files"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permit_inspections")),
        sa.UniqueConstraint("public_id", name=op.f("uq_permit_inspections_public_id")),
    )
    with op.batch_alter_table("permit_inspections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_permit_inspections_commune_id"), ["commune_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_permit_inspections_file_id"), ["file_id"], unique=False
        )

    op.create_table(
        "permit_opinions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(length=40), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("verdict", sa.String(length=24), nullable=True),
        sa.Column("remarks", sa.Text(), nullable=False),
        sa.Column("given_by", sa.String(length=254), nullable=True),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_permit_opinions_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"], ["permit_files.id"], name=op.f("fk_permit_opinions_file_id_permit_files")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permit_opinions")),
        sa.UniqueConstraint("file_id", "body", name=op.f("uq_permit_opinions_file_id")),
        sa.UniqueConstraint("public_id", name=op.f("uq_permit_opinions_public_id")),
    )
    with op.batch_alter_table("permit_opinions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_permit_opinions_commune_id"), ["commune_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_permit_opinions_file_id"), ["file_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("permit_opinions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_permit_opinions_file_id"))
        batch_op.drop_index(batch_op.f("ix_permit_opinions_commune_id"))

    op.drop_table("permit_opinions")
    with op.batch_alter_table("permit_inspections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_permit_inspections_file_id"))
        batch_op.drop_index(batch_op.f("ix_permit_inspections_commune_id"))

    op.drop_table("permit_inspections")
    with op.batch_alter_table("permit_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_permit_documents_file_id"))
        batch_op.drop_index(batch_op.f("ix_permit_documents_commune_id"))

    op.drop_table("permit_documents")
    with op.batch_alter_table("permit_files", schema=None) as batch_op:
        batch_op.drop_index("ix_permit_files_commune_state")
        batch_op.drop_index(batch_op.f("ix_permit_files_commune_id"))

    op.drop_table("permit_files")
    with op.batch_alter_table("permit_meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_permit_meetings_commune_id"))

    op.drop_table("permit_meetings")
