"""Persistence for cross-article linking: the latest ``LinkResult`` and the claim-embedding cache.

The link result is one JSON document (read and replaced whole, in one transaction). Embeddings are
float32 vectors keyed by the sha1 of the claim text; :class:`StoreEmbedder` reads every vector a call
needs in a few batched ``IN`` queries and writes the new ones in one transaction at the end of the
call, so re-linking 100k claims embeds (and writes) only the texts it has not seen before.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime

import numpy as np
import sqlalchemy as sa

from claimgraph.link.embed import CachedEmbedder, Embedder, Vectors, text_hash
from claimgraph.link.records import LinkResult
from claimgraph.store.schema import link_results

# Well under SQLite's 32766 bound parameters per statement, and a modest PostgreSQL message size.
_READ_CHUNK = 5000

ConnScope = Callable[[], AbstractContextManager[sa.Connection]]


def save_link(conn: sa.Connection, result: LinkResult) -> None:
    """Replace the stored link result (the caller holds the write transaction)."""
    conn.execute(sa.delete(link_results))
    created_at = datetime.now(UTC).isoformat(timespec="seconds")
    conn.execute(sa.insert(link_results).values(result=result.to_dict(), created_at=created_at))


def load_link(conn: sa.Connection) -> LinkResult | None:
    """The stored link result, or None when the collection was never linked."""
    stmt = sa.select(link_results.c.result).order_by(link_results.c.pk.desc()).limit(1)
    data = conn.execute(stmt).scalar_one_or_none()
    return None if data is None else LinkResult.from_dict(data)


def load_vectors(conn: sa.Connection, keys: Collection[str]) -> dict[str, Vectors]:
    """The stored vectors among ``keys`` (missing keys are simply absent).

    Straight DB-API statements: Core's IN-list expansion and row processing cost more than the reads.
    """
    wanted = sorted(keys)
    found: dict[str, Vectors] = {}
    if not wanted:
        return found
    total = conn.exec_driver_sql("SELECT count(*) FROM claim_embeddings").scalar_one()
    if 2 * len(wanted) >= total:
        # Re-linking most of the collection: one sequential scan beats as many index probes.
        wanted_set = set(wanted)
        for key, blob in conn.exec_driver_sql("SELECT text_sha1, vector FROM claim_embeddings"):
            if key in wanted_set:
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found
    postgres = conn.dialect.name == "postgresql"
    for start in range(0, len(wanted), _READ_CHUNK):
        chunk = wanted[start : start + _READ_CHUNK]
        if postgres:
            sql = "SELECT text_sha1, vector FROM claim_embeddings WHERE text_sha1 = ANY(%s)"
            rows = conn.exec_driver_sql(sql, (chunk,))
        else:
            marks = ",".join("?" * len(chunk))
            rows = conn.exec_driver_sql(
                f"SELECT text_sha1, vector FROM claim_embeddings WHERE text_sha1 IN ({marks})", tuple(chunk)
            )
        for key, blob in rows:
            found[key] = np.frombuffer(blob, dtype=np.float32)
    return found


def save_vectors(conn: sa.Connection, vectors: Iterable[tuple[str, Vectors]]) -> int:
    """Insert vectors not stored yet (the caller holds the write transaction); returns rows offered."""
    rows = [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors]
    if not rows:
        return 0
    # Another linker may have stored the same text meanwhile: same text, same vector, keep the first.
    if conn.dialect.name == "postgresql":
        sql = "INSERT INTO claim_embeddings (text_sha1, vector) VALUES (%s, %s) ON CONFLICT (text_sha1) DO NOTHING"
    else:
        sql = "INSERT OR IGNORE INTO claim_embeddings (text_sha1, vector) VALUES (?, ?)"
    conn.exec_driver_sql(sql, rows)
    return len(rows)


class _TrackingCache(dict[str, Vectors]):
    """A plain dict that remembers which entries were computed (set by the embedder) and not yet saved."""

    def __init__(self) -> None:
        super().__init__()
        self.unsaved: dict[str, Vectors] = {}

    def __setitem__(self, key: str, value: Vectors) -> None:
        super().__setitem__(key, value)
        self.unsaved[key] = value

    def preload(self, found: dict[str, Vectors]) -> None:
        """Add vectors read from the store without marking them unsaved."""
        self.update(found)  # dict.update does not go through __setitem__


class StoreEmbedder(CachedEmbedder):
    """A :class:`CachedEmbedder` whose cache lives in the store's ``claim_embeddings`` table.

    Each :meth:`embed` call loads the vectors it needs in batched reads, embeds only the missing
    texts, and writes those in one transaction (:meth:`flush`) before returning. Nothing is kept
    between calls: the store is the cache, and a million claims' vectors held here as well would
    cost more memory than the linker itself.
    """

    def __init__(self, inner: Embedder, *, read: ConnScope, write: ConnScope) -> None:
        self._tracking = _TrackingCache()
        super().__init__(inner, self._tracking)
        self._read_scope = read
        self._write_scope = write

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Vectors for ``texts``: from memory, else from the store, else computed and stored."""
        wanted = {text_hash(t) for t in texts}.difference(self._tracking)
        if wanted:
            with self._read_scope() as conn:
                self._tracking.preload(load_vectors(conn, wanted))
        vectors = super().embed(texts)
        self.flush()
        self._tracking.clear()
        return vectors

    def flush(self) -> int:
        """Write the vectors computed since the last flush, in one transaction; returns how many."""
        unsaved = self._tracking.unsaved
        if not unsaved:
            return 0
        with self._write_scope() as conn:
            n = save_vectors(conn, unsaved.items())
        unsaved.clear()
        return n
