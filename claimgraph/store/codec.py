"""Analysis <-> table rows, field by field, so that what is read back equals what was written."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from claimgraph.model import (
    Analysis,
    Attribution,
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
        **_span_cols("byline_span", d.byline_span),
        "subheadings": [s.to_dict() for s in d.subheadings],
        "source_path": d.source_path,
        "source_format": d.source_format,
        "encoding": d.encoding,
        "notes": list(d.notes),
        "metadata": d.metadata,
        "warnings": list(analysis.warnings),
        "generator": analysis.generator,
        "attributions": [a.to_dict() for a in analysis.attributions],
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
        "content": [span.to_list() for span in c.content],
    }


# -- reading -----------------------------------------------------------------------------------
# Readers take plain row tuples in the column order named beside each one (the queries select exactly
# these columns): building a dataclass from a tuple costs a fraction of going through a row mapping, and
# an article page reads every child row of its article.

DOCUMENT_COLUMNS = (
    "id",
    "text",
    "title",
    "published",
    "outlet",
    "url",
    "language",
    "author",
    "published_origin",
    "title_span_start",
    "title_span_end",
    "dateline_span_start",
    "dateline_span_end",
    "subheadings",
    "source_path",
    "source_format",
    "encoding",
    "notes",
    "metadata",
    "warnings",
    "generator",
    "attributions",
    "byline_span_start",
    "byline_span_end",
)
ENTITY_COLUMNS = ("id", "name", "type", "aliases", "mentions", "role", "kind", "roles")
QUANTITY_COLUMNS = (
    "id",
    "span_start",
    "span_end",
    "text",
    "value",
    "low",
    "high",
    "unit",
    "approx",
    "approx_class",
    "kind",
    "unit_text",
    "concept",
    "direction",
    "of",
)
TIME_COLUMNS = (
    "id",
    "span_start",
    "span_end",
    "text",
    "type",
    "value",
    "mod",
    "anchor",
    "begin_value",
    "end_value",
    "role",
)
CLAIM_COLUMNS = (
    "id",
    "span_start",
    "span_end",
    "text",
    "modality",
    "certainty",
    "source_kind",
    "source_text",
    "source_span_start",
    "source_span_end",
    "source_entity",
    "source_type",
    "source_resolved_text",
    "source_resolved_span_start",
    "source_resolved_span_end",
    "cue_text",
    "cue_span_start",
    "cue_span_end",
    "entity_ids",
    "quantity_ids",
    "time_ids",
    "markers",
    "sentence_start",
    "sentence_end",
    "parent",
    "content",
)


def _json(value: Any) -> Any:
    # SQLite hands JSON columns back as text; psycopg has already decoded them.
    return json.loads(value) if isinstance(value, str) else value


def _opt_span(start: Any, end: Any) -> Span | None:
    return None if start is None else Span(int(start), int(end))


def _text_spans(value: Any) -> tuple[TextSpan, ...]:
    return tuple(TextSpan(text=d["text"], span=Span(int(d["span"][0]), int(d["span"][1]))) for d in _json(value))


def read_document(
    row: Sequence[Any],
) -> tuple[Document, tuple[str, ...], dict[str, Any], tuple[Attribution, ...]]:
    """A document row (:data:`DOCUMENT_COLUMNS`) as the Document, the warnings, the generator and the attributions."""
    (id_, text, title, published, outlet, url, language, author, origin, ts, te, ds, de, subheadings) = row[:14]
    (source_path, source_format, encoding, notes, metadata, warnings, generator, attributions, bs, be) = row[14:]
    document = Document(
        id=id_,
        text=text,
        title=title,
        published=published,
        outlet=outlet,
        url=url,
        language=language,
        author=author,
        published_origin=origin,
        title_span=_opt_span(ts, te),
        dateline_span=_opt_span(ds, de),
        subheadings=_text_spans(subheadings),
        byline_span=_opt_span(bs, be),
        source_path=source_path,
        source_format=source_format,
        encoding=encoding,
        notes=tuple(_json(notes)),
        metadata=dict(_json(metadata)),
    )
    return (
        document,
        tuple(_json(warnings)),
        dict(_json(generator)),
        tuple(Attribution.from_dict(a) for a in _json(attributions) or ()),
    )


def read_entity(row: Sequence[Any]) -> Entity:
    """An entity row (:data:`ENTITY_COLUMNS`)."""
    id_, name, type_, aliases, mentions, role, kind, roles = row
    return Entity(
        id=id_,
        name=name,
        type=type_,
        aliases=tuple(_json(aliases)),
        mentions=tuple(Span(int(m[0]), int(m[1])) for m in _json(mentions)),
        role=role,
        kind=kind,
        roles=tuple(_json(roles)),
    )


def read_quantity(row: Sequence[Any]) -> Quantity:
    """A quantity row (:data:`QUANTITY_COLUMNS`)."""
    id_, start, end, text, value, low, high, unit, approx, approx_class, kind, unit_text, concept, direction, of = row
    return Quantity(
        id=id_,
        span=Span(int(start), int(end)),
        text=text,
        value=value,
        low=low,
        high=high,
        unit=unit,
        approx=approx,
        approx_class=approx_class,
        kind=kind,
        unit_text=unit_text,
        concept=concept,
        direction=direction,
        of=of,
    )


def read_time(row: Sequence[Any]) -> TimeExpr:
    """A time row (:data:`TIME_COLUMNS`)."""
    id_, start, end, text, type_, value, mod, anchor, begin, end_value, role = row
    return TimeExpr(
        id=id_,
        span=Span(int(start), int(end)),
        text=text,
        type=type_,
        value=value,
        mod=mod,
        anchor=anchor,
        begin=begin,
        end=end_value,
        role=role,
    )


def read_claim(row: Sequence[Any]) -> Claim:
    """A claim row (:data:`CLAIM_COLUMNS`)."""
    (id_, start, end, text, modality, certainty, source_kind, source_text, ss, se, entity, source_type) = row[:12]
    (resolved_text, rs, re_, cue_text, cs, ce) = row[12:18]
    (entity_ids, quantity_ids, time_ids, markers, sent_s, sent_e, parent, content) = row[18:]
    cue_span = _opt_span(cs, ce)
    return Claim(
        id=id_,
        span=Span(int(start), int(end)),
        text=text,
        source=Source(
            kind=source_kind,
            text=source_text,
            span=_opt_span(ss, se),
            entity=entity,
            type=source_type,
            resolved_text=resolved_text,
            resolved_span=_opt_span(rs, re_),
        ),
        cue=Cue(text=cue_text, span=cue_span) if cue_span is not None else None,
        modality=modality,
        certainty=certainty,
        entities=tuple(_json(entity_ids)),
        quantities=tuple(_json(quantity_ids)),
        times=tuple(_json(time_ids)),
        markers=_text_spans(markers),
        sentence=_opt_span(sent_s, sent_e),
        parent=parent,
        content=tuple(Span(int(s), int(e)) for s, e in _json(content) or ()),
    )


def read_analysis(
    doc: Sequence[Any],
    ents: Iterable[Sequence[Any]],
    qs: Iterable[Sequence[Any]],
    ts: Iterable[Sequence[Any]],
    cs: Iterable[Sequence[Any]],
) -> Analysis:
    """Rebuild an Analysis from its document row and its child rows (each already in `ord` order)."""
    document, warnings, generator, attributions = read_document(doc)
    return Analysis(
        document=document,
        entities=tuple(map(read_entity, ents)),
        quantities=tuple(map(read_quantity, qs)),
        times=tuple(map(read_time, ts)),
        claims=tuple(map(read_claim, cs)),
        warnings=warnings,
        generator=generator,
        attributions=attributions,
    )
