"""Build small analyses by hand for linking tests (no spaCy needed)."""

from __future__ import annotations

from claimgraph.model import Analysis, Claim, Cue, Document, Entity, Quantity, Source, Span, TimeExpr, document_id


def make_analysis(
    text: str,
    *,
    outlet: str,
    published: str,
    claims: list[dict],  # type: ignore[type-arg]
    entities: list[tuple[str, str, list[str]]] = (),  # type: ignore[assignment]
    quantities: list[dict] = (),  # type: ignore[assignment, type-arg]
    times: list[tuple[str, str]] = (),  # type: ignore[assignment]
) -> Analysis:
    """claims: {content, source (None = author, "UNNAMED", or text), modality}; spans found in text."""

    def span(sub: str) -> Span:
        start = text.index(sub)
        return Span(start, start + len(sub))

    ents = tuple(
        Entity(id=f"e{i}", name=name, type=etype, aliases=tuple(aliases), mentions=(span(name),))
        for i, (name, etype, aliases) in enumerate(entities, 1)
    )
    qs = tuple(
        Quantity(
            id=f"q{i}",
            span=span(q["text"]),
            text=q["text"],
            value=q.get("value"),
            low=q.get("low"),
            high=q.get("high"),
            unit=q["unit"],
            approx=q.get("approx"),
            approx_class=q.get("cls", "="),
            kind=q.get("kind", "count"),
        )
        for i, q in enumerate(quantities, 1)
    )
    ts = tuple(TimeExpr(id=f"t{i}", span=span(t), text=t, type="DATE", value=v) for i, (t, v) in enumerate(times, 1))
    cl = []
    for i, c in enumerate(claims, 1):
        cspan = span(c["content"])
        src = c.get("source")
        if src is None:
            source = Source(kind="author")
            cue = None
        elif src == "UNNAMED":
            source = Source(kind="unnamed")
            cue = Cue(text=c["cue"], span=span(c["cue"])) if c.get("cue") else None
        else:
            source = Source(
                kind="named", text=src, span=span(src), entity=next((e.id for e in ents if e.name == src), None)
            )
            cue = Cue(text=c["cue"], span=span(c["cue"])) if c.get("cue") else None
        cl.append(
            Claim(
                id=f"c{i}",
                span=cspan,
                text=c["content"],
                source=source,
                cue=cue,
                modality=c.get("modality", "asserted"),
                certainty=None,
                entities=tuple(e.id for e in ents if any(cspan.contains(m) for m in e.mentions)),
                quantities=tuple(q.id for q in qs if cspan.contains(q.span)),
                times=tuple(t.id for t in ts if cspan.contains(t.span)),
            )
        )
    doc = Document(id=document_id(text), text=text, title=None, published=published, outlet=outlet)
    return Analysis(document=doc, entities=ents, quantities=qs, times=ts, claims=tuple(cl))
