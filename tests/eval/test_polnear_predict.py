"""Turning claimgraph analyses into PolNeAR relations, and the evaluate = predict + score loop."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

import claimgraph
from claimgraph.eval.polnear import evaluate, predict, relations_from_analysis, score_predictions
from claimgraph.extract.pipeline import Pipeline
from claimgraph.model import Analysis, Attribution, Claim, Cue, Document, Source, Span

TEXT = (
    "The port authority said the new crane, which cost 4 million dollars, arrived on Friday. "
    "They added that the quay is ready. The weather was calm."
)


def span(needle: str) -> Span:
    start = TEXT.index(needle)
    return Span(start, start + len(needle))


def claim(cid: str, content: str, source: Source, cue: str | None) -> Claim:
    s = span(content)
    return Claim(
        id=cid,
        span=s,
        text=content,
        source=source,
        cue=Cue(cue, span(cue)) if cue else None,
        modality="asserted",
        certainty=None,
    )


def analysis() -> Analysis:
    authority = Source("named", "The port authority", span("The port authority"))
    pronoun = Source("named", "They", span("They"), resolved_text="The port authority",
                     resolved_span=span("The port authority"))  # fmt: skip
    claims = (
        claim("c1", "the new crane", authority, "said"),
        claim("c2", "cost 4 million dollars", authority, "said"),
        claim("c3", "the quay is ready", pronoun, "added"),
        claim("c4", "The weather was calm", Source("author"), None),
    )
    document = Document(id="d", text=TEXT, title=None, published=None)
    return Analysis(document=document, claims=claims)


def test_polnear_claims_sharing_a_cue_become_one_relation() -> None:
    relations = relations_from_analysis(analysis())
    assert len(relations) == 2  # the author claim is no attribution
    said = relations[0]
    assert [TEXT[s:e] for s, e in said.cue] == ["said"]
    assert [TEXT[s:e] for s, e in said.sources] == ["The port authority"]
    assert [TEXT[s:e] for s, e in said.contents] == ["the new crane", "cost 4 million dollars"]


def test_polnear_pronoun_source_is_scored_on_the_pronoun() -> None:
    added = relations_from_analysis(analysis())[1]
    assert [TEXT[s:e] for s, e in added.sources] == ["They"]


def test_polnear_contents_are_the_reported_content_where_claims_have_it() -> None:
    c3 = replace(analysis().claims[2], content=(span("that the quay is ready"),))
    doc = analysis()
    relations = relations_from_analysis(replace(doc, claims=(*doc.claims[:2], c3, doc.claims[3])))
    assert [TEXT[s:e] for s, e in relations[1].contents] == ["that the quay is ready"]
    # claims without it keep their clause
    assert [TEXT[s:e] for s, e in relations[0].contents] == ["the new crane", "cost 4 million dollars"]


def test_polnear_appositive_source_keeps_its_closing_comma() -> None:
    text = "Ana Ruiz, the harbour director, said the quay is ready. Ben Oyelaran, 41, left."
    who = Span(0, text.index(", said"))
    plain = Span(text.index("Ben"), text.index("Ben") + len("Ben Oyelaran"))
    claims = (
        Claim("c1", Span(text.index("the quay"), text.index(".")), "the quay is ready",
              Source("named", text[who.start : who.end], who), Cue("said", Span(32, 36)), "asserted", None),
        Claim("c2", Span(text.index("the quay"), text.index(".")), "the quay is ready",
              Source("named", "Ben Oyelaran", plain), Cue("left", Span(text.index("left"), text.index("left") + 4)),
              "asserted", None),
    )  # fmt: skip
    doc = Analysis(Document(id="d", text=text, title=None, published=None), claims=claims)
    first, second = relations_from_analysis(doc)
    assert [text[s:e] for s, e in first.sources] == ["Ana Ruiz, the harbour director,"]
    assert [text[s:e] for s, e in second.sources] == ["Ben Oyelaran"]  # no appositive opened: no comma


def test_polnear_attributions_are_the_relations_when_the_analysis_has_them() -> None:
    doc = analysis()
    asked = Attribution("a1", Cue("added", span("added")), Source("named", "They", span("They")),
                        (span("that the quay is ready"),), ())  # fmt: skip
    relations = relations_from_analysis(replace(doc, attributions=(asked,)))
    assert len(relations) == 1  # the claims' own grouping is not used then
    assert [TEXT[s:e] for s, e in relations[0].contents] == ["that the quay is ready"]
    assert [TEXT[s:e] for s, e in relations[0].sources] == ["They"]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return claimgraph.default_pipeline()


def test_polnear_evaluate_writes_the_predictions_it_scores(tmp_path: Path, pipeline: Pipeline) -> None:
    split = tmp_path / "split"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    text = "The harbour master said that the ferry from Oskarvik would resume on Monday.\n"
    (split / "text" / "harbour.txt").write_text(text, encoding="utf-8")
    said, src = text.index("said"), text.index("The harbour master")
    content = text.index("that the ferry")
    (split / "attributions" / "harbour_x.ann").write_text(
        f"T1\tSource {src} {src + 18}\tThe harbour master\n"
        f"T2\tCue {said} {said + 4}\tsaid\n"
        f"T3\tContent {content} {len(text) - 2}\t{text[content : len(text) - 2]}\n"
        f"E1\tAttribution:T2 Cue:T2 Source:T1 Content:T3\n",
        encoding="utf-8",
    )
    out = tmp_path / "pred.json"
    result = evaluate(split, pipeline=pipeline, predictions=out)
    written = json.loads(out.read_text(encoding="utf-8"))
    assert set(written) == {"harbour.txt"}
    for relation in written["harbour.txt"]:
        start, end = relation["cue"]
        assert 0 <= start < end <= len(text)
    assert result["failed"] == []
    assert result["relations"]["lenient"]["gold"] == 1
    rescored = score_predictions(split, out)
    assert rescored["relations"] == result["relations"]
    assert rescored["elements"] == result["elements"]
    predicted, failures = predict(split, pipeline=pipeline)
    assert predicted == written and failures == []
