"""Claims keep their reported content (``Claim.content``) and articles their attributions.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

``claims.content``: a nullable JSON column of ``[[start, end], ...]`` fragments (the complement or
quotation as written). ``documents.attributions``: a nullable JSON list of ``Analysis.attributions``
(read whole with the article). Rows written before this revision read back with neither. Frozen on
purpose: later changes go in new revisions.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain ADD COLUMN: SQLite and PostgreSQL both do it in place, without rebuilding the table
    op.add_column("claims", sa.Column("content", sa.JSON))
    op.add_column("documents", sa.Column("attributions", sa.JSON))


def downgrade() -> None:
    op.drop_column("documents", "attributions")
    op.drop_column("claims", "content")
