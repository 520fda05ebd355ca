"""Applying the Alembic migrations from code (the CLI, tests, ``make``).

There is one Alembic environment (``municipality/migrations/env.py``) and one version
folder per package: the core's ``municipality/migrations/versions`` and
``<package>/migrations/versions`` of each module package. Each folder is an Alembic
branch labelled with its package name, so ``heads`` means every package's latest
revision and Alembic applies them in the order their ``depends_on`` asks.

Run as ``python -m municipality.migrate <alembic arguments>``, this is Alembic's own
command line with those version folders filled in (``alembic.ini`` cannot list them,
since they follow ``baladiya.modules.available``).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from argparse import Namespace
from collections.abc import Sequence
from pathlib import Path

from alembic import command
from alembic import config as alembic_config_module
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from municipality.metadata import CORE_PACKAGE, module_packages
from municipality.settings import env_name

ALEMBIC_INI = Path(__file__).resolve().parent.parent / "alembic.ini"

# What each revision of the single migration tree, which migrated every package's tables
# from the core's folder until each package owned its migrations, became: per branch, the
# revision that now holds its operations, named after the package and the old number.
# In the order they were applied. No branch revision reuses an old id: Alembic records a
# database upgraded to one branch only (``complaints@complaints_0003``) as that single
# revision, which would otherwise read exactly like a single-tree database.
LEGACY_REVISIONS: tuple[tuple[str, dict[str, str]], ...] = (
    ("0001", {"municipality": "municipality_0001", "notices": "notices_0001"}),
    ("0002", {"municipality": "municipality_0002"}),
    ("0003", {"complaints": "complaints_0003"}),
    ("0004", {"complaints": "complaints_0004"}),
    ("0005", {"complaints": "complaints_0005"}),
    ("0006", {"gis": "gis_0006"}),
    ("0007", {"municipality": "municipality_0007", "sync": "sync_0007"}),
    ("0008", {"consolidation": "consolidation_0008"}),
    ("0009", {"complaints": "complaints_0009"}),
    ("0010", {"municipality": "municipality_0010"}),
    ("0011", {"gis": "gis_0011"}),
)


def version_locations(packages: Sequence[str]) -> list[str]:
    """The core's version folder and that of each of ``packages`` which has one.

    A module with no table of its own needs no folder; a new module adds its folder and
    nothing else.
    """
    folders = []
    for package in (CORE_PACKAGE, *packages):
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            continue
        folder = Path(spec.origin).parent / "migrations" / "versions"
        if folder.is_dir():
            folders.append(str(folder))
    return folders


def alembic_config(engine: Engine | None = None, packages: Sequence[str] | None = None) -> Config:
    """Alembic's configuration for the core and ``packages`` (by default every module)."""
    config = Config(str(ALEMBIC_INI)) if ALEMBIC_INI.is_file() else Config()
    configure(config, module_packages() if packages is None else list(packages))
    if engine is not None:
        config.set_main_option(
            "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
        )
    return config


def configure(config: Config, packages: list[str]) -> None:
    """Point ``config`` at the one environment and at every package's version folder."""
    config.set_main_option("script_location", "municipality:migrations")
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", os.pathsep.join(version_locations(packages)))
    config.attributes["packages"] = packages


def legacy_revision(connection: Connection) -> str | None:
    """The single-tree revision the database is at, or None when it is not at one.

    Such a database holds one row in ``alembic_version``, a single-tree id, which no
    branch revision reuses.
    """
    heads = MigrationContext.configure(connection).get_current_heads()
    if len(heads) == 1 and heads[0] in dict(LEGACY_REVISIONS):
        return heads[0]
    return None


def branch_revisions(legacy: str) -> tuple[str, ...]:
    """The revisions, one per branch, holding what single-tree ``legacy`` had applied."""
    latest: dict[str, str] = {}
    for old, revisions in LEGACY_REVISIONS:
        latest.update(revisions)
        if old == legacy:
            break
    return tuple(latest.values())


def recorded_revisions(script: ScriptDirectory, revisions: Sequence[str]) -> list[str]:
    """What Alembic records once ``revisions`` are applied: those no other one needs.

    A revision another one depends on (the core's, under a module's first revision) is
    implied by it; recording both makes Alembic refuse the next upgrade.
    """
    needed = {
        ancestor.revision
        for revision in revisions
        for ancestor in script.iterate_revisions(revision, "base")
        if ancestor.revision != revision
    }
    return [revision for revision in revisions if revision not in needed]


def adopt_legacy_revision(config: Config) -> None:
    """Replace a single-tree revision by its per-branch revisions, touching no table.

    The schema such a database has is exactly the one those branch revisions build, so
    only the version table changes; the caller's transaction makes it all or nothing.
    """
    legacy = legacy_revision(config.attributes["connection"])
    if legacy is not None:
        script = ScriptDirectory.from_config(config)
        revisions = recorded_revisions(script, branch_revisions(legacy))
        command.stamp(config, revisions, purge=True)


def upgrade(engine: Engine, revision: str = "heads", packages: Sequence[str] | None = None) -> None:
    """Bring every branch to ``revision`` in one transaction, adopting a legacy database."""
    config = alembic_config(engine, packages)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        adopt_legacy_revision(config)
        command.upgrade(config, revision)


class CommandLine(alembic_config_module.CommandLine):
    """Alembic's command line, on the core's and every module package's version folder.

    The database is ``BALADIYA_DATABASE_URL`` when set, as for ``baladiya``, otherwise
    ``alembic.ini``'s.
    """

    def run_cmd(self, config: Config, options: Namespace) -> None:
        configure(config, module_packages())
        url = os.environ.get(env_name("sqlalchemy.url"))
        if url:
            config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        super().run_cmd(config, options)


if __name__ == "__main__":
    CommandLine(prog="python -m municipality.migrate").main(sys.argv[1:])
