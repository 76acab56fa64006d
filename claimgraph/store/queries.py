"""The store's read queries, as portable SQLAlchemy Core selects (full-text search aside).

The hot ones (an article with all its rows, the claims search) are compiled once per dialect and
filter combination into a :class:`Prepared` statement and run on the DB-API cursor: building, compiling
and post-processing a Core select costs several times what SQLite needs to answer it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlalchemy as sa

from claimgraph.errors import NotFoundError
from claimgraph.model import MODALITIES, Analysis
from claimgraph.store import codec, fts
from claimgraph.store.codec import name_key
from claimgraph.store.filters import ClaimFilter
from claimgraph.store.rows import ClaimRow, EntityRow
from claimgraph.store.schema import (
    claim_entities,
    claim_quantities,
    claims,
    documents,
    entities,
    entity_names,
    quantities,
    times,
)

_HEX = re.compile(r"[0-9a-f]+")
_ID_LEN = 64
_LIKE_ESCAPE = "/"


@dataclass(frozen=True, slots=True)
class Prepared:
    """A select compiled for one dialect: its SQL and how to lay out its parameters for the driver."""

    sql: str
    names: tuple[str, ...] | None  # positional paramstyles (SQLite's ``?``): parameter names in order
    defaults: Mapping[str, Any]  # values compiled into the statement (such as a literal LIMIT)

    def run(self, cursor: Any, values: Mapping[str, Any]) -> list[Any]:
        """Execute with ``values`` (by bind name) on a DB-API cursor; the rows as tuples."""
        params = {**self.defaults, **values}
        cursor.execute(self.sql, tuple(params[n] for n in self.names) if self.names is not None else params)
        return list(cursor.fetchall())


_PREPARED: dict[tuple[str, str, str, Hashable], Prepared] = {}


def prepare(dialect: sa.Dialect, key: Hashable, build: Callable[[], sa.Select[Any]]) -> Prepared:
    """The statement ``build`` makes, compiled once per dialect and ``key`` (its shape, never its values)."""
    cache_key = (dialect.name, dialect.driver, dialect.paramstyle, key)
    hit = _PREPARED.get(cache_key)
    if hit is None:
        stmt = build()
        compiled = stmt.compile(dialect=dialect)
        hit = Prepared(
            sql=compiled.string,
            names=tuple(compiled.positiontup or ()) if compiled.positional else None,
            defaults=dict(compiled.params),
        )
        # A race only compiles the same statement twice.
        _PREPARED[cache_key] = hit
    return hit


@contextmanager
def raw_cursor(conn: sa.Connection) -> Iterator[Any]:
    """A DB-API cursor on the connection's current transaction."""
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    cursor = dbapi.cursor()
    try:
        yield cursor
    finally:
        cursor.close()


def _id_range(doc_id_or_prefix: str) -> tuple[str, str]:
    prefix = doc_id_or_prefix.strip().lower()
    if not prefix or not _HEX.fullmatch(prefix) or len(prefix) > _ID_LEN:
        raise NotFoundError(f"{doc_id_or_prefix!r} is not a document id (ids are hexadecimal, up to 64 characters).")
    # A range rather than LIKE: it uses the unique index on every backend.
    return prefix, prefix + "f" * (_ID_LEN - len(prefix))


def _one_document(found: list[Any], doc_id_or_prefix: str) -> Any:
    prefix = doc_id_or_prefix.strip().lower()
    if not found:
        raise NotFoundError(f"no stored document id starts with {prefix!r}; list them with `claimgraph claims`.")
    if len(found) > 1:
        raise NotFoundError(f"{prefix!r} is the start of several document ids; give more characters.")
    return found[0]


def _document_select() -> sa.Select[Any]:
    d = documents
    return (
        sa.select(d.c.pk, *(d.c[name] for name in codec.DOCUMENT_COLUMNS))
        .where(d.c.id >= sa.bindparam("low"), d.c.id <= sa.bindparam("high"))
        .limit(2)
    )


