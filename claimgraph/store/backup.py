"""Backup and restore of a whole store: one portable, versioned, checksummed file.

A backup is a zip archive that any backend can read back (SQLite to PostgreSQL and back):

- ``tables/<name>.jsonl``: one JSON array per row, columns in the manifest's order, rows sorted by
  primary key (or by every sortable column), so the same rows give the same bytes on either backend;
  binary columns (embeddings) are base64, JSON columns are nested JSON.
- ``manifest.json`` (written last, read first): format name and version, the claimgraph version, the
  store's schema revision, when it was made, and per table its columns, row count and the sha256 of
  its file.

:func:`backup` reads every table inside one read transaction: a snapshot (SQLite WAL, PostgreSQL
REPEATABLE READ), so writers may go on meanwhile and the backup is still consistent; it never writes to
the store, so an old store can be backed up as it is before a new claimgraph migrates it. Rows are
streamed, so memory stays flat in the size of the store; the file is written beside ``out`` and
renamed into place only once complete and verified.

:func:`restore` rebuilds the schema at the backup's revision, loads every row while checking counts and
checksums, migrates to head, and commits once: a damaged backup raises a coded error (E031) and leaves
the target exactly as it was.
"""

from __future__ import annotations

import base64
import binascii
import errno
import hashlib
import json
import os
import re
import sqlite3
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlalchemy.exc
from sqlalchemy import event

from claimgraph.errors import (
    ClaimgraphError,
    InputNotFoundError,
    NotFoundError,
    StoreCorruptError,
    StoreError,
    StoreFullError,
    StoreNotEmptyError,
    StoreReadOnlyError,
    StoreVersionError,
)
from claimgraph.store import migrate, pg
from claimgraph.store.errors_map import translate
from claimgraph.store.schema import SCHEMA_HEAD
from claimgraph.store.writer import json_dumps
from claimgraph.version import __version__

FORMAT_NAME = "claimgraph-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
KINDS = ("int", "float", "bool", "text", "json", "bytes")

_CHUNK = 1000  # rows per fetch and per insert: large enough to amortise round trips, small enough to stay flat
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_DB_ERRORS: tuple[type[Exception], ...] = (sqlalchemy.exc.DBAPIError, sqlite3.Error, *pg.driver_errors())
_ARCHIVE_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError)


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


# -- backup ------------------------------------------------------------------------------------------
def backup(location: str | Path, out: str | Path, *, timeout: float = 30.0) -> Manifest:
    """Write every table of the store at ``location`` to the backup file ``out``; returns its manifest.

    The store is only read (one snapshot, never migrated). ``out`` is replaced only when the new file is
    complete and verified, so an interrupted backup never leaves a half-written file under that name.
    """
    target = Path(out).expanduser()
    if target.is_dir():
        raise StoreReadOnlyError(f"{target} is a folder; give the backup a file name.")
    # Beside the target (same file system, so the final rename is atomic); unique per process.
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        with _snapshot(str(location), timeout=timeout) as (conn, backend):
            manifest = _write_archive(conn, partial, backend=backend, where=str(location))
        _check_files(partial)
        os.replace(partial, target)
    except OSError as exc:
        raise _output_error(exc, target) from exc
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def _output_error(exc: OSError, target: Path) -> StoreError:
    if exc.errno == errno.ENOSPC:
        return StoreFullError(f"the disk holding {target} is full ({exc}); free some space or back up elsewhere.")
    return StoreReadOnlyError(f"cannot write the backup {target} ({exc}); choose another place.")


@contextmanager
def _snapshot(location: str, *, timeout: float) -> Iterator[tuple[sa.Connection, str]]:
    """A read-only connection inside one transaction that sees a single snapshot of the store."""
    if pg.is_url(location):
        shown = pg.display(location)
        engine = pg.engine(location, readonly=True, timeout=timeout)
        options: dict[str, Any] = {"isolation_level": "REPEATABLE READ"}
    elif "://" in location:
        raise StoreError(f"{location}: not a SQLite file or a postgresql:// URL; the store supports only these two.")
    else:
        path = Path(location).expanduser()
        if not path.is_file():
            raise NotFoundError(f"no store at {path}; check --db.")
        shown, engine, options = str(path), _sqlite_reader(path, timeout=timeout), {}
    try:
        with engine.connect() as conn, conn.execution_options(**options).begin():
            yield conn, engine.dialect.name
    except ClaimgraphError:
        raise
    except _DB_ERRORS as exc:
        raise translate(exc, shown) from exc
    finally:
        engine.dispose()


