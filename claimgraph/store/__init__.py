"""The evidence store: analyses kept in one database, queried by source, entity, date, text and figure."""

from __future__ import annotations

from claimgraph.store.filters import ClaimFilter
from claimgraph.store.rows import AddResult, ClaimRow, DocumentRow, EntityRow, SourceRow
from claimgraph.store.store import Store

__all__ = ["AddResult", "ClaimFilter", "ClaimRow", "DocumentRow", "EntityRow", "SourceRow", "Store"]
