"""Score cross-article linking on a dev set: clusters (B-cubed), independence counts, figure pair classes.

The dev set is a folder with ``articles.jsonl`` (records with ``id``, ``text``, ``title``, ``published``,
``outlet``), ``expected.json`` (gold clusters of claim contents, independent-source counts, pair classes,
entities that must resolve together) and optionally ``aliases.tsv`` (user aliases for invented names).

Each gold member is mapped to the predicted claim of its article whose span best overlaps it (word F1
>= 0.5). B-cubed precision and recall are computed over every claim extracted from the articles: a
claim in no gold cluster is its own gold singleton, so merging claims the gold keeps apart costs
precision even when the gold does not list them; a gold member that matched no claim counts as missed.
A gold cluster's independence count is compared with that of the predicted cluster holding
most of its members; a gold pair is right when that predicted cluster classifies the two claims' figures
with the same class.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from claimgraph.errors import EvalDataError
from claimgraph.eval.seed import require, word_f1
from claimgraph.link import ClaimRef, link
from claimgraph.link.names import _load_aliases, name_key
from claimgraph.model import Analysis, Article


def _load(directory: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    try:
        records = [json.loads(line) for line in (directory / "articles.jsonl").read_text("utf-8").splitlines() if line]
        expected = json.loads((directory / "expected.json").read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalDataError(f"cannot read the cross-document dev set in {directory}: {exc}") from None
    return records, expected


def _match(analysis: Analysis, content: str) -> str | None:
    gspan = require(analysis.document.text, content, what="cross-document claim")
    best: tuple[float, str] | None = None
    for claim in analysis.claims:
        f1 = word_f1(analysis.document.text, claim.span, gspan)
        if f1 >= 0.5 and (best is None or f1 > best[0]):
            best = (f1, claim.id)
    return best[1] if best else None


def evaluate(directory: Path, *, pipeline: Any = None, embedder: Any = None) -> dict[str, Any]:
    from claimgraph.api import default_pipeline

    records, expected = _load(directory)
    aliases = directory / str(expected.get("aliases", "aliases.tsv"))
    previous = os.environ.get("CLAIMGRAPH_ALIASES")
    if aliases.is_file():
        os.environ["CLAIMGRAPH_ALIASES"] = str(aliases)
        _load_aliases.cache_clear()
    try:
        pipe = pipeline or default_pipeline()
        articles = [
            Article(
                text=r["text"],
                title=r.get("title"),
                published=r.get("published"),
                outlet=r.get("outlet"),
                published_origin="metadata" if r.get("published") else "none",
            )
            for r in records
        ]
        analyses = list(pipe.pipe(articles))
        by_id = {r["id"]: a for r, a in zip(records, analyses, strict=True)}
        result = link(analyses, embedder=embedder)
        return score(result, by_id, expected)
    finally:
        if previous is None:
            os.environ.pop("CLAIMGRAPH_ALIASES", None)
        else:
            os.environ["CLAIMGRAPH_ALIASES"] = previous
        _load_aliases.cache_clear()


def score(result: Any, by_id: dict[str, Analysis], expected: dict[str, Any]) -> dict[str, Any]:
    predicted_label: dict[str, str] = {}
    for c in result.clusters:
        for m in c.members:
            predicted_label[m.key()] = c.id
    cluster_by_id = {c.id: c for c in result.clusters}
    gold_of: dict[str, str] = {}
    pred_of: dict[str, str] = {}
    ref_of: dict[tuple[str, str], ClaimRef | None] = {}
    unmatched = []
    for gc in expected["clusters"]:
        for art, content in gc["members"]:
            analysis = by_id[art]
            cid = _match(analysis, content)
            item = f"{art}:{content}"
            gold_of[item] = gc["id"]
            if cid is None:
                unmatched.append(item)
                pred_of[item] = f"missing:{item}"
                ref_of[(art, content)] = None
            else:
                ref = ClaimRef(analysis.document.id, cid)
                ref_of[(art, content)] = ref
                pred_of[item] = predicted_label.get(ref.key(), f"unclustered:{item}")
    # B-cubed over every extracted claim (and every gold member that matched none): a claim outside
    # the gold clusters is its own gold singleton, so a wrong merge of unlisted claims costs precision
    gold_label = {ref.key(): f"gold:{gold_of[f'{art}:{content}']}" for (art, content), ref in ref_of.items() if ref}
    pred_label = dict(predicted_label)
    for analysis in by_id.values():
        for claim in analysis.claims:
            key = ClaimRef(analysis.document.id, claim.id).key()
            gold_label.setdefault(key, f"alone:{key}")
            pred_label.setdefault(key, f"alone:{key}")
    for item in unmatched:
        gold_label[item] = f"gold:{gold_of[item]}"
        pred_label[item] = f"missing:{item}"
    p, r = _bcubed(gold_label, pred_label)
    f1 = 2 * p * r / (p + r) if p + r else 0.0

    independence_rows = []
    pair_rows = []
    for gc in expected["clusters"]:
        labels = Counter(pred_of[f"{art}:{content}"] for art, content in gc["members"])
        main_label = labels.most_common(1)[0][0]
        cluster = cluster_by_id.get(main_label)
        # a claim in no cluster stands alone: it is its own single source
        got = len(cluster.independent_sources) if cluster else (1 if len(gc["members"]) == 1 else None)
        independence_rows.append(
            {
                "cluster": gc["id"],
                "expected": gc["independent_sources"],
                "got": got,
                "sources": list(cluster.independent_sources) if cluster else [],
            }
        )
        members = {art: ref_of[(art, content)] for art, content in gc["members"]}
        for a, b, want in gc.get("pairs", []):
            ra, rb = members.get(a), members.get(b)
            got_label = None
            if cluster and ra and rb:
                for pair in cluster.figures:
                    if {pair.a, pair.b} == {ra, rb}:
                        got_label = pair.label
                        break
            pair_rows.append({"cluster": gc["id"], "a": a, "b": b, "expected": want, "got": got_label})

    entity_rows = []
    for ge in expected.get("entities", []):
        wanted = [ge["name"], *ge.get("same_as", [])]
        keys = {name_key(w) for w in wanted}
        holders = {e.id for e in result.entities if keys & e.name_keys()}
        entity_rows.append({"name": ge["name"], "resolved_together": len(holders) == 1, "global_ids": sorted(holders)})

    indep_ok = sum(1 for row in independence_rows if row["expected"] == row["got"])
    pairs_ok = sum(1 for row in pair_rows if row["expected"] == row["got"])
    ents_ok = sum(1 for row in entity_rows if row["resolved_together"])
    return {
        "bcubed_precision": round(p, 4),
        "bcubed_recall": round(r, 4),
        "bcubed_f1": round(f1, 4),
        "independence_correct": indep_ok,
        "independence_total": len(independence_rows),
        "independence_accuracy": round(indep_ok / len(independence_rows), 4) if independence_rows else 1.0,
        "pairs_correct": pairs_ok,
        "pairs_total": len(pair_rows),
        "pair_accuracy": round(pairs_ok / len(pair_rows), 4) if pair_rows else 1.0,
        "entities_correct": ents_ok,
        "entities_total": len(entity_rows),
        "unmatched_gold_claims": unmatched,
        "independence": independence_rows,
        "pairs": pair_rows,
        "entities": entity_rows,
        "stats": result.stats,
    }


def _bcubed(gold: dict[str, str], pred: dict[str, str]) -> tuple[float, float]:
    """B-cubed precision and recall of ``pred`` against ``gold`` (item -> cluster label, same items)."""
    both = Counter((gold[i], pred[i]) for i in gold)
    in_gold = Counter(gold.values())
    in_pred = Counter(pred[i] for i in gold)
    precision = sum(n * n / in_pred[pl] for (_, pl), n in both.items()) / len(gold)
    recall = sum(n * n / in_gold[gl] for (gl, _), n in both.items()) / len(gold)
    return precision, recall


def format_report(result: dict[str, Any]) -> str:
    lines = [
        f"B-cubed P/R/F1: {result['bcubed_precision']:.3f} / {result['bcubed_recall']:.3f} / {result['bcubed_f1']:.3f}",
        f"independence counts exact: {result['independence_correct']} / {result['independence_total']}",
        f"figure pair classes right: {result['pairs_correct']} / {result['pairs_total']}",
        f"entities resolved together: {result['entities_correct']} / {result['entities_total']}",
    ]
    for row in result["independence"]:
        if row["expected"] != row["got"]:
            lines.append(
                f"  independence {row['cluster']}: expected {row['expected']}, got {row['got']} {row['sources']}"
            )
    for row in result["pairs"]:
        if row["expected"] != row["got"]:
            lines.append(f"  pair {row['cluster']} {row['a']}-{row['b']}: expected {row['expected']}, got {row['got']}")
    for item in result["unmatched_gold_claims"]:
        lines.append(f"  no predicted claim for {item}")
    return "\n".join(lines)