def _sqlite_reader(path: Path, *, timeout: float) -> sa.Engine:
    uri = path.resolve().as_uri() + "?mode=ro"

    def creator() -> sqlite3.Connection:
        # isolation_level=None plus our own BEGIN: every read of the backup shares one WAL snapshot.
        return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=timeout)

    engine = sa.create_engine("sqlite+pysqlite://", creator=creator, poolclass=sa.pool.NullPool)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


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


def _kind(column: sa.Column[Any]) -> str:
    t = column.type
    for kind, types in (
        ("json", (sa.JSON,)),
        ("bytes", (sa.LargeBinary,)),
        ("bool", (sa.Boolean,)),
        ("int", (sa.Integer,)),
        ("float", (sa.Float,)),
        ("text", (sa.String, sa.Text)),
    ):
        if isinstance(t, types):
            return kind
    raise StoreError(f"column {column.table.name}.{column.name} has type {t}, which backups cannot hold yet.")


def _order(conn: sa.Connection, table: sa.Table) -> list[Any]:
    if table.primary_key.columns:
        return list(table.primary_key.columns)
    # No key: sort by every comparable column, text in code-point order on both backends ("C" collation).
    keys: list[Any] = []
    for column in table.columns:
        kind = _kind(column)
        if kind in ("json", "bytes"):
            continue
        keys.append(sa.collate(column, "C") if kind == "text" and conn.dialect.name == "postgresql" else column)
    return keys


def _write_archive(conn: sa.Connection, path: Path, *, backend: str, where: str) -> Manifest:
    revision = migrate.current_revision(conn)
    if revision is None:
        raise NotFoundError(f"{where} holds no claimgraph store yet; nothing to back up.")
    if not migrate.is_known(revision):
        raise StoreVersionError(
            f"{where} has schema version {revision}, newer than this claimgraph knows (up to {SCHEMA_HEAD}); "
            "back it up with the claimgraph that wrote it."
        )
    entries = []
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for table in data_tables(conn):
            entries.append(_dump_table(conn, zf, table))
        manifest = Manifest(
            FORMAT_VERSION,
            __version__,
            revision,
            datetime.now(UTC).isoformat(timespec="seconds"),
            backend,
            tuple(entries),
        )
        zf.writestr(MANIFEST, json.dumps(manifest.to_dict(), ensure_ascii=False, indent=1) + "\n")
    return manifest


def _dump_table(conn: sa.Connection, zf: zipfile.ZipFile, table: sa.Table) -> TableEntry:
    columns = tuple((c.name, _kind(c)) for c in table.columns)
    kinds = [k for _, k in columns]
    file = f"tables/{table.name}.jsonl"
    digest, n = hashlib.sha256(), 0
    stmt = sa.select(table).order_by(*_order(conn, table))
    result = conn.execution_options(stream_results=True, yield_per=_CHUNK).execute(stmt)
    # force_zip64: the size is unknown while streaming and may pass 2 GiB.
    with zf.open(file, "w", force_zip64=True) as member:
        for rows in result.partitions():
            block = b"".join(_encode_row(row, kinds) for row in rows)
            member.write(block)
            digest.update(block)
            n += len(rows)
    return TableEntry(table.name, file, columns, n, digest.hexdigest())


# One encoder for every row: json.dumps with options builds a new encoder per call.
_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _encode_row(row: Sequence[Any], kinds: Sequence[str]) -> bytes:
    values = [_encode(v, k) for v, k in zip(row, kinds, strict=True)]
    return _ROW_ENCODER.encode(values).encode("utf-8") + b"\n"


def _encode(value: Any, kind: str) -> Any:
    # Normalised per kind so that both backends write the same bytes for the same rows.
    if value is None or kind in ("json", "text"):
        return value
    if kind == "bytes":
        return base64.b64encode(bytes(value)).decode("ascii")
    if kind == "float":
        return float(value)
    if kind == "bool":
        return bool(value)
    return int(value)


