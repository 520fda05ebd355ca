"""Regional returns: indicator sets, campaigns, returns.

Revision ID: consolidation_0008
Revises:
Depends on: municipality_0001
Create Date: 2026-11-23 15:00:00
"""

import sqlalchemy as sa
from alembic import op

revision: str = "consolidation_0008"
down_revision: str | None = None
branch_labels: str | None = "consolidation"
depends_on: str | None = "municipality_0001"


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "consolidation_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("title_fr", sa.String(length=200), nullable=False),
        sa.Column("title_ar", sa.String(length=200), nullable=False),
        sa.Column("frequency", sa.String(length=8), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_consolidation_sets_region_id_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consolidation_sets")),
        sa.UniqueConstraint("region_id", "code", name=op.f("uq_consolidation_sets_region_id")),
        sa.UniqueConstraint("public_id", name=op.f("uq_consolidation_sets_public_id")),
    )
    op.create_index(op.f("ix_consolidation_sets_region_id"), "consolidation_sets", ["region_id"])

    op.create_table(
        "consolidation_set_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["consolidation_sets.id"],
            name=op.f("fk_consolidation_set_versions_set_id_consolidation_sets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consolidation_set_versions")),
        sa.UniqueConstraint("set_id", "number", name=op.f("uq_consolidation_set_versions_set_id")),
        sa.UniqueConstraint("public_id", name=op.f("uq_consolidation_set_versions_public_id")),
    )
    op.create_index(
        op.f("ix_consolidation_set_versions_set_id"), "consolidation_set_versions", ["set_id"]
    )

    op.create_table(
        "consolidation_campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("set_version_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["regions.id"],
            name=op.f("fk_consolidation_campaigns_region_id_regions"),
        ),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["consolidation_sets.id"],
            name=op.f("fk_consolidation_campaigns_set_id_consolidation_sets"),
        ),
        sa.ForeignKeyConstraint(
            ["set_version_id"],
            ["consolidation_set_versions.id"],
            name=op.f("fk_consolidation_campaigns_set_version_id_consolidation_set_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consolidation_campaigns")),
        sa.UniqueConstraint(
            "region_id", "set_id", "period", name=op.f("uq_consolidation_campaigns_region_id")
        ),
        sa.UniqueConstraint("public_id", name=op.f("uq_consolidation_campaigns_public_id")),
    )
    op.create_index(
        op.f("ix_consolidation_campaigns_region_id"), "consolidation_campaigns", ["region_id"]
    )
    op.create_index(
        op.f("ix_consolidation_campaigns_set_id"), "consolidation_campaigns", ["set_id"]
    )

    op.create_table(
        "consolidation_returns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("computed", sa.JSON(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("file_sha256", sa.String(length=64), nullable=True),
        sa.Column("submitted_by", sa.String(length=254), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["consolidation_campaigns.id"],
            name=op.f("fk_consolidation_returns_campaign_id_consolidation_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_consolidation_returns_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["users.id"],
            name=op.f("fk_consolidation_returns_submitted_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consolidation_returns")),
        sa.UniqueConstraint(
            "commune_id",
            "campaign_id",
            "version",
            name=op.f("uq_consolidation_returns_commune_id"),
        ),
        sa.UniqueConstraint("public_id", name=op.f("uq_consolidation_returns_public_id")),
    )
    op.create_index(
        op.f("ix_consolidation_returns_campaign_id"), "consolidation_returns", ["campaign_id"]
    )
    op.create_index(
        op.f("ix_consolidation_returns_commune_id"), "consolidation_returns", ["commune_id"]
    )


def downgrade() -> None:
    op.drop_table("consolidation_returns")
    op.drop_table("consolidation_campaigns")
    op.drop_table("consolidation_set_versions")
    op.drop_table("consolidation_sets")
