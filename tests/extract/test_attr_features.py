"""Hashed features of the attribution tagger: deterministic buckets, quotation state, rule roles."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.tokens import Doc

from claimgraph.extract.attr_features import RULE_CUE, _constants, _quote_state, token_features


@pytest.fixture(scope="module")
def doc(pipeline) -> Doc:  # type: ignore[no-untyped-def]
    text = 'The warden said "the gate stays shut" and left.\n\n"Next" came later.'
    d: Doc = pipeline.nlp.make_doc(text)
    d._.cg_structure = []
    with pipeline.nlp.select_pipes(enable=["claimgraph_sentences_v1", "tok2vec", "tagger", "parser"]):
        return pipeline.nlp(d)  # type: ignore[no-any-return]


def test_features_are_buckets_in_range_and_repeatable(doc: Doc) -> None:
    roles = np.zeros(len(doc), dtype=np.int8)
    a = token_features(doc, roles, 12)
    b = token_features(doc, roles, 12)
    assert a.shape[0] == len(doc) and a.shape[1] > 20
    assert (a == b).all() and int(a.max()) < 2**12


def test_rule_roles_change_the_features_of_the_marked_tokens_only(doc: Doc) -> None:
    roles = np.zeros(len(doc), dtype=np.int8)
    marked = roles.copy()
    said = next(t.i for t in doc if t.text == "said")
    marked[said] = RULE_CUE
    a, b = token_features(doc, roles, 16), token_features(doc, marked, 16)
    changed = {i for i in range(len(doc)) if (a[i] != b[i]).any()}
    # the token and its neighbours (whose features look one token aside)
    assert changed == {said - 1, said, said + 1}


def test_quote_state_marks_the_words_inside_a_quotation(doc: Doc) -> None:
    arr = doc.to_array(["ORTH", "IS_SPACE"]).astype(np.uint64)
    state = _quote_state(arr[:, 0], arr[:, 1], _constants())
    inside = [t.text for t in doc if state[t.i] == 1]
    marks = [t.text for t in doc if state[t.i] == 2]
    assert inside == ["the", "gate", "stays", "shut", "Next"]
    assert marks == ['"', '"', '"', '"']


def test_child_slot_labels_use_the_ids_the_parse_carries(doc: Doc) -> None:
    # spaCy stores dependency labels such as nsubj and ccomp as symbol ids, not string hashes;
    # the child-slot features compare against those ids (regression: they once never matched)
    deps = {int(v) for v in doc.to_array(["DEP"]).astype(np.uint64)}
    wanted = {int(v) for v in _constants().child_deps}
    said = next(t for t in doc if t.text == "said")
    assert {int(doc.vocab.strings[c.dep_]) for c in said.children} & wanted
    assert deps & wanted
