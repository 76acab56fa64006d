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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
Vectors = npt.NDArray[np.floating]

_ACTORS = 6
_UNITS = 3
_HASHES = 16
_PRIME = np.uint64(4294967311)
_NO_WORDS = np.iinfo(np.uint64).max
_SEED = 13


@dataclass(frozen=True, slots=True)
class ClaimFeatures:
    """What clustering needs to know about one claim (convenient form; see :class:`FeatureTable`)."""

    actors: frozenset[str]
    units: frozenset[str]
    words: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    threshold: float = 0.70
    window: int = 8
    lsh_bands: int = 6
    lsh_bits: int = 10
    actor_weight: float = 0.12
    unit_weight: float = 0.10
    word_weight: float = 0.10
    seed: int = _SEED


@dataclass(frozen=True, slots=True)
class FeatureTable:
    """Slot features of n claims as compact arrays (a few hundred bytes a claim)."""

    actors: IntArray  # (n, 6) actor ids, -1 padded
    actor_count: IntArray
    units: IntArray  # (n, 3) unit ids, -1 padded
    unit_count: IntArray
    words: npt.NDArray[np.uint64]  # (n, 16) min-hash signature of content words
    has_words: npt.NDArray[np.bool_]

    def __len__(self) -> int:
        return len(self.actor_count)

    @classmethod
    def from_features(cls, features: Sequence[ClaimFeatures], seed: int = _SEED) -> FeatureTable:
        builder = FeatureBuilder(seed=seed)
        for f in features:
            builder.add(f.actors, f.units, f.words)
        return builder.build()


