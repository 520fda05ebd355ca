"""National-platform delivery settings and state.

Each commune's connection to each platform, the shared state of each delivery lane and
the log of delivery attempts. The outbox's ordering key, which the per-lane claim reads,
is the core's (municipality_0007), split from the single-tree revision 0007.

Revision ID: sync_0007
Revises:
Depends on: municipality_0007
Create Date: 2026-11-23 15:00:00
"""

import sqlalchemy as sa
from alembic import op

revision: str = "sync_0007"
down_revision: str | None = None
branch_labels: str | None = "sync"
depends_on: str | None = "municipality_0007"


def _commune_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["commune_id"],
        ["communes.id"],
        name=op.f(f"fk_{table}_commune_id_communes"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "sync_connections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("base_url", sa.String(length=500), nullable=False),
        sa.Column("client_id", sa.String(length=120), nullable=False),
        sa.Column("key_id", sa.String(length=120), nullable=False),
        sa.Column("secret_sealed", sa.Text(), nullable=True),
        sa.Column("previous_key_id", sa.String(length=120), nullable=True),
        sa.Column("previous_secret_sealed", sa.Text(), nullable=True),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        _commune_fk("sync_connections"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_connections")),
        sa.UniqueConstraint("commune_id", "platform", name=op.f("uq_sync_connections_commune_id")),
        sa.UniqueConstraint("public_id", name=op.f("uq_sync_connections_public_id")),
    )
    with op.batch_alter_table("sync_connections") as batch:
        batch.create_index(batch.f("ix_sync_connections_commune_id"), ["commune_id"], unique=False)

    op.create_table(
        "sync_lanes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("breaker", sa.String(length=16), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("open_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tokens", sa.Float(), nullable=True),
        sa.Column("tokens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_total", sa.BigInteger(), nullable=False),
        sa.Column("latency_sum", sa.Float(), nullable=False),
        sa.Column("latency_buckets", sa.JSON(), nullable=False),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        _commune_fk("sync_lanes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_lanes")),
        sa.UniqueConstraint("commune_id", "platform", name=op.f("uq_sync_lanes_commune_id")),
    )
    with op.batch_alter_table("sync_lanes") as batch:
        batch.create_index(batch.f("ix_sync_lanes_commune_id"), ["commune_id"], unique=False)

    op.create_table(
        "sync_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("worker", sa.String(length=120), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("remote_id", sa.String(length=120), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        _commune_fk("sync_attempts"),
        sa.ForeignKeyConstraint(
            ["outbox_id"],
            ["outbox.id"],
            name=op.f("fk_sync_attempts_outbox_id_outbox"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_attempts")),
    )
    with op.batch_alter_table("sync_attempts") as batch:
        batch.create_index(batch.f("ix_sync_attempts_commune_id"), ["commune_id"], unique=False)
        batch.create_index(
            "ix_sync_attempts_message", ["commune_id", "outbox_id", "id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("sync_attempts")
    op.drop_table("sync_lanes")
    op.drop_table("sync_connections")
