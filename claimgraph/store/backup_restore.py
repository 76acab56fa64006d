"""Restoring a backup into a store: rebuild the schema at the backup's revision, load, check, migrate, commit once.

:func:`restore` rebuilds the schema at the backup's revision, loads every row while checking counts and
checksums, migrates to head, and commits once: a damaged backup raises a coded error (E031) and leaves
the target exactly as it was.

Separate from writing a backup (:mod:`claimgraph.store.backup`) because it is the only side that writes
to a store: it takes the store's single-writer transaction and owns the rollback and clean-up rules.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from claimgraph.errors import StoreCorruptError, StoreNotEmptyError, StoreVersionError
from claimgraph.store import migrate, pg
from claimgraph.store.backup_format import Manifest, TableEntry, data_tables
from claimgraph.store.backup_read import open_archive, read_rows
from claimgraph.store.schema import SCHEMA_HEAD
from claimgraph.store.writer import json_dumps


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """What :func:`restore` did: the backup's manifest and the revision the store was migrated to."""

    manifest: Manifest
    location: str
    revision: str
    replaced: bool  # the target held data that was replaced (--force)

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.manifest.tables)


def restore(path: str | Path, location: str | Path, *, force: bool = False, timeout: float = 30.0) -> RestoreResult:
    """Replace the store at ``location`` by the backup at ``path``, in one transaction.

    A store that holds data is replaced only with ``force`` (else E036). The schema is rebuilt at the
    backup's revision, every row loaded and checked against the manifest (E031 on any difference), then
    migrated to head; nothing is committed unless all of it succeeded. A SQLite file that the restore
    created is removed again when it fails.
    """
    from claimgraph.store.store import Store

    loc = str(location)
    new_file = None if pg.is_url(loc) else Path(loc).expanduser()
    if new_file is not None and new_file.exists():
        new_file = None
    try:
        with open_archive(path) as (zf, manifest, where):
            if not migrate.is_known(manifest.schema_revision):
                raise StoreVersionError(
                    f"{where} holds schema version {manifest.schema_revision}, newer than this claimgraph knows "
                    f"(up to {SCHEMA_HEAD}); upgrade claimgraph to restore it."
                )
            with Store.open(loc, timeout=timeout) as store:
                # The store's own write transaction: its single-writer lock, and no commit unless all succeeds.
                with store.write_transaction() as conn:
                    replaced = _load(conn, zf, manifest, where=where, force=force, location=store.location)
                return RestoreResult(manifest, store.location, SCHEMA_HEAD, replaced=replaced)
    except BaseException:
        if new_file is not None:
            for leftover in (
                new_file,
                new_file.with_name(new_file.name + "-wal"),
                new_file.with_name(new_file.name + "-shm"),
            ):
                leftover.unlink(missing_ok=True)
        raise


def _load(
    conn: sa.Connection, zf: zipfile.ZipFile, manifest: Manifest, *, where: str, force: bool, location: str
) -> bool:
    """Rebuild the schema at the backup's revision, load every table, migrate to head; whether data was replaced."""
    occupied = [t.name for t in data_tables(conn) if _has_rows(conn, t)]
    if occupied and not force:
        raise StoreNotEmptyError(
            f"{location} already holds data (tables {', '.join(occupied)}); "
            "restore into an empty store, or pass --force to replace it."
        )
    # Dropping everything (rather than deleting rows) also rebuilds SQLite's FTS tables from the restored rows.
    migrate.downgrade(conn, "base")
    migrate.upgrade(conn, manifest.schema_revision)
    tables = data_tables(conn)
    _check_tables(manifest, tables, where=where)
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        for table in tables:
            entry = manifest.table(table.name)
            assert entry is not None  # _check_tables saw every table
            _insert_rows(cursor, conn.dialect, table, entry, read_rows(zf, entry, where=where))
    finally:
        cursor.close()
    migrate.upgrade(conn)
    if conn.dialect.name == "postgresql":
        _reset_sequences(conn)
    return bool(occupied)


def _insert_rows(
    cursor: Any, dialect: sa.Dialect, table: sa.Table, entry: TableEntry, chunks: Iterator[list[list[Any]]]
) -> None:
    """Insert rows with one precompiled statement per table, straight on the DB-API cursor.

    Inside the caller's transaction; Core's per-row parameter processing would cost more than the insert.
    """
    names = [c for c, _ in entry.columns]
    compiled = sa.insert(table).compile(dialect=dialect, column_keys=names)
    order = list(compiled.positiontup or ()) if compiled.positional else names
    index = [names.index(c) for c in order]
    json_at = {i for i, (_, kind) in enumerate(entry.columns) if kind == "json"}
    sql = str(compiled)
    for rows in chunks:
        for row in rows:
            for i in json_at:
                row[i] = json_dumps(row[i])
        if compiled.positional:
            cursor.executemany(sql, [tuple(row[i] for i in index) for row in rows])
        else:
            cursor.executemany(sql, [dict(zip(order, (row[i] for i in index), strict=True)) for row in rows])


def _has_rows(conn: sa.Connection, table: sa.Table) -> bool:
    return conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() is not None


def _check_tables(manifest: Manifest, tables: Sequence[sa.Table], *, where: str) -> None:
    """The backup must hold exactly the tables and columns its schema revision has."""
    rev = manifest.schema_revision
    expected = {t.name: {c.name for c in t.columns} for t in tables}
    held = {t.name: {c for c, _ in t.columns} for t in manifest.tables}
    missing, extra = sorted(expected.keys() - held.keys()), sorted(held.keys() - expected.keys())
    if missing or extra:
        raise StoreCorruptError(
            f"{where} does not match schema version {rev}: tables missing {missing or 'none'}, "
            f"unknown {extra or 'none'}; the backup is damaged."
        )
    for name, cols in expected.items():
        if held[name] != cols:
            raise StoreCorruptError(
                f"{where}: table {name} has columns {sorted(held[name])} but schema version {rev} has "
                f"{sorted(cols)}; the backup is damaged."
            )


def _reset_sequences(conn: sa.Connection) -> None:
    # Rows came back with their keys: move each serial counter past them, or the next INSERT would collide.
    for table in data_tables(conn):
        for column in table.primary_key.columns:
            seq = conn.execute(
                sa.text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
            ).scalar()
            if seq:
                conn.execute(
                    sa.text(
                        f'SELECT setval(:s, coalesce((SELECT max("{column.name}") FROM {table.name}), 0) + 1, false)'
                    ),
                    {"s": seq},
                )
