"""Cross-article link results and the claim-embedding cache.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27

``link_results`` keeps the latest ``LinkResult`` as one JSON document (it is always read and replaced
whole); ``claim_embeddings`` caches sentence vectors by the sha1 of the claim text so that re-linking
embeds only new texts. Frozen on purpose: later changes go in new revisions.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "link_results",
        sa.Column("pk", sa.Integer, nullable=False),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_link_results"),
    )
    op.create_table(
        "claim_embeddings",
        sa.Column("text_sha1", sa.String(40), nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("text_sha1", name="pk_claim_embeddings"),
    )


def downgrade() -> None:
    op.drop_table("claim_embeddings")
    op.drop_table("link_results")
