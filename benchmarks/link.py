"""Linking cost on synthetic corpora: 10k, 100k and 1M claims; time, peak memory, fitted exponent.

    python benchmarks/link.py --sizes 10000 100000 1000000

Each size runs in its own process (clean peak RSS). The generator writes analyses of 10 claims each:
claims are drawn from a pool of propositions (topics) with actors, a unit, a value and a date, so that
every proposition is repeated by several outlets, as in real news. Sentence vectors are synthetic
(topic centroid + noise, L2-normalised, 384 dimensions like all-MiniLM-L6-v2) from a synthetic embedder, as
real vectors are cached in the store once per claim text; analyses are generated while linking streams them.
The exponent is the slope of log(time) against log(claims); 1.0 is linear.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claimgraph.link import link
from claimgraph.model import Analysis, Claim, Document, Entity, Quantity, Source, Span

DIM = 384


class SyntheticCorpus:
    """Analyses generated on the fly (nothing is kept), with a matching synthetic embedder."""

    dim = DIM

    def __init__(self, n_claims: int, seed: int = 7) -> None:
        rng = np.random.default_rng(seed)
        self.n_claims = n_claims
        self.n_topics = max(10, n_claims // 8)
        n_actors = max(50, n_claims // 200)
        self.centroids = rng.standard_normal((self.n_topics, DIM)).astype(np.float32)
        self.noise = 0.35 * rng.standard_normal((4096, DIM)).astype(np.float32)
        self.topic_of = rng.integers(0, self.n_topics, n_claims).astype(np.int32)
        self.topic_actor = rng.integers(0, n_actors, (self.n_topics, 2)).astype(np.int32)

    def embed(self, texts):  # type: ignore[no-untyped-def]
        rows = np.fromiter((int(t.rsplit("#", 1)[1]) for t in texts), dtype=np.int64, count=len(texts))
        vectors = self.centroids[self.topic_of[rows]] + self.noise[rows % 4096]
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def iter_analyses(self):  # type: ignore[no-untyped-def]
        per_doc = 10
        for d in range(math.ceil(self.n_claims / per_doc)):
            yield self._document(d, range(d * per_doc, min(self.n_claims, (d + 1) * per_doc)))

    def _document(self, d: int, rows: range) -> Analysis:
        parts: list[str] = []
        claims, ents, qs = [], {}, []
        pos = 0
        for row in rows:
            t = int(self.topic_of[row])
            a1, a2 = (f"Actor{int(x)}" for x in self.topic_actor[t])
            number = str(100 + t % 900)
            sent = f"{a1} sent {number} items to {a2} #{row}. "
            parts.append(sent)
            for name in (a1, a2):
                start = pos + sent.index(name)
                ents.setdefault(name, []).append(Span(start, start + len(name)))
            q_rel = sent.index(number + " items")
            qid = f"q{len(qs) + 1}"
            qs.append(
                Quantity(
                    id=qid,
                    span=Span(pos + q_rel, pos + q_rel + len(number) + 6),
                    text=f"{number} items",
                    value=float(number),
                    low=None,
                    high=None,
                    unit="item",
                    approx=None,
                    kind="count",
                )
            )
            claims.append((Span(pos, pos + len(sent) - 2), qid, (a1, a2)))
            pos += len(sent)
        text = "".join(parts)
        entity_objs = [
            Entity(id=f"e{i}", name=name, type="ORG", mentions=tuple(sp))
            for i, (name, sp) in enumerate(ents.items(), 1)
        ]
        eid = {e.name: e.id for e in entity_objs}
        claim_objs = tuple(
            Claim(
                id=f"c{i}",
                span=sp,
                text=text[sp.start : sp.end],
                source=Source(kind="author"),
                cue=None,
                modality="asserted",
                certainty=None,
                entities=tuple(eid[a] for a in actors),
                quantities=(qid,),
            )
            for i, (sp, qid, actors) in enumerate(claims, 1)
        )
        doc = Document(
            id=f"doc{d}", text=text, title=None, published=f"2024-{1 + d % 12:02d}-01", outlet=f"Outlet{d % 40}"
        )
        return Analysis(document=doc, entities=tuple(entity_objs), quantities=tuple(qs), claims=claim_objs)


def run_one(n: int) -> dict[str, float]:
    corpus = SyntheticCorpus(n)
    t0 = time.perf_counter()
    result = link(corpus, embedder=corpus)
    link_s = time.perf_counter() - t0
    return {
        "claims": n,
        "link_s": round(link_s, 2),
        "clusters": len(result.clusters),
        "topics": corpus.n_topics,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    rows = []
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"{row['claims']:>9,} claims: link {row['link_s']:>8.1f} s (generating the analyses included)  "
            f"clusters {row['clusters']:,} (topics {row['topics']:,})  peak RSS {row['peak_rss_mb']:,} MB",
            flush=True,
        )
    if len(rows) >= 2:
        xs = np.log([r["claims"] for r in rows])
        ys = np.log([max(r["link_s"], 1e-3) for r in rows])
        slope = float(np.polyfit(xs, ys, 1)[0])
        print(f"fitted exponent of link time vs claims: {slope:.2f} (1.0 = linear)")


if __name__ == "__main__":
    main()
