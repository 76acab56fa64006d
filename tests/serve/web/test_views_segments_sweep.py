"""The article view's pieces agree with their definition however claims, figures, times, sources and cues overlap."""

from __future__ import annotations

import itertools
from dataclasses import astuple
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.model import MODALITIES, Analysis, Claim, Cue, Document, Quantity, Source, Span, TimeExpr, document_id
from claimgraph.serve.web import views

# Invented words; the text is long enough for many overlapping spans.
WORDS = ("Orvel", "harbour", "tolls", "rose", "by", "4%", "on", "Monday,", "the", "council", "said", "quietly.")


def _reference(analysis: Analysis) -> list[tuple[Any, ...]]:
    """The definition, piece by piece: every span tested against every piece between two boundaries."""
    text = analysis.document.text
    layers = [("figure", q.span) for q in analysis.quantities] + [("time", t.span) for t in analysis.times]
    for c in analysis.claims:
        layers += [("source", c.source.span)] if c.source.span is not None else []
        layers += [("cue", c.cue.span)] if c.cue is not None else []
    cuts = {0, len(text)} | {x for _, s in layers for x in (s.start, s.end)}
    cuts |= {x for c in analysis.claims for x in (c.span.start, c.span.end)}
    out = []
    for a, b in itertools.pairwise(sorted(cuts)):
        covering = [c for c in analysis.claims if c.span.start <= a and b <= c.span.end]
        inner = min(covering, key=lambda c: (c.span.end - c.span.start, c.span.start), default=None)
        marks = tuple(sorted({kind for kind, s in layers if s.start <= a and b <= s.end}))
        tip = views.claim_tooltip(inner) if inner else None
        out.append((text[a:b], a, inner.id if inner else None, inner.modality if inner else None, marks, tip))
    return out


@st.composite
def overlapping(draw: Any) -> Analysis:
    text = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30)))

    def span() -> Span:
        start = draw(st.integers(0, len(text)))
        return Span(start, draw(st.integers(start, len(text))))

    quantities = tuple(
        Quantity(
            id=f"q{i}",
            span=(s := span()),
            text=text[s.start : s.end],
            value=1.0,
            low=None,
            high=None,
            unit=None,
            approx=None,
        )
        for i in range(draw(st.integers(0, 4)))
    )
    times = tuple(
        TimeExpr(id=f"t{i}", span=(s := span()), text=text[s.start : s.end], type="DATE", value="2031-02-03")
        for i in range(draw(st.integers(0, 3)))
    )
    claims = []
    for i in range(draw(st.integers(0, 6))):
        s = span()
        source_span = span() if draw(st.booleans()) else None
        cue = Cue(text="said", span=span()) if draw(st.booleans()) else None
        claims.append(
            Claim(
                id=f"c{i}",
                span=s,
                text=text[s.start : s.end],
                source=Source(kind="named", text="the council", span=source_span),
                cue=cue,
                modality=draw(st.sampled_from(MODALITIES)),
                certainty=draw(st.none() | st.floats(0, 1)),
            )
        )
    doc = Document(id=document_id(text), text=text, title=None, published=None)
    return Analysis(document=doc, quantities=quantities, times=times, claims=tuple(claims))


@settings(max_examples=300, deadline=None)
@given(overlapping())
def test_views_segments_sweep_matches_the_piecewise_definition(analysis: Analysis) -> None:
    assert [astuple(s) for s in views.segments(analysis)] == _reference(analysis)
