"""Claim clustering: same proposition across articles, near-linear in the number of claims.

Similarity combines the sentence embedding (cosine of L2-normalised vectors) with slot agreement:
shared actors (global entity ids), the quantity's unit (same unit: agreement; both present and
different: disagreement), and content words (min-hash estimate of their Jaccard overlap); claims about
disjoint actors (a claim naming none is about its article's lead entity, see the linker) do not link.
Values do not split a cluster: "about 20,000 containers" and "as many as 5,000 containers" state the same
proposition with different figures, which :mod:`claimgraph.link.figures` then compares.

Blocking keeps the cost near-linear. Each claim gets keys: each actor, and the bands of a
random-hyperplane hash of its vector (units are too generic to block on: "percent" would put a tenth
of all claims in one block). Rows (key, position on a random projection, claim) are sorted once and
each row is compared with the next ``window`` rows of its key (sorted neighbourhood): small blocks are
compared in full, big ones (a country named in a hundred thousand claims) only among claims whose
vectors lie close. Cosines are computed as pairs are generated and only near pairs are kept, so memory
stays bounded. Edges above the threshold become components by vectorised connected components, folded
in after each window offset.

Components alone chain: on one running story every claim names the same organisation and the same
units, so "the ceiling is 15.8 mln bpd", "output was below the ceiling" and "prices fell" link
pairwise into one component of hundreds. A component is therefore kept whole only when it is
coherent: each member's average cosine with the other members is at least ``coherence``. Any other
component is re-clustered by average linkage over the edges among its members, strongest edge
first: two groups merge only when the average cosine over all their cross pairs reaches
``coherence``. Sums of unit vectors give that average exactly (mean of a·b over the pairs is
ΣA·ΣB / |A||B|), so a merge costs one dot product however large the groups are.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from claimgraph.link.periods import Period
from claimgraph.link.union_find import UnionFind

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
    #: the days the claim is about (see :mod:`claimgraph.link.periods`), None when it names no period
    period: Period | None = None


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    threshold: float = 0.70
    # average cosine a cluster's members keep with each other (see the module docstring)
    coherence: float = 0.75
    window: int = 8
    lsh_bands: int = 6
    lsh_bits: int = 10
    actor_weight: float = 0.12
    # subtracted when both claims have actors and share none: as large as the whole score range, so
    # "Velora produced 1.9 million bpd" never links with "Marovia produced 4.8 million bpd", nor
    # "Revenues rose 12 pct" in one company's story with the same words in another's
    disjoint_weight: float = 1.0
    unit_weight: float = 0.10
    word_weight: float = 0.10
    # subtracted when both claims name a period and the periods share no day: the price on Monday and
    # the price on Friday, May's output and June's, are different propositions
    time_weight: float = 1.0
    seed: int = _SEED


@dataclass(frozen=True, slots=True)
class FeatureTable:
    """Slot features of n claims as compact arrays (a few hundred bytes a claim)."""

    actors: npt.NDArray[np.int32]  # (n, 6) actor ids, -1 padded
    actor_count: IntArray
    units: npt.NDArray[np.int32]  # (n, 3) unit ids, -1 padded
    unit_count: IntArray
    words: npt.NDArray[np.uint64]  # (n, 16) min-hash signature of content words
    has_words: npt.NDArray[np.bool_]
    periods: IntArray  # (n, 2) first and last day ordinal of the claim's period, -1 without one

    def __len__(self) -> int:
        return len(self.actor_count)

    def subset(self, rows: IntArray) -> FeatureTable:
        """The features of the claims at ``rows``, in that order."""
        return FeatureTable(
            actors=self.actors[rows],
            actor_count=self.actor_count[rows],
            units=self.units[rows],
            unit_count=self.unit_count[rows],
            words=self.words[rows],
            has_words=self.has_words[rows],
            periods=self.periods[rows],
        )

    @classmethod
    def from_features(cls, features: Sequence[ClaimFeatures], seed: int = _SEED) -> FeatureTable:
        builder = FeatureBuilder(seed=seed)
        for f in features:
            builder.add(f.actors, f.units, f.words, f.period)
        return builder.build()


class FeatureBuilder:
    """Accumulates claims' slot features one by one, so a million claims never exist as objects."""

    def __init__(self, *, seed: int = _SEED) -> None:
        rng = np.random.default_rng(seed)
        self._a = rng.integers(1, int(_PRIME) - 1, _HASHES, dtype=np.uint64)
        self._b = rng.integers(0, int(_PRIME) - 1, _HASHES, dtype=np.uint64)
        self._ids: dict[str, int] = {}
        # typed arrays, not lists: six Python ints a claim would cost more than the claim's vector
        self._actors = array("i")
        self._units = array("i")
        self._sigs: list[npt.NDArray[np.uint64]] = []
        # word hashes of the claims not yet signed, flattened; signed 8,192 claims at a time
        self._crc = array("Q")
        self._word_end = array("q")
        self._periods = array("q")

    def _row(self, values: Iterable[str], width: int, prefix: str) -> array[int]:
        row = array("i", [self._ids.setdefault(prefix + v, len(self._ids)) for v in sorted(values)[:width]])
        return row + array("i", [-1]) * (width - len(row))

    def add(
        self, actors: Iterable[str], units: Iterable[str], words: Iterable[str], period: Period | None = None
    ) -> None:
        self.add_slots(units, words, period)
        self.set_actors(len(self._units) // _UNITS - 1, actors)

    def add_slots(self, units: Iterable[str], words: Iterable[str], period: Period | None = None) -> None:
        """Add a claim's units, content words and period (actors may follow once entities are resolved)."""
        self._units.extend(self._row(units, _UNITS, "u:"))
        self._periods.extend(period if period is not None else (-1, -1))
        self._actors.extend(_NO_ACTORS)
        # crc32, not hash(): stable across processes, so clustering is reproducible
        self._crc.extend(zlib.crc32(w.encode()) for w in words)
        self._word_end.append(len(self._crc))
        if len(self._word_end) >= _SIGN_BATCH:
            self._sign()

    def _sign(self) -> None:
        """Min-hash signatures of the pending claims, vectorised over all their words at once."""
        if not self._word_end:
            return
        crc = np.frombuffer(self._crc, dtype=np.uint64)
        ends = np.frombuffer(self._word_end, dtype=np.int64)
        starts = np.concatenate(([0], ends[:-1]))
        sigs = np.full((len(ends), _HASHES), _NO_WORDS, dtype=np.uint64)
        has = ends > starts
        if has.any():
            hashed = (crc[:, None] * self._a + self._b) % _PRIME
            # empty claims are skipped, so each reduced segment runs exactly over one claim's words
            sigs[has] = np.minimum.reduceat(hashed, starts[has], axis=0)
        self._sigs.append(sigs)
        del crc, ends
        self._crc = array("Q")
        self._word_end = array("q")

    def set_actors(self, index: int, actors: Iterable[str]) -> None:
        row = self._row(actors, _ACTORS, "a:")
        self._actors[index * _ACTORS : (index + 1) * _ACTORS] = row

    def build(self) -> FeatureTable:
        """The accumulated features as a table (the builder is emptied)."""
        self._sign()
        actors = np.array(self._actors, dtype=np.int32).reshape(-1, _ACTORS)
        units = np.array(self._units, dtype=np.int32).reshape(-1, _UNITS)
        self._actors, self._units = array("i"), array("i")
        periods = np.array(self._periods, dtype=np.int64).reshape(-1, 2)
        self._periods = array("q")
        words = np.concatenate(self._sigs) if self._sigs else np.zeros((0, _HASHES), dtype=np.uint64)
        self._sigs = []
        return FeatureTable(
            actors=actors,
            actor_count=(actors >= 0).sum(axis=1),
            units=units,
            unit_count=(units >= 0).sum(axis=1),
            words=words,
            has_words=words[:, 0] != _NO_WORDS,
            periods=periods,
        )


_NO_ACTORS = array("i", [-1] * _ACTORS)
_SIGN_BATCH = 8192
# Rows of vectors handled at once: bounded temporaries (a float32 copy of 16k rows is 25 MB).
_CHUNK = 16384


Int32Array = npt.NDArray[np.int32]


def _sorted_blocks(table: FeatureTable, vectors: Vectors, options: ClusterOptions) -> tuple[Int32Array, Int32Array]:
    """(key id, claim index) rows for every blocking key, sorted by key then position on a random line.

    int32 throughout: twelve keys a claim make these the largest arrays after the vectors.
    """
    n = len(table)
    keys: list[Int32Array] = []
    items: list[Int32Array] = []
    for j in range(table.actors.shape[1]):
        rows = np.nonzero(table.actors[:, j] >= 0)[0].astype(np.int32)
        keys.append(table.actors[rows, j].astype(np.int32))
        items.append(rows)
    base = int(table.actors.max(initial=-1)) + 1
    rng = np.random.default_rng(options.seed)
    planes = rng.standard_normal((vectors.shape[1], options.lsh_bands * options.lsh_bits + 1)).astype(np.float32)
    weights = 1 << np.arange(options.lsh_bits, dtype=np.int32)
    bands = np.empty((options.lsh_bands, n), dtype=np.int32)
    position = np.empty(n, dtype=np.float32)
    for start in range(0, n, _CHUNK):  # chunked: only the band ids of a million claims are kept
        projected = vectors[start : start + _CHUNK].astype(np.float32, copy=False) @ planes
        position[start : start + len(projected)] = projected[:, -1]
        for band in range(options.lsh_bands):
            bits = projected[:, band * options.lsh_bits : (band + 1) * options.lsh_bits] > 0
            bands[band, start : start + len(projected)] = base + band * (1 << options.lsh_bits) + bits @ weights
    for band in range(options.lsh_bands):
        keys.append(bands[band])
        items.append(np.arange(n, dtype=np.int32))
    del bands
    all_keys, all_items = np.concatenate(keys), np.concatenate(items)
    del keys, items
    order = np.lexsort((all_items, position[all_items], all_keys))
    return all_keys[order], all_items[order]


def _near_pairs(
    table: FeatureTable, vectors: Vectors, options: ClusterOptions
) -> Iterator[tuple[int, IntArray, IntArray, Vectors]]:
    """(offset, a, b, cosine) chunks of sorted-neighbourhood pairs whose cosine can still pass."""
    keys, items = _sorted_blocks(table, vectors, options)
    floor = options.threshold - (options.actor_weight + options.unit_weight + options.word_weight)
    for offset in range(1, min(options.window, len(keys) - 1) + 1):
        same = np.nonzero(keys[:-offset] == keys[offset:])[0]
        for start in range(0, len(same), _CHUNK):
            idx = same[start : start + _CHUNK]
            a, b = items[idx].astype(np.int64), items[idx + offset].astype(np.int64)
            cos = np.einsum("ij,ij->i", vectors[a], vectors[b]).astype(np.float32, copy=False)
            keep = (cos >= floor) & (a != b)
            yield offset, a[keep], b[keep], cos[keep]


def candidate_pairs(
    table: FeatureTable, vectors: Vectors, options: ClusterOptions
) -> tuple[IntArray, IntArray, Vectors]:
    """Unique near pairs (i < j) from sorted-neighbourhood blocking, with their cosine."""
    empty = np.zeros(0, dtype=np.int64)
    n = np.int64(len(table))
    codes: list[IntArray] = []
    cosines: list[Vectors] = []
    for _offset, a, b, cos in _near_pairs(table, vectors, options):
        codes.append(np.minimum(a, b) * n + np.maximum(a, b))
        cosines.append(cos)
    if not codes or not sum(len(c) for c in codes):
        return empty, empty, np.zeros(0, dtype=np.float32)
    all_codes = np.concatenate(codes)
    all_cos = np.concatenate(cosines)
    order = np.argsort(all_codes, kind="stable")
    all_codes, all_cos = all_codes[order], all_cos[order]
    first = np.concatenate(([True], all_codes[1:] != all_codes[:-1]))
    all_codes, all_cos = all_codes[first], all_cos[first]
    return all_codes // n, all_codes % n, all_cos


def _matches(left: npt.NDArray[np.integer], right: npt.NDArray[np.integer]) -> IntArray:
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
        # shared actors add their Jaccard overlap; two claims about disjoint actors are different
        # propositions however alike their words (see ClusterOptions.disjoint_weight)
        disjoint = (table.actor_count[a] > 0) & (table.actor_count[b] > 0) & (shared == 0)
        bonus = options.actor_weight * np.where(union > 0, shared / np.maximum(union, 1), 0.0)
        bonus -= np.where(disjoint, options.disjoint_weight, 0.0)
        both_units = (table.unit_count[a] > 0) & (table.unit_count[b] > 0)
        same_unit = _matches(table.units[a], table.units[b]) > 0
        bonus += np.where(both_units, np.where(same_unit, options.unit_weight, -options.unit_weight), 0.0)
        both_words = table.has_words[a] & table.has_words[b]
        word_sim = (table.words[a] == table.words[b]).mean(axis=1)
        bonus += options.word_weight * np.where(both_words, word_sim, 0.0)
        pa, pb = table.periods[a], table.periods[b]
        apart = (pa[:, 0] >= 0) & (pb[:, 0] >= 0) & ((pa[:, 1] < pb[:, 0]) | (pb[:, 1] < pa[:, 0]))
        bonus -= np.where(apart, options.time_weight, 0.0)
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
    """Cluster label per claim (claims of one cluster share a label, the smallest member index).

    Connected components of the edges above the threshold, with each incoherent component
    re-clustered by average linkage (see the module docstring).
    """
    options = options or ClusterOptions()
    table = features if isinstance(features, FeatureTable) else FeatureTable.from_features(features, options.seed)
    labels = components(table, vectors, options)
    loose = np.union1d(incoherent_members(labels, vectors, options.coherence), periods_apart(labels, table.periods))
    if len(loose):
        labels = _recluster(labels, loose, table, vectors, options)
    return labels


def components(
    features: Sequence[ClaimFeatures] | FeatureTable, vectors: Vectors, options: ClusterOptions | None = None
) -> IntArray:
    """Connected-component label per claim over the edges that pass the threshold.

    Edges are scored as they are generated and folded into component labels after each window
    offset, so memory holds one offset's edges and one label per claim, never every candidate pair.
    """
    options = options or ClusterOptions()
    table = features if isinstance(features, FeatureTable) else FeatureTable.from_features(features, options.seed)
    n = len(table)
    labels = np.arange(n, dtype=np.int64)
    lefts: list[IntArray] = []
    rights: list[IntArray] = []
    current = 1

    def fold() -> None:
        nonlocal labels
        if lefts:
            # components of (edges so far) = components of (each node -> its label) plus the new edges
            moved = np.nonzero(labels != np.arange(n))[0]
            left = np.concatenate([moved, *lefts])
            right = np.concatenate([labels[moved], *rights])
            lefts.clear()
            rights.clear()
            labels = connected_components(n, left, right)

    for offset, a, b, cos in _near_pairs(table, vectors, options):
        if offset != current:
            fold()
            current = offset
        keep = pair_scores(table, a, b, cos, options) >= options.threshold
        lefts.append(a[keep])
        rights.append(b[keep])
    fold()
    return labels


def incoherent_members(labels: IntArray, vectors: Vectors, coherence: float) -> IntArray:
    """Indices of the claims in components of three or more where some member's average cosine
    with the other members is below ``coherence`` (a pair is coherent by its own edge)."""
    counts = np.bincount(labels, minlength=len(labels))
    rows = np.nonzero(counts[labels] > 2)[0]
    if not len(rows):
        return rows
    rows = rows[np.argsort(labels[rows], kind="stable")]  # each component's members side by side
    group_starts = np.concatenate(([0], np.nonzero(labels[rows][1:] != labels[rows][:-1])[0] + 1))
    bad: list[IntArray] = []
    first = 0
    # whole components at a time, about _CHUNK rows each: one block of vectors, never one sum per component
    while first < len(group_starts):
        last = int(np.searchsorted(group_starts, group_starts[first] + _CHUNK, side="left"))
        last = max(last, first + 1)
        lo = int(group_starts[first])
        hi = int(group_starts[last]) if last < len(group_starts) else len(rows)
        part = rows[lo:hi]
        block = np.asarray(vectors[part], dtype=np.float32)
        starts = group_starts[first:last] - lo
        sums = np.add.reduceat(block, starts, axis=0)
        sizes = np.diff(np.append(starts, len(part)))
        group = np.repeat(np.arange(len(starts)), sizes)
        # a unit vector's dot with its own component's sum counts itself once
        mean_to_others = (np.einsum("ij,ij->i", block, sums[group]) - 1.0) / (sizes[group] - 1.0)
        worst = np.minimum.reduceat(mean_to_others, starts)
        bad.append(part[(worst < coherence)[group]])
        first = last
    return np.sort(np.concatenate(bad))


def periods_apart(labels: IntArray, periods: IntArray) -> IntArray:
    """Indices of the claims in components where two members name periods that share no day: the
    component chained through claims without a period ("May output", "output in the first half of June")."""
    dated = np.nonzero(periods[:, 0] >= 0)[0]
    if not len(dated):
        return dated
    lab = labels[dated]
    latest_start = np.full(len(labels), np.iinfo(np.int64).min, dtype=np.int64)
    earliest_end = np.full(len(labels), np.iinfo(np.int64).max, dtype=np.int64)
    np.maximum.at(latest_start, lab, periods[dated, 0])
    np.minimum.at(earliest_end, lab, periods[dated, 1])
    # intervals share a day pairwise exactly when they all share one (Helly): the latest start is
    # then no later than the earliest end
    split = latest_start > earliest_end
    return np.nonzero(split[labels])[0]


def _recluster(
    labels: IntArray, members: IntArray, table: FeatureTable, vectors: Vectors, options: ClusterOptions
) -> IntArray:
    """Average linkage, strongest edge first, over the edges among ``members`` within their components."""
    sub = table.subset(members)
    sub_vectors = np.asarray(vectors[members])
    own = labels[members]
    left, right, cosines = candidate_pairs(sub, sub_vectors, options)
    scores = pair_scores(sub, left, right, cosines, options)
    keep = (scores >= options.threshold) & (own[left] == own[right])
    left, right, scores = left[keep], right[keep], scores[keep]
    order = np.argsort(-scores, kind="stable")
    groups_of = UnionFind(len(members))
    size = [1] * len(members)  # and the vector sum, for groups of two or more: kept at each group's root
    sums: dict[int, npt.NDArray[np.float64]] = {}
    # the days every dated member of a group shares, at its root ((lo, hi); lo > hi never survives a merge)
    span = [(int(lo), int(hi)) if lo >= 0 else None for lo, hi in sub.periods.tolist()]
    for a, b in zip(left[order].tolist(), right[order].tolist(), strict=True):
        x, y = groups_of.find(a), groups_of.find(b)
        if x == y:
            continue
        sx = sums[x] if x in sums else sub_vectors[x].astype(np.float64)
        sy = sums[y] if y in sums else sub_vectors[y].astype(np.float64)
        if float(sx @ sy) < options.coherence * size[x] * size[y]:
            continue
        px, py = span[x], span[y]
        common = px if py is None else py if px is None else (max(px[0], py[0]), min(px[1], py[1]))
        if common is not None and common[0] > common[1]:
            continue  # two periods apart: May's output and June's
        groups_of.union(x, y)
        root, gone = (x, y) if x < y else (y, x)
        size[root] = size[x] + size[y]
        sums[root] = sx + sy
        span[root] = common
        sums.pop(gone, None)
    groups = np.array([groups_of.find(i) for i in range(len(members))], dtype=np.int64)
    # each new group is labelled by its smallest claim index, as components are
    first = np.full(len(members), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, groups, members)
    out = labels.copy()
    out[members] = first[groups]
    return out
