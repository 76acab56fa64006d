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


def _one_template(template: int, *parts: np.ndarray) -> np.ndarray:
    """The hash the packaged weights were trained with, one template at a time (the reference formula)."""
    out = np.full(parts[0].shape, np.uint64(((template + 1) * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF))
    for k, part in enumerate(parts):
        mix = np.uint64(0xC2B2AE3D27D4EB4F) if k % 2 == 0 else np.uint64(0x165667B19E3779F9)
        out ^= part.astype(np.uint64) * mix + np.uint64(k + 1)
        out = (out ^ (out >> np.uint64(29))) * np.uint64(0x9E3779B97F4A7C15)
    return out


def test_batched_hashing_gives_the_buckets_the_weights_were_trained_on(doc: Doc) -> None:
    # token_features hashes all templates of one arity in one numpy pass; a bucket that moved would
    # silently detach the packaged weights from their features, so pin templates of one, two and three parts
    from spacy.attrs import DEP, LEMMA, LOWER, POS

    feats = token_features(doc, np.zeros(len(doc), dtype=np.int8), 18)
    lower, lemma, pos, dep = (doc.to_array([LOWER, LEMMA, POS, DEP]).astype(np.uint64)[:, k] for k in range(4))
    before, after = np.r_[np.uint64(1), lemma[:-1]], np.r_[lemma[1:], np.uint64(1)]
    templates = {1: (lower,), 3: (pos,), 7: (lemma, dep), 16: (before, lemma), 49: (before, lemma, after)}
    mask = np.uint64((1 << 18) - 1)
    for column, parts in templates.items():
        want = ((_one_template(column, *parts) >> np.uint64(17)) & mask).astype(np.uint32)
        assert (feats[:, column] == want).all(), column
