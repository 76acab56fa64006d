"""Clusters do not chain: an incoherent component is re-clustered by average linkage."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from claimgraph.link.clusters import (
    ClaimFeatures,
    ClusterOptions,
    FeatureTable,
    cluster,
    components,
    incoherent_members,
    pair_scores,
)


def arc(n: int, step_degrees: float, dim: int = 16) -> np.ndarray:  # type: ignore[type-arg]
    """n unit vectors along a circle, neighbours ``step_degrees`` apart: each close to the next, the ends far."""
    angles = np.radians(step_degrees) * np.arange(n)
    vectors = np.zeros((n, dim), dtype=np.float32)
    vectors[:, 0], vectors[:, 1] = np.cos(angles), np.sin(angles)
    return vectors


def no_slots(n: int) -> list[ClaimFeatures]:
    return [ClaimFeatures(frozenset(), frozenset()) for _ in range(n)]


def one_actor(n: int) -> list[ClaimFeatures]:
    """Every claim names the same actor: one block, as on a running story (each pair gets the actor bonus)."""
    return [ClaimFeatures(frozenset({"forum"}), frozenset()) for _ in range(n)]


def mean_pairwise_cosine(vectors: np.ndarray) -> float:  # type: ignore[type-arg]
    pairs = list(itertools.combinations(range(len(vectors)), 2))
    return float(np.mean([vectors[a] @ vectors[b] for a, b in pairs]))


def test_clusters_a_chain_of_near_neighbours_is_split_into_coherent_groups() -> None:
    # neighbours 30 degrees apart (cosine 0.87) pass the threshold, claims 60 degrees apart do not;
    # eleven of them span 300 degrees
    vectors = arc(11, 30.0)
    options = ClusterOptions(window=12)
    chained = components(one_actor(11), vectors, options)
    assert len(set(chained.tolist())) == 1  # the single-link components make one chain
    labels = cluster(one_actor(11), vectors, options)
    groups = [np.nonzero(labels == g)[0] for g in sorted(set(labels.tolist()))]
    assert len(groups) > 2
    for members in groups:
        if len(members) > 1:
            assert mean_pairwise_cosine(vectors[members]) >= options.coherence
            assert np.all(np.diff(members) == 1)  # a group is a run of neighbours, never far ends together
    assert labels[0] != labels[-1]


def test_clusters_coherent_groups_are_kept_whole_as_components() -> None:
    rng = np.random.default_rng(5)
    centres = rng.standard_normal((40, 64)).astype(np.float32)
    group = np.repeat(np.arange(40), 4)
    vectors = centres[group] + 0.15 * rng.standard_normal((160, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    features = no_slots(160)
    options = ClusterOptions()
    labels = cluster(features, vectors, options)
    assert np.array_equal(labels, components(features, vectors, options))
    assert len(set(labels.tolist())) == 40
    assert all(len(set(labels[group == g].tolist())) == 1 for g in range(40))


def test_clusters_incoherent_members_are_those_of_the_chained_component_only() -> None:
    chain = arc(8, 30.0)
    tight = np.zeros((3, 16), dtype=np.float32)
    tight[:, 5] = 1.0
    tight[1, 6] = tight[2, 7] = 0.1
    tight /= np.linalg.norm(tight, axis=1, keepdims=True)
    vectors = np.vstack([chain, tight])
    labels = np.array([0] * 8 + [8] * 3, dtype=np.int64)
    assert incoherent_members(labels, vectors, 0.75).tolist() == list(range(8))


def test_clusters_labels_are_the_smallest_member_index_after_a_split() -> None:
    vectors = arc(11, 30.0)
    labels = cluster(one_actor(11), vectors, ClusterOptions(window=12))
    for g in set(labels.tolist()):
        assert g == int(np.nonzero(labels == g)[0].min())


def test_clusters_disjoint_actors_count_against_a_pair_shared_ones_for_it() -> None:
    table = FeatureTable.from_features(
        [
            ClaimFeatures(frozenset({"velora"}), frozenset()),
            ClaimFeatures(frozenset({"marovia"}), frozenset()),
            ClaimFeatures(frozenset({"velora"}), frozenset()),
            ClaimFeatures(frozenset(), frozenset()),
        ]
    )
    options = ClusterOptions()
    left, right = np.array([0, 0, 0]), np.array([1, 2, 3])
    scores = pair_scores(table, left, right, np.ones(3, dtype=np.float32), options)
    disjoint, shared, unknown = scores.tolist()
    assert disjoint == np.float32(1.0 - options.disjoint_weight)
    assert shared == np.float32(1.0 + options.actor_weight)
    assert unknown == np.float32(1.0)  # a claim that names nobody is neither for nor against


def test_clusters_incoherent_members_agree_with_a_direct_count_whatever_the_block_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = np.random.default_rng(3)
    n = 600
    raw = rng.integers(0, 120, n)
    first: dict[int, int] = {}
    for i, g in enumerate(raw.tolist()):
        first.setdefault(g, i)
    labels = np.array([first[g] for g in raw.tolist()], dtype=np.int64)  # component labels: smallest index
    vectors = rng.standard_normal((n, 16)).astype(np.float32)
    for g in list(first.values())[:60]:  # half the components tight, half scattered
        members = np.nonzero(labels == g)[0]
        vectors[members] = vectors[members[0]] + 0.05 * rng.standard_normal((len(members), 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    expected = []
    for g in sorted(set(labels.tolist())):
        members = np.nonzero(labels == g)[0]
        if len(members) > 2:
            others = (vectors[members] @ vectors[members].sum(axis=0) - 1.0) / (len(members) - 1)
            if others.min() < 0.75:
                expected.extend(members.tolist())
    assert 0 < len(expected) < n
    for block in (5, 64, 16384):
        monkeypatch.setattr("claimgraph.link.clusters._CHUNK", block)
        assert incoherent_members(labels, vectors, 0.75).tolist() == sorted(expected)
