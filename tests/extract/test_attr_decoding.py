"""The attribution tagger's decoding: BIO constraints in Viterbi, and how tag runs become relations."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.tokens import Doc

from claimgraph.extract.attr_tagger import TAGS, allowed_transitions, group_relations, viterbi

T = {name: i for i, name in enumerate(TAGS)}


def tags_for(doc: Doc, spans: dict[str, list[str]]) -> np.ndarray:
    """Tag ids giving each listed phrase (first occurrence) its role; everything else O."""
    tags = np.zeros(len(doc), dtype=np.int64)
    for role, phrases in spans.items():
        for phrase in phrases:
            start = doc.text.index(phrase)
            span = doc.char_span(start, start + len(phrase))
            assert span is not None, phrase
            tags[span.start] = T[f"B-{role}"]
            tags[span.start + 1 : span.end] = T[f"I-{role}"]
    return tags


@pytest.fixture(scope="module")
def make(pipeline):  # type: ignore[no-untyped-def]
    def _make(text: str) -> Doc:
        doc: Doc = pipeline.nlp.make_doc(text)
        doc._.cg_structure = []
        with pipeline.nlp.select_pipes(enable=["claimgraph_sentences_v1", "tok2vec", "tagger", "parser"]):
            return pipeline.nlp(doc)  # type: ignore[no-any-return]

    return _make


def test_viterbi_never_continues_a_role_it_did_not_begin() -> None:
    # the scores alone would put I-SOURCE after O and at the start
    scores = np.full((4, len(TAGS)), -5.0, dtype=np.float32)
    scores[0, T["I-SOURCE"]] = 3.0
    scores[0, T["B-SOURCE"]] = 2.0
    scores[1, T["O"]] = 3.0
    scores[2, T["I-CONTENT"]] = 3.0
    scores[2, T["B-CONTENT"]] = 1.0
    scores[3, T["I-CONTENT"]] = 3.0
    trans = np.zeros((len(TAGS) + 1, len(TAGS)), dtype=np.float32)
    path = [TAGS[t] for t in viterbi(scores, trans)]
    assert path == ["B-SOURCE", "O", "B-CONTENT", "I-CONTENT"]
    allowed = allowed_transitions()
    assert not allowed[T["O"], T["I-CUE"]] and allowed[T["B-CUE"], T["I-CUE"]] and allowed[T["O"], T["B-CUE"]]


def test_sources_and_contents_join_the_nearest_cue(make) -> None:  # type: ignore[no-untyped-def]
    text = "Mira Holt said the ferry was late, and Tomas Berg insisted the ferry was early."
    doc = make(text)
    tags = tags_for(
        doc,
        {
            "SOURCE": ["Mira Holt", "Tomas Berg"],
            "CUE": ["said", "insisted"],
            "CONTENT": ["the ferry was late", "the ferry was early"],
        },
    )
    first, second = group_relations(doc, tags)
    assert doc[first.sources[0][0] : first.sources[0][1]].text == "Mira Holt"
    assert doc[second.sources[0][0] : second.sources[0][1]].text == "Tomas Berg"
    assert doc[first.contents[0][0] : first.contents[0][1]].text == "the ferry was late"
    assert doc[second.contents[0][0] : second.contents[0][1]].text == "the ferry was early"


def test_a_quotation_over_two_sentences_stays_with_its_cue(make) -> None:  # type: ignore[no-untyped-def]
    text = '"The pier is closed. Nobody may fish there," the harbour master said.'
    doc = make(text)
    tags = tags_for(
        doc,
        {
            "CONTENT": ['"The pier is closed. Nobody may fish there,"'],
            "SOURCE": ["the harbour master"],
            "CUE": ["said"],
        },
    )
    [rel] = group_relations(doc, tags)
    assert doc[rel.contents[0][0] : rel.contents[0][1]].text.startswith('"The pier is closed.')
    assert doc[rel.cue[0] : rel.cue[1]].text == "said"


def test_a_cue_without_content_is_no_relation(make) -> None:  # type: ignore[no-untyped-def]
    doc = make("The clerk said nothing at all.")
    tags = tags_for(doc, {"SOURCE": ["The clerk"], "CUE": ["said"]})
    assert group_relations(doc, tags) == []
