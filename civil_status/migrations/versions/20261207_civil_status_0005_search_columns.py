"""Acts keep their names' search words in one column per form (folded Arabic, Latin keys,
consonant skeletons), each with its trigram index, instead of one wide column: a query is
rechecked against short strings of its own form, and the skeletons of the acts written in
one script only have a partial index of their own.

Revision ID: civil_status_0005
Revises: civil_status_0004
Create Date: 2026-12-07 04:40:00
"""

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

from civil_status.matching import search_columns, search_words

revision: str = "civil_status_0005"
down_revision: str | None = "civil_status_0004"
branch_labels: str | None = None
depends_on: str | tuple[str, ...] | None = None

# A person's name in each script, its parts in order.
SCRIPTS = (
    ("given_name_ar", "family_name_ar"),
    ("given_name_lat", "family_name_lat"),
    ("name_tfng",),
)
NAMES = tuple(f for script in SCRIPTS for f in script)
COLUMNS = ("search_ar", "search_lat", "search_bare")
ONE_SCRIPT = "search_ar = '' OR search_lat = ''"


def _columns(names: list[str]) -> dict[str, str]:
    return search_columns(*names)._asdict()


def _single_column(names: list[str]) -> dict[str, str]:
    return {"search_key": search_words(*names)}


def _fill(acts: sa.TableClause, words: Callable[[list[str]], dict[str, str]]) -> None:
    """Existing acts get their search words as entry would have written them."""
    bind = op.get_bind()
    rows = bind.execute(sa.select(acts.c.id, *(acts.c[n] for n in NAMES))).mappings().all()
    for row in rows:
        full = [" ".join(row[f] for f in script if row[f]) for script in SCRIPTS]
        bind.execute(acts.update().where(acts.c.id == row["id"]).values(**words(full)))


def _trigram_index(name: str, column: str, where: str | None = None) -> None:
    op.create_index(
        name,
        "civil_acts",
        [column],
        postgresql_using="gin",
        postgresql_ops={column: "gin_trgm_ops"},
        postgresql_where=sa.text(where) if where else None,
    )


def upgrade() -> None:
    op.drop_index("ix_civil_acts_search_trgm", table_name="civil_acts")
    with op.batch_alter_table("civil_acts", schema=None) as batch_op:
        for column in COLUMNS:
            batch_op.add_column(
                sa.Column(column, sa.String(length=800), nullable=False, server_default="")
            )
        batch_op.drop_column("search_key")
    with op.batch_alter_table("civil_acts", schema=None) as batch_op:
        for column in COLUMNS:
            batch_op.alter_column(column, server_default=None)
    acts = sa.table("civil_acts", sa.column("id"), *map(sa.column, (*COLUMNS, *NAMES)))
    _fill(acts, _columns)
    for column in COLUMNS:
        _trigram_index(f"ix_civil_acts_{column}_trgm", column)
    _trigram_index("ix_civil_acts_search_bare_one_script_trgm", "search_bare", ONE_SCRIPT)


def downgrade() -> None:
    op.drop_index("ix_civil_acts_search_bare_one_script_trgm", table_name="civil_acts")
    for column in COLUMNS:
        op.drop_index(f"ix_civil_acts_{column}_trgm", table_name="civil_acts")
    with op.batch_alter_table("civil_acts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("search_key", sa.String(length=1200), nullable=False, server_default="")
        )
        for column in COLUMNS:
            batch_op.drop_column(column)
    with op.batch_alter_table("civil_acts", schema=None) as batch_op:
        batch_op.alter_column("search_key", server_default=None)
    acts = sa.table("civil_acts", sa.column("id"), sa.column("search_key"), *map(sa.column, NAMES))
    _fill(acts, _single_column)
    _trigram_index("ix_civil_acts_search_trgm", "search_key")
