"""Store speed on the Reuters-21578 stories: insert rate, query latencies, database size.

    python benchmarks/store.py --limit 2000
    python benchmarks/store.py --limit 2000 --db postgresql://user@127.0.0.1:54329/claimgraph_bench

With a ``postgresql://`` URL the same figures are measured on PostgreSQL (results in
store-results-postgresql.json); the claimgraph tables in that database are emptied first, so give it
a database of its own.

Analyses are extracted once and cached as JSON Lines in benchmarks/out/ (extraction of all ~19k
stories takes 30+ minutes); later runs reuse the cache and extend it when --limit asks for more.
The timed part starts from analyses already in memory: it measures the store, not extraction.
Targets (2-core machine): insert >= 200 articles/s, entity lookup p95 < 20 ms, full-text search
p95 < 100 ms, sources summary < 1 s.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import DEFAULT_DIR, reuters_stories

from claimgraph.model import Analysis, document_id
from claimgraph.store import Store

OUT = Path(__file__).resolve().parent / "out"
TARGETS = {"insert_per_s": 200.0, "entity_p95_ms": 20.0, "search_p95_ms": 100.0, "sources_s": 1.0}


def extraction_fingerprint() -> str:
    """A digest of the ingest and extract code and data: analyses cached under another one are stale."""
    import hashlib

    root = Path(__file__).resolve().parents[1] / "claimgraph"
    h = hashlib.sha256()
    for path in sorted(p for stage in ("ingest", "extract") for p in (root / stage).rglob("*") if p.is_file()):
        if "__pycache__" not in path.parts:
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


DEFAULT_CACHE = OUT / f"reuters-analyses-{extraction_fingerprint()}.jsonl"


def cached_analyses(cache: Path, corpus: Path, limit: int | None) -> list[Analysis]:
    """The first ``limit`` analyses, extracting (and appending to the cache) only what is missing.

    The default cache file is named by :func:`extraction_fingerprint`, so a change to extraction starts a new one.
    """
    lines = cache.read_text(encoding="utf-8").splitlines() if cache.exists() else []
    missing = None if limit is None else max(0, limit - len(lines))
    if missing is None or missing > 0:
        lines += list(_extract(corpus, cache, skip=len(lines), limit=missing))
    records = [json.loads(x) for x in (lines if limit is None else lines[:limit])]
    failed = sum("error" in r for r in records)
    if failed:
        print(f"note: {failed} stories failed extraction and are left out", file=sys.stderr)
    return [Analysis.from_dict(r) for r in records if "error" not in r]


def _extract(corpus: Path, cache: Path, *, skip: int, limit: int | None) -> Iterator[str]:
    from claimgraph.api import default_pipeline
    from claimgraph.ingest import read_text

    stories = reuters_stories(corpus, limit=None if limit is None else skip + limit)
    articles = (
        read_text(s["text"] or "", title=s["title"], published=s["published"])
        for i, s in enumerate(stories)
        if i >= skip
    )
    cache.parent.mkdir(parents=True, exist_ok=True)
    started, n = time.perf_counter(), 0
    with cache.open("a", encoding="utf-8") as out:
        for result in default_pipeline().pipe_results(articles, batch_size=64):
            if result.analysis is not None:
                line = result.analysis.to_json(indent=None)
            else:
                line = json.dumps({"error": str(result.error)})
            out.write(line + "\n")
            n += 1
            if n % 500 == 0:
                out.flush()
                print(f"extracted {skip + n} ({n / (time.perf_counter() - started):.1f}/s)", file=sys.stderr)
            yield line


def replicated(analyses: list[Analysis], times: int) -> list[Analysis]:
    """Each analysis ``times`` times under distinct texts (a copy marker appended; spans stay valid).

    Synthetic scale-up, to see query latencies at full-corpus size without 30+ minutes of extraction.
    """
    out = list(analyses)
    for k in range(1, times):
        for a in analyses:
            text = f"{a.document.text}\n[copy {k}]"
            doc = dataclasses.replace(a.document, text=text, id=document_id(text))
            out.append(dataclasses.replace(a, document=doc))
    return out


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def timed_both(fn: Callable[[], Any]) -> tuple[float, float]:
    """(wall, CPU) seconds: on a shared machine the CPU time shows the cost without the waiting."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def latencies_ms(calls: list[Callable[[], Any]]) -> dict[str, float]:
    both = [timed_both(c) for c in calls]
    ms = [w * 1000 for w, _ in both]
    cpu_ms = [c * 1000 for _, c in both]
    return {
        "n": len(ms),
        "p50_ms": round(pct(ms, 50), 2),
        "p95_ms": round(pct(ms, 95), 2),
        "max_ms": round(max(ms), 2),
        "p95_cpu_ms": round(pct(cpu_ms, 95), 2),
    }


