"""The Alembic migrations and the models describe the same schema, on every backend.

A model changed without its migration (or the other way round) shows up here as a
difference between the metadata and a database built by the migrations alone.
"""

from __future__ import annotations

import os
import pprint
from collections.abc import Iterator
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, make_url, text
from sqlalchemy.engine import Engine

from municipality.db import make_engine
from municipality.metadata import load_metadata
from municipality.migrate import alembic_config, upgrade
from tests import conftest

# PostGIS brings its own tables, views and schemas; they are not ours to migrate.
POSTGIS_TABLES = frozenset(
    {
        "spatial_ref_sys",
        "geometry_columns",
        "geography_columns",
        "raster_columns",
        "raster_overviews",
        "layer",
        "topology",
    }
)
POSTGIS_SCHEMAS = frozenset({"topology", "tiger", "tiger_data"})


def _include_name(name: str | None, type_: str, _parents: dict[str, Any]) -> bool:
    if type_ == "schema":
        return name not in POSTGIS_SCHEMAS
    if type_ == "table":
        return name not in POSTGIS_TABLES
    return True


def schema_differences(engine: Engine) -> list[Any]:
    """What autogenerate would write in a new migration for this database."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                "include_name": _include_name,
                "render_as_batch": True,
            },
        )
        return compare_metadata(context, load_metadata())


def test_migrated_database_matches_the_models(engine):
    differences = schema_differences(engine)
    assert differences == [], (
        "the models and the migrations disagree; add a migration under "
        "municipality/migrations/versions/ for:\n" + pprint.pformat(differences)
    )


def test_the_migrations_have_one_head_and_the_database_is_at_it(engine):
    script = ScriptDirectory.from_config(alembic_config(engine))
    heads = script.get_heads()
    assert len(heads) == 1, f"the migration tree has branched: {heads}"
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_heads() == tuple(heads)


def test_every_model_table_exists_in_the_migrated_database(engine):
    tables = set(inspect(engine).get_table_names())
    assert {t.name for t in load_metadata().sorted_tables} <= tables


@pytest.fixture
def fresh_engine(backend, tmp_path) -> Iterator[Engine]:
    """An empty database of the backend under test, dropped afterwards."""
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
        yield engine
        engine.dispose()
        return
    assert conftest.POSTGRES_URL
    base = make_url(conftest.POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"{base.database}_{conftest.worker_id()}_{os.getpid()}_fresh"
    conftest._postgres_admin("create", name)
    engine = make_engine(base.set(database=name).render_as_string(hide_password=False))
    with engine.begin() as connection:
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
    try:
        yield engine
    finally:
        engine.dispose()
        conftest._postgres_admin("drop", name)


def test_migrations_go_down_to_nothing_and_up_again(fresh_engine):
    upgrade(fresh_engine)
    assert schema_differences(fresh_engine) == []
    config = alembic_config(fresh_engine)
    with fresh_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    ours = {t.name for t in load_metadata().sorted_tables}
    assert ours.isdisjoint(inspect(fresh_engine).get_table_names())
    upgrade(fresh_engine)
    assert schema_differences(fresh_engine) == []
