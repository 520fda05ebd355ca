"""Acts carry the words of their names in every searchable form, indexed by trigrams on
PostgreSQL (``pg_trgm``), so a fuzzy name search no longer scans the commune's acts.

Revision ID: civil_status_0003
Revises: civil_status_0002
Create Date: 2026-12-07 01:15:00
"""

import sqlalchemy as sa
from alembic import op

from civil_status.matching import search_words

revision: str = "civil_status_0003"
down_revision: str | None = "civil_status_0002"
branch_labels: str | None = None
depends_on: str | tuple[str, ...] | None = None

# A person's name in each script, its parts in order.
SCRIPTS = (
    ("given_name_ar", "family_name_ar"),
    ("given_name_lat", "family_name_lat"),
    ("name_tfng",),
)
NAMES = tuple(f for script in SCRIPTS for f in script)


def _fill(acts: sa.TableClause) -> None:
    """Existing acts get their search words as entry would have written them."""
    bind = op.get_bind()
    rows = bind.execute(sa.select(acts.c.id, *(acts.c[n] for n in NAMES))).mappings().all()
    for row in rows:
        full = (" ".join(row[f] for f in script if row[f]) for script in SCRIPTS)
        words = search_words(*full)
        bind.execute(acts.update().where(acts.c.id == row["id"]).values(search_key=words))


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    with op.batch_alter_table("civil_acts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("search_key", sa.String(length=1200), nullable=False, server_default="")
        )
    with op.batch_alter_table("civil_acts", schema=None) as batch_op:
        batch_op.alter_column("search_key", server_default=None)
    acts = sa.table("civil_acts", sa.column("id"), sa.column("search_key"), *map(sa.column, NAMES))
    _fill(acts)
    op.create_index(
        "ix_civil_acts_search_trgm",
        "civil_acts",
        ["search_key"],
        postgresql_using="gin",
        postgresql_ops={"search_key": "gin_trgm_ops"},
    )


def downgrade() -> None:
    op.drop_index("ix_civil_acts_search_trgm", table_name="civil_acts")
    with op.batch_alter_table("civil_acts", schema=None) as batch_op:
        batch_op.drop_column("search_key")
