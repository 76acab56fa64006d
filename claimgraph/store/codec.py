"""Analysis <-> table rows, field by field, so that what is read back equals what was written."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from claimgraph.model import (
    Analysis,
    Claim,
    Cue,
    Document,
    Entity,
    Quantity,
    Source,
    Span,
    TextSpan,
    TimeExpr,
)

Row = dict[str, Any]


def _span_cols(prefix: str, span: Span | None) -> Row:
    return {
        f"{prefix}_start": span.start if span is not None else None,
        f"{prefix}_end": span.end if span is not None else None,
    }


def _span_of(row: Mapping[str, Any], prefix: str) -> Span | None:
    start, end = row[f"{prefix}_start"], row[f"{prefix}_end"]
    return None if start is None else Span(int(start), int(end))


def _req_span(row: Mapping[str, Any], prefix: str) -> Span:
    return Span(int(row[f"{prefix}_start"]), int(row[f"{prefix}_end"]))


def name_key(name: str) -> str:
    """Case-folded, space-collapsed form under which entity names and aliases are looked up."""
    return " ".join(name.casefold().split())


def document_row(analysis: Analysis, *, added_at: str, revision_of: str | None) -> Row:
    d = analysis.document
    return {
        "id": d.id,
        "title": d.title,
        "published": d.published,
        "published_day": d.published[:10] if d.published else None,
        "outlet": d.outlet,
        "url": d.url,
        "language": d.language,
        "author": d.author,
        "published_origin": d.published_origin,
        **_span_cols("title_span", d.title_span),
        **_span_cols("dateline_span", d.dateline_span),
        "subheadings": [s.to_dict() for s in d.subheadings],
        "source_path": d.source_path,
        "source_format": d.source_format,
        "encoding": d.encoding,
        "notes": list(d.notes),
        "metadata": d.metadata,
        "warnings": list(analysis.warnings),
        "generator": analysis.generator,
        "text": d.text,
        "n_claims": len(analysis.claims),
        "n_entities": len(analysis.entities),
        "n_quantities": len(analysis.quantities),
        "n_times": len(analysis.times),
        "revision_of": revision_of,
        "superseded_by": None,
        "added_at": added_at,
    }


def entity_row(doc_pk: int, ord_: int, e: Entity) -> Row:
    return {
        "doc_pk": doc_pk,
        "ord": ord_,
        "id": e.id,
        "name": e.name,
        "type": e.type,
        "aliases": list(e.aliases),
        "mentions": [m.to_list() for m in e.mentions],
        "n_mentions": len(e.mentions),
        "role": e.role,
        "kind": e.kind,
        "roles": list(e.roles),
    }


def entity_name_rows(entity_pk: int, e: Entity) -> list[Row]:
    keys = {name_key(e.name): False}
    for alias in e.aliases:
        keys.setdefault(name_key(alias), True)
    return [{"entity_pk": entity_pk, "name_key": k, "is_alias": alias} for k, alias in keys.items() if k]


def quantity_row(doc_pk: int, ord_: int, q: Quantity) -> Row:
    return {
        "doc_pk": doc_pk,
        "ord": ord_,
        "id": q.id,
        **_span_cols("span", q.span),
        "text": q.text,
        "value": q.value,
        "low": q.low,
        "high": q.high,
        "unit": q.unit,
        "approx": q.approx,
        "approx_class": q.approx_class,
        "kind": q.kind,
        "unit_text": q.unit_text,
        "concept": q.concept,
        "direction": q.direction,
        "of": q.of,
    }


def time_row(doc_pk: int, ord_: int, t: TimeExpr) -> Row:
    return {
        "doc_pk": doc_pk,
        "ord": ord_,
        "id": t.id,
        **_span_cols("span", t.span),
        "text": t.text,
        "type": t.type,
        "value": t.value,
        "mod": t.mod,
        "anchor": t.anchor,
        "begin_value": t.begin,
        "end_value": t.end,
        "role": t.role,
    }


def claim_row(doc_pk: int, ord_: int, c: Claim) -> Row:
    s = c.source
    return {
        "doc_pk": doc_pk,
        "ord": ord_,
        "id": c.id,
        **_span_cols("span", c.span),
        "text": c.text,
        "modality": c.modality,
        "certainty": c.certainty,
        "source_kind": s.kind,
        "source_text": s.text,
        **_span_cols("source_span", s.span),
        "source_entity": s.entity,
        "source_type": s.type,
        "source_resolved_text": s.resolved_text,
        **_span_cols("source_resolved_span", s.resolved_span),
        "source_display": s.display,
        "cue_text": c.cue.text if c.cue else None,
        **_span_cols("cue_span", c.cue.span if c.cue else None),
        "entity_ids": list(c.entities),
        "quantity_ids": list(c.quantities),
        "time_ids": list(c.times),
        "markers": [m.to_dict() for m in c.markers],
        **_span_cols("sentence", c.sentence),
        "parent": c.parent,
    }


def read_document(row: Mapping[str, Any]) -> Document:
    return Document(
        id=row["id"],
        text=row["text"],
        title=row["title"],
        published=row["published"],
        outlet=row["outlet"],
        url=row["url"],
        language=row["language"],
        author=row["author"],
        published_origin=row["published_origin"],
        title_span=_span_of(row, "title_span"),
        dateline_span=_span_of(row, "dateline_span"),
        subheadings=tuple(TextSpan.from_dict(s) for s in row["subheadings"]),
        source_path=row["source_path"],
        source_format=row["source_format"],
        encoding=row["encoding"],
        notes=tuple(row["notes"]),
        metadata=dict(row["metadata"]),
    )


def read_entity(row: Mapping[str, Any]) -> Entity:
    return Entity(
        id=row["id"],
        name=row["name"],
        type=row["type"],
        aliases=tuple(row["aliases"]),
        mentions=tuple(Span.from_list(m) for m in row["mentions"]),
        role=row["role"],
        kind=row["kind"],
        roles=tuple(row["roles"]),
    )


def read_quantity(row: Mapping[str, Any]) -> Quantity:
    return Quantity(
        id=row["id"],
        span=_req_span(row, "span"),
        text=row["text"],
        value=row["value"],
        low=row["low"],
        high=row["high"],
        unit=row["unit"],
        approx=row["approx"],
        approx_class=row["approx_class"],
        kind=row["kind"],
        unit_text=row["unit_text"],
        concept=row["concept"],
        direction=row["direction"],
        of=row["of"],
    )


def read_time(row: Mapping[str, Any]) -> TimeExpr:
    return TimeExpr(
        id=row["id"],
        span=_req_span(row, "span"),
        text=row["text"],
        type=row["type"],
        value=row["value"],
        mod=row["mod"],
        anchor=row["anchor"],
        begin=row["begin_value"],
        end=row["end_value"],
        role=row["role"],
    )


def read_claim(row: Mapping[str, Any]) -> Claim:
    cue_span = _span_of(row, "cue_span")
    return Claim(
        id=row["id"],
        span=_req_span(row, "span"),
        text=row["text"],
        source=Source(
            kind=row["source_kind"],
            text=row["source_text"],
            span=_span_of(row, "source_span"),
            entity=row["source_entity"],
            type=row["source_type"],
            resolved_text=row["source_resolved_text"],
            resolved_span=_span_of(row, "source_resolved_span"),
        ),
        cue=Cue(text=row["cue_text"], span=cue_span) if cue_span is not None else None,
        modality=row["modality"],
        certainty=row["certainty"],
        entities=tuple(row["entity_ids"]),
        quantities=tuple(row["quantity_ids"]),
        times=tuple(row["time_ids"]),
        markers=tuple(TextSpan.from_dict(m) for m in row["markers"]),
        sentence=_span_of(row, "sentence"),
        parent=row["parent"],
    )


def read_analysis(doc: Any, ents: list[Any], qs: list[Any], ts: list[Any], cs: list[Any]) -> Analysis:
    """Rebuild an Analysis from its document row and its child rows (each already in `ord` order)."""
    return Analysis(
        document=read_document(doc),
        entities=tuple(read_entity(r) for r in ents),
        quantities=tuple(read_quantity(r) for r in qs),
        times=tuple(read_time(r) for r in ts),
        claims=tuple(read_claim(r) for r in cs),
        warnings=tuple(doc["warnings"]),
        generator=dict(doc["generator"]),
    )
