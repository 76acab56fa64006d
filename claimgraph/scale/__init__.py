"""Batch runs over corpora of any size: resumable, fault-tolerant, Parquet out, local or on Ray.

``run_batch(inputs, out=..., workers=...)`` is the one entry point; the ``claimgraph batch``
command is a thin layer over it. See ``claimgraph/scale/README.md`` for the output schema.
"""

from __future__ import annotations

from claimgraph.scale.batch import BatchSummary, extract_chunk, run_batch
from claimgraph.scale.checkpoint import read_errors, read_table
from claimgraph.scale.tables import SCHEMAS, TABLES

__all__ = ["SCHEMAS", "TABLES", "BatchSummary", "extract_chunk", "read_errors", "read_table", "run_batch"]