def _children_select(table: sa.Table, names: tuple[str, ...]) -> Callable[[], sa.Select[Any]]:
    def build() -> sa.Select[Any]:
        return (
            sa.select(*(table.c[n] for n in names))
            .where(table.c.doc_pk == sa.bindparam("doc_pk"))
            .order_by(table.c.ord)
        )

    return build


_CHILDREN = (
    (entities, codec.ENTITY_COLUMNS),
    (quantities, codec.QUANTITY_COLUMNS),
    (times, codec.TIME_COLUMNS),
    (claims, codec.CLAIM_COLUMNS),
)


def read_analysis(conn: sa.Connection, doc_id_or_prefix: str) -> Analysis:
    """The stored analysis of the one document whose id starts with the given text (E040 if none or several).

    Five statements on one cursor, inside the caller's transaction so that the rows agree.
    """
    low, high = _id_range(doc_id_or_prefix)
    dialect = conn.dialect
    with raw_cursor(conn) as cursor:
        found = prepare(dialect, "document", _document_select).run(cursor, {"low": low, "high": high})
        row = _one_document(found, doc_id_or_prefix)
        pk = {"doc_pk": row[0]}
        ents, qs, ts, cs = (
            prepare(dialect, ("children", table.name), _children_select(table, names)).run(cursor, pk)
            for table, names in _CHILDREN
        )
    return codec.read_analysis(row[1:], ents, qs, ts, cs)


class ClaimsShape(NamedTuple):
    """Which filters a claims search uses: one compiled statement per shape."""

    include_superseded: bool
    filters: tuple[str, ...]  # names of the bound filter values
    search: bool


@dataclass(frozen=True, slots=True)
class ClaimsQuery:
    """The claims search for some filters: which filters are set (the statement's shape) and their values."""

    shape: ClaimsShape
    values: dict[str, Any]
    search: str | None

    def run(self, conn: sa.Connection, *, limit: int | None, offset: int) -> list[ClaimRow]:
        """The matching claims, ``limit`` of them (all when None) after the first ``offset``."""
        dialect = conn.dialect
        values = dict(self.values, offset=offset)
        if limit is not None:
            values["limit"] = limit
        if self.search is not None:
            matching = fts.matching_claims(dialect.name, self.search)
            if matching is None:
                return []
            # fts.py owns how user text becomes a query; the prepared statement only needs the value.
            values["fts_q"] = matching.compile(dialect=dialect).params["fts_q"]
        unlimited, shape = limit is None, self.shape
        build = functools.partial(claims_select, dialect.name, shape, unlimited=unlimited)
        prepared = prepare(dialect, ("claims", shape, unlimited), build)
        with raw_cursor(conn) as cursor:
            return [ClaimRow(*row) for row in prepared.run(cursor, values)]


def claims_query(f: ClaimFilter, /) -> ClaimsQuery:
    """The statement shape and bound values of the claims matching ``f`` (checked when it was made)."""
    values: dict[str, Any] = {}
    if f.source:
        values["source"] = _like_escaped(f.source)
    if f.modality:
        values["modality"] = f.modality
    if f.since is not None:
        values["since"] = f.since
    if f.until is not None:
        values["until"] = f.until
    if f.entity:
        values["entity_key"] = name_key(f.entity)
    if f.unit is not None:
        values["unit"] = f.unit.lower()
    if f.min_value is not None:
        values["low"] = f.min_value
    if f.max_value is not None:
        values["high"] = f.max_value
    shape = ClaimsShape(f.include_superseded, tuple(sorted(values)), bool(f.search))
    return ClaimsQuery(shape=shape, values=values, search=f.search or None)


def _like_escaped(text: str) -> str:
    # What Core's autoescape does: the user's % and _ match themselves.
    e = _LIKE_ESCAPE
    return text.replace(e, e + e).replace("%", e + "%").replace("_", e + "_")


