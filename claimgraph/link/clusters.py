"""Claim clustering: same proposition across articles, near-linear in the number of claims.

Similarity combines the sentence embedding (cosine of L2-normalised vectors) with slot agreement:
shared actors (global entity ids), the quantity's unit (same unit: agreement; both present and
different: disagreement), and content words (min-hash estimate of their Jaccard overlap). Values do
not split a cluster: "about 20,000 containers" and "as many as 5,000 containers" state the same
proposition with different figures, which :mod:`claimgraph.link.figures` then compares.

Blocking keeps the cost near-linear. Each claim gets keys: each actor, and the bands of a
random-hyperplane hash of its vector (units are too generic to block on: "percent" would put a tenth
of all claims in one block). Rows (key, position on a random projection, claim) are sorted once and
each row is compared with the next ``window`` rows of its key (sorted neighbourhood): small blocks are
compared in full, big ones (a country named in a hundred thousand claims) only among claims whose
vectors lie close. Cosines are computed as pairs are generated and only near pairs are kept, so memory
stays bounded. Edges above the threshold become clusters by vectorised connected components.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class ClaimFeatures:
    """What clustering needs to know about one claim."""

    actors: frozenset[str]
    units: frozenset[str]
    when: str  # sortable time key: normalised as-of date or publication date ("" when unknown)
    words: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    threshold: float = 0.70
    window: int = 12
    lsh_bands: int = 6
    lsh_bits: int = 10
    actor_weight: float = 0.12
    unit_weight: float = 0.10
    word_weight: float = 0.10
    seed: int = 13


def _block_keys(
    features: Sequence[ClaimFeatures], vectors: npt.NDArray[np.float32], options: ClusterOptions
) -> tuple[IntArray, IntArray, npt.NDArray[np.float32]]:
    """Parallel arrays (key id, claim index) for every blocking key, and each claim's sort position."""
    key_ids: dict[str, int] = {}
    keys: list[int] = []
    items: list[int] = []
    for i, f in enumerate(features):
        for actor in f.actors:
            keys.append(key_ids.setdefault(actor, len(key_ids)))
            items.append(i)
    base = len(key_ids)
    n = len(features)
    rng = np.random.default_rng(options.seed)
    planes = rng.standard_normal((vectors.shape[1], options.lsh_bands * options.lsh_bits + 1)).astype(np.float32)
    projected = np.empty((n, planes.shape[1]), dtype=np.float32)
    for start in range(0, n, 65536):  # chunked: bounded memory on a million claims
        projected[start : start + 65536] = vectors[start : start + 65536] @ planes
    position = projected[:, -1].copy()
    if options.lsh_bands:
        weights = 1 << np.arange(options.lsh_bits, dtype=np.int64)
        for band in range(options.lsh_bands):
            bits = projected[:, band * options.lsh_bits : (band + 1) * options.lsh_bits] > 0
            code = bits.astype(np.int64) @ weights
            keys.extend((base + band * (1 << options.lsh_bits) + code).tolist())
            items.extend(range(n))
    return np.asarray(keys, dtype=np.int64), np.asarray(items, dtype=np.int64), position


def candidate_pairs(
    features: Sequence[ClaimFeatures], vectors: npt.NDArray[np.float32], options: ClusterOptions
) -> tuple[IntArray, IntArray, npt.NDArray[np.float32]]:
    """Unique near pairs (i < j) from sorted-neighbourhood blocking, with their cosine."""
    empty = np.zeros(0, dtype=np.int64)
    keys, items, position = _block_keys(features, vectors, options)
    if len(keys) < 2:
        return empty, empty, np.zeros(0, dtype=np.float32)
    order = np.lexsort((items, position[items], keys))
    keys, items = keys[order], items[order]
    floor = options.threshold - (options.actor_weight + options.unit_weight + options.word_weight)
    n = np.int64(len(features))
    # Gathering rows dominates the cost (memory traffic), so gather half-precision copies; the cosine
    # itself is summed in float32.
    half = vectors.astype(np.float16)
    codes: list[IntArray] = []
    cosines: list[npt.NDArray[np.float32]] = []
    for offset in range(1, min(options.window, len(keys) - 1) + 1):
        same = np.nonzero(keys[:-offset] == keys[offset:])[0]
        for start in range(0, len(same), 262144):
            idx = same[start : start + 262144]
            a, b = items[idx], items[idx + offset]
            cos = np.einsum("ij,ij->i", half[a], half[b], dtype=np.float32)
            keep = (cos >= floor) & (a != b)
            lo, hi = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
            codes.append(lo * n + hi)
            cosines.append(cos[keep])
    if not codes or not sum(len(c) for c in codes):
        return empty, empty, np.zeros(0, dtype=np.float32)
    all_codes = np.concatenate(codes)
    all_cos = np.concatenate(cosines)
    order = np.argsort(all_codes, kind="stable")
    all_codes, all_cos = all_codes[order], all_cos[order]
    first = np.concatenate(([True], all_codes[1:] != all_codes[:-1]))
    all_codes, all_cos = all_codes[first], all_cos[first]
    return all_codes // n, all_codes % n, all_cos


