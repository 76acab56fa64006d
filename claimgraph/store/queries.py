"""The store's read queries, as portable SQLAlchemy Core selects (full-text search aside)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from claimgraph.errors import InvalidDateError, NotFoundError, StoreError
from claimgraph.model import MODALITIES
from claimgraph.store import fts
from claimgraph.store.codec import name_key
from claimgraph.store.rows import EntityRow
from claimgraph.store.schema import (
    claim_entities,
    claim_quantities,
    claims,
    documents,
    entities,
    entity_names,
    quantities,
)

_HEX = re.compile(r"[0-9a-f]+")
_ID_LEN = 64


def resolve_document(conn: sa.Connection, doc_id_or_prefix: str) -> int:
    """The pk of the one document whose id starts with the given text (E040 if none or several)."""
    prefix = doc_id_or_prefix.strip().lower()
    if not prefix or not _HEX.fullmatch(prefix) or len(prefix) > _ID_LEN:
        raise NotFoundError(f"{doc_id_or_prefix!r} is not a document id (ids are hexadecimal, up to 64 characters).")
    # A range rather than LIKE: it uses the unique index on every backend.
    stmt = (
        sa.select(documents.c.pk, documents.c.id)
        .where(documents.c.id >= prefix, documents.c.id <= prefix + "f" * (_ID_LEN - len(prefix)))
        .limit(2)
    )
    found = list(conn.execute(stmt))
    if not found:
        raise NotFoundError(f"no stored document id starts with {prefix!r}; list them with `claimgraph claims`.")
    if len(found) > 1:
        raise NotFoundError(f"{prefix!r} is the start of several document ids; give more characters.")
    return int(found[0].pk)


def day(value: str | date | None, what: str) -> str | None:
    """A date filter as YYYY-MM-DD (E017 if it is not an ISO date)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        raise InvalidDateError(f"{what} {value!r} is not a date; use YYYY-MM-DD.") from None


def claims_select(
    dialect: str,
    *,
    source: str | None,
    entity: str | None,
    modality: str | None,
    since: str | None,
    until: str | None,
    search: str | None,
    unit: str | None,
    min_value: float | None,
    max_value: float | None,
    include_superseded: bool,
) -> sa.Select[Any] | None:
    """The claims query for these filters; None when the filters can match nothing."""
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
    if source:
        stmt = stmt.where(c.c.source_display.icontains(source, autoescape=True))
    if modality:
        if modality not in MODALITIES:
            raise StoreError(f"unknown modality {modality!r}; use one of {', '.join(MODALITIES)}.")
        stmt = stmt.where(c.c.modality == modality)
    if (since_day := day(since, "--since")) is not None:
        stmt = stmt.where(d.c.published_day >= since_day)
    if (until_day := day(until, "--until")) is not None:
        stmt = stmt.where(d.c.published_day <= until_day)
    if entity:
        stmt = stmt.where(c.c.pk.in_(_claims_with_entity(entity)))
    if unit is not None or min_value is not None or max_value is not None:
        stmt = stmt.where(c.c.pk.in_(_claims_with_figure(unit, min_value, max_value)))
    if search:
        matching = fts.matching_claims(dialect, search)
        if matching is None:
            return None
        stmt = stmt.where(c.c.pk.in_(matching))
    return stmt


def _named(name: str) -> sa.Select[Any]:
    return sa.select(entity_names.c.entity_pk).where(entity_names.c.name_key == name_key(name))


def _claims_with_entity(name: str) -> sa.Select[Any]:
    # Mentioned in the claim or holding it ("the ministry said ..."): both are claim_entities rows.
    return sa.select(claim_entities.c.claim_pk).where(claim_entities.c.entity_pk.in_(_named(name)))


def _claims_with_figure(unit: str | None, low: float | None, high: float | None) -> sa.Select[Any]:
    q = quantities
    stmt = sa.select(claim_quantities.c.claim_pk).join(q, q.c.pk == claim_quantities.c.quantity_pk)
    if unit is not None:
        stmt = stmt.where(sa.func.lower(q.c.unit) == unit.lower())
    # A range figure ("20 to 30") counts when it lies inside [low, high].
    if low is not None:
        stmt = stmt.where(sa.func.coalesce(q.c.value, q.c.low) >= low)
    if high is not None:
        stmt = stmt.where(sa.func.coalesce(q.c.value, q.c.high) <= high)
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