class FeatureBuilder:
    """Accumulates claims' slot features one by one, so a million claims never exist as objects."""

    def __init__(self, *, seed: int = _SEED) -> None:
        rng = np.random.default_rng(seed)
        self._a = rng.integers(1, int(_PRIME) - 1, _HASHES, dtype=np.uint64)
        self._b = rng.integers(0, int(_PRIME) - 1, _HASHES, dtype=np.uint64)
        self._ids: dict[str, int] = {}
        self._actors: list[int] = []
        self._units: list[int] = []
        self._sigs: list[npt.NDArray[np.uint64]] = []
        self._pending: list[npt.NDArray[np.uint64]] = []

    def _row(self, values: Iterable[str], width: int, prefix: str) -> list[int]:
        row = [self._ids.setdefault(prefix + v, len(self._ids)) for v in sorted(values)[:width]]
        return row + [-1] * (width - len(row))

    def add(self, actors: Iterable[str], units: Iterable[str], words: Iterable[str]) -> None:
        self.add_slots(units, words)
        self.set_actors(len(self._units) // _UNITS - 1, actors)

    def add_slots(self, units: Iterable[str], words: Iterable[str]) -> None:
        """Add a claim's units and content words (actors may follow once entities are resolved)."""
        self._units.extend(self._row(units, _UNITS, "u:"))
        self._actors.extend([-1] * _ACTORS)
        word_list = list(words)
        if word_list:
            # crc32, not hash(): stable across processes, so clustering is reproducible
            crc = np.fromiter((zlib.crc32(w.encode()) for w in word_list), dtype=np.uint64, count=len(word_list))
            sig = ((crc[:, None] * self._a + self._b) % _PRIME).min(axis=0)
        else:
            sig = np.full(_HASHES, _NO_WORDS, dtype=np.uint64)
        self._pending.append(sig)
        if len(self._pending) >= 65536:
            self._sigs.append(np.stack(self._pending))
            self._pending = []

    def set_actors(self, index: int, actors: Iterable[str]) -> None:
        row = self._row(actors, _ACTORS, "a:")
        self._actors[index * _ACTORS : (index + 1) * _ACTORS] = row

    def build(self) -> FeatureTable:
        if self._pending:
            self._sigs.append(np.stack(self._pending))
            self._pending = []
        actors = np.asarray(self._actors, dtype=np.int64).reshape(-1, _ACTORS)
        units = np.asarray(self._units, dtype=np.int64).reshape(-1, _UNITS)
        words = np.concatenate(self._sigs) if self._sigs else np.zeros((0, _HASHES), dtype=np.uint64)
        return FeatureTable(
            actors=actors,
            actor_count=(actors >= 0).sum(axis=1),
            units=units,
            unit_count=(units >= 0).sum(axis=1),
            words=words,
            has_words=words[:, 0] != _NO_WORDS,
        )


def _block_keys(table: FeatureTable, vectors: Vectors, options: ClusterOptions) -> tuple[IntArray, IntArray, Vectors]:
    """Parallel arrays (key id, claim index) for every blocking key, and each claim's sort position."""
    n = len(table)
    keys: list[IntArray] = []
    items: list[IntArray] = []
    for j in range(table.actors.shape[1]):
        rows = np.nonzero(table.actors[:, j] >= 0)[0]
        keys.append(table.actors[rows, j])
        items.append(rows)
    base = int(table.actors.max(initial=-1)) + 1
    rng = np.random.default_rng(options.seed)
    planes = rng.standard_normal((vectors.shape[1], options.lsh_bands * options.lsh_bits + 1)).astype(np.float32)
    projected = np.empty((n, planes.shape[1]), dtype=np.float32)
    for start in range(0, n, 65536):  # chunked: bounded memory on a million claims
        projected[start : start + 65536] = vectors[start : start + 65536].astype(np.float32) @ planes
    position = projected[:, -1].copy()
    weights = 1 << np.arange(options.lsh_bits, dtype=np.int64)
    for band in range(options.lsh_bands):
        bits = projected[:, band * options.lsh_bits : (band + 1) * options.lsh_bits] > 0
        keys.append(base + band * (1 << options.lsh_bits) + bits.astype(np.int64) @ weights)
        items.append(np.arange(n, dtype=np.int64))
    if not keys:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, position
    return np.concatenate(keys), np.concatenate(items), position


def candidate_pairs(
    table: FeatureTable, vectors: Vectors, options: ClusterOptions
) -> tuple[IntArray, IntArray, Vectors]:
    """Unique near pairs (i < j) from sorted-neighbourhood blocking, with their cosine."""
    empty = np.zeros(0, dtype=np.int64)
    keys, items, position = _block_keys(table, vectors, options)
    if len(keys) < 2:
        return empty, empty, np.zeros(0, dtype=np.float32)
    order = np.lexsort((items, position[items], keys))
    keys, items = keys[order], items[order]
    floor = options.threshold - (options.actor_weight + options.unit_weight + options.word_weight)
    n = np.int64(len(table))
    matrix = np.asarray(vectors, dtype=np.float32)
    codes: list[IntArray] = []
    cosines: list[Vectors] = []
    for offset in range(1, min(options.window, len(keys) - 1) + 1):
        same = np.nonzero(keys[:-offset] == keys[offset:])[0]
        for start in range(0, len(same), 65536):
            idx = same[start : start + 65536]
            a, b = items[idx], items[idx + offset]
            cos = np.einsum("ij,ij->i", matrix[a], matrix[b])
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


def _matches(left: IntArray, right: IntArray) -> IntArray:
    """Number of shared non-negative ids between rows of two (P, K) id arrays."""
    eq = (left[:, :, None] == right[:, None, :]) & (left[:, :, None] >= 0)
    return np.asarray(eq.sum(axis=(1, 2)), dtype=np.int64)


def pair_scores(
    table: FeatureTable, left: IntArray, right: IntArray, cosines: Vectors, options: ClusterOptions
) -> Vectors:
    """Similarity of each candidate pair: cosine plus slot agreement (vectorised)."""
    scores = np.asarray(cosines, dtype=np.float32).copy()
    step = 65536
    for start in range(0, len(left), step):
        a, b = left[start : start + step], right[start : start + step]
        shared = _matches(table.actors[a], table.actors[b])
        union = table.actor_count[a] + table.actor_count[b] - shared
        bonus = options.actor_weight * np.where(union > 0, shared / np.maximum(union, 1), 0.0)
        both_units = (table.unit_count[a] > 0) & (table.unit_count[b] > 0)
        same_unit = _matches(table.units[a], table.units[b]) > 0
        bonus += np.where(both_units, np.where(same_unit, options.unit_weight, -options.unit_weight), 0.0)
        both_words = table.has_words[a] & table.has_words[b]
        word_sim = (table.words[a] == table.words[b]).mean(axis=1)
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
    features: Sequence[ClaimFeatures] | FeatureTable, vectors: Vectors, options: ClusterOptions | None = None
) -> IntArray:
    """Cluster label per claim (claims of one cluster share a label)."""
    options = options or ClusterOptions()
    table = features if isinstance(features, FeatureTable) else FeatureTable.from_features(features, options.seed)
    left, right, cosines = candidate_pairs(table, vectors, options)
    scores = pair_scores(table, left, right, cosines, options)
    keep = scores >= options.threshold
    return connected_components(len(table), left[keep], right[keep])
