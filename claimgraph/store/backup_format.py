"""The backup file format: its manifest, table entries and the checks a manifest must pass.

A backup is a zip archive that any backend can read back (SQLite to PostgreSQL and back):

- ``tables/<name>.jsonl``: one JSON array per row, columns in the manifest's order, rows sorted by
  primary key (or by every sortable column), so the same rows give the same bytes on either backend;
  binary columns (embeddings) are base64, JSON columns are nested JSON.
- ``manifest.json`` (written last, read first): format name and version, the claimgraph version, the
  store's schema revision, when it was made, and per table its columns, row count and the sha256 of
  its file.

Kept apart from writing (:mod:`claimgraph.store.backup`), reading (:mod:`claimgraph.store.backup_read`)
and restoring (:mod:`claimgraph.store.backup_restore`) because all three share this one description of
the file: a change to the format is a change here, and ``FORMAT_VERSION`` moves with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from claimgraph.errors import StoreCorruptError, StoreVersionError
from claimgraph.store import migrate

FORMAT_NAME = "claimgraph-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
KINDS = ("int", "float", "bool", "text", "json", "bytes")

CHUNK = 1000  # rows per fetch and per insert: large enough to amortise round trips, small enough to stay flat
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class TableEntry:
    """One table of a backup: its file, columns (name, kind), row count and the file's sha256."""

    name: str
    file: str
    columns: tuple[tuple[str, str], ...]
    rows: int
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "file": self.file,
            "columns": [list(c) for c in self.columns],
            "rows": self.rows,
            "sha256": self.sha256,
        }


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a backup holds; ``tables`` in an order that satisfies foreign keys."""

    format_version: int
    claimgraph_version: str
    schema_revision: str
    created_at: str
    backend: str
    tables: tuple[TableEntry, ...]

    def table(self, name: str) -> TableEntry | None:
        """The entry of table ``name``, None if the backup does not hold it."""
        return next((t for t in self.tables if t.name == name), None)

    @property
    def documents(self) -> int:
        """How many documents (articles, revisions included) the backup holds."""
        entry = self.table("documents")
        return entry.rows if entry else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_NAME,
            "format_version": self.format_version,
            "claimgraph_version": self.claimgraph_version,
            "schema_revision": self.schema_revision,
            "created_at": self.created_at,
            "backend": self.backend,
            "tables": [t.to_dict() for t in self.tables],
        }

    @classmethod
    def from_dict(cls, data: Any, *, where: str) -> Manifest:
        """Validate a parsed manifest: E031 when malformed, E032 when written by a newer claimgraph."""

        def bad(what: str) -> StoreCorruptError:
            return StoreCorruptError(f"{where}: {MANIFEST} is malformed ({what}); the backup is damaged.")

        if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
            raise StoreCorruptError(f"{where} is not a claimgraph backup (its {MANIFEST} names no {FORMAT_NAME}).")
        version = data.get("format_version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise bad(f"format_version {version!r}")
        if version > FORMAT_VERSION:
            raise StoreVersionError(
                f"{where} has backup format {version}, newer than this claimgraph reads (up to {FORMAT_VERSION}); "
                "upgrade claimgraph to restore it."
            )
        texts: dict[str, str] = {}
        for key in ("claimgraph_version", "schema_revision", "created_at", "backend"):
            value = data.get(key)
            if not isinstance(value, str):
                raise bad(f"{key} {value!r}")
            texts[key] = value
        raw_tables = data.get("tables")
        if not isinstance(raw_tables, list):
            raise bad("no table list")
        tables = tuple(_table_entry(t, bad) for t in raw_tables)
        if len({t.name for t in tables}) != len(tables) or len({t.file for t in tables}) != len(tables):
            raise bad("a table or file is listed twice")
        return cls(format_version=version, tables=tables, **texts)


def _table_entry(raw: Any, bad: Any) -> TableEntry:
    if not isinstance(raw, dict):
        raise bad(f"table entry {raw!r}")
    name, file, rows, digest, columns = (raw.get(k) for k in ("name", "file", "rows", "sha256", "columns"))
    if not isinstance(name, str) or not _NAME.match(name):
        raise bad(f"table name {name!r}")
    if not isinstance(file, str) or not file:
        raise bad(f"file of table {name}")
    if not isinstance(rows, int) or isinstance(rows, bool) or rows < 0:
        raise bad(f"row count of table {name}")
    if not isinstance(digest, str) or not _SHA256.match(digest):
        raise bad(f"sha256 of table {name}")
    ok = isinstance(columns, list) and all(
        isinstance(c, list) and len(c) == 2 and isinstance(c[0], str) and c[1] in KINDS for c in columns
    )
    if not ok or not columns:
        raise bad(f"columns of table {name}")
    return TableEntry(name, file, tuple((c[0], c[1]) for c in columns), rows, digest)


def data_tables(conn: sa.Connection) -> list[sa.Table]:
    """The store's tables as the database has them (any known revision), parents before children.

    Alembic's version table and SQLite's FTS5 tables (virtual and shadow: rebuilt by triggers) are not data.
    """
    names = set(sa.inspect(conn).get_table_names()) - {migrate.VERSION_TABLE}
    if conn.dialect.name == "sqlite":
        plain = {r[1] for r in conn.exec_driver_sql("PRAGMA main.table_list") if r[2] == "table"}
        names = {n for n in names if n in plain and not n.startswith("sqlite_")}
    metadata = sa.MetaData()
    metadata.reflect(bind=conn, only=sorted(names))
    return list(metadata.sorted_tables)