def claims_select(dialect: str, shape: ClaimsShape, *, unlimited: bool) -> sa.Select[Any]:
    """The claims select of this shape, with bind parameters named as the keys of
    :attr:`ClaimsQuery.values`, ``limit`` (unless ``unlimited``), ``offset`` and ``fts_q``."""
    include_superseded, given, searched = shape.include_superseded, set(shape.filters), shape.search
    c, d = claims, documents
    stmt = (
        sa.select(
            d.c.id.label("doc_id"),
            c.c.id.label("claim_id"),
            c.c.text,
            c.c.source_display.label("source"),
            c.c.source_kind,
            c.c.modality,
            c.c.certainty,
            c.c.cue_text.label("cue"),
            c.c.span_start.label("start"),
            c.c.span_end.label("end"),
            d.c.published,
            d.c.title,
            d.c.outlet,
            d.c.url,
        )
        .select_from(c.join(d, c.c.doc_pk == d.c.pk))
        .order_by(c.c.pk)
    )
    if not include_superseded:
        # NOT IN the (short) superseded list rather than `superseded_by IS NULL`: the latter would tempt the
        # planner to drive the query from the superseded_by index, which matches nearly every document.
        stmt = stmt.where(c.c.doc_pk.not_in(_superseded()))
    if "source" in given:
        stmt = stmt.where(c.c.source_display.icontains(sa.bindparam("source", type_=sa.Text), escape=_LIKE_ESCAPE))
    if "modality" in given:
        stmt = stmt.where(c.c.modality == sa.bindparam("modality"))
    if "since" in given:
        stmt = stmt.where(d.c.published_day >= sa.bindparam("since"))
    if "until" in given:
        stmt = stmt.where(d.c.published_day <= sa.bindparam("until"))
    if "entity_key" in given:
        stmt = stmt.where(c.c.pk.in_(_claims_with_entity()))
    if given & {"unit", "low", "high"}:
        stmt = stmt.where(c.c.pk.in_(_claims_with_figure(given)))
    if searched:
        # Compiled with a stand-in text: the real one is bound as `fts_q` on every run.
        matching = fts.matching_claims(dialect, "x")
        assert matching is not None
        stmt = stmt.where(c.c.pk.in_(matching))
    if not unlimited:
        stmt = stmt.limit(sa.bindparam("limit", type_=sa.Integer))
    return stmt.offset(sa.bindparam("offset", type_=sa.Integer))


def _named(name: str) -> sa.Select[Any]:
    return sa.select(entity_names.c.entity_pk).where(entity_names.c.name_key == name_key(name))


def _claims_with_entity() -> sa.Select[Any]:
    # Mentioned in the claim or holding it ("the ministry said ..."): both are claim_entities rows.
    named = sa.select(entity_names.c.entity_pk).where(entity_names.c.name_key == sa.bindparam("entity_key"))
    return sa.select(claim_entities.c.claim_pk).where(claim_entities.c.entity_pk.in_(named))


def _claims_with_figure(given: set[str]) -> sa.Select[Any]:
    q = quantities
    stmt = sa.select(claim_quantities.c.claim_pk).join(q, q.c.pk == claim_quantities.c.quantity_pk)
    if "unit" in given:
        stmt = stmt.where(sa.func.lower(q.c.unit) == sa.bindparam("unit", type_=sa.String))
    # A range figure ("20 to 30") counts when it lies inside [low, high].
    if "low" in given:
        stmt = stmt.where(sa.func.coalesce(q.c.value, q.c.low) >= sa.bindparam("low", type_=sa.Float))
    if "high" in given:
        stmt = stmt.where(sa.func.coalesce(q.c.value, q.c.high) <= sa.bindparam("high", type_=sa.Float))
    return stmt


def _superseded() -> sa.Select[Any]:
    # Summaries skip old revisions with a small NOT IN list instead of a join: a join costs one
    # documents lookup per claim or entity row, most of a summary's time on a large store.
    return sa.select(documents.c.pk).where(documents.c.superseded_by.is_not(None))


