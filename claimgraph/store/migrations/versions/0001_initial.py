"""Initial schema: documents, entities, quantities, times, claims, link tables, full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-11-27

Frozen on purpose: later changes go in new revisions, never here.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _span(prefix: str) -> list[sa.Column[int]]:
    return [sa.Column(f"{prefix}_start", sa.Integer), sa.Column(f"{prefix}_end", sa.Integer)]


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("pk", name=f"pk_{table}")


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.pk"], ondelete="CASCADE", name=f"fk_{table}_{column}_{target}")


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("pk", sa.Integer, nullable=False),
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.String(64)),
        sa.Column("published_day", sa.String(10)),
        sa.Column("outlet", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("language", sa.String(32)),
        sa.Column("author", sa.Text),
        sa.Column("published_origin", sa.String(16), nullable=False),
        *_span("title_span"),
        *_span("dateline_span"),
        sa.Column("subheadings", sa.JSON, nullable=False),
        sa.Column("source_path", sa.Text),
        sa.Column("source_format", sa.String(32)),
        sa.Column("encoding", sa.String(64)),
        sa.Column("notes", sa.JSON, nullable=False),
        sa.Column("metadata", sa.JSON, nullable=False),
        sa.Column("warnings", sa.JSON, nullable=False),
        sa.Column("generator", sa.JSON, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("n_claims", sa.Integer, nullable=False),
        sa.Column("n_entities", sa.Integer, nullable=False),
        sa.Column("n_quantities", sa.Integer, nullable=False),
        sa.Column("n_times", sa.Integer, nullable=False),
        sa.Column("revision_of", sa.String(64)),
        sa.Column("superseded_by", sa.String(64)),
        sa.Column("added_at", sa.String(32), nullable=False),
        _pk("documents"),
        sa.UniqueConstraint("id", name="uq_documents_id"),
    )
    op.create_index("ix_documents_published_day", "documents", ["published_day"])
    op.create_index("ix_documents_url", "documents", ["url"])
    op.create_index("ix_documents_superseded_by", "documents", ["superseded_by"])

    op.create_table(
        "entities",
        sa.Column("pk", sa.Integer, nullable=False),
        sa.Column("doc_pk", sa.Integer, nullable=False),
        sa.Column("ord", sa.Integer, nullable=False),
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("aliases", sa.JSON, nullable=False),
        sa.Column("mentions", sa.JSON, nullable=False),
        sa.Column("n_mentions", sa.Integer, nullable=False),
        sa.Column("role", sa.String(64)),
        sa.Column("kind", sa.String(64)),
        sa.Column("roles", sa.JSON, nullable=False),
        _pk("entities"),
        _fk("entities", "doc_pk", "documents"),
    )
    op.create_index("ix_entities_doc_pk", "entities", ["doc_pk"])

    op.create_table(
        "entity_names",
        sa.Column("entity_pk", sa.Integer, nullable=False),
        sa.Column("name_key", sa.Text, nullable=False),
        sa.Column("is_alias", sa.Boolean, nullable=False),
        _fk("entity_names", "entity_pk", "entities"),
    )
    op.create_index("ix_entity_names_entity_pk", "entity_names", ["entity_pk"])
    op.create_index("ix_entity_names_name_key", "entity_names", ["name_key"])

    op.create_table(
        "quantities",
        sa.Column("pk", sa.Integer, nullable=False),
        sa.Column("doc_pk", sa.Integer, nullable=False),
        sa.Column("ord", sa.Integer, nullable=False),
        sa.Column("id", sa.String(64), nullable=False),
        *_span("span"),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("low", sa.Float),
        sa.Column("high", sa.Float),
        sa.Column("unit", sa.String(64)),
        sa.Column("approx", sa.Text),
        sa.Column("approx_class", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(32)),
        sa.Column("unit_text", sa.Text),
        sa.Column("concept", sa.Text),
        sa.Column("direction", sa.String(16)),
        sa.Column("of", sa.String(64)),
        _pk("quantities"),
        _fk("quantities", "doc_pk", "documents"),
    )
    op.create_index("ix_quantities_doc_pk", "quantities", ["doc_pk"])
    op.create_index("ix_quantities_unit", "quantities", ["unit"])

    op.create_table(
        "times",
        sa.Column("pk", sa.Integer, nullable=False),
        sa.Column("doc_pk", sa.Integer, nullable=False),
        sa.Column("ord", sa.Integer, nullable=False),
        sa.Column("id", sa.String(64), nullable=False),
        *_span("span"),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("value", sa.String(64)),
        sa.Column("mod", sa.String(32)),
        sa.Column("anchor", sa.Text),
        sa.Column("begin_value", sa.String(64)),
        sa.Column("end_value", sa.String(64)),
        sa.Column("role", sa.String(32)),
        _pk("times"),
        _fk("times", "doc_pk", "documents"),
    )
    op.create_index("ix_times_doc_pk", "times", ["doc_pk"])

    op.create_table(
        "claims",
        sa.Column("pk", sa.Integer, nullable=False),
        sa.Column("doc_pk", sa.Integer, nullable=False),
        sa.Column("ord", sa.Integer, nullable=False),
        sa.Column("id", sa.String(64), nullable=False),
        *_span("span"),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("certainty", sa.Float),
        sa.Column("source_kind", sa.String(16), nullable=False),
        sa.Column("source_text", sa.Text),
        *_span("source_span"),
        sa.Column("source_entity", sa.String(64)),
        sa.Column("source_type", sa.String(64)),
        sa.Column("source_resolved_text", sa.Text),
        *_span("source_resolved_span"),
        sa.Column("source_display", sa.Text, nullable=False),
        sa.Column("cue_text", sa.Text),
        *_span("cue_span"),
        sa.Column("entity_ids", sa.JSON, nullable=False),
        sa.Column("quantity_ids", sa.JSON, nullable=False),
        sa.Column("time_ids", sa.JSON, nullable=False),
        sa.Column("markers", sa.JSON, nullable=False),
        *_span("sentence"),
        sa.Column("parent", sa.String(64)),
        _pk("claims"),
        _fk("claims", "doc_pk", "documents"),
    )
    op.create_index("ix_claims_doc_pk", "claims", ["doc_pk"])

    op.create_table(
        "claim_entities",
        sa.Column("claim_pk", sa.Integer, nullable=False),
        sa.Column("entity_pk", sa.Integer, nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
        _fk("claim_entities", "claim_pk", "claims"),
        _fk("claim_entities", "entity_pk", "entities"),
    )
    op.create_index("ix_claim_entities_claim_pk", "claim_entities", ["claim_pk"])
    op.create_index("ix_claim_entities_entity_pk", "claim_entities", ["entity_pk"])

    op.create_table(
        "claim_quantities",
        sa.Column("claim_pk", sa.Integer, nullable=False),
        sa.Column("quantity_pk", sa.Integer, nullable=False),
        _fk("claim_quantities", "claim_pk", "claims"),
        _fk("claim_quantities", "quantity_pk", "quantities"),
    )
    op.create_index("ix_claim_quantities_claim_pk", "claim_quantities", ["claim_pk"])
    op.create_index("ix_claim_quantities_quantity_pk", "claim_quantities", ["quantity_pk"])

    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)


# External-content FTS5 indexes kept in step by triggers (the sqlite-utils layout), so that
# Datasette and any other writer see the same search index; content="claims" is spelled with
# double quotes because that is the form Datasette looks for when it detects a table's FTS index.
# Backend-specific: PostgreSQL gets its own tsvector revision when that backend lands.
SQLITE_FTS = (
    'CREATE VIRTUAL TABLE claims_fts USING fts5(text, content="claims", content_rowid="pk", '
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER claims_ai AFTER INSERT ON claims BEGIN "
    "INSERT INTO claims_fts(rowid, text) VALUES (new.pk, new.text); END",
    "CREATE TRIGGER claims_ad AFTER DELETE ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, text) VALUES ('delete', old.pk, old.text); END",
    "CREATE TRIGGER claims_au AFTER UPDATE ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, text) VALUES ('delete', old.pk, old.text); "
    "INSERT INTO claims_fts(rowid, text) VALUES (new.pk, new.text); END",
    'CREATE VIRTUAL TABLE documents_fts USING fts5(title, content="documents", content_rowid="pk", '
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(rowid, title) VALUES (new.pk, new.title); END",
    "CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title) VALUES ('delete', old.pk, old.title); END",
    "CREATE TRIGGER documents_au AFTER UPDATE OF title ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title) VALUES ('delete', old.pk, old.title); "
    "INSERT INTO documents_fts(rowid, title) VALUES (new.pk, new.title); END",
)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("claims_ai", "claims_ad", "claims_au", "documents_ai", "documents_ad", "documents_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS claims_fts")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    for table in (
        "claim_quantities",
        "claim_entities",
        "claims",
        "times",
        "quantities",
        "entity_names",
        "entities",
        "documents",
    ):
        op.drop_table(table)
