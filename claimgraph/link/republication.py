"""Republished stories: articles of different documents that carry the same claims.

A wire story republished by several outlets is one source, however many sites run it. Two articles
are copies of one story when at least ``min_shared`` of their claims are word for word the same
(case, spacing and punctuation aside) and those make up at least ``min_share`` of the shorter one's
claims. Copies are grouped transitively; each group's original is the copy published first (ties: the
one with most claims, since republishers trim, then the one read first).

Claims repeated across many unrelated stories ("Terms were not disclosed", "Details were not
available") would pair them all; a claim text found in more than ``max_holders`` documents is left
out of the comparison.

Memory is one 64-bit hash and one document number per distinct claim text of each document, kept
while the analyses stream; the pairing sorts them once.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from claimgraph.link.union_find import UnionFind

_NOT_WORD = re.compile(r"[\W_]+")


def _claim_hash(text: str) -> int:
    normal = _NOT_WORD.sub(" ", text.lower()).strip()
    return int.from_bytes(hashlib.blake2b(normal.encode("utf-8"), digest_size=8).digest(), "little")


@dataclass(frozen=True, slots=True)
class RepublicationOptions:
    min_shared: int = 2
    min_share: float = 0.5
    max_holders: int = 50


class RepublicationIndex:
    """Collects each document's claim texts as they stream by; :meth:`originals` pairs the copies."""

    def __init__(self, options: RepublicationOptions | None = None) -> None:
        self.options = options or RepublicationOptions()
        self._hashes = array("Q")  # one per distinct claim text of each document
        self._docs = array("i")
        self._sizes = array("i")
        self._published: list[str] = []

    def add_document(self, published: str | None, claim_texts: Iterable[str]) -> int:
        """Record one document's claims; returns its index (documents are numbered in the order added)."""
        index = len(self._sizes)
        hashes = {_claim_hash(t) for t in claim_texts if t.strip()}
        self._hashes.extend(hashes)
        self._docs.extend([index] * len(hashes))
        self._sizes.append(len(hashes))
        self._published.append(published or "")
        return index

    def originals(self) -> list[int]:
        """``original[d]``: the document whose story document ``d`` republishes, or ``d`` itself."""
        opts = self.options
        n = len(self._sizes)
        hashes = np.frombuffer(self._hashes, dtype=np.uint64)
        docs = np.frombuffer(self._docs, dtype=np.int32)
        order = np.argsort(hashes, kind="stable")
        hashes, docs = hashes[order], docs[order]
        # runs of one claim text held by 2..max_holders documents
        breaks = np.flatnonzero(np.diff(hashes)) + 1
        starts = np.concatenate(([0], breaks)).astype(np.int64)
        ends = np.concatenate((breaks, [len(hashes)])).astype(np.int64)
        size = ends - starts
        keep = (size > 1) & (size <= opts.max_holders)
        shared: Counter[tuple[int, int]] = Counter()
        for lo, hi in zip(starts[keep].tolist(), ends[keep].tolist(), strict=True):
            holders = docs[lo:hi].tolist()  # distinct: a document adds each text once
            shared.update(itertools.combinations(sorted(holders), 2))
        groups = UnionFind(n)
        for (a, b), count in shared.items():
            smaller = min(self._sizes[a], self._sizes[b])
            if count >= opts.min_shared and count >= opts.min_share * smaller:
                groups.union(a, b)
        first: dict[int, int] = {}
        for d in range(n):
            root = groups.find(d)
            best = first.get(root)
            if best is None or self._rank(d) < self._rank(best):
                first[root] = d
        return [first[groups.find(d)] for d in range(n)]

    def _rank(self, d: int) -> tuple[str, int, int]:
        return (self._published[d] or "9999", -self._sizes[d], d)
