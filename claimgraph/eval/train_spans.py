"""Train the cue-conditioned span model (:mod:`claimgraph.extract.attr_spans`) on PolNeAR train; report dev.

    python -m claimgraph.eval.train_spans ../shared/data/attribution/polnear/train \\
        ../shared/data/attribution/polnear/dev --cache /tmp/attr3 \\
        --out claimgraph/extract/data/attr_spans/weights.npz

Training uses the GOLD cues of the train split: each gold relation gives one window whose tokens are
tagged with that relation's sources and contents. Two learners: a structured averaged perceptron
(Viterbi in the loop, one update per document batch; the default) and a per-token multinomial
logistic regression with log-bigram transitions (``--method lr``). Weights are stored as int8 with
one scale per tag: no string from the corpus is kept.

Dev is reported twice: with the gold cues (the oracle: how good are the spans given the right cue)
and with the stage-1 tagger's cues (:mod:`claimgraph.extract.attr_tagger`), next to the stage-1
tagger's own sources and contents on the same cues.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc

from claimgraph.eval.polnear import GoldArticle, Relation, score_predictions
from claimgraph.eval.train_attribution import (
    add_exclude_option,
    figures,
    parsed,
    quantise,
    rules_of,
    train_logistic,
    training_pairs,
)
from claimgraph.extract.attr_merge import cue_runs
from claimgraph.extract.attr_spans import (
    B_CONTENT,
    B_SOURCE,
    TAGS,
    DocArrays,
    Range,
    Rows,
    SpanModel,
    allowed_transitions,
    batch_scores,
    decode,
    doc_arrays,
    features,
    pack,
    rows_for,
    viterbi,
)
from claimgraph.extract.attr_tagger import group_relations, tag_doc, token_range

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]
U32 = npt.NDArray[np.uint32]


@dataclass(frozen=True, slots=True)
class Batch:
    """One document's windows: arrays, rows, features and gold tags ``(n_cues, width)``."""

    arrays: DocArrays
    cues: list[Range]
    rows: Rows
    feats: U32
    gold: I64


def token_starts(doc: Doc) -> I64:
    return doc.to_array("IDX").astype(np.int64)


def cue_tokens(doc: Doc, starts: I64, relation: Relation) -> Range:
    """The token range of a gold cue (its fragments joined)."""
    return token_range(starts, relation.cue[0][0], relation.cue[-1][1])


def gold_rows(doc: Doc, starts: I64, relations: list[Relation], rows: Rows) -> I64:
    """Gold tags of each window: the relation's sources and contents, ``B-`` on each fragment's first token."""
    n_cues, width = rows.valid.shape
    gold = np.zeros((n_cues, width), dtype=np.int64)
    offsets = np.r_[0, np.cumsum(rows.valid.sum(axis=1))]
    for k, rel in enumerate(relations):
        tokens = rows.token[offsets[k] : offsets[k + 1]]
        first = int(tokens[0])
        row = np.zeros(len(tokens), dtype=np.int64)
        for begin, frags in ((B_SOURCE, rel.sources), (B_CONTENT, rel.contents)):
            for a, b in frags:
                s, e = token_range(starts, a, b)
                while s < e and doc[s].is_space:
                    s += 1
                s, e = max(s, first), min(e, first + len(tokens))
                if s < e:
                    row[s - first] = begin
                    row[s - first + 1 : e - first] = begin + 1
        row[rows.in_cue[offsets[k] : offsets[k + 1]]] = 0
        gold[k, : len(tokens)] = row
    return gold


def build(pairs: list[tuple[GoldArticle, Doc]], *, bits: int, before: int, after: int) -> list[Batch]:
    """One batch per document with at least one gold relation."""
    out: list[Batch] = []
    for article, doc in pairs:
        if not article.relations:
            continue
        starts = token_starts(doc)
        d = doc_arrays(doc)
        cues = [cue_tokens(doc, starts, r) for r in article.relations]
        rows = rows_for(d, cues, before, after)
        out.append(
            Batch(d, cues, rows, features(d, cues, rows, bits), gold_rows(doc, starts, list(article.relations), rows))
        )
    return out


