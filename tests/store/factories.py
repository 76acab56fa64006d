"""Analyses built in memory for the store tests: a hand-made one and Hypothesis strategies."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np
from hypothesis import strategies as st

from claimgraph.link.embed import DIM, Vectors
from claimgraph.model import (
    MODALITIES,
    SOURCE_KINDS,
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
    document_id,
)
from claimgraph.store import Store

# Invented article: none of these people, places or outlets exist.
HARBOUR_TEXT = (
    "Dock strike feared in Dornhaven\n"
    "Mayor Ilse Varga said on Monday that 300 dock workers may walk out next week. "
    "The port authority denied that any strike was planned, according to the Varga office. "
    "Prices rose 4 percent, officials said."
)


def span_of(text: str, piece: str, start: int = 0) -> Span:
    i = text.index(piece, start)
    return Span(i, i + len(piece))


def harbour_analysis(
    text: str = HARBOUR_TEXT,
    *,
    url: str | None = "https://dornhaven-post.example/strike",
    published: str | None = "2024-03-04",
) -> Analysis:
    """A small, fully linked analysis of an invented article (entities, figures, times, claims)."""
    t = text
    varga = Entity(
        id="e1",
        name="Ilse Varga",
        type="PERSON",
        aliases=("Varga",),
        mentions=(span_of(t, "Ilse Varga"),),
        role="source",
        kind=None,
        roles=("source",),
    )
    port = Entity(
        id="e2", name="port authority", type="ORG", mentions=(span_of(t, "port authority"),), kind="government"
    )
    town = Entity(id="e3", name="Dornhaven", type="GPE", aliases=("the town",), mentions=(span_of(t, "Dornhaven"),))
    workers = Quantity(
        id="q1",
        span=span_of(t, "300 dock workers"),
        text="300 dock workers",
        value=300.0,
        low=None,
        high=None,
        unit="worker",
        approx=None,
        kind="count",
        unit_text="dock workers",
    )
    rise = Quantity(
        id="q2",
        span=span_of(t, "4 percent"),
        text="4 percent",
        value=4.0,
        low=None,
        high=None,
        unit="percent",
        approx=None,
        kind="percent",
        direction="up",
    )
    monday = TimeExpr(id="t1", span=span_of(t, "Monday"), text="Monday", type="DATE", value="2024-03-04")
    c1_span = span_of(t, "300 dock workers may walk out next week")
    c1 = Claim(
        id="c1",
        span=c1_span,
        text=t[c1_span.start : c1_span.end],
        source=Source(
            kind="named", text="Mayor Ilse Varga", span=span_of(t, "Mayor Ilse Varga"), entity="e1", type="person"
        ),
        cue=Cue("said", span_of(t, "said")),
        modality="speculative",
        certainty=0.4,
        entities=(),
        quantities=("q1",),
        times=(),
        markers=(TextSpan("may", span_of(t, "may")),),
        sentence=span_of(t, "Mayor Ilse Varga said on Monday that 300 dock workers may walk out next week."),
        content=(span_of(t, "that 300 dock workers may walk out next week"),),
    )
    c2_span = span_of(t, "any strike was planned")
    c2 = Claim(
        id="c2",
        span=c2_span,
        text=t[c2_span.start : c2_span.end],
        source=Source(kind="named", text="The port authority", span=span_of(t, "The port authority"), entity="e2"),
        cue=Cue("denied", span_of(t, "denied")),
        modality="negated",
        certainty=0.9,
        entities=("e1",),
        markers=(TextSpan("denied", span_of(t, "denied")),),
    )
    c3_span = span_of(t, "Prices rose 4 percent")
    c3 = Claim(
        id="c3",
        span=c3_span,
        text=t[c3_span.start : c3_span.end],
        source=Source(kind="unnamed", text="officials", span=span_of(t, "officials")),
        cue=Cue("said", span_of(t, "said", c3_span.end)),
        modality="asserted",
        certainty=None,
        entities=("e3",),
        quantities=("q2",),
    )
    first_line = span_of(t, t.split("\n", 1)[0])
    doc = Document(
        id=document_id(t),
        text=t,
        title=t[first_line.start : first_line.end],
        published=published,
        outlet="Dornhaven Post",
        url=url,
        language="en",
        author="Piet Laros",
        published_origin="override",
        title_span=first_line,
        subheadings=(),
        source_path="strike.txt",
        source_format="txt",
        encoding="utf-8",
        notes=("title from first line",),
        metadata={"section": "harbour", "tags": ["strike", "port"]},
    )
    return Analysis(
        document=doc,
        entities=(varga, port, town),
        quantities=(workers, rise),
        times=(monday,),
        claims=(c1, c2, c3),
        warnings=("no dateline",),
        generator={"name": "claimgraph", "version": "test"},
        attributions=(
            Attribution("a1", Cue("said", span_of(t, "said")), c1.source, c1.content, ("c1",)),
            Attribution("a2", Cue("denied", span_of(t, "denied")), c2.source, (c2_span,), ("c2",)),
        ),
    )


# -- Hypothesis ---------------------------------------------------------------------------------
# Text that SQLite can store: no lone surrogates (Python's sqlite3 cannot encode them).
safe_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
opt_text = st.none() | safe_text
finite = st.floats(allow_nan=False, allow_infinity=False)
json_scalar = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | finite | safe_text
json_value = st.recursive(
    json_scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(safe_text, inner, max_size=3), max_leaves=6
)


@st.composite
def spans(draw: Any, text: str) -> Span:
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return Span(start, end)


@st.composite
def text_spans(draw: Any, text: str) -> TextSpan:
    span = draw(spans(text))
    return TextSpan(text[span.start : span.end], span)


@st.composite
def analyses(draw: Any) -> Analysis:
    """Valid analyses: every span inside the text, ids unique per kind, references mostly resolvable."""
    text = draw(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200))
    n_e, n_q, n_t, n_c = (draw(st.integers(0, 4)) for _ in range(4))
    ents = tuple(
        Entity(
            id=f"e{i}",
            name=draw(safe_text),
            type=draw(st.sampled_from(["PERSON", "ORG", "GPE", "NORP"])),
            aliases=tuple(draw(st.lists(safe_text, max_size=3))),
            mentions=tuple(draw(st.lists(spans(text), max_size=3))),
            role=draw(opt_text),
            kind=draw(opt_text),
            roles=tuple(draw(st.lists(safe_text, max_size=2))),
        )
        for i in range(n_e)
    )
    qs = tuple(
        Quantity(
            id=f"q{i}",
            span=(sp := draw(spans(text))),
            text=text[sp.start : sp.end],
            value=draw(st.none() | finite),
            low=draw(st.none() | finite),
            high=draw(st.none() | finite),
            unit=draw(opt_text),
            approx=draw(opt_text),
            approx_class=draw(st.sampled_from(["=", "~", ">", "<"])),
            kind=draw(opt_text),
            unit_text=draw(opt_text),
            concept=draw(opt_text),
            direction=draw(st.sampled_from([None, "up", "down"])),
            of=draw(opt_text),
        )
        for i in range(n_q)
    )
    ts = tuple(
        TimeExpr(
            id=f"t{i}",
            span=(sp := draw(spans(text))),
            text=text[sp.start : sp.end],
            type=draw(st.sampled_from(["DATE", "TIME", "DURATION", "SET"])),
            value=draw(opt_text),
            mod=draw(opt_text),
            anchor=draw(opt_text),
            begin=draw(opt_text),
            end=draw(opt_text),
            role=draw(opt_text),
        )
        for i in range(n_t)
    )
    ids = st.lists(st.sampled_from([*(e.id for e in ents), "dangling"]), max_size=3)
    cs = tuple(
        Claim(
            id=f"c{i}",
            span=(sp := draw(spans(text))),
            text=text[sp.start : sp.end],
            source=Source(
                kind=draw(st.sampled_from(SOURCE_KINDS)),
                text=draw(opt_text),
                span=draw(st.none() | spans(text)),
                entity=draw(opt_text),
                type=draw(opt_text),
                resolved_text=draw(opt_text),
                resolved_span=draw(st.none() | spans(text)),
            ),
            cue=draw(st.none() | st.builds(lambda ts_: Cue(ts_.text, ts_.span), text_spans(text))),
            modality=draw(st.sampled_from(MODALITIES)),
            certainty=draw(st.none() | st.floats(0, 1)),
            entities=tuple(draw(ids)),
            quantities=tuple(draw(st.lists(st.sampled_from([*(q.id for q in qs), "q-missing"]), max_size=3))),
            times=tuple(draw(st.lists(st.sampled_from([*(t.id for t in ts), "t-missing"]), max_size=2))),
            markers=tuple(draw(st.lists(text_spans(text), max_size=2))),
            sentence=draw(st.none() | spans(text)),
            parent=draw(st.none() | st.sampled_from([f"c{j}" for j in range(max(i, 1))])),
            content=tuple(draw(st.lists(spans(text), max_size=2))),
        )
        for i in range(n_c)
    )
    doc = Document(
        id=document_id(text),
        text=text,
        title=draw(opt_text),
        published=draw(st.none() | st.dates().map(str) | safe_text),
        outlet=draw(opt_text),
        url=draw(opt_text),
        language=draw(opt_text),
        author=draw(opt_text),
        published_origin=draw(st.sampled_from(["metadata", "html", "dateline", "override", "none"])),
        title_span=draw(st.none() | spans(text)),
        dateline_span=draw(st.none() | spans(text)),
        subheadings=tuple(draw(st.lists(text_spans(text), max_size=2))),
        byline_span=draw(st.none() | spans(text)),
        source_path=draw(opt_text),
        source_format=draw(opt_text),
        encoding=draw(opt_text),
        notes=tuple(draw(st.lists(safe_text, max_size=2))),
        metadata=draw(st.dictionaries(safe_text, json_value, max_size=3)),
    )
    return Analysis(
        document=doc,
        entities=ents,
        quantities=qs,
        times=ts,
        claims=cs,
        warnings=tuple(draw(st.lists(safe_text, max_size=2))),
        generator=draw(st.dictionaries(safe_text, json_value, max_size=2)),
        attributions=tuple(
            Attribution(
                f"a{i}",
                draw(st.builds(lambda ts_: Cue(ts_.text, ts_.span), text_spans(text))),
                Source(
                    kind=draw(st.sampled_from(SOURCE_KINDS)), text=draw(opt_text), span=draw(st.none() | spans(text))
                ),
                tuple(draw(st.lists(spans(text), max_size=2))),
                tuple(draw(st.lists(st.sampled_from([*(c.id for c in cs), "c-missing"]), max_size=2))),
            )
            for i in range(draw(st.integers(0, 2)))
        ),
    )


def numbered_analysis(i: int, *, claims: int = 1) -> Analysis:
    """The harbour analysis under a distinct text (a numbered bulletin line), optionally with more claims."""
    text = HARBOUR_TEXT + f" Bulletin {i} of the Dornhaven harbour desk."
    base = harbour_analysis(text, url=None)
    extra = tuple(
        Claim(
            id=f"x{k}",
            span=span_of(text, f"Bulletin {i}"),
            text=f"Bulletin {i}",
            source=Source(kind="author"),
            cue=None,
            modality="asserted",
            certainty=None,
        )
        for k in range(claims - 1)
    )
    return Analysis(
        document=base.document,
        entities=base.entities,
        quantities=base.quantities,
        times=base.times,
        claims=base.claims[:1] + extra,
        warnings=base.warnings,
        generator=base.generator,
        attributions=base.attributions[:1],
    )


def query_answers(store: Store, searches: Sequence[str]) -> dict[str, Any]:
    """What the store's claim, source and entity queries answer, for comparing two stores.

    Documents are left to the caller: whether ``added_at`` may differ depends on how the stores were made.
    """
    return {
        "claims": store.claims(limit=None, include_superseded=True),
        "current": store.claims(limit=None),
        "search": {w: store.claims(search=w, limit=None) for w in searches},
        "entity": store.claims(entity="Ilse Varga", limit=None),
        "figures": store.claims(unit="percent", min_value=1, max_value=10, limit=None),
        "sources": store.sources(limit=None),
        "entities": store.entities(limit=None),
    }


class CountingEmbedder:
    """Deterministic unit vectors seeded by the text (equal claims embed equally); records every text it embeds."""

    dim = DIM

    def __init__(self) -> None:
        self.seen: list[str] = []

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.seen.extend(texts)
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, t in enumerate(texts):
            seed = int.from_bytes(hashlib.sha1(t.encode()).digest()[:4], "little")
            v = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
            out[i] = v / np.linalg.norm(v)
        return out
