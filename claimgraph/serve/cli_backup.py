"""``claimgraph backup`` and ``claimgraph restore``: thin layers over :mod:`claimgraph.store.backup` and
:mod:`claimgraph.store.backup_restore`.

``cli.py`` calls :func:`register` with its ``main`` group.
"""

from __future__ import annotations

from pathlib import Path

import click

from claimgraph.serve.cli_store import db_option


def _location(db: str | None) -> str:
    from claimgraph.config import load_settings

    return load_settings(db=db).db_location()


@click.command("backup")
@click.argument("out", type=click.Path(path_type=Path), metavar="OUT")
@db_option
def backup_command(out: Path, db: str | None) -> None:
    """Write the whole store to one portable backup file OUT (SQLite or PostgreSQL alike).

    The file is a zip archive: a manifest (format version, claimgraph version, schema version,
    row counts and a sha256 per table) and one JSON Lines file per table. The store is read in
    one snapshot and never changed, so it can be backed up while it is in use; OUT is replaced
    only once the new backup is complete and verified.

    \b
    Examples:
      claimgraph backup news-2024-06-01.cgbackup --db news.db
      claimgraph backup nightly.cgbackup --db postgresql://claimgraph@db.example/news
    """
    from claimgraph.store.backup import backup

    manifest = backup(_location(db), out)
    rows = sum(t.rows for t in manifest.tables)
    click.echo(
        f"backed up {manifest.documents} documents ({rows} rows in {len(manifest.tables)} tables, "
        f"schema {manifest.schema_revision}) to {out}"
    )


@click.command("restore")
@click.argument("backup_file", type=click.Path(path_type=Path), metavar="BACKUP")
@db_option
@click.option("--force", is_flag=True, help="Replace a store that already holds data (its current rows are lost).")
def restore_command(backup_file: Path, db: str | None, force: bool) -> None:
    """Restore the backup file BACKUP into the store given by --db (created if missing).

    Every table is checked against the manifest's row counts and checksums while it is loaded,
    and nothing is committed unless all of it is intact: a damaged backup fails with E031 and
    leaves the store as it was. A store that holds data is replaced only with --force (else
    E036). A backup of an older schema version is restored as it was and then migrated.

    \b
    Examples:
      claimgraph restore news-2024-06-01.cgbackup --db restored.db
      claimgraph restore nightly.cgbackup --db postgresql://claimgraph@db.example/news --force
    """
    from claimgraph.store.backup_restore import restore

    result = restore(backup_file, _location(db), force=force)
    m = result.manifest
    migrated = "" if m.schema_revision == result.revision else f", migrated to {result.revision}"
    click.echo(
        f"restored {m.documents} documents ({result.rows} rows, schema {m.schema_revision}{migrated}) "
        f"from {backup_file} into {result.location}" + (" (replacing its data)" if result.replaced else "")
    )


def register(main: click.Group) -> None:
    """Add ``backup`` and ``restore`` to the ``claimgraph`` group."""
    main.add_command(backup_command)
    main.add_command(restore_command)
