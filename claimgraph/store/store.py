"""The evidence store: every analysis kept, found again, never duplicated or half-written.

One SQLite file by default (WAL mode, a single writer at a time, one
transaction per article), or a PostgreSQL database given as a ``postgresql://``
URL (see ``pg.py``); the schema is built and evolved only by the recorded
Alembic migrations in ``migrations/``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TextIO, overload

import sqlalchemy as sa
import sqlalchemy.exc
from sqlalchemy import event

from claimgraph.errors import (
    BadRequestError,
    ClaimgraphError,
    NotFoundError,
    StoreCorruptError,
    StoreError,
    StoreReadOnlyError,
    StoreVersionError,
)
from claimgraph.model import Analysis
from claimgraph.store import fts, migrate, pg, queries
from claimgraph.store.errors_map import translate
from claimgraph.store.filters import ClaimFilter
from claimgraph.store.rows import AddResult, ClaimRow, DocumentRow, EntityRow, SourceRow
from claimgraph.store.schema import claims, documents, entities, quantities, times
from claimgraph.store.writer import RowWriter, json_dumps

if TYPE_CHECKING:
    from claimgraph.link.embed import Embedder
    from claimgraph.link.records import LinkResult
    from claimgraph.store.linkstore import StoreEmbedder

_SQLITE_MAGIC = b"SQLite format 3\x00"
_NO_FILTER = ClaimFilter()
_DBAPI_ERRORS: tuple[type[Exception], ...] = (sqlalchemy.exc.DBAPIError, sqlite3.Error, OSError, *pg.driver_errors())


class Store:
    """A collection of analyses in one database. Open with :meth:`Store.open`; not thread-safe."""

    def __init__(self, engine: sa.Engine, conn: sa.Connection, location: str, *, readonly: bool) -> None:
        self._engine = engine
        self._conn = conn
        self.location = location
        self.readonly = readonly
        self._row_writer: RowWriter | None = None

    @property
    def connection(self) -> sa.Connection:
        """The underlying SQLAlchemy connection, for pragmas and ad-hoc SQL (the store stays the only writer)."""
        return self._conn

    # -- opening -------------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        location: str | Path | None = None,
        *,
        create: bool = True,
        readonly: bool = False,
        timeout: float = 30.0,
    ) -> Store:
        """Open (and with ``create``, create or migrate) the store at ``location``.

        ``location`` defaults to the configured one (``CLAIMGRAPH_DB`` or the user data dir).
        ``timeout`` is how many seconds a writer waits for another one before E035.
        """
        if location is None:
            from claimgraph.config import load_settings

            location = load_settings().db_location()
        loc = str(location)
        if pg.is_url(loc):
            return cls._open_postgresql(loc, create=create, readonly=readonly, timeout=timeout)
        if "://" in loc:
            raise StoreError(f"{loc}: not a SQLite file or a postgresql:// URL; the store supports only these two.")
        path = Path(loc).expanduser()
        _precheck(path, create=create and not readonly)
        engine = _engine(path, readonly=readonly, timeout=timeout)
        try:
            conn = engine.connect()
        except _DBAPI_ERRORS as exc:
            engine.dispose()
            raise translate(exc, path) from exc
        return cls._ready(engine, conn, str(path), readonly=readonly, create=True)

    @classmethod
    def _open_postgresql(cls, url: str, *, create: bool, readonly: bool, timeout: float) -> Store:
        shown = pg.display(url)
        engine = pg.engine(url, readonly=readonly, timeout=timeout)
        try:
            conn = engine.connect()
        except _DBAPI_ERRORS as exc:
            engine.dispose()
            error = translate(exc, shown)
            if type(error) is StoreError:  # no more specific cause: the server is unreachable or refused us
                orig = getattr(exc, "orig", exc)
                error = StoreError(f"cannot connect to {shown} ({orig}); check the server runs and the URL is right.")
            raise error from exc
        return cls._ready(engine, conn, shown, readonly=readonly, create=create)

    @classmethod
    def _ready(cls, engine: sa.Engine, conn: sa.Connection, location: str, *, readonly: bool, create: bool) -> Store:
        store = cls(engine, conn, location, readonly=readonly)
        try:
            store._ensure_schema(create=create)
        except BaseException:
            store.close()
            raise
        return store

    def _ensure_schema(self, *, create: bool = True) -> None:
        with self._guard():
            with self._read() as conn:
                revision = migrate.current_revision(conn)
            if revision is None and not create:
                raise NotFoundError(f"no store at {self.location}; add articles first with `claimgraph add`.")
            if not migrate.needs_upgrade(revision, location=self.location):
                return
            if self.readonly:
                raise StoreVersionError(
                    f"{self.location} has schema version {revision or 'none'} and must be migrated; "
                    "open it once without read-only."
                )
            with self._write() as conn:
                # Re-read under the write lock: another process may have migrated meanwhile.
                if migrate.needs_upgrade(migrate.current_revision(conn), location=self.location):
                    migrate.upgrade(conn)

    # -- plumbing ------------------------------------------------------------------------------
    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except ClaimgraphError:
            raise
        except _DBAPI_ERRORS as exc:
            raise translate(exc, self.location) from exc

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with self._conn.begin():
            yield self._conn

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        if self.readonly:
            raise StoreReadOnlyError(f"{self.location} was opened read-only; open it without --readonly to add.")
        self._conn.info["immediate"] = True
        try:
            with self._conn.begin():
                if self._conn.dialect.name == "postgresql":
                    pg.take_write_lock(self._conn)
                yield self._conn
        finally:
            self._conn.info["immediate"] = False

    @contextmanager
    def _raw_write(self) -> Iterator[Any]:
        """A write transaction straight on the DB-API connection: the per-article hot path.

        Core's transaction machinery costs as much as writing a small article, so ``add`` takes the
        lock and commits itself; Core is never mid-transaction here (every other use is scoped).
        """
        if self.readonly:
            raise StoreReadOnlyError(f"{self.location} was opened read-only; open it without --readonly to add.")
        dbapi = self._conn.connection.dbapi_connection
        assert dbapi is not None
        if self._conn.dialect.name == "postgresql":
            with pg.raw_write(dbapi) as pg_cursor:
                yield pg_cursor
            return
        cursor = dbapi.cursor()
        try:
            cursor.execute("BEGIN IMMEDIATE")
            try:
                yield cursor
                cursor.execute("COMMIT")
            except BaseException:
                # Also when COMMIT itself fails (disk full, busy): nothing of the article stays.
                if dbapi.in_transaction:
                    cursor.execute("ROLLBACK")
                raise
        finally:
            cursor.close()

    def close(self) -> None:
        """Close the connection (idempotent)."""
        if not self._conn.closed:
            self._conn.close()
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------
    def add(self, analysis: Analysis) -> AddResult:
        """Store one analysis in one transaction: all of it or nothing.

        The same text again is ``unchanged``; other text under a stored URL is a
        ``revision`` that supersedes the URL's current document.
        """
        added_at = datetime.now(UTC).isoformat(timespec="seconds")
        with self._guard(), self._raw_write() as cursor:
            return self._writer().add(cursor, analysis, added_at=added_at)

    def add_many(self, analyses: Iterable[Analysis], *, batch_size: int = 200) -> list[AddResult]:
        """Add each analysis completely or not at all; what was committed stays if a later one fails.

        SQLite: one transaction per article. PostgreSQL: one transaction per ``batch_size`` articles,
        their child rows bulk-loaded with one COPY per table; if any article of a batch fails, the batch
        is rolled back and redone article by article, so the articles before the failing one are kept
        and it raises as :meth:`add` would.
        """
        if self._conn.dialect.name != "postgresql":
            return [self.add(a) for a in analyses]
        results: list[AddResult] = []
        pending = list(analyses)
        for start in range(0, len(pending), batch_size):
            batch = pending[start : start + batch_size]
            try:
                results.extend(self._add_batch(batch))
            except Exception:  # noqa: BLE001 - redone one by one, which raises again at the failing article
                results.extend(self.add(a) for a in batch)
        return results

    def _add_batch(self, batch: Sequence[Analysis]) -> list[AddResult]:
        writer = self._writer()
        assert isinstance(writer, pg.CopyRowWriter)
        added_at = datetime.now(UTC).isoformat(timespec="seconds")
        with self._guard(), self._raw_write() as cursor, writer.batch(cursor):
            return [writer.add(cursor, a, added_at=added_at) for a in batch]

    # -- cross-article links -------------------------------------------------------------------
    def save_link(self, result: LinkResult) -> None:
        """Replace the stored link result, in one transaction."""
        from claimgraph.store import linkstore

        with self._guard(), self._write() as conn:
            linkstore.save_link(conn, result)

    def load_link(self) -> LinkResult | None:
        """The stored link result; None when the collection was never linked."""
        from claimgraph.store import linkstore

        with self._guard(), self._read() as conn:
            return linkstore.load_link(conn)

    def embedder(self, inner: Embedder | None = None) -> StoreEmbedder:
        """A CachedEmbedder (all-MiniLM-L6-v2 unless ``inner``) whose cache is kept in this store."""
        from claimgraph.link.embed import MiniLMEmbedder
        from claimgraph.store.linkstore import StoreEmbedder

        return StoreEmbedder(inner or MiniLMEmbedder(), read=self._guarded_read, write=self._guarded_write)

    @contextmanager
    def _guarded_read(self) -> Iterator[sa.Connection]:
        with self._guard(), self._read() as conn:
            yield conn

    @contextmanager
    def _guarded_write(self) -> Iterator[sa.Connection]:
        with self._guard(), self._write() as conn:
            yield conn

    @contextmanager
    def write_transaction(self) -> Iterator[sa.Connection]:
        """One write transaction under the store's writer lock, with database errors turned into coded ones.

        For whole-store operations such as restore; everything done on the connection commits together
        or not at all.
        """
        with self._guarded_write() as conn:
            yield conn

    def _writer(self) -> RowWriter:
        if self._row_writer is None:
            postgres = self._conn.dialect.name == "postgresql"
            self._row_writer = (pg.CopyRowWriter if postgres else RowWriter)(self._conn.dialect)
        return self._row_writer

    # -- reading -------------------------------------------------------------------------------
    def get(self, doc_id_or_prefix: str) -> Analysis:
        """The stored analysis of a document, by full id or a unique prefix of it (E040 if none)."""
        with self._guard(), self._read() as conn:
            return queries.read_analysis(conn, doc_id_or_prefix)

    @overload
    def claims(self, where: ClaimFilter, *, limit: int | None = 100, offset: int = 0) -> list[ClaimRow]: ...

    @overload
    def claims(
        self,
        where: None = None,
        *,
        source: str | None = None,
        entity: str | None = None,
        modality: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        search: str | None = None,
        unit: str | None = None,
        min_value: float | None = None,
        max_value: float | None = None,
        include_superseded: bool = False,
        limit: int | None = 100,
        offset: int = 0,
    ) -> list[ClaimRow]: ...

    def claims(
        self,
        where: ClaimFilter | None = None,
        *,
        source: str | None = None,
        entity: str | None = None,
        modality: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        search: str | None = None,
        unit: str | None = None,
        min_value: float | None = None,
        max_value: float | None = None,
        include_superseded: bool = False,
        limit: int | None = 100,
        offset: int = 0,
    ) -> list[ClaimRow]:
        """Claims matching every filter given, in the order they were stored; ``limit`` of them (all when
        None) after the first ``offset``.

        The filters come either as one :class:`~claimgraph.store.ClaimFilter` ``where`` or as keywords
        with the same names, meanings and checks: ``store.claims(ClaimFilter(modality="hedged"))`` and
        ``store.claims(modality="hedged")`` find the same rows. Giving both is E070; use
        :func:`dataclasses.replace` on the filter instead. In short: ``source`` is a case-insensitive
        substring of the source (pronouns resolved); ``entity`` an entity name or alias (case-insensitive,
        exact) that the claim mentions or is held by; ``since``/``until`` bound the article's publication
        day (inclusive); ``search`` is full text over claim text and article title;
        ``unit``/``min_value``/``max_value`` keep claims with a matching figure; ``include_superseded``
        also finds old revisions' claims.
        """
        keywords = ClaimFilter(
            source=source,
            entity=entity,
            modality=modality,
            since=since,
            until=until,
            search=search,
            unit=unit,
            min_value=min_value,
            max_value=max_value,
            include_superseded=include_superseded,
        )
        if where is None:
            where = keywords
        elif not isinstance(where, ClaimFilter):
            raise BadRequestError(f"where must be a ClaimFilter, not {type(where).__name__}; or give keywords.")
        elif keywords != _NO_FILTER:
            raise BadRequestError(
                "give the claim filters either as where=ClaimFilter(...) or as keywords, not both; "
                "dataclasses.replace(where, ...) changes some fields of a filter."
            )
        query = queries.claims_query(where)
        with self._guard(), self._read() as conn:
            return query.run(conn, limit=limit, offset=offset)

    def sources(self, *, limit: int | None = 100) -> list[SourceRow]:
        """Who claims most: sources by number of claims, with counts by modality."""
        with self._guard(), self._read() as conn:
            return [SourceRow(**r) for r in conn.execute(queries.sources_select().limit(limit)).mappings()]

    def entities(self, *, name: str | None = None, limit: int | None = 100) -> list[EntityRow]:
        """Entities by number of mentions, with their aliases; ``name`` keeps one name or alias."""
        with self._guard(), self._read() as conn:
            return queries.entity_rows(conn, name=name, limit=limit)

    def documents(self, *, limit: int | None = 100, offset: int = 0) -> list[DocumentRow]:
        """Stored articles, most recently added first."""
        with self._guard(), self._read() as conn:
            stmt = queries.documents_select().limit(limit).offset(offset)
            return [DocumentRow(**r) for r in conn.execute(stmt).mappings()]

    def iter_analyses(self, *, include_superseded: bool = True) -> Iterator[Analysis]:
        """Every stored analysis, in the order added."""
        with self._guard(), self._read() as conn:
            stmt = sa.select(documents.c.id).order_by(documents.c.pk)
            if not include_superseded:
                stmt = stmt.where(documents.c.superseded_by.is_(None))
            ids = list(conn.execute(stmt).scalars())
        for doc_id in ids:
            yield self.get(doc_id)

    def export_jsonl(self, out: TextIO) -> int:
        """Write every analysis (the output contract) as one JSON line; returns how many."""
        n = 0
        for analysis in self.iter_analyses():
            out.write(analysis.to_json(indent=None) + "\n")
            n += 1
        return n

    def export_csv(self, out: TextIO) -> int:
        """Write every claim with its source and article as CSV; returns how many rows."""
        import csv

        from claimgraph.store.rows import column_names

        writer = csv.DictWriter(out, fieldnames=column_names(ClaimRow), lineterminator="\n")
        writer.writeheader()
        rows = self.claims(limit=None, include_superseded=True)
        writer.writerows(r.to_dict() for r in rows)
        return len(rows)

    # -- health --------------------------------------------------------------------------------
    def stats(self) -> dict[str, int]:
        """Row counts and the database size in bytes."""
        with self._guard(), self._read() as conn:
            counts = {
                t.name: int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())
                for t in (documents, claims, entities, quantities, times)
            }
            if conn.dialect.name == "postgresql":
                return {**counts, "bytes": pg.size_bytes(conn)}
        size = sum(p.stat().st_size for p in _db_files(Path(self.location)))
        return {**counts, "bytes": size}

    def check(self) -> list[str]:
        """Problems found (empty when healthy): SQLite integrity, per-article row counts, search index.

        On PostgreSQL the server keeps its own pages and indexes consistent; the row counts are checked.
        SQLite's FTS5 runs its index check as a write, so a store opened read-only skips that one check.
        """
        with self._guard(), self._read() as conn:
            problems = []
            if conn.dialect.name == "sqlite":
                problems = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check") if r[0] != "ok"]
            problems.extend(queries.count_mismatches(conn))
            if not self.readonly:
                problems.extend(fts.check_index(conn))
        return problems


def _db_files(path: Path) -> list[Path]:
    candidates = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    return [p for p in candidates if p.exists()]


def _precheck(path: Path, *, create: bool) -> None:
    """Fail early, with a clear code, on what SQLite would report vaguely."""
    if path.is_dir():
        raise StoreReadOnlyError(f"{path} is a folder; give a database file name with --db.")
    if not path.exists():
        if not create:
            raise NotFoundError(f"no store at {path}; add articles first with `claimgraph add`.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreReadOnlyError(f"cannot create the folder for {path} ({exc}); choose another --db.") from exc
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise StoreReadOnlyError(f"cannot read {path} ({exc}).") from exc
    if head and head != _SQLITE_MAGIC:
        raise StoreCorruptError(
            f"{path} is not a SQLite database (corrupt or another kind of file); choose another --db."
        )


def _use_wal(cur: sqlite3.Cursor, timeout: float) -> None:
    """Put the file in WAL mode (it stays so), retrying while another process holds it.

    Switching the journal mode needs the file to itself, and SQLite answers "database is locked" at once,
    without waiting out ``busy_timeout``, when another connection is creating or switching the same new
    file. So: nothing to do when the mode is WAL already, else retry for up to ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    pause = 0.005
    while True:
        try:
            if str(cur.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                cur.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.2)


def _engine(path: Path, *, readonly: bool, timeout: float) -> sa.Engine:
    uri = path.resolve().as_uri() + ("?mode=ro" if readonly else "?mode=rwc")

    def creator() -> sqlite3.Connection:
        # isolation_level=None: we issue BEGIN ourselves (see the "begin" hook) so writers can take
        # the write lock up front with BEGIN IMMEDIATE instead of failing half-way on upgrade.
        return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=timeout)

    engine = sa.create_engine(
        "sqlite+pysqlite://", creator=creator, poolclass=sa.pool.NullPool, json_serializer=json_dumps
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        cur.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            _use_wal(cur, timeout)
            # With WAL, NORMAL loses no committed transaction on a process crash, only on power loss.
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("immediate") else "BEGIN")

    return engine