def _bigrams(tags: I64, valid: npt.NDArray[np.bool_]) -> npt.NDArray[np.float64]:
    """Counts ``[previous, next]`` of a batch's tag sequences (row ``len(TAGS)``: the start)."""
    n = len(TAGS)
    counts = np.zeros((n + 1, n), dtype=np.float64)
    np.add.at(counts, (np.full(len(tags), n), tags[:, 0]), 1)
    pair_valid = valid[:, 1:]
    np.add.at(counts, (tags[:, :-1][pair_valid], tags[:, 1:][pair_valid]), 1)
    return counts


def train_perceptron(batches: list[Batch], *, bits: int, epochs: int) -> tuple[F32, F32]:
    """Structured averaged perceptron: decode each document's windows, move weights towards gold where wrong."""
    n_tags = len(TAGS)
    weights = np.zeros((1 << bits, n_tags), dtype=np.float32)
    trans = np.zeros((n_tags + 1, n_tags), dtype=np.float32)
    acc_w = np.zeros_like(weights)  # sum of step * update, for averaging
    acc_t = np.zeros_like(trans)
    rng = np.random.default_rng(7)
    step = 1
    for epoch in range(epochs):
        wrong = total = 0
        for b in rng.permutation(len(batches)).tolist():
            batch = batches[b]
            pred = viterbi(batch_scores(weights[batch.feats].sum(axis=1), batch.rows), trans)
            gold_flat, pred_flat = batch.gold[batch.rows.valid], pred[batch.rows.valid]
            diff = gold_flat != pred_flat
            total += len(gold_flat)
            wrong += int(diff.sum())
            if diff.any():
                f = batch.feats[diff]
                upd = np.zeros((len(f), n_tags), dtype=np.float32)
                upd[np.arange(len(f)), gold_flat[diff]] += 1.0
                upd[np.arange(len(f)), pred_flat[diff]] -= 1.0
                cols = np.repeat(upd, f.shape[1], axis=0)
                np.add.at(weights, f.ravel(), cols)
                np.add.at(acc_w, f.ravel(), cols * step)
                dt = (_bigrams(batch.gold, batch.rows.valid) - _bigrams(pred, batch.rows.valid)).astype(np.float32)
                trans += dt
                acc_t += dt * step
            step += 1
        print(f"epoch {epoch + 1}: token errors {wrong / max(total, 1):.4f}", flush=True)
    allowed = allowed_transitions()
    avg_t = np.where(allowed, trans - acc_t / step, -1e4).astype(np.float32)
    return (weights - acc_w / step).astype(np.float32), avg_t


def train_lr(batches: list[Batch], *, bits: int, epochs: int, lr: float, l2: float) -> tuple[F32, F32]:
    """Per-token multinomial logistic regression (Adagrad) plus log-bigram transitions."""
    x = np.concatenate([b.feats for b in batches])
    y = np.concatenate([b.gold[b.rows.valid] for b in batches])
    keep = ~np.concatenate([b.rows.in_cue for b in batches])
    x, y = x[keep], y[keep]
    n_tags = len(TAGS)
    weights = train_logistic(x, y, n_tags, bits=bits, epochs=epochs, lr=lr, l2=l2)
    counts = np.ones((n_tags + 1, n_tags), dtype=np.float64)
    for b in batches:
        counts += _bigrams(b.gold, b.rows.valid)
    logp = np.log(counts / counts.sum(axis=1, keepdims=True))
    return weights, np.where(allowed_transitions(), logp, -1e4).astype(np.float32)


# -- dev predictions --------------------------------------------------------------------------------------------


def _chars(doc: Doc, r: Range) -> list[int]:
    return [doc[r[0]].idx, doc[r[1] - 1].idx + len(doc[r[1] - 1])]


def spans_of(model: SpanModel, doc: Doc, d: DocArrays, cues: list[Range]) -> list[tuple[tuple[Range, ...], ...]]:
    """Like :func:`attr_spans.spans_for_cues`, reusing the document's arrays."""
    if not cues:
        return []
    rows = rows_for(d, cues, model.before, model.after)
    tags = viterbi(batch_scores(model.row_scores(features(d, cues, rows, model.bits)), rows), model.transitions)
    return list(decode(d, rows, tags))


def oracle(model: SpanModel, pairs: list[tuple[GoldArticle, Doc]]) -> dict[str, Any]:
    """Predictions with the gold cues and this model's spans."""
    out: dict[str, Any] = {}
    for article, doc in pairs:
        starts = token_starts(doc)
        cues = [cue_tokens(doc, starts, r) for r in article.relations]
        rels = []
        for rel, (src, con) in zip(article.relations, spans_of(model, doc, doc_arrays(doc), cues), strict=True):
            rels.append({"cue": [rel.cue[0][0], rel.cue[-1][1]], "sources": [_chars(doc, s) for s in src],
                         "contents": [_chars(doc, c) for c in con]})  # fmt: skip
        out[article.name] = rels
    return out


