"""Components fold scored edges in as they go: same labels as scoring every candidate pair."""

from __future__ import annotations

import zlib

import numpy as np

from claimgraph.link.clusters import (
    _NO_WORDS,
    _PRIME,
    ClusterOptions,
    FeatureBuilder,
    candidate_pairs,
    components,
    connected_components,
    pair_scores,
)


def planted(n: int, seed: int) -> tuple[FeatureBuilder, np.ndarray]:  # type: ignore[type-arg]
    """Groups of 2-6 near-duplicate vectors sharing actors, a unit and words; some claims without words."""
    rng = np.random.default_rng(seed)
    group = np.repeat(np.arange(n), rng.integers(2, 7, n))[:n]
    centres = rng.standard_normal((n, 64)).astype(np.float32)
    vectors = centres[group] + 0.45 * rng.standard_normal((n, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    builder = FeatureBuilder()
    for i, g in enumerate(group.tolist()):
        words = set() if i % 7 == 0 else {f"harbour{g}", f"ferry{g % 11}", f"quay{i % 5}"}
        builder.add({f"g{g % 40}", f"g{(g * 7) % 40}"}, {"ferry"} if g % 3 else set(), words)
    return builder, vectors


def test_clusters_streaming_labels_equal_scoring_all_candidate_pairs() -> None:
    builder, vectors = planted(3000, seed=11)
    table = builder.build()
    options = ClusterOptions()
    left, right, cosines = candidate_pairs(table, vectors, options)
    keep = pair_scores(table, left, right, cosines, options) >= options.threshold
    reference = connected_components(len(table), left[keep], right[keep])
    labels = components(table, vectors, options)
    assert np.array_equal(labels, reference)
    assert len(set(labels.tolist())) < len(labels)  # the planted groups did cluster


def test_clusters_feature_builder_signs_words_in_batches_like_one_by_one() -> None:
    builder = FeatureBuilder(seed=13)
    claims = [{"harbour", "ferry"}, set(), {"quay"}, {"harbour", "strike", "dockers"}] * 2500  # > one batch
    for words in claims:
        builder.add_slots({"ferry"}, words)
    table = builder.build()
    a, b = builder._a, builder._b
    for i in (0, 1, 2, 3, 8190, 8191, 8192, 9999):
        words = claims[i]
        if words:
            crc = np.array([zlib.crc32(w.encode()) for w in words], dtype=np.uint64)
            expected = ((crc[:, None] * a + b) % _PRIME).min(axis=0)
        else:
            expected = np.full(16, _NO_WORDS, dtype=np.uint64)
        assert np.array_equal(table.words[i], expected), i
    assert table.has_words.tolist()[:4] == [True, False, True, True]
