"""Training the attribution tagger: the structured perceptron and its batched Viterbi, and the cue bias."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claimgraph.errors import ClaimgraphError
from claimgraph.eval.train_attribution import _chunks, batch_viterbi, quantise, train_perceptron
from claimgraph.extract.attr_tagger import TAGS, TaggerModel, allowed_transitions, load_model, read_model, viterbi

T = {name: i for i, name in enumerate(TAGS)}


def _random_scores(seed: int, n: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, len(TAGS))).astype(np.float32)


def test_batched_viterbi_matches_the_tagger_viterbi_and_ignores_padding() -> None:
    trans = np.random.default_rng(1).normal(size=(len(TAGS) + 1, len(TAGS))).astype(np.float32)
    a, b = _random_scores(2, 9), _random_scores(3, 5)
    scores = np.zeros((2, 9, len(TAGS)), dtype=np.float32)
    scores[0], scores[1, :5] = a, b
    scores[1, 5:] = 50.0 * (np.arange(len(TAGS)) == T["B-CUE"])  # padding that would win if it counted
    mask = np.zeros((2, 9), dtype=bool)
    mask[0], mask[1, :5] = True, True
    start = np.full(2, len(TAGS), dtype=np.int64)
    paths = batch_viterbi(scores, mask, start, np.where(allowed_transitions(), trans, -1e4).astype(np.float32))
    assert paths[0].tolist() == viterbi(a, trans).tolist()
    assert paths[1, :5].tolist() == viterbi(b, trans).tolist()


def test_chunks_start_from_the_gold_tag_before_them() -> None:
    tags = [np.array([0, 1, 2, 0, 5]), np.array([3, 4])]
    rows, y, prev = _chunks(tags, 2)
    assert rows.tolist() == [[0, 1], [2, 3], [4, -1], [5, 6]]
    assert y.tolist() == [0, 1, 2, 0, 5, 3, 4]
    # a document starts from the start row; a later chunk from the gold tag before it
    assert prev[0] == len(TAGS) and prev[5] == len(TAGS) and prev[2] == 1 and prev[4] == 0


def test_the_perceptron_learns_a_cue_phrase_that_needs_the_transitions() -> None:
    # words: 0 filler, 1 "according", 2 "to". Every "to" has the same features, so only the learnt
    # B-CUE -> I-CUE transition can make the "to" after "according" part of the cue and leave the others O.
    rng = np.random.default_rng(5)
    feats, tags = [], []
    for _ in range(60):
        words: list[int] = []
        gold: list[int] = []
        while len(words) < 40:
            pick = int(rng.integers(0, 4))
            if pick == 1:
                words += [1, 2]
                gold += [T["B-CUE"], T["I-CUE"]]
            else:
                words.append(2 if pick == 2 else 0)
                gold.append(T["O"])
        word = np.array(words, dtype=np.uint32)
        feats.append(np.stack([word, np.full(len(word), 3, dtype=np.uint32)], axis=1))
        tags.append(np.array(gold, dtype=np.int64))
    weights, trans = train_perceptron(feats, tags, bits=3, epochs=4, chunk=8, batch=4)
    model = TaggerModel(3, weights, trans)
    for f, gold_tags in zip(feats[:10], tags[:10], strict=True):
        assert viterbi(model.scores(f), model.transitions).tolist() == gold_tags.tolist()


def test_a_positive_cue_bias_turns_a_borderline_token_into_a_cue() -> None:
    weights = np.zeros((4, len(TAGS)), dtype=np.float32)
    weights[1, T["O"]], weights[1, T["B-CUE"]] = 1.0, 0.8
    trans = np.zeros((len(TAGS) + 1, len(TAGS)), dtype=np.float32)
    feats = np.array([[0], [1], [0]], dtype=np.uint32)
    plain = TaggerModel(2, weights, trans)
    biased = TaggerModel(2, weights, trans, np.array([0, 0.5, 0, 0, 0, 0, 0], dtype=np.float32))
    assert viterbi(plain.scores(feats), trans)[1] == T["O"]
    assert viterbi(biased.scores(feats), trans)[1] == T["B-CUE"]


def test_the_packaged_model_carries_its_tuned_bias() -> None:
    model = load_model()
    assert model.bias.shape == (len(TAGS),) and np.isfinite(model.bias).all()
    assert model.weights.shape == (1 << model.bits, len(TAGS))


def test_logistic_trainer_separates_two_feature_classes() -> None:
    from claimgraph.eval.train_attribution import train_logistic

    x = np.array([[1, 3], [2, 3]] * 50, dtype=np.uint32)  # bucket 3 is shared, 1 and 2 tell the tags apart
    y = np.array([0, 2] * 50, dtype=np.int64)
    weights = train_logistic(x, y, 3, bits=4, epochs=5, lr=0.5, l2=0.0)
    assert weights.shape == (16, 3)
    assert weights[x[:2]].sum(axis=1).argmax(axis=1).tolist() == [0, 2]


def test_a_saved_model_reads_back_and_a_broken_file_is_a_coded_error(tmp_path: Path) -> None:
    packaged = load_model()
    q, scale = quantise(packaged.weights)
    saved = tmp_path / "weights.npz"
    np.savez_compressed(saved, weights=q, scale=scale, transitions=packaged.transitions, bias=packaged.bias,
                        bits=np.int64(packaged.bits))  # fmt: skip
    again = read_model(saved)
    assert again.bits == packaged.bits
    assert np.allclose(again.weights, packaged.weights, atol=float(scale.max()))
    assert np.array_equal(again.bias, packaged.bias)
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a numpy archive")
    with pytest.raises(ClaimgraphError, match=r"cannot load the attribution tagger model") as caught:
        read_model(broken)
    assert str(caught.value).startswith(f"[{caught.value.code}]")