def realistic(model: SpanModel, pairs: list[tuple[GoldArticle, Doc]]) -> dict[str, dict[str, Any]]:
    """Stage-1 alone, stage-1 relation cues + these spans, every stage-1 cue run + these spans; and timing."""
    out: dict[str, dict[str, Any]] = {"stage1": {}, "stage1_cues": {}, "all_cue_runs": {}}
    seconds, n_cues, n_tokens = 0.0, 0, 0
    for article, doc in pairs:
        tags = tag_doc(doc, rules_of(doc))
        relations = group_relations(doc, tags)
        out["stage1"][article.name] = [
            {"cue": _chars(doc, r.cue), "sources": [_chars(doc, s) for s in r.sources],
             "contents": [_chars(doc, c) for c in r.contents]} for r in relations]  # fmt: skip
        for key, cues in (("stage1_cues", [r.cue for r in relations]), ("all_cue_runs", cue_runs(tags))):
            t0 = time.perf_counter()
            found = spans_of(model, doc, doc_arrays(doc), cues)
            if key == "all_cue_runs":
                seconds += time.perf_counter() - t0
                n_cues += len(cues)
                n_tokens += len(doc)
            out[key][article.name] = [
                {"cue": _chars(doc, cue), "sources": [_chars(doc, s) for s in src],
                 "contents": [_chars(doc, c) for c in con]}
                for cue, (src, con) in zip(cues, found, strict=True) if con]  # fmt: skip
    out["timing"] = {
        "ms_per_cue": 1000 * seconds / max(n_cues, 1),
        "ms_per_1000_tokens": 1e6 * seconds / max(n_tokens, 1),
        "cues": n_cues,
        "tokens": n_tokens,
    }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("train", type=Path)
    parser.add_argument("dev", type=Path)
    parser.add_argument("--cache", type=Path, required=True, help="folder for the parsed splits (outside the repo)")
    parser.add_argument("--out", type=Path, help="where to write weights.npz")
    parser.add_argument("--method", choices=("perceptron", "lr"), default="perceptron")
    parser.add_argument("--bits", type=int, default=18)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--lr", type=float, default=0.3)
    parser.add_argument("--l2", type=float, default=1e-4)
    parser.add_argument("--before", type=int, default=2, help="sentences of the window before the cue's")
    parser.add_argument("--after", type=int, default=3, help="sentences of the window after the cue's")
    add_exclude_option(parser)
    parser.add_argument("--realistic", action="store_true", help="also score with the stage-1 tagger's cues")
    args = parser.parse_args()

    started = time.monotonic()
    train_pairs, dev_pairs = training_pairs(args), parsed(args.dev, args.cache)
    batches = build(train_pairs, bits=args.bits, before=args.before, after=args.after)
    n_rows = sum(len(b.rows.token) for b in batches)
    print(f"features built: {n_rows:,} window tokens of {sum(len(b.cues) for b in batches):,} train cues, "
          f"{time.monotonic() - started:.0f} s", flush=True)  # fmt: skip
    if args.method == "perceptron":
        weights, trans = train_perceptron(batches, bits=args.bits, epochs=args.epochs)
    else:
        weights, trans = train_lr(batches, bits=args.bits, epochs=args.epochs, lr=args.lr, l2=args.l2)
    q, scale = quantise(weights)
    model = SpanModel(args.bits, (q.astype(np.float32) * scale[None, :]).astype(np.float32), trans,
                      args.before, args.after, pack(q), scale)  # fmt: skip
    report: dict[str, Any] = {"oracle": figures(score_predictions(args.dev, oracle(model, dev_pairs)))}
    if args.realistic:
        real = realistic(model, dev_pairs)
        for key in ("stage1", "stage1_cues", "all_cue_runs"):
            report[key] = figures(score_predictions(args.dev, real[key]))
        report["timing"] = real["timing"]
    print(json.dumps(report, indent=1))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(args.out, weights=q, scale=scale, transitions=trans, bits=np.int64(args.bits),
                            before=np.int64(args.before), after=np.int64(args.after))  # fmt: skip
        print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    print(f"total {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
