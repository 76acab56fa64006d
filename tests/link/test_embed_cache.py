"""Embedding caches stay bounded: the in-memory cache evicts, the store-backed one keeps nothing between calls."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from claimgraph.link.embed import CachedEmbedder, Vectors
from claimgraph.store import Store


class Seeded:
    """Deterministic fake vectors seeded by the text; records what it was asked to embed."""

    dim = 8

    def __init__(self) -> None:
        self.seen: list[str] = []

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.seen.extend(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            seed = int.from_bytes(hashlib.sha1(t.encode()).digest()[:4], "little")
            out[i] = np.random.default_rng(seed).standard_normal(self.dim)
        return out


TEXTS = [f"The ferry to Lindel number {i} was late." for i in range(10)]


def test_embed_cache_bounded_evicts_oldest_and_stays_correct() -> None:
    inner = Seeded()
    cached = CachedEmbedder(inner, max_entries=4)
    first = cached.embed(TEXTS[:6])
    assert len(cached.cache) == 4
    again = cached.embed(TEXTS[:6])  # the two evicted texts are embedded again, with the same vectors
    assert np.array_equal(first, again)
    assert len(inner.seen) == 8 and set(inner.seen) == set(TEXTS[:6])
    assert len(cached.cache) == 4


def test_embed_store_embedder_keeps_no_vectors_between_calls(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "c.db")) as store:
        inner = Seeded()
        embedder = store.embedder(inner)
        first = embedder.embed(TEXTS[:5])
        assert len(embedder.cache) == 0  # the store is the cache
        second = embedder.embed(TEXTS[:5])
        assert np.array_equal(first, second)
        assert sorted(inner.seen) == sorted(TEXTS[:5])  # read back from the store, not embedded twice
