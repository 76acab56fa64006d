"""Alembic environment for the claimgraph store.

The store runs migrations in-process on its own connection (passed in
``config.attributes["connection"]``); the ``alembic`` command line can also run
them against a URL given as ``sqlalchemy.url`` (e.g. a PostgreSQL database).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from claimgraph.store.schema import metadata

config = context.config


def _run(connection: sa.Connection) -> None:
    # SQLite cannot ALTER most things in place; batch mode rebuilds tables there and is a no-op elsewhere.
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations() -> None:
    """Online migration on the given connection, or on ``sqlalchemy.url``; offline emits SQL."""
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = sa.create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _run(conn)
        conn.commit()


run_migrations()
