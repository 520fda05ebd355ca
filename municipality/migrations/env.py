"""The one Alembic environment for the core's and every module package's version folder.

``municipality.migrate`` lists the folders (one branch per package) and the packages whose
models make up the metadata that autogenerate compares with.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from municipality.db import make_engine_unpooled
from municipality.metadata import load_metadata

config = context.config
target_metadata = load_metadata(config.attributes.get("packages"))


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine_unpooled(str(config.get_main_option("sqlalchemy.url")))
    with engine.connect() as connection:
        _run(connection)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
