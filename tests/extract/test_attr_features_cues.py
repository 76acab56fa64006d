"""The attribution tagger's cue templates: a colon after a name, a noun of saying as object."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.tokens import Doc

from claimgraph.extract.attr_features import token_features


@pytest.fixture(scope="module")
def parse(pipeline):  # type: ignore[no-untyped-def]
    def _parse(text: str) -> Doc:
        d: Doc = pipeline.nlp.make_doc(text)
        d._.cg_structure = []
        with pipeline.nlp.select_pipes(
            enable=["claimgraph_sentences_v1", "tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
        ):
            return pipeline.nlp(d)  # type: ignore[no-any-return]

    return _parse


def feats(doc: Doc) -> np.ndarray:
    return token_features(doc, np.zeros(len(doc), dtype=np.int8), 20)


def row(doc: Doc, word: str) -> np.ndarray:
    return feats(doc)[next(t.i for t in doc if t.text == word)]


def test_a_colon_after_a_capitalised_name_shares_features_across_names(parse) -> None:  # type: ignore[no-untyped-def]
    a = row(parse("ORLOVA: We will rebuild the bridge by spring."), ":")
    b = row(parse("BRANDT: We will rebuild the bridge by spring."), ":")
    c = row(parse("in short: we will rebuild the bridge by spring."), ":")
    shared = set(a.tolist()) & set(b.tolist())
    # the speaker-label template (colon after an all-capitals word) fires alike for both names ...
    assert len(shared) > len(set(a.tolist()) & set(c.tolist()))
    # ... and some of those shared buckets are absent after a lower-case phrase
    assert shared - set(c.tolist())


def test_a_verb_knows_its_object_noun_even_when_it_is_far(parse) -> None:  # type: ignore[no-untyped-def]
    plan = parse("The council announced on a rainy Tuesday morning a plan for the harbour.")
    fair = parse("The council announced on a rainy Tuesday morning a fair for the harbour.")
    assert [t.dep_ for t in plan] == [t.dep_ for t in fair]  # same parse: only the object differs
    a, b = row(plan, "announced"), row(fair, "announced")
    # the object is beyond every word window: only the verb-object template tells the two apart
    assert int((a != b).sum()) == 1
