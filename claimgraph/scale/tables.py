"""Analyses flattened into rows: one table per record type, with fixed Arrow schemas.

Tables: ``documents`` (one row per article, with the full analysis JSON so nothing is lost),
``claims``, ``quantities``, ``times``, ``entities``. Every row carries ``record_id`` (where the
article came from, see :mod:`claimgraph.scale.inputs`) and ``doc_id`` (the content id).
The schemas are documented in ``claimgraph/scale/README.md``; a test keeps the two in step.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

from claimgraph.model import Analysis

Row = dict[str, Any]
Tables = dict[str, list[Row]]

_STR = pa.string()
_STRS = pa.list_(pa.string())
_INT = pa.int64()
_INTS = pa.list_(pa.int64())
_F = pa.float64()

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            ("record_id", _STR), ("doc_id", _STR), ("source_path", _STR), ("source_format", _STR),
            ("url", _STR), ("title", _STR), ("published", _STR), ("published_origin", _STR),
            ("outlet", _STR), ("author", _STR), ("language", _STR), ("encoding", _STR),
            ("n_chars", _INT), ("n_claims", _INT), ("notes", _STRS), ("warnings", _STRS),
            ("text", _STR), ("analysis", _STR),
        ]
    ),
    "claims": pa.schema(
        [
            ("record_id", _STR), ("doc_id", _STR), ("claim_id", _STR), ("span_start", _INT), ("span_end", _INT),
            ("text", _STR), ("source_kind", _STR), ("source_text", _STR), ("source_resolved", _STR),
            ("source_entity", _STR), ("source_type", _STR), ("cue", _STR), ("modality", _STR),
            ("certainty", _F), ("entities", _STRS), ("quantities", _STRS), ("times", _STRS),
            ("markers", _STRS), ("sentence_start", _INT), ("sentence_end", _INT), ("parent", _STR),
            ("content", _STRS),
        ]
    ),
    "quantities": pa.schema(
        [
            ("record_id", _STR), ("doc_id", _STR), ("quantity_id", _STR), ("span_start", _INT), ("span_end", _INT),
            ("text", _STR), ("value", _F), ("low", _F), ("high", _F), ("unit", _STR), ("unit_text", _STR),
            ("approx", _STR), ("approx_class", _STR), ("kind", _STR), ("concept", _STR), ("direction", _STR),
            ("of", _STR),
        ]
    ),
    "times": pa.schema(
        [
            ("record_id", _STR), ("doc_id", _STR), ("time_id", _STR), ("span_start", _INT), ("span_end", _INT),
            ("text", _STR), ("type", _STR), ("value", _STR), ("mod", _STR), ("anchor", _STR), ("begin", _STR),
            ("end", _STR), ("role", _STR), ("quant", _STR),
        ]
    ),
    "entities": pa.schema(
        [
            ("record_id", _STR), ("doc_id", _STR), ("entity_id", _STR), ("name", _STR), ("type", _STR),
            ("kind", _STR), ("role", _STR), ("roles", _STRS), ("aliases", _STRS), ("mention_starts", _INTS),
            ("mention_ends", _INTS),
        ]
    ),
}  # fmt: skip
TABLES: tuple[str, ...] = tuple(SCHEMAS)


def empty_tables() -> Tables:
    """One empty row list per table."""
    return {name: [] for name in TABLES}


def _float(value: float | None) -> float | None:
    return None if value is None else float(value)


def analysis_rows(record_id: str, analysis: Analysis, into: Tables) -> None:
    """Append the rows of one analysis to ``into`` (every table)."""
    doc = analysis.document
    ids = {"record_id": record_id, "doc_id": doc.id}
    into["documents"].append(
        {
            **ids,
            "source_path": doc.source_path, "source_format": doc.source_format, "url": doc.url, "title": doc.title,
            "published": doc.published, "published_origin": doc.published_origin, "outlet": doc.outlet,
            "author": doc.author, "language": doc.language, "encoding": doc.encoding, "n_chars": len(doc.text),
            "n_claims": len(analysis.claims), "notes": list(doc.notes), "warnings": list(analysis.warnings),
            "text": doc.text,
            "analysis": json.dumps(analysis.to_dict(), ensure_ascii=False, sort_keys=True, default=str),
        }
    )  # fmt: skip
    for c in analysis.claims:
        s = c.source
        into["claims"].append(
            {
                **ids,
                "claim_id": c.id, "span_start": c.span.start, "span_end": c.span.end, "text": c.text,
                "source_kind": s.kind, "source_text": s.text, "source_resolved": s.resolved_text,
                "source_entity": s.entity, "source_type": s.type, "cue": c.cue.text if c.cue else None,
                "modality": c.modality, "certainty": _float(c.certainty), "entities": list(c.entities),
                "quantities": list(c.quantities), "times": list(c.times), "markers": [m.text for m in c.markers],
                "sentence_start": c.sentence.start if c.sentence else None,
                "sentence_end": c.sentence.end if c.sentence else None, "parent": c.parent,
                "content": [analysis.document.text[f.start : f.end] for f in c.content],
            }
        )  # fmt: skip
    for q in analysis.quantities:
        into["quantities"].append(
            {
                **ids,
                "quantity_id": q.id, "span_start": q.span.start, "span_end": q.span.end, "text": q.text,
                "value": _float(q.value), "low": _float(q.low), "high": _float(q.high), "unit": q.unit,
                "unit_text": q.unit_text, "approx": q.approx, "approx_class": q.approx_class, "kind": q.kind,
                "concept": q.concept, "direction": q.direction, "of": q.of,
            }
        )  # fmt: skip
    for t in analysis.times:
        into["times"].append(
            {
                **ids,
                "time_id": t.id, "span_start": t.span.start, "span_end": t.span.end, "text": t.text, "type": t.type,
                "value": t.value, "mod": t.mod, "anchor": t.anchor, "begin": t.begin, "end": t.end,
                "role": t.role, "quant": t.quant,
            }
        )  # fmt: skip
    for e in analysis.entities:
        into["entities"].append(
            {
                **ids,
                "entity_id": e.id, "name": e.name, "type": e.type, "kind": e.kind, "role": e.role,
                "roles": list(e.roles), "aliases": list(e.aliases),
                "mention_starts": [m.start for m in e.mentions], "mention_ends": [m.end for m in e.mentions],
            }
        )  # fmt: skip


def to_arrow(name: str, rows: list[Row]) -> pa.Table:
    """The rows of table ``name`` as an Arrow table with its fixed schema."""
    return pa.Table.from_pylist(rows, schema=SCHEMAS[name])


def analysis_from_row(row: Row) -> Analysis:
    """The full analysis stored in a ``documents`` row (lossless round trip)."""
    return Analysis.from_dict(json.loads(row["analysis"]))


def error_row(record_id: str, where: str, error: Exception) -> Row:
    """One line of ``errors.jsonl``: which record failed, where, its code and reason."""
    return {
        "record_id": record_id,
        "where": where,
        "code": getattr(error, "code", "E000"),
        "error": str(error),
    }
