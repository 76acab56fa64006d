"""Recorded migrations (Alembic), run in-process on the store's own connection."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from claimgraph.errors import StoreCorruptError, StoreVersionError
from claimgraph.store.schema import SCHEMA_HEAD

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version"


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config pointing at our migrations (``url`` for the ``alembic`` CLI or offline SQL)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


@cache
def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def current_revision(conn: sa.Connection) -> str | None:
    """The schema revision recorded in the database; None for an empty database.

    Raises StoreCorruptError for a database that holds tables but is no claimgraph store.
    """
    tables = set(sa.inspect(conn).get_table_names())
    if VERSION_TABLE not in tables:
        if tables:
            raise StoreCorruptError(
                "the database holds tables but is not a claimgraph store (no schema version recorded); "
                "choose another --db."
            )
        return None
    versions = [r[0] for r in conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}"))]
    if not versions:
        return None  # migrated down to base: empty again
    if len(versions) != 1:
        raise StoreCorruptError(f"the store records {len(versions)} schema versions instead of one; restore a backup.")
    return str(versions[0])


def needs_upgrade(revision: str | None, *, location: str) -> bool:
    """Whether a store at ``revision`` must be migrated; StoreVersionError if it is newer than we know."""
    if revision == SCHEMA_HEAD:
        return False
    if revision is None:
        return True
    if is_known(revision):
        return True
    raise StoreVersionError(
        f"{location} has schema version {revision}, newer than this claimgraph knows (up to {SCHEMA_HEAD}); "
        "upgrade claimgraph to open it."
    )


def revisions() -> list[str]:
    """Every recorded revision, oldest first (the last is ``SCHEMA_HEAD``)."""
    return [s.revision for s in reversed(list(script_directory().walk_revisions()))]


def is_known(revision: str) -> bool:
    """Whether ``revision`` is one of our recorded migrations (not one of a newer claimgraph)."""
    return revision in revisions()


def upgrade(conn: sa.Connection, target: str = "head") -> None:
    """Migrate the database behind ``conn`` up to ``target`` (default head), inside the caller's transaction."""
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, target)


def downgrade(conn: sa.Connection, target: str) -> None:
    """Migrate down to ``target`` (``"base"``: no tables left), inside the caller's transaction.

    Going below a revision drops what it added, rows included: used by restore to rebuild an empty
    schema at a backup's revision, never on a store that is meant to keep its data.
    """
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.downgrade(cfg, target)