def sources_select() -> sa.Select[Any]:
    c = claims
    by_modality = [sa.func.sum(sa.case((c.c.modality == m, 1), else_=0)).label(m) for m in MODALITIES]
    n = sa.func.count().label("claims")
    return (
        sa.select(
            c.c.source_display.label("source"),
            sa.func.max(c.c.source_kind).label("kind"),
            n,
            sa.func.count(sa.distinct(c.c.doc_pk)).label("documents"),
            *by_modality,
        )
        .where(c.c.doc_pk.not_in(_superseded()))
        .group_by(c.c.source_display)
        .order_by(n.desc(), c.c.source_display)
    )


def entity_rows(conn: sa.Connection, *, name: str | None, limit: int | None) -> list[EntityRow]:
    e = entities
    mentions = sa.func.sum(e.c.n_mentions).label("mentions")
    stmt = (
        sa.select(e.c.name, e.c.type, mentions, sa.func.count(sa.distinct(e.c.doc_pk)).label("documents"))
        .where(e.c.doc_pk.not_in(_superseded()))
        .group_by(e.c.name, e.c.type)
        .order_by(mentions.desc(), e.c.name)
        .limit(limit)
    )
    if name is not None:
        stmt = stmt.where(e.c.pk.in_(_named(name)))
    groups = list(conn.execute(stmt).mappings())
    if not groups:
        return []
    # Aliases come from a second, narrow query: JSON lists do not aggregate portably in SQL.
    alias_stmt = sa.select(e.c.name, e.c.type, e.c.aliases).where(
        e.c.doc_pk.not_in(_superseded()), e.c.name.in_({g["name"] for g in groups})
    )
    if conn.dialect.name == "sqlite":
        # The same alias list recurs across articles: fetch and decode each once. (PostgreSQL's json type
        # has no equality, so there the duplicates are merged below instead.)
        alias_stmt = alias_stmt.distinct()
    if name is not None:
        alias_stmt = alias_stmt.where(e.c.pk.in_(_named(name)))
    aliases: dict[tuple[str, str], dict[str, None]] = {}
    for row in conn.execute(alias_stmt):
        bucket = aliases.setdefault((row.name, row.type), {})
        bucket.update(dict.fromkeys(a for a in row.aliases if a != row.name))
    return [
        EntityRow(
            name=g["name"],
            type=g["type"],
            aliases=tuple(sorted(aliases.get((g["name"], g["type"]), {}))),
            mentions=int(g["mentions"] or 0),
            documents=int(g["documents"]),
        )
        for g in groups
    ]


def documents_select() -> sa.Select[Any]:
    d = documents
    return sa.select(
        d.c.id.label("doc_id"),
        d.c.title,
        d.c.published,
        d.c.outlet,
        d.c.url,
        d.c.n_claims.label("claims"),
        d.c.n_entities.label("entities"),
        d.c.added_at,
        d.c.revision_of,
        d.c.superseded_by,
    ).order_by(d.c.pk.desc())


def count_mismatches(conn: sa.Connection) -> list[str]:
    """Documents whose child rows do not add up to the counts written with them."""
    problems: list[str] = []
    for table, column in ((claims, "n_claims"), (entities, "n_entities")):
        actual = sa.select(table.c.doc_pk, sa.func.count().label("n")).group_by(table.c.doc_pk).subquery()
        stmt = (
            sa.select(documents.c.id, documents.c[column], sa.func.coalesce(actual.c.n, 0))
            .select_from(documents.outerjoin(actual, actual.c.doc_pk == documents.c.pk))
            .where(documents.c[column] != sa.func.coalesce(actual.c.n, 0))
        )
        problems.extend(f"{doc_id}: {column}={want} but {got} rows" for doc_id, want, got in conn.execute(stmt))
    return problems
