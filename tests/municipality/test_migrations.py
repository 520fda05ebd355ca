"""The Alembic migrations and the models describe the same schema, on every backend.

A model changed without its migration (or the other way round) shows up here as a
difference between the metadata and a database built by the migrations alone. Each
package migrates its own tables in its own branch, starting from the core and from the
modules its manifest declares.
"""

from __future__ import annotations

import importlib
import pprint
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import Script, ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from modules import load_registry
from municipality.db import Base
from municipality.metadata import CORE_PACKAGE, load_metadata, module_packages
from municipality.migrate import alembic_config, recorded_revisions, upgrade

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
        "the models and the migrations disagree; add a migration under the owning "
        "package's migrations/versions/ for:\n" + pprint.pformat(differences)
    )


def tables_by_package() -> dict[str, set[str]]:
    """The tables of each package (the core and every module), from where its models live."""
    load_metadata()
    packages = {CORE_PACKAGE, *module_packages()}
    owned: dict[str, set[str]] = {package: set() for package in packages}
    for mapper in Base.registry.mappers:
        package = mapper.class_.__module__.split(".")[0]
        if package in packages:
            owned[package].update(table.name for table in mapper.tables)
    return owned


def packages_in_dependency_order() -> list[str]:
    """The core, then the module packages, each after the modules it declares."""
    packages = module_packages()
    by_name = {importlib.import_module(p).MANIFEST["name"]: p for p in packages}
    return [CORE_PACKAGE, *(by_name[name] for name in load_registry(packages).order)]


def revisions_in_folder(script: ScriptDirectory, package: str) -> list[Script]:
    """The revisions kept in ``package``'s own version folder."""
    folder = Path(importlib.import_module(package).__file__ or "").parent / "migrations"
    return [r for r in script.walk_revisions() if Path(r.path).parent.parent == folder]


def branch_of(script: ScriptDirectory, revision: str) -> set[str]:
    return set(script.get_revision(revision).branch_labels)


def dependencies(revision: Script) -> tuple[str, ...]:
    """A revision's ``depends_on``, which a script may write as one name or several."""
    declared = revision.dependencies or ()
    return (declared,) if isinstance(declared, str) else tuple(declared)


def test_each_package_keeps_its_migrations_in_a_branch_named_after_it():
    script = ScriptDirectory.from_config(alembic_config())
    for package, tables in tables_by_package().items():
        revisions = revisions_in_folder(script, package)
        assert bool(revisions) == bool(tables), f"{package} has tables but no migrations"
        assert [r.revision for r in revisions if r.branch_labels != {package}] == []
        assert len([r for r in revisions if r.is_base]) <= 1, f"{package} has two bases"


def test_a_module_branch_starts_from_the_core_and_the_modules_it_declares():
    script = ScriptDirectory.from_config(alembic_config())
    registry = load_registry(module_packages())
    for package in module_packages():
        name = importlib.import_module(package).MANIFEST["name"]
        for base in (r for r in revisions_in_folder(script, package) if r.is_base):
            needs = {label for dep in dependencies(base) for label in branch_of(script, dep)}
            assert needs == {CORE_PACKAGE, *registry[name].depends}, package


def test_each_branch_creates_exactly_its_own_packages_tables(fresh_engine):
    owned = tables_by_package()
    ignored = {"alembic_version", *POSTGIS_TABLES}
    existing: set[str] = set()
    for package in packages_in_dependency_order():
        upgrade(fresh_engine, f"{package}@head")
        tables = set(inspect(fresh_engine).get_table_names()) - ignored
        assert tables - existing == owned[package], package
        existing = tables


def test_every_branch_has_one_head_and_the_database_is_at_them(engine):
    script = ScriptDirectory.from_config(alembic_config(engine))
    heads = script.get_heads()
    labels = sorted(label for head in heads for label in branch_of(script, head))
    assert labels == sorted(p for p, tables in tables_by_package().items() if tables)
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    assert sorted(current) == sorted(recorded_revisions(script, heads))


def test_every_model_table_exists_in_the_migrated_database(engine):
    tables = set(inspect(engine).get_table_names())
    assert {t.name for t in load_metadata().sorted_tables} <= tables


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
