"""The write path: one article's rows in a handful of ``executemany`` calls.

SQLAlchemy Core compiles each INSERT once per dialect (so the SQL stays portable);
the rows then go straight to the DB-API cursor. Going through Core's per-statement
machinery for every article cost most of the insert time, and RETURNING is not
available with ``executemany`` on SQLite, so primary keys are assigned here:
safe because every write runs under the single writer's lock (``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from claimgraph.model import Analysis
from claimgraph.store import codec
from claimgraph.store.rows import AddResult
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

_KEYED = (documents, entities, quantities, times, claims)
_MAX_PKS = "SELECT " + ", ".join(f"(SELECT max(pk) FROM {t.name})" for t in _KEYED)


def json_dumps(value: Any) -> str:
    """JSON column text; also the engine's ``json_serializer``, so Core writes the same text."""
    # Non-ASCII kept as is: readable in Datasette and sqlite3 shells.
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class _Insert:
    sql: str
    columns: tuple[str, ...]
    json_columns: frozenset[str]
    positional: bool

    def params(self, rows: Sequence[dict[str, Any]]) -> list[Any]:
        js, cols = self.json_columns, self.columns

        def value(row: dict[str, Any], c: str) -> Any:
            return json_dumps(row[c]) if c in js else row[c]

        if self.positional:
            return [tuple(value(r, c) for c in cols) for r in rows]
        return [{c: value(r, c) for c in cols} for r in rows]


def _compile(table: sa.Table, dialect: sa.Dialect) -> _Insert:
    columns = tuple(c.name for c in table.columns)
    compiled = sa.insert(table).compile(dialect=dialect, column_keys=list(columns))
    order = tuple(compiled.positiontup or ()) if compiled.positional else columns
    json_cols = frozenset(c.name for c in table.columns if isinstance(c.type, sa.JSON))
    return _Insert(str(compiled), order, json_cols, bool(compiled.positional))


@dataclass(frozen=True, slots=True)
class _Query:
    sql: str
    order: tuple[str, ...] | None  # bind names in order for positional drivers (SQLite), None for named
    defaults: dict[str, Any]  # values bound at compile time, e.g. a LIMIT

    def params(self, given: dict[str, Any]) -> Any:
        values = {**self.defaults, **given}
        return tuple(values[k] for k in self.order) if self.order is not None else values


def _compile_query(stmt: sa.ClauseElement, dialect: sa.Dialect) -> _Query:
    compiled = stmt.compile(dialect=dialect)
    assert isinstance(compiled, sa.sql.compiler.SQLCompiler)
    order = tuple(compiled.positiontup or ()) if compiled.positional else None
    return _Query(str(compiled), order, {k: v for k, v in compiled.params.items() if v is not None})


class RowWriter:
    """Writes analyses through precompiled statements on one connection's dialect."""

    def __init__(self, dialect: sa.Dialect) -> None:
        tables = (*_KEYED, entity_names, claim_entities, claim_quantities)
        self._inserts = {t.name: _compile(t, dialect) for t in tables}
        d = documents.c
        self._queries = {
            "exists": _compile_query(sa.select(d.pk).where(d.id == sa.bindparam("id")), dialect),
            "current": _compile_query(
                sa.select(d.id)
                .where(d.url == sa.bindparam("url"), d.superseded_by.is_(None))
                .order_by(d.pk.desc())
                .limit(1),
                dialect,
            ),
            "supersede": _compile_query(
                sa.update(documents).where(d.id == sa.bindparam("old")).values(superseded_by=sa.bindparam("new")),
                dialect,
            ),
        }

    def _run(self, cursor: Any, name: str, **params: Any) -> Any:
        query = self._queries[name]
        cursor.execute(query.sql, query.params(params))
        # No result set after an UPDATE: psycopg refuses fetchone() there, sqlite3 returns None.
        row = cursor.fetchone() if cursor.description is not None else None
        return row[0] if row else None

    def add(self, cursor: Any, analysis: Analysis, *, added_at: str) -> AddResult:
        """Add ``analysis`` inside the caller's write transaction: unchanged, revision or added."""
        doc = analysis.document
        if self._run(cursor, "exists", id=doc.id) is not None:
            return AddResult("unchanged", doc.id, title=doc.title)
        previous = self._run(cursor, "current", url=doc.url) if doc.url else None
        if previous is not None:
            self._run(cursor, "supersede", old=previous, new=doc.id)
        self.write(cursor, analysis, added_at=added_at, revision_of=previous)
        if previous is not None:
            return AddResult("revision", doc.id, previous_id=previous, title=doc.title)
        return AddResult("added", doc.id, title=doc.title)

    def _put(self, cursor: Any, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            ins = self._inserts[table.name]
            cursor.executemany(ins.sql, ins.params(rows))

    def _next_pks(self, cursor: Any) -> dict[str, int]:
        # One statement for every table's next key: a round trip each would cost a network backend dearly.
        cursor.execute(_MAX_PKS)
        row = cursor.fetchone()
        return {t.name: (m if m is not None else 0) + 1 for t, m in zip(_KEYED, row, strict=True)}

    def write(self, cursor: Any, analysis: Analysis, *, added_at: str, revision_of: str | None) -> int:
        """Insert every row of ``analysis`` with ``cursor`` (in a write transaction); returns the document pk."""
        next_pk = self._next_pks(cursor)
        doc_pk = next_pk["documents"]
        doc = codec.document_row(analysis, added_at=added_at, revision_of=revision_of)
        self._put(cursor, documents, [{"pk": doc_pk, **doc}])

        def keyed(table: sa.Table, rows: list[dict[str, Any]]) -> list[int]:
            start = next_pk[table.name]
            pks = list(range(start, start + len(rows)))
            self._put(cursor, table, [{"pk": pk, **r} for pk, r in zip(pks, rows, strict=True)])
            return pks

        ents = analysis.entities
        entity_pks = keyed(entities, [codec.entity_row(doc_pk, i, e) for i, e in enumerate(ents)])
        names = [r for pk, e in zip(entity_pks, ents, strict=True) for r in codec.entity_name_rows(pk, e)]
        self._put(cursor, entity_names, names)
        qs = analysis.quantities
        quantity_pks = keyed(quantities, [codec.quantity_row(doc_pk, i, q) for i, q in enumerate(qs)])
        keyed(times, [codec.time_row(doc_pk, i, t) for i, t in enumerate(analysis.times)])
        cs = analysis.claims
        claim_pks = keyed(claims, [codec.claim_row(doc_pk, i, c) for i, c in enumerate(cs)])
        # Ids are local to the article; a dangling reference stays in the claim's JSON but is not linked.
        by_entity = dict(zip((e.id for e in ents), entity_pks, strict=True))
        by_quantity = dict(zip((q.id for q in qs), quantity_pks, strict=True))
        ce: list[dict[str, Any]] = []
        cq: list[dict[str, Any]] = []
        for claim_pk, claim in zip(claim_pks, cs, strict=True):
            ce.extend(
                {"claim_pk": claim_pk, "entity_pk": by_entity[e], "role": "mention"}
                for e in dict.fromkeys(claim.entities)
                if e in by_entity
            )
            if claim.source.entity in by_entity:
                ce.append({"claim_pk": claim_pk, "entity_pk": by_entity[claim.source.entity], "role": "source"})
            cq.extend(
                {"claim_pk": claim_pk, "quantity_pk": by_quantity[q]}
                for q in dict.fromkeys(claim.quantities)
                if q in by_quantity
            )
        self._put(cursor, claim_entities, ce)
        self._put(cursor, claim_quantities, cq)
        return doc_pk
