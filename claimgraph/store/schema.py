"""The store's tables, in portable SQLAlchemy Core types.

This is the *current* shape of the schema; the recorded migrations under
``migrations/versions`` are what actually builds it, and a test checks that
migrating an empty database to head yields exactly these tables. Only
portable types are used (Integer, String, Text, Float, JSON) so that a
PostgreSQL backend runs the same migrations; full-text search is the one
backend-specific piece and lives outside this metadata (see ``fts.py``).

Every field of the analysis contract has a home: single spans are two integer
columns (``*_start``/``*_end``); lists (aliases, mentions, markers, ids) are
JSON columns so that their order survives the round trip. Link tables
(``claim_entities``, ``claim_quantities``, ``entity_names``) duplicate what the
JSON lists say, in indexable form, for the queries.
"""

from __future__ import annotations

import sqlalchemy as sa

# The head migration; a test pins it to Alembic's head so the two cannot drift.
SCHEMA_HEAD = "0005"

# Named constraints and indexes, so that migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING)


def _span(prefix: str) -> list[sa.Column[int]]:
    return [sa.Column(f"{prefix}_start", sa.Integer), sa.Column(f"{prefix}_end", sa.Integer)]


documents = sa.Table(
    "documents",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True),
    sa.Column("id", sa.String(64), nullable=False, unique=True),
    sa.Column("title", sa.Text),
    sa.Column("published", sa.String(64)),
    # YYYY-MM-DD prefix of `published`, so date filters are index-friendly string comparisons.
    sa.Column("published_day", sa.String(10), index=True),
    sa.Column("outlet", sa.Text),
    sa.Column("url", sa.Text, index=True),
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
    # Analysis.attributions as JSON (always read whole with the article); NULL before revision 0004
    sa.Column("attributions", sa.JSON),
    # the byline line of a plain-text article ("By Ana Ruiz"); NULL before revision 0005
    *_span("byline_span"),
    sa.Column("text", sa.Text, nullable=False),
    # Counts written in the same transaction as the rows: a cheap consistency check after a crash.
    sa.Column("n_claims", sa.Integer, nullable=False),
    sa.Column("n_entities", sa.Integer, nullable=False),
    sa.Column("n_quantities", sa.Integer, nullable=False),
    sa.Column("n_times", sa.Integer, nullable=False),
    sa.Column("revision_of", sa.String(64)),
    # Indexed so that "every superseded document" is a short index range, not a scan of article texts.
    sa.Column("superseded_by", sa.String(64), index=True),
    sa.Column("added_at", sa.String(32), nullable=False),
)

entities = sa.Table(
    "entities",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True),
    sa.Column("doc_pk", sa.Integer, sa.ForeignKey("documents.pk", ondelete="CASCADE"), nullable=False, index=True),
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
)

# Name and every alias of an entity, case-folded: the index behind `--entity NAME`.
entity_names = sa.Table(
    "entity_names",
    metadata,
    sa.Column("entity_pk", sa.Integer, sa.ForeignKey("entities.pk", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("name_key", sa.Text, nullable=False, index=True),
    sa.Column("is_alias", sa.Boolean, nullable=False),
)

quantities = sa.Table(
    "quantities",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True),
    sa.Column("doc_pk", sa.Integer, sa.ForeignKey("documents.pk", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("ord", sa.Integer, nullable=False),
    sa.Column("id", sa.String(64), nullable=False),
    *_span("span"),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("value", sa.Float),
    sa.Column("low", sa.Float),
    sa.Column("high", sa.Float),
    sa.Column("unit", sa.String(64), index=True),
    sa.Column("approx", sa.Text),
    sa.Column("approx_class", sa.String(8), nullable=False),
    sa.Column("kind", sa.String(32)),
    sa.Column("unit_text", sa.Text),
    sa.Column("concept", sa.Text),
    sa.Column("direction", sa.String(16)),
    sa.Column("of", sa.String(64)),
)

times = sa.Table(
    "times",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True),
    sa.Column("doc_pk", sa.Integer, sa.ForeignKey("documents.pk", ondelete="CASCADE"), nullable=False, index=True),
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
)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True),
    sa.Column("doc_pk", sa.Integer, sa.ForeignKey("documents.pk", ondelete="CASCADE"), nullable=False, index=True),
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
    # Source.display (resolved antecedent, else the text): what `sources` groups and `--source` matches.
    sa.Column("source_display", sa.Text, nullable=False),
    sa.Column("cue_text", sa.Text),
    *_span("cue_span"),
    sa.Column("entity_ids", sa.JSON, nullable=False),
    sa.Column("quantity_ids", sa.JSON, nullable=False),
    sa.Column("time_ids", sa.JSON, nullable=False),
    sa.Column("markers", sa.JSON, nullable=False),
    *_span("sentence"),
    sa.Column("parent", sa.String(64)),
    # Claim.content fragments, [[start, end], ...]; NULL in rows written before revision 0004
    sa.Column("content", sa.JSON),
)

claim_entities = sa.Table(
    "claim_entities",
    metadata,
    sa.Column("claim_pk", sa.Integer, sa.ForeignKey("claims.pk", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("entity_pk", sa.Integer, sa.ForeignKey("entities.pk", ondelete="CASCADE"), nullable=False, index=True),
    # "mention": named inside the claim; "source": holds the claim. One join answers `--entity`.
    sa.Column("role", sa.String(8), nullable=False),
)

claim_quantities = sa.Table(
    "claim_quantities",
    metadata,
    sa.Column("claim_pk", sa.Integer, sa.ForeignKey("claims.pk", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column(
        "quantity_pk", sa.Integer, sa.ForeignKey("quantities.pk", ondelete="CASCADE"), nullable=False, index=True
    ),
)

# The latest cross-article LinkResult, as one JSON document: always read and replaced whole.
link_results = sa.Table(
    "link_results",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True),
    sa.Column("result", sa.JSON, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
)

# Sentence vectors by sha1 of the claim text (float32 bytes), so re-linking embeds only new texts.
claim_embeddings = sa.Table(
    "claim_embeddings",
    metadata,
    sa.Column("text_sha1", sa.String(40), primary_key=True),
    sa.Column("vector", sa.LargeBinary, nullable=False),
)

CONTENT_TABLES = (documents, entities, entity_names, quantities, times, claims, claim_entities, claim_quantities)
