"""The data model: spans, document identity and the lossless dict round trip."""

from __future__ import annotations

import pytest

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
    document_id,
    normalise_text,
)


def test_model_span_rejects_inverted_ranges() -> None:
    with pytest.raises(ValueError):
        Span(5, 2)


def test_model_document_id_ignores_whitespace_variants() -> None:
    assert document_id("The mayor  said\r\nso. ") == document_id("The mayor said\nso.")
    assert document_id("The mayor said so.") != document_id("The mayor said no.")
    assert normalise_text(normalise_text(" a \t b \r\n c ")) == normalise_text(" a \t b \r\n c ")


def test_model_analysis_round_trips_through_dict() -> None:
    text = "Officials said the dam may hold about 140 million cubic metres this year."
    analysis = Analysis(
        document=Document(
            id=document_id(text),
            text=text,
            title="Dam",
            published="2025-09-04",
            subheadings=(TextSpan("Dam", Span(0, 3)),),
        ),
        entities=(Entity(id="e1", name="Officials", type="ORG", mentions=(Span(0, 9),)),),
        quantities=(
            Quantity(
                id="q1",
                span=Span(35, 65),
                text=text[35:65],
                value=1.4e8,
                low=None,
                high=None,
                unit="cubic metre",
                approx="about",
                approx_class="~",
            ),
        ),
        times=(TimeExpr(id="t1", span=Span(66, 75), text="this year", type="DATE", value="2025"),),
        claims=(
            Claim(
                id="c1",
                span=Span(15, 75),
                text=text[15:75],
                source=Source(kind="named", text="Officials", span=Span(0, 9), entity="e1"),
                cue=Cue(text="said", span=Span(10, 14)),
                modality="speculative",
                certainty=0.4,
                entities=(),
                quantities=("q1",),
                times=("t1",),
                markers=(TextSpan("may", Span(23, 26)),),
            ),
        ),
    )
    assert Analysis.from_dict(analysis.to_dict()) == analysis


def test_model_zero_length_spans_survive_the_round_trip() -> None:
    # Span defines __len__, so an empty span is falsy: serialisation must test `is not None`.
    text = "Minister said so."
    doc = Document(id=document_id(text), text=text, title=None, published=None, title_span=Span(0, 0))
    claim = Claim(
        id="c1",
        span=Span(14, 16),
        text="so",
        source=Source(kind="named", text="", span=Span(0, 0)),
        cue=None,
        modality="asserted",
        certainty=None,
        sentence=Span(0, 0),
    )
    analysis = Analysis(document=doc, claims=(claim,))
    data = analysis.to_dict()
    assert data["document"]["title_span"] == [0, 0]
    assert data["claims"][0]["source"]["span"] == [0, 0]
    assert Analysis.from_dict(data) == analysis
