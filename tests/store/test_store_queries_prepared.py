"""The prepared read path: each filter combination compiled once, run with each request's own values."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.store import ClaimFilter, Store, fts, queries
from claimgraph.store.rows import ClaimRow, column_names
from tests.store.factories import harbour_analysis
from tests.store.test_store_queries import river_analysis

# Filter combinations of several shapes, some sharing a shape with other values.
FILTERS: list[dict[str, Any]] = [
    {},
    {"source": "board"},
    {"source": "varga"},
    {"modality": "negated"},
    {"modality": "speculative"},
    {"search": "evacuation"},
    {"search": "strike", "modality": "negated"},
    {"search": "flood", "source": "water"},
    {"entity": "the board"},
    {"entity": "Varga"},
    {"since": "2024-05-01"},
    {"until": "2024-03-04", "modality": "hedged"},
    {"unit": "metre", "min_value": 1.0, "max_value": 3.0},
    {"min_value": 3.5},
    {"include_superseded": True, "source": "board"},
]


@pytest.fixture
def filled(store: Store) -> Store:
    store.add(harbour_analysis())
    store.add(river_analysis())
    return store


def _through_core(store: Store, filters: dict[str, Any], *, limit: int | None, offset: int) -> list[ClaimRow]:
    """The same select executed by SQLAlchemy Core, with its values bound the ordinary way."""
    query = queries.claims_query(ClaimFilter(**filters))
    values = dict(query.values, offset=offset)
    if limit is not None:
        values["limit"] = limit
    conn = store.connection
    if query.search is not None:
        matching = fts.matching_claims(conn.dialect.name, query.search)
        assert matching is not None
        values["fts_q"] = matching.compile(dialect=conn.dialect).params["fts_q"]
    stmt = queries.claims_select(conn.dialect.name, query.shape, unlimited=limit is None)
    with conn.begin():
        return [ClaimRow(**row) for row in conn.execute(stmt, values).mappings()]


def test_store_queries_prepared_claims_agree_with_core_for_every_shape_and_value(filled: Store) -> None:
    for limit, offset in ((None, 0), (2, 1)):
        for filters in FILTERS:
            got = filled.claims(**filters, limit=limit, offset=offset)
            assert got == _through_core(filled, filters, limit=limit, offset=offset), filters
    # Each value reaches its own run: the same shape with other values finds other claims.
    assert {r.text for r in filled.claims(source="varga")} == {"300 dock workers may walk out next week"}
    assert {r.source for r in filled.claims(source="board")} == {"The Velmar water board"}


def test_store_queries_prepared_claims_columns_are_the_row_fields(filled: Store) -> None:
    query = queries.claims_query(ClaimFilter())
    stmt = queries.claims_select(filled.connection.dialect.name, query.shape, unlimited=True)
    assert [c.name for c in stmt.selected_columns] == column_names(ClaimRow)


def test_store_queries_prepared_source_wildcards_match_themselves(filled: Store) -> None:
    assert filled.claims(source="mayor ilse")
    assert filled.claims(source="mayor_ilse") == []
    assert filled.claims(source="may%ilse") == []
    assert filled.claims(source="/") == []


def test_store_queries_prepared_get_reads_back_every_row_in_order(filled: Store) -> None:
    for analysis in (harbour_analysis(), river_analysis()):
        got = filled.get(analysis.document.id[:12])
        assert got.to_dict() == analysis.to_dict()
