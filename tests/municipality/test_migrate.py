"""Upgrading a database made by the single migration tree keeps every row.

Until each package owned its migrations, one linear tree (revisions 0001 to 0011) migrated
every table from the core's folder. ``data/`` holds a database made by its head, with a
row in every table (``data/README.md`` says how). Upgrading it may change the version
table only; the rows stay exactly as they were.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Inspector, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from municipality import cli
from municipality.metadata import load_metadata
from municipality.migrate import (
    LEGACY_REVISIONS,
    CommandLine,
    alembic_config,
    branch_revisions,
    recorded_revisions,
    upgrade,
)
from tests.municipality.test_migrations import POSTGIS_TABLES, schema_differences

DATA = Path(__file__).parent / "data"

# A table or column that each single-tree revision added, read from those revisions (not
# from the mapping under test): a database at that revision has them all, one at an
# earlier revision none.
SINGLE_TREE_MARKS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "0001": (("users", None), ("notices", None)),
    "0002": (("idempotency_records", "headers"),),
    "0003": (("complaints", None),),
    "0004": (("complaint_photos", None),),
    "0005": (("complaints", "merged_into_id"),),
    "0006": (("gis_parcels", None),),
    "0007": (("outbox", "ordering_key"), ("sync_lanes", None)),
    "0008": (("consolidation_sets", None),),
    "0009": (("complaints", "rating"),),
    "0010": (("communes", "province"),),
    "0011": (("gis_parcels", "frontage_m"),),
}

# Tables revisions made after the single tree add: an upgraded database has them, empty.
ADDED_SINCE_SINGLE_TREE = frozenset(
    {
        "user_sessions",
        "complaint_publication",
        "gis_streets",
        "gis_places",
        "stored_files",
        "stored_file_chunks",
        "document_roots",
        "document_signers",
        "document_trust_lists",
        "document_revocations",
        "document_verification_counts",
        "budget_codes",
        "budget_budgets",
        "budget_lines",
        "budget_allocations",
        "budget_transfers",
        "budget_suppliers",
        "budget_commitments",
        "civil_registers",
        "civil_acts",
        "civil_mentions",
        "civil_duplicate_decisions",
        "issued_documents",
        "document_counters",
        "payments",
        "payments_fees",
        "payments_cash_sessions",
        "payments_reconciliations",
        "payments_differences",
        "civil_copy_requests",
        "civil_act_scans",
        "budget_revenue_lines",
        "budget_assessments",
        "budget_collections",
        "budget_attachments",
        "permit_files",
        "permit_documents",
        "permit_opinions",
        "permit_meetings",
        "permit_inspections",
        "permit_sites",
        "permit_votes",
        "permit_inspection_photos",
    }
)


def load_dump(engine: Engine, sql: str) -> None:
    """Run a plain SQL dump on a connection of its own, dropped afterwards.

    The PostgreSQL dump empties the session's ``search_path``; that connection must not
    go back to the pool.
    """
    if engine.dialect.name == "sqlite":
        connection = sqlite3.connect(str(engine.url.database))
        connection.executescript(sql)
        connection.close()
        return
    raw = engine.raw_connection()
    try:
        raw.cursor().execute(sql)
        raw.commit()
    finally:
        raw.invalidate()


def columns(engine: Engine) -> dict[str, list[str]]:
    """The columns of every table of ours, as the database has them now."""
    with engine.connect() as connection:
        inspector = inspect(connection)
        names = set(inspector.get_table_names()) - POSTGIS_TABLES - {"alembic_version"}
        return {name: [c["name"] for c in inspector.get_columns(name)] for name in sorted(names)}


def contents(engine: Engine, only: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """Every row of every table of ours (or of the ``only`` columns), sorted, as exact text."""
    shape = only if only is not None else columns(engine)
    with engine.connect() as connection:
        return {
            name: sorted(
                repr(tuple(row))
                for row in connection.exec_driver_sql(
                    'SELECT {} FROM "{}"'.format(", ".join(f'"{c}"' for c in names), name)
                )
            )
            for name, names in shape.items()
        }


def added_since_single_tree(engine: Engine, legacy: dict[str, list[str]]) -> dict[str, list[str]]:
    """What tables and columns added after the single tree hold: nothing yet, or defaults."""
    now = columns(engine)
    assert set(now) - set(legacy) == ADDED_SINCE_SINGLE_TREE
    added = {
        name: [c for c in names if c not in legacy.get(name, [])] for name, names in now.items()
    }
    held = contents(engine, {name: names for name, names in added.items() if names})
    return {
        name: rows
        for name, rows in held.items()
        if any(value != repr((None,) * len(added[name])) for value in rows)
    }


def version_rows(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return sorted(MigrationContext.configure(connection).get_current_heads())


def set_version_rows(engine: Engine, revisions: list[str]) -> None:
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM alembic_version"))
        for revision in revisions:
            connection.execute(text("INSERT INTO alembic_version VALUES (:r)"), {"r": revision})


def expected_heads() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return sorted(recorded_revisions(script, script.get_heads()))


def baladiya(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *argv: str) -> int:
    """Run ``baladiya ...`` in-process on ``engine``'s database."""
    ini = tmp_path / "upgrade.ini"
    ini.write_text(
        "[app:main]\nuse = egg:baladiya\n"
        f"baladiya.core.message_log = {tmp_path}/m.log\n"
        f"baladiya.core.upload_dir = {tmp_path}/uploads\n"
    )
    monkeypatch.setenv("BALADIYA_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    return cli.main(["--ini", str(ini), *argv])


@pytest.fixture
def legacy_engine(fresh_engine: Engine, backend: str) -> Engine:
    """A database made by the single tree's head, full of rows."""
    load_dump(fresh_engine, (DATA / f"legacy_head.{backend}.sql").read_text(encoding="utf-8"))
    return fresh_engine


def test_the_single_tree_database_has_rows_in_every_table(legacy_engine):
    rows = contents(legacy_engine)
    tables = {table.name for table in load_metadata().sorted_tables}
    assert set(rows) == tables - ADDED_SINCE_SINGLE_TREE
    assert [name for name, table_rows in rows.items() if not table_rows] == []
    assert version_rows(legacy_engine) == ["0011"]


def test_db_upgrade_keeps_every_row_of_a_single_tree_database(
    legacy_engine, tmp_path, monkeypatch, capsys
):
    legacy = columns(legacy_engine)
    before = contents(legacy_engine)

    assert baladiya(legacy_engine, tmp_path, monkeypatch, "db", "upgrade") == 0
    assert "database is up to date" in capsys.readouterr().out
    assert contents(legacy_engine, legacy) == before
    assert added_since_single_tree(legacy_engine, legacy) == {}
    assert version_rows(legacy_engine) == expected_heads()

    upgrade(legacy_engine)
    assert contents(legacy_engine, legacy) == before
    assert version_rows(legacy_engine) == expected_heads()
    assert schema_differences(legacy_engine) == []


def test_a_failed_upgrade_leaves_the_single_tree_revision_in_place(legacy_engine):
    set_version_rows(legacy_engine, ["0010"])  # claims gis_0011 is still to do; it is not
    before = contents(legacy_engine)
    with pytest.raises(DBAPIError, match="frontage_m"):
        upgrade(legacy_engine)
    assert version_rows(legacy_engine) == ["0010"]
    assert contents(legacy_engine) == before


def has(inspector: Inspector, table: str, column: str | None) -> bool:
    if not inspector.has_table(table):
        return False
    return column is None or column in {c["name"] for c in inspector.get_columns(table)}


@pytest.mark.parametrize("legacy", [old for old, _ in LEGACY_REVISIONS])
def test_a_database_at_any_single_tree_revision_upgrades_to_the_heads(fresh_engine, legacy):
    for revision in branch_revisions(legacy):
        upgrade(fresh_engine, revision)
    inspector = inspect(fresh_engine)
    built = {
        old: [has(inspector, *mark) for mark in marks] for old, marks in SINGLE_TREE_MARKS.items()
    }
    assert built == {old: [old <= legacy] * len(marks) for old, marks in SINGLE_TREE_MARKS.items()}

    set_version_rows(fresh_engine, [legacy])
    upgrade(fresh_engine)
    assert version_rows(fresh_engine) == expected_heads()
    assert schema_differences(fresh_engine) == []


def test_the_alembic_command_line_works_on_every_branch_of_the_database(fresh_engine, monkeypatch):
    monkeypatch.setenv(
        "BALADIYA_DATABASE_URL", fresh_engine.url.render_as_string(hide_password=False)
    )
    alembic = CommandLine(prog="python -m municipality.migrate")
    alembic.main(["upgrade", "heads"])
    assert version_rows(fresh_engine) == expected_heads()
    alembic.main(["downgrade", "base"])
    assert version_rows(fresh_engine) == []
    assert contents(fresh_engine) == {}
