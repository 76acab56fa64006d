"""The PostgreSQL backend: connection setup, the write lock, and COPY for an article's child rows.

The schema and queries are the portable ones; what differs from SQLite is kept here:

- **One writer at a time**, as on SQLite: every write transaction first takes a transaction-scoped
  advisory lock (:data:`WRITE_LOCK`). The row writer assigns primary keys from ``max(pk) + 1``, which
  is only safe with a single writer; readers never wait. ``lock_timeout`` turns a long wait for another
  writer into E035, like SQLite's busy timeout.
- **Bulk loading with COPY**: child rows (entities, names, figures, times, claims, links) are streamed
  with ``COPY ... FROM STDIN``: per article for ``add``, per batch of articles (one transaction, one
  COPY per table) for ``add_many``. Each article is still all or nothing (see ``Store.add_many``).
- **Read-only** sessions set ``default_transaction_read_only``, so the server itself refuses writes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from claimgraph.errors import StoreError
from claimgraph.store.schema import (
    claim_entities,
    claim_quantities,
    claims,
    documents,
    entities,
    entity_names,
    quantities,
    times,
)
from claimgraph.store.writer import RowWriter, json_dumps

SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")

# Any fixed 64-bit number: the advisory-lock key every claimgraph writer on this database shares.
WRITE_LOCK = 0x636C61696D67  # "claimg"


def driver_errors() -> tuple[type[Exception], ...]:
    """psycopg's base error when psycopg is installed: raw COPY/execute calls raise it unwrapped."""
    try:
        import psycopg
    except ImportError:
        return ()
    return (psycopg.Error,)


def is_url(location: str) -> bool:
    """Whether ``location`` names a PostgreSQL database rather than a SQLite file."""
    return location.startswith(SCHEMES)


def engine(url: str, *, readonly: bool, timeout: float) -> sa.Engine:
    """An engine on psycopg 3 for ``url``; every session gets the store's lock timeout and access mode."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise StoreError(
            f'{display(url)}: the PostgreSQL backend needs psycopg: pip install "psycopg[binary]"'
        ) from None
    parsed = sa.engine.make_url(url).set(drivername="postgresql+psycopg")
    eng = sa.create_engine(parsed, poolclass=sa.pool.NullPool, json_serializer=json_dumps)

    @event.listens_for(eng, "connect")
    def _on_connect(dbapi_conn: Any, _record: object) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute(f"SET lock_timeout = {int(timeout * 1000)}")
            if readonly:
                cur.execute("SET default_transaction_read_only = on")
        dbapi_conn.commit()

    return eng


def display(url: str) -> str:
    """``url`` without its password, for messages."""
    return sa.engine.make_url(url).render_as_string(hide_password=True)


def take_write_lock(conn: sa.Connection) -> None:
    """Wait (up to the lock timeout) until no other claimgraph writer holds the database."""
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")


@contextmanager
def raw_write(dbapi: Any) -> Iterator[Any]:
    """A write transaction on the psycopg connection itself (the per-article hot path)."""
    cursor = dbapi.cursor()
    try:
        try:
            cursor.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
            yield cursor
            dbapi.commit()
        except BaseException:
            # Also when COMMIT itself fails: nothing of the article stays.
            dbapi.rollback()
            raise
    finally:
        cursor.close()


def size_bytes(conn: sa.Connection) -> int:
    """The database's size on disk."""
    return int(conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar_one())


# Child tables in an order that satisfies their foreign keys when a batch is flushed.
_COPY_ORDER = (entities, entity_names, quantities, times, claims, claim_entities, claim_quantities)
_KEYED_NAMES = frozenset(t.name for t in (documents, entities, quantities, times, claims))


class CopyRowWriter(RowWriter):
    """:class:`RowWriter` that bulk-loads child rows with COPY (the document row stays an INSERT).

    Outside a batch each article's child rows are copied at once. Inside :meth:`batch` they are buffered
    and copied table by table when the batch ends (one COPY per table for many articles); documents are
    still inserted at once, so later articles of the batch see them (identity and revisions), and the
    next primary keys are counted here since the buffered rows are not in the tables yet.
    """

    def __init__(self, dialect: sa.Dialect) -> None:
        super().__init__(dialect)
        self._copy_sql: dict[str, str] = {}
        self._buffer: dict[str, list[dict[str, Any]]] | None = None
        self._next: dict[str, int] | None = None

    @contextmanager
    def batch(self, cursor: Any) -> Iterator[None]:
        """Buffer child rows until the block ends, then COPY them (inside the caller's transaction)."""
        self._buffer, self._next = {}, None
        try:
            yield
            buffered = self._buffer
            self._buffer = None
            for table in _COPY_ORDER:
                self._copy(cursor, table, buffered.get(table.name, []))
        finally:
            self._buffer, self._next = None, None

    def _next_pks(self, cursor: Any) -> dict[str, int]:
        if self._buffer is None:
            return super()._next_pks(cursor)
        if self._next is None:
            self._next = super()._next_pks(cursor)
        return dict(self._next)

    def _put(self, cursor: Any, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
        if rows and self._next is not None and table.name in _KEYED_NAMES:
            self._next[table.name] = max(self._next[table.name], rows[-1]["pk"] + 1)
        if not rows or table is documents:
            super()._put(cursor, table, rows)
        elif self._buffer is not None:
            self._buffer.setdefault(table.name, []).extend(rows)
        else:
            self._copy(cursor, table, rows)

    def _copy(self, cursor: Any, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        ins = self._inserts[table.name]
        sql = self._copy_sql.get(table.name)
        if sql is None:
            sql = self._copy_sql[table.name] = _copy_statement(table.name, ins.columns)
        js = ins.json_columns
        with cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([json_dumps(row[c]) if c in js else row[c] for c in ins.columns])


def _copy_statement(table: str, columns: Sequence[str]) -> str:
    # Quoted: some column names ("of", "mod", "type") are keywords in PostgreSQL.
    quoted = ", ".join('"' + c + '"' for c in columns)
    return f"COPY {table} ({quoted}) FROM STDIN"