def summary_s(fn: Callable[[], Any]) -> dict[str, float]:
    runs = [timed_both(fn) for _ in range(3)]
    return {"max_s": round(max(w for w, _ in runs), 3), "max_cpu_s": round(max(c for _, c in runs), 3)}


def _empty_postgresql_store(url: str) -> None:
    """Empty the claimgraph tables of the store at ``url`` (creating it if new), leaving anything else alone."""
    from claimgraph.store.schema import CONTENT_TABLES, claim_embeddings, link_results

    with Store.open(url) as store:
        names = ", ".join(t.name for t in (*CONTENT_TABLES, link_results, claim_embeddings))
        with store.connection.begin():
            store.connection.exec_driver_sql(f"TRUNCATE {names} CASCADE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="Stories to use (default: all).")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument(
        "--db", default=str(OUT / "store-bench.db"), help="SQLite file (replaced) or postgresql:// URL (emptied)."
    )
    parser.add_argument("--queries", type=int, default=200, help="Queries of each kind.")
    parser.add_argument("--replicate", type=int, default=1, help="Store each analysis N times (synthetic scale-up).")
    args = parser.parse_args()

    analyses = replicated(cached_analyses(args.cache, args.corpus, args.limit), args.replicate)
    postgres = args.db.startswith(("postgresql://", "postgres://"))
    if postgres:
        _empty_postgresql_store(args.db)
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(args.db + suffix).unlink(missing_ok=True)
    rng = random.Random(1987)
    results: dict[str, Any] = {
        "backend": "postgresql" if postgres else "sqlite",
        "articles": len(analyses),
        "replicate": args.replicate,
        "claims": sum(len(a.claims) for a in analyses),
        # Wall-clock figures depend on what else runs: the load average is recorded beside them.
        "load_average_1m": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
    }

    with Store.open(args.db) as store:
        cpu = time.process_time()
        seconds = timed(lambda: store.add_many(analyses))
        cpu = time.process_time() - cpu
        results["insert_s"] = round(seconds, 2)
        results["insert_per_s"] = round(len(analyses) / seconds, 1)
        results["insert_per_cpu_s"] = round(len(analyses) / cpu, 1)
        sample = rng.sample(analyses, min(len(analyses), 500))
        results["readd_unchanged_per_s"] = round(len(sample) / timed(lambda: store.add_many(sample)), 1)

        names = sorted({e.name for a in analyses for e in a.entities})
        picked = rng.sample(names, min(len(names), args.queries))
        results["entity_claims"] = latencies_ms([lambda n=n: store.claims(entity=n) for n in picked])
        results["entity_lookup"] = latencies_ms([lambda n=n: store.entities(name=n) for n in picked])

        words = sorted({w for a in sample for c in a.claims for w in re.findall(r"[A-Za-z]{4,}", c.text)})
        terms = rng.sample(words, min(len(words), args.queries))
        pairs = [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(args.queries // 4)]
        results["search"] = latencies_ms([lambda t=t: store.claims(search=t) for t in terms + pairs])
        sources = [c.source.display for a in sample for c in a.claims]
        results["source_substring"] = latencies_ms(
            [lambda s=s: store.claims(source=s[:8]) for s in rng.sample(sources, min(len(sources), 50))]
        )
        results["date_modality"] = latencies_ms(
            [lambda: store.claims(since="1987-03-01", until="1987-03-31", modality="hedged")] * 20
        )
        results["sources"] = summary_s(lambda: store.sources())
        results["entities_summary"] = summary_s(lambda: store.entities())
        results["get_by_prefix"] = latencies_ms([lambda a=a: store.get(a.document.id[:10]) for a in sample[:100]])
        stats = store.stats()
    results["db_bytes"] = stats["bytes"]
    results["db_mb"] = round(stats["bytes"] / 1e6, 1)
    results["rows"] = {k: v for k, v in stats.items() if k != "bytes"}
    results["targets"] = {
        "insert_per_s": results["insert_per_s"] >= TARGETS["insert_per_s"],
        "entity_p95_ms": max(results["entity_claims"]["p95_ms"], results["entity_lookup"]["p95_ms"])
        < TARGETS["entity_p95_ms"],
        "search_p95_ms": results["search"]["p95_ms"] < TARGETS["search_p95_ms"],
        "sources_s": results["sources"]["max_s"] < TARGETS["sources_s"],
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / ("store-results-postgresql.json" if postgres else "store-results.json")).write_text(
        json.dumps(results, indent=2) + "\n", encoding="utf-8"
    )
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
