"""Full-text search: the one backend-specific piece of the store.

SQLite uses the FTS5 tables the first migration creates (``claims_fts`` over
claim text, ``documents_fts`` over article titles). PostgreSQL matches
``to_tsvector('english', ...)`` of the same columns (GIN expression indexes from
migration 0003) against ``plainto_tsquery('english', ...)`` of the same terms.

Both backends take every word of the user's text literally and require all of
them. They differ where the engines do: PostgreSQL's English configuration
stems ("strikes" finds "strike") and ignores stop words ("the", "was"), while
FTS5 matches whole tokens, so PostgreSQL can find more than SQLite.
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
    if dialect == "postgresql":
        return _postgresql_matches(text)
    if dialect != "sqlite":
        raise StoreError(f"full-text search is not available on the {dialect} backend")
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


def _postgresql_matches(text: str) -> sa.TextualSelect | None:
    # Only the wordy terms, as for FTS5: punctuation-only input matches nothing on both backends.
    terms = " ".join(term for term in text.split() if _WORDY.search(term))
    if not terms:
        return None
    # The expressions repeat migration 0003's index definitions verbatim so that the GIN indexes apply.
    return (
        sa.text(
            "SELECT c.pk FROM claims AS c "
            "WHERE to_tsvector('english', c.text) @@ plainto_tsquery('english', :fts_q) "
            "UNION SELECT c.pk FROM claims AS c WHERE c.doc_pk IN "
            "(SELECT d.pk FROM documents AS d "
            "WHERE to_tsvector('english', coalesce(d.title, '')) @@ plainto_tsquery('english', :fts_q))"
        )
        .bindparams(fts_q=terms)
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
