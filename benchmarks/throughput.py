"""Throughput: bare spaCy `nlp.pipe` vs the full claimgraph extraction, same process, same run.

    python benchmarks/throughput.py --limit 3000

Prints words/s for each, their ratio, the cost of each claimgraph component as a share of the bare
spaCy time (attribution+modality and quantities+times are the figures issues ask for), and peak RSS.
Words are whitespace-separated tokens of the input texts. The shares are taken against spaCy's own
components timed in the same rounds as the claimgraph components (see ``main``), so that a shared
machine's drift between the phases of the run does not bias them.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import DEFAULT_DIR, reuters_stories

from claimgraph.config import load_settings
from claimgraph.extract.loader import load_spacy
from claimgraph.extract.pipeline import CLAIMGRAPH_PIPES, Pipeline
from claimgraph.model import Article


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--limit", type=int, default=3000)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="time bare spaCy and the extraction N times each, interleaved, and keep each one's fastest run "
        "(a shared machine's noise only ever slows a run down)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()

    stories = list(reuters_stories(args.corpus, args.limit))
    texts = [s["text"] or "" for s in stories]
    words = sum(len(t.split()) for t in texts)
    settings = load_settings()

    # Warm-up both pipelines so model loading is not timed.
    bare = load_spacy(settings.model)
    pipeline = Pipeline(settings)
    list(bare.pipe(texts[:20]))
    list(pipeline.pipe(Article(text=t) for t in texts[:20]))

    articles = [Article(text=s["text"] or "", title=s["title"], published=s["published"]) for s in stories]
    bare_s = full_s = float("inf")
    n_claims = 0
    for _ in range(max(args.repeat, 1)):
        t0 = time.perf_counter()
        for _doc in bare.pipe(texts, batch_size=args.batch_size):
            pass
        bare_s = min(bare_s, time.perf_counter() - t0)

        t0 = time.perf_counter()
        n_claims = 0
        for analysis in pipeline.pipe(articles, batch_size=args.batch_size, error_handler=lambda a, e: None):
            n_claims += len(analysis.claims)
        full_s = min(full_s, time.perf_counter() - t0)

    # Per-component cost: each round runs spaCy's part over the prepared articles, timed, then times each
    # claimgraph component on those Docs. A component's share is taken against the spaCy time of the same
    # rounds: on a shared machine the speed drifts between phases, and a share against the bare run of the
    # first phase would carry that drift (one run here read 23 % and the next 29 % for the same code).
    nlp = pipeline.nlp
    component_s: dict[str, float] = {}
    spacy_s = float("inf")
    for _ in range(max(args.repeat, 1)):
        t0 = time.perf_counter()
        with nlp.select_pipes(disable=list(CLAIMGRAPH_PIPES)):
            docs = list(nlp.pipe((pipeline._prepare(a) for a in articles), batch_size=args.batch_size))
        spacy_s = min(spacy_s, time.perf_counter() - t0)
        # Each prepared Doc carries its article's time limit, counted from when it was made; here every
        # component runs over all the Docs in turn, so later components would see it long past.
        for doc in docs:
            doc._.cg_deadline = None
        current = docs
        for name in CLAIMGRAPH_PIPES:
            proc = nlp.get_pipe(name)
            t0 = time.perf_counter()
            current = [proc(d) for d in current]
            component_s[name] = min(component_s.get(name, float("inf")), time.perf_counter() - t0)
        del docs, current

    share = {name: round(100 * s / spacy_s, 1) for name, s in component_s.items()}
    result = {
        "articles": len(texts),
        "repeat": max(args.repeat, 1),
        "words": words,
        "bare_spacy_words_per_s": round(words / bare_s),
        "claimgraph_words_per_s": round(words / full_s),
        "ratio": round(bare_s / full_s, 3),
        "claims": n_claims,
        "spacy_words_per_s_in_component_rounds": round(words / spacy_s),
        "component_cost_pct_of_bare_spacy": share,
        "attribution_modality_pct": round(share["claimgraph_claims_v1"] + share["claimgraph_modality_v1"], 1),
        "quantities_times_pct": round(share["claimgraph_quantities_v1"] + share["claimgraph_times_v1"], 1),
        "peak_rss_mb": round(peak_rss_mb()),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"articles: {result['articles']:,}  words: {words:,}")
    print(f"bare spaCy nlp.pipe      {result['bare_spacy_words_per_s']:>8,} words/s")
    print(f"claimgraph extraction    {result['claimgraph_words_per_s']:>8,} words/s")
    print(f"ratio (claimgraph/bare)  {result['ratio']:.3f}")
    print(f"spaCy in component rounds {result['spacy_words_per_s_in_component_rounds']:>7,} words/s")
    for name, pct in share.items():
        print(f"  {name:<28} {pct:>5.1f} % of that spaCy time")
    print(f"attribution+modality     {result['attribution_modality_pct']:.1f} %")
    print(f"quantities+times         {result['quantities_times_pct']:.1f} %")
    print(f"peak RSS                 {result['peak_rss_mb']:,} MB")


if __name__ == "__main__":
    main()
