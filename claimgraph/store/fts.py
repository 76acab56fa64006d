"""Full-text search: the one backend-specific piece of the store.

SQLite uses the FTS5 tables the first migration creates (``claims_fts`` over
claim text, ``documents_fts`` over article titles). A PostgreSQL backend will add
its own tsvector-based clause here under its dialect name.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from claimgraph.errors import StoreError

_WORDY = re.compile(r"\w")


def fts5_query(text: str) -> str | None:
    """User text as an FTS5 query: every term a quoted phrase, all required (None if no terms).

    Quoting keeps user punctuation (``U.S.``, ``-``, ``"``) from being read as
    FTS5 syntax, the same escaping Datasette applies.
    """
    terms = ['"' + term.replace('"', '""') + '"' for term in text.split() if _WORDY.search(term)]
    return " ".join(terms) or None


def matching_claims(dialect: str, text: str) -> sa.TextualSelect | None:
    """A one-column select of the pks of claims whose text or article title matches ``text``."""
    if dialect != "sqlite":
        raise StoreError(f"full-text search is not available on the {dialect} backend yet")
    query = fts5_query(text)
    if query is None:
        return None
    return (
        sa.text(
            "SELECT rowid AS pk FROM claims_fts WHERE claims_fts MATCH :fts_q "
            "UNION SELECT c.pk FROM claims AS c WHERE c.doc_pk IN "
            "(SELECT rowid FROM documents_fts WHERE documents_fts MATCH :fts_q)"
        )
        .bindparams(fts_q=query)
        .columns(pk=sa.Integer)
    )


FTS_TABLES = ("claims_fts", "documents_fts")


def check_index(conn: sa.Connection) -> list[str]:
    """Problems in the full-text indexes (empty when they agree with their tables)."""
    if conn.dialect.name != "sqlite":
        return []
    problems = []
    for table in FTS_TABLES:
        try:
            # FTS5's own check: raises SQLITE_CORRUPT_VTAB when the index and its content table disagree.
            conn.exec_driver_sql(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
        except sa.exc.DatabaseError as exc:
            problems.append(f"{table}: {exc.orig}")
    return problems
