"""Documents keep the span of their byline line (``Document.byline_span``).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27

``documents.byline_span_start`` and ``byline_span_end``: nullable integers, like the title and dateline
spans. Rows written before this revision read back with no byline span. Frozen on purpose: later changes
go in new revisions.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain ADD COLUMN: SQLite and PostgreSQL both do it in place, without rebuilding the table
    op.add_column("documents", sa.Column("byline_span_start", sa.Integer))
    op.add_column("documents", sa.Column("byline_span_end", sa.Integer))


def downgrade() -> None:
    op.drop_column("documents", "byline_span_end")
    op.drop_column("documents", "byline_span_start")
