"""The civil status module: registers with their number counters, acts, marginal mentions,
and decisions on possible duplicates.

Revision ID: civil_status_0001
Revises:
Create Date: 2026-12-06 22:02:21.413077
"""

import sqlalchemy as sa
from alembic import op

revision: str = "civil_status_0001"
down_revision: str | None = None
branch_labels: str | None = "civil_status"
depends_on: str | tuple[str, ...] | None = ("municipality_0013", "documents_0002")


def upgrade() -> None:
    op.create_table(
        "civil_registers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("centre", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("paper_last_number", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_civil_registers_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_civil_registers")),
        sa.UniqueConstraint(
            "commune_id", "centre", "kind", "year", name=op.f("uq_civil_registers_commune_id")
        ),
        sa.UniqueConstraint("public_id", name=op.f("uq_civil_registers_public_id")),
    )
    with op.batch_alter_table("civil_registers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_civil_registers_commune_id"), ["commune_id"], unique=False
        )

    op.create_table(
        "civil_acts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("register_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("given_name_ar", sa.String(length=120), nullable=True),
        sa.Column("family_name_ar", sa.String(length=120), nullable=True),
        sa.Column("given_name_lat", sa.String(length=120), nullable=True),
        sa.Column("family_name_lat", sa.String(length=120), nullable=True),
        sa.Column("name_tfng", sa.String(length=240), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("event_time", sa.Time(), nullable=True),
        sa.Column("hijri_date", sa.String(length=10), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("father_name", sa.String(length=240), nullable=True),
        sa.Column("mother_name", sa.String(length=240), nullable=True),
        sa.Column("declarant_name", sa.String(length=240), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("declared_on", sa.Date(), nullable=False),
        sa.Column("abroad", sa.Boolean(), nullable=False),
        sa.Column("judgment_reference", sa.String(length=200), nullable=True),
        sa.Column("timeliness", sa.String(length=16), nullable=False),
        sa.Column("name_key", sa.String(length=480), nullable=False),
        sa.Column("mother_key", sa.String(length=240), nullable=False),
        sa.Column("entered_by", sa.String(length=254), nullable=False),
        sa.Column("signed_by", sa.String(length=254), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_civil_acts_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["register_id"],
            ["civil_registers.id"],
            name=op.f("fk_civil_acts_register_id_civil_registers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_civil_acts")),
        sa.UniqueConstraint("public_id", name=op.f("uq_civil_acts_public_id")),
        sa.UniqueConstraint("register_id", "number", name=op.f("uq_civil_acts_register_id")),
    )
    with op.batch_alter_table("civil_acts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_civil_acts_commune_event", ["commune_id", "kind", "event_date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_civil_acts_commune_id"), ["commune_id"], unique=False)
        batch_op.create_index(
            "ix_civil_acts_commune_name_key", ["commune_id", "name_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_civil_acts_register_id"), ["register_id"], unique=False
        )

    op.create_table(
        "civil_duplicate_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("act_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(length=254), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["act_id"],
            ["civil_acts.id"],
            name=op.f("fk_civil_duplicate_decisions_act_id_civil_acts"),
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["civil_acts.id"],
            name=op.f("fk_civil_duplicate_decisions_candidate_id_civil_acts"),
        ),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_civil_duplicate_decisions_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_civil_duplicate_decisions")),
        sa.UniqueConstraint(
            "act_id", "candidate_id", name=op.f("uq_civil_duplicate_decisions_act_id")
        ),
        sa.UniqueConstraint("public_id", name=op.f("uq_civil_duplicate_decisions_public_id")),
    )
    with op.batch_alter_table("civil_duplicate_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_civil_duplicate_decisions_act_id"), ["act_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_civil_duplicate_decisions_commune_id"), ["commune_id"], unique=False
        )

    op.create_table(
        "civil_mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("act_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("basis", sa.String(length=40), nullable=False),
        sa.Column("legal_reference", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("corrections", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("requested_by", sa.String(length=254), nullable=False),
        sa.Column("decided_by", sa.String(length=254), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["act_id"], ["civil_acts.id"], name=op.f("fk_civil_mentions_act_id_civil_acts")
        ),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["communes.id"],
            name=op.f("fk_civil_mentions_commune_id_communes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_civil_mentions")),
        sa.UniqueConstraint("public_id", name=op.f("uq_civil_mentions_public_id")),
    )
    with op.batch_alter_table("civil_mentions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_civil_mentions_act_id"), ["act_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_civil_mentions_commune_id"), ["commune_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("civil_mentions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_civil_mentions_commune_id"))
        batch_op.drop_index(batch_op.f("ix_civil_mentions_act_id"))

    op.drop_table("civil_mentions")
    with op.batch_alter_table("civil_duplicate_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_civil_duplicate_decisions_commune_id"))
        batch_op.drop_index(batch_op.f("ix_civil_duplicate_decisions_act_id"))

    op.drop_table("civil_duplicate_decisions")
    with op.batch_alter_table("civil_acts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_civil_acts_register_id"))
        batch_op.drop_index("ix_civil_acts_commune_name_key")
        batch_op.drop_index(batch_op.f("ix_civil_acts_commune_id"))
        batch_op.drop_index("ix_civil_acts_commune_event")

    op.drop_table("civil_acts")
    with op.batch_alter_table("civil_registers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_civil_registers_commune_id"))

    op.drop_table("civil_registers")