# -- reading and verifying ---------------------------------------------------------------------------
@contextmanager
def _archive(path: str | Path) -> Iterator[tuple[zipfile.ZipFile, Manifest, str]]:
    where = str(path)
    if not Path(path).is_file():
        raise InputNotFoundError(f"{where}: no such backup file")
    try:
        zf = zipfile.ZipFile(path)
    except _ARCHIVE_ERRORS as exc:
        raise StoreCorruptError(f"{where} is not a claimgraph backup or is truncated ({exc}).") from exc
    except OSError as exc:
        raise InputNotFoundError(f"{where}: cannot read the backup ({exc})") from exc
    with zf:
        try:
            raw = json.loads(zf.read(MANIFEST))
        except KeyError:
            raise StoreCorruptError(f"{where} is not a claimgraph backup (it has no {MANIFEST}).") from None
        except (*_ARCHIVE_ERRORS, ValueError) as exc:
            raise StoreCorruptError(f"{where}: {MANIFEST} is damaged ({exc}).") from exc
        manifest = Manifest.from_dict(raw, where=where)
        present = set(zf.namelist())
        missing = [f"{t.file} (table {t.name})" for t in manifest.tables if t.file not in present]
        if missing:
            raise StoreCorruptError(f"{where} lacks {', '.join(missing)}: the backup is incomplete.")
        yield zf, manifest, where


def read_manifest(path: str | Path) -> Manifest:
    """The manifest of the backup at ``path`` (E031 if it is no backup, E032 if from a newer claimgraph)."""
    with _archive(path) as (_, manifest, _where):
        return manifest


def verify(path: str | Path) -> Manifest:
    """Read the whole backup and check every table's rows, count and sha256; returns the manifest."""
    with _archive(path) as (zf, manifest, where):
        for entry in manifest.tables:
            for _chunk in _read_rows(zf, entry, where=where):
                pass
        return manifest


def _check_files(path: Path) -> None:
    """Every table file's count and sha256 read back from disk (what was just written, without decoding rows)."""
    with _archive(path) as (zf, manifest, where):
        for entry in manifest.tables:
            for _lines in _read_lines(zf, entry, where=where):
                pass


def _damaged(entry: TableEntry, where: str, what: str) -> StoreCorruptError:
    return StoreCorruptError(f"{where}: {entry.file} (table {entry.name}) {what}; the backup is damaged.")


def _read_lines(zf: zipfile.ZipFile, entry: TableEntry, *, where: str) -> Iterator[list[bytes]]:
    """The lines of ``entry``'s file in chunks; E031 once the file disagrees with the manifest (count, sha256)."""
    digest, n, chunk = hashlib.sha256(), 0, []
    try:
        with zf.open(entry.file) as member:
            for line in member:
                digest.update(line)
                chunk.append(line)
                if len(chunk) >= _CHUNK:
                    n += len(chunk)
                    yield chunk
                    chunk = []
    except _ARCHIVE_ERRORS as exc:
        raise _damaged(entry, where, f"cannot be read ({exc})") from exc
    n += len(chunk)
    if n != entry.rows:
        raise _damaged(entry, where, f"holds {n} rows where the manifest records {entry.rows}")
    if digest.hexdigest() != entry.sha256:
        raise _damaged(entry, where, "does not match the sha256 recorded in the manifest")
    if chunk:
        yield chunk


def _read_rows(zf: zipfile.ZipFile, entry: TableEntry, *, where: str) -> Iterator[list[list[Any]]]:
    """The decoded rows of ``entry`` (values in manifest column order), in chunks; E031 on any damage.

    The last chunk is held back until the whole file matched its count and sha256 (see :func:`_read_lines`).
    """
    kinds = [k for _, k in entry.columns]
    binary = [i for i, k in enumerate(kinds) if k == "bytes"]
    n = 0
    for lines in _read_lines(zf, entry, where=where):
        rows = []
        for line in lines:
            n += 1
            try:
                values = json.loads(line)
                if not isinstance(values, list) or len(values) != len(kinds):
                    raise ValueError(f"expected {len(kinds)} values")
                for i in binary:
                    if values[i] is not None:
                        values[i] = base64.b64decode(values[i], validate=True)
            except (ValueError, TypeError, binascii.Error) as exc:
                raise _damaged(entry, where, f"has a bad row at line {n} ({exc})") from exc
            rows.append(values)
        yield rows


# -- restore -----------------------------------------------------------------------------------------
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
        with _archive(path) as (zf, manifest, where):
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
            _insert_rows(cursor, conn.dialect, table, entry, _read_rows(zf, entry, where=where))
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
