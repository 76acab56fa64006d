"""PostgreSQL full-text search: expression GIN indexes over claim text and article titles.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27

The PostgreSQL counterpart of the FTS5 tables 0001 creates on SQLite (a no-op there). The indexed
expressions must stay exactly those ``fts.matching_claims`` searches, or the planner will not use them.
Frozen on purpose: later changes go in new revisions.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POSTGRESQL_FTS = (
    "CREATE INDEX ix_claims_text_tsv ON claims USING gin (to_tsvector('english', text))",
    "CREATE INDEX ix_documents_title_tsv ON documents USING gin (to_tsvector('english', coalesce(title, '')))",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRESQL_FTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_documents_title_tsv")
        op.execute("DROP INDEX IF EXISTS ix_claims_text_tsv")
