"""Writing a backup of a whole store: one portable, versioned, checksummed file.

:func:`backup` reads every table inside one read transaction: a snapshot (SQLite WAL, PostgreSQL
REPEATABLE READ), so writers may go on meanwhile and the backup is still consistent; it never writes to
the store, so an old store can be backed up as it is before a new claimgraph migrates it. Rows are
streamed, so memory stays flat in the size of the store; the file is written beside ``out`` and
renamed into place only once complete and verified.

The file format is described in :mod:`claimgraph.store.backup_format`; reading a backup back is
:mod:`claimgraph.store.backup_read`, restoring it :mod:`claimgraph.store.backup_restore`. This module
only reads from a store, never writes to one.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import json
import os
import sqlite3
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlalchemy.exc
from sqlalchemy import event

from claimgraph.errors import (
    ClaimgraphError,
    NotFoundError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
    StoreVersionError,
)
from claimgraph.store import migrate, pg
from claimgraph.store.backup_format import CHUNK, FORMAT_VERSION, MANIFEST, Manifest, TableEntry, data_tables
from claimgraph.store.backup_read import check_files
from claimgraph.store.errors_map import translate
from claimgraph.store.schema import SCHEMA_HEAD
from claimgraph.version import __version__

_DB_ERRORS: tuple[type[Exception], ...] = (sqlalchemy.exc.DBAPIError, sqlite3.Error, *pg.driver_errors())


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
        check_files(partial)
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
    result = conn.execution_options(stream_results=True, yield_per=CHUNK).execute(stmt)
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
