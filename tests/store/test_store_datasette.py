"""The store opens as-is in Datasette: its full-text indexes are where Datasette looks for them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from claimgraph.store import Store
from tests.store.factories import harbour_analysis


def _detected_fts(conn: sqlite3.Connection, table: str) -> list[str]:
    # The rule Datasette applies to find a table's FTS index: a virtual FTS table whose content= names it.
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE rootpage = 0 AND (sql LIKE ? OR sql LIKE ?)",
        (f'%VIRTUAL TABLE%USING FTS%content="{table}"%', f"%VIRTUAL TABLE%USING FTS%content=[{table}]%"),
    )
    return [r[0] for r in rows]


def test_store_datasette_detects_fts_tables(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add(harbour_analysis())
    with sqlite3.connect(db_path) as conn:
        assert _detected_fts(conn, "claims") == ["claims_fts"]
        assert _detected_fts(conn, "documents") == ["documents_fts"]
        # The search Datasette runs for ?_search= on the claims table, with fts_pk "pk".
        hits = conn.execute(
            "SELECT text FROM claims WHERE pk IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)",
            ('"workers"',),
        ).fetchall()
        assert hits == [("300 dock workers may walk out next week",)]


def test_store_datasette_triggers_keep_index_in_step_with_other_writers(db_path: Path) -> None:
    with Store.open(db_path) as store:
        analysis = harbour_analysis()
        store.add(analysis)
    # A write made outside claimgraph (Datasette's write API, a sqlite3 shell) keeps the index right.
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("UPDATE claims SET text = 'the ferry was cancelled' WHERE id = 'c1'")
        conn.execute("DELETE FROM claims WHERE id = 'c3'")
    with Store.open(db_path) as store:
        assert [r.claim_id for r in store.claims(search="ferry")] == ["c1"]
        assert store.claims(search="workers") == []
        assert store.claims(search="prices") == []
        # Counts now disagree with the rows deleted behind the store's back: check() says so.
        assert store.check() == [f"{analysis.document.id}: n_claims=3 but 2 rows"]
