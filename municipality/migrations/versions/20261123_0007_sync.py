"""National-platform delivery settings and state.

Each commune's connection to each platform, the shared state of each delivery lane,
the log of delivery attempts, and the outbox's ordering key (with the indexes the
per-lane claim reads).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 15:00:00
"""

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def _commune_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["commune_id"],
        ["communes.id"],
        name=op.f(f"fk_{table}_commune_id_communes"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("ordering_key", sa.String(length=200), nullable=True))
        batch.create_index(
            "ix_outbox_lane", ["commune_id", "destination", "state", "id"], unique=False
        )
        batch.create_index(
            "ix_outbox_ordering",
            ["commune_id", "destination", "ordering_key", "id"],
            unique=False,
        )

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
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index("ix_outbox_ordering")
        batch.drop_index("ix_outbox_lane")
        batch.drop_column("ordering_key")