_HASHES = 16
_PRIME = np.uint64(4294967311)


@dataclass(frozen=True, slots=True)
class _SlotArrays:
    actors: IntArray  # (n, A) actor ids, -1 padded
    actor_count: IntArray
    units: IntArray  # (n, U) unit ids, -1 padded
    unit_count: IntArray
    words: npt.NDArray[np.uint64]  # (n, H) min-hash signatures of content words
    has_words: npt.NDArray[np.bool_]


def _ids(values: Sequence[frozenset[str]], width: int) -> tuple[IntArray, IntArray]:
    table: dict[str, int] = {}
    out = np.full((len(values), width), -1, dtype=np.int64)
    counts = np.zeros(len(values), dtype=np.int64)
    for i, items in enumerate(values):
        for j, item in enumerate(sorted(items)[:width]):
            out[i, j] = table.setdefault(item, len(table))
        counts[i] = min(len(items), width)
    return out, counts


def _slot_arrays(features: Sequence[ClaimFeatures], seed: int) -> _SlotArrays:
    actors, actor_count = _ids([f.actors for f in features], 6)
    units, unit_count = _ids([f.units for f in features], 3)
    rng = np.random.default_rng(seed)
    a = rng.integers(1, int(_PRIME) - 1, _HASHES, dtype=np.uint64)
    b = rng.integers(0, int(_PRIME) - 1, _HASHES, dtype=np.uint64)
    words = np.full((len(features), _HASHES), np.iinfo(np.uint64).max, dtype=np.uint64)
    has_words = np.zeros(len(features), dtype=bool)
    for i, f in enumerate(features):
        if f.words:
            # crc32, not hash(): stable across processes, so clustering is reproducible
            crc = np.fromiter((zlib.crc32(w.encode()) for w in f.words), dtype=np.uint64, count=len(f.words))
            words[i] = ((crc[:, None] * a + b) % _PRIME).min(axis=0)
            has_words[i] = True
    return _SlotArrays(actors, actor_count, units, unit_count, words, has_words)


def _matches(left: IntArray, right: IntArray) -> IntArray:
    """Number of shared non-negative ids between rows of two (P, K) id arrays."""
    eq = (left[:, :, None] == right[:, None, :]) & (left[:, :, None] >= 0)
    return np.asarray(eq.sum(axis=(1, 2)), dtype=np.int64)


def pair_scores(
    features: Sequence[ClaimFeatures],
    left: IntArray,
    right: IntArray,
    cosines: npt.NDArray[np.float32],
    options: ClusterOptions,
) -> npt.NDArray[np.float32]:
    """Similarity of each candidate pair: cosine plus slot agreement (vectorised)."""
    slots = _slot_arrays(features, options.seed)
    scores = cosines.astype(np.float32, copy=True)
    step = 65536
    for start in range(0, len(left), step):
        a, b = left[start : start + step], right[start : start + step]
        shared = _matches(slots.actors[a], slots.actors[b])
        union = slots.actor_count[a] + slots.actor_count[b] - shared
        bonus = options.actor_weight * np.where(union > 0, shared / np.maximum(union, 1), 0.0)
        both_units = (slots.unit_count[a] > 0) & (slots.unit_count[b] > 0)
        same_unit = _matches(slots.units[a], slots.units[b]) > 0
        bonus += np.where(both_units, np.where(same_unit, options.unit_weight, -options.unit_weight), 0.0)
        both_words = slots.has_words[a] & slots.has_words[b]
        word_sim = (slots.words[a] == slots.words[b]).mean(axis=1)
        bonus += options.word_weight * np.where(both_words, word_sim, 0.0)
        scores[start : start + len(a)] += bonus.astype(np.float32)
    return scores


def connected_components(n: int, left: IntArray, right: IntArray) -> IntArray:
    """Component label (the smallest member index) of each node, by min-label propagation."""
    labels = np.arange(n, dtype=np.int64)
    if len(left) == 0:
        return labels
    while True:
        low = np.minimum(labels[left], labels[right])
        before = labels.copy()
        np.minimum.at(labels, left, low)
        np.minimum.at(labels, right, low)
        while True:  # pointer jumping
            jumped = labels[labels]
            if np.array_equal(jumped, labels):
                break
            labels = jumped
        if np.array_equal(before, labels):
            return labels


def cluster(
    features: Sequence[ClaimFeatures], vectors: npt.NDArray[np.float32], options: ClusterOptions | None = None
) -> IntArray:
    """Cluster label per claim (claims of one cluster share a label)."""
    options = options or ClusterOptions()
    left, right, cosines = candidate_pairs(features, vectors, options)
    scores = pair_scores(features, left, right, cosines, options)
    keep = scores >= options.threshold
    return connected_components(len(features), left[keep], right[keep])
