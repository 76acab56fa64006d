"""Train the attribution tagger (:mod:`claimgraph.extract.attr_tagger`) on PolNeAR train; report dev.

    python -m claimgraph.eval.train_attribution ../shared/data/attribution/polnear/train \\
        ../shared/data/attribution/polnear/dev --cache /tmp/attr3 \\
        --out claimgraph/extract/data/attr_model/weights.npz

Each split is parsed once with claimgraph's spaCy pipeline (its own components off) and cached as a
DocBin under ``--cache`` (never in the repository: the texts have no licence). Gold relations become
BIO tags per token (PolNeAR is univocal: a token has at most one role); the rule-based claims of each
document give the ``rule_roles`` features. The default model is a structured averaged perceptron: the
token weights and the tag-transition scores are learnt together through the same Viterbi decoding the
tagger runs, on chunks of 32 tokens whose start state is the gold tag before them (so any chunking is
exact), 4 chunks per update. ``--trainer logistic`` keeps the earlier per-token multinomial logistic
regression (Adagrad) with log bigram frequencies as transitions. A per-tag decoding bias for the cue tags
is then chosen on dev (``--tune-bias``). Weights are stored as int8 with one scale per tag: no string from
the corpus is kept.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc, DocBin

from claimgraph.eval.polnear import GoldArticle, Relation, read_gold, score_predictions
from claimgraph.eval.polnear_agreement import multi_annotated_names
from claimgraph.extract.attr_features import token_features
from claimgraph.extract.attr_tagger import (
    TAGS,
    TaggerModel,
    allowed_transitions,
    group_relations,
    rule_roles,
    token_range,
    viterbi,
)

F32 = npt.NDArray[np.float32]


def parsed(directory: Path, cache: Path) -> list[tuple[GoldArticle, Doc]]:
    """Gold articles of a split with their parses (cached as ``cache/<split>.spacy``)."""
    from claimgraph.api import default_pipeline
    from claimgraph.extract.pipeline import CLAIMGRAPH_PIPES

    gold = read_gold(directory)
    nlp = default_pipeline().nlp
    path = cache / f"{directory.name}.spacy"
    if path.is_file():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    else:
        db = DocBin(attrs=["ORTH", "LEMMA", "POS", "TAG", "DEP", "HEAD", "SENT_START", "ENT_IOB", "ENT_TYPE",
                           "SPACY", "MORPH"])  # fmt: skip

        def prepared() -> Iterator[Doc]:
            for g in gold:
                doc = nlp.make_doc(g.text)
                doc._.cg_structure = []
                yield doc

        with nlp.select_pipes(disable=list(CLAIMGRAPH_PIPES)):
            docs = list(nlp.pipe(prepared(), batch_size=32))
        for doc in docs:
            db.add(doc)
        cache.mkdir(parents=True, exist_ok=True)
        db.to_disk(path)
    if [d.text for d in docs] != [g.text for g in gold]:
        raise SystemExit(f"{path} does not match {directory}: delete the cache")
    return list(zip(gold, docs, strict=True))


def add_exclude_option(parser: argparse.ArgumentParser) -> None:
    """``--exclude-multi-annotated``, read by :func:`training_pairs` (both attribution trainers take it)."""
    parser.add_argument(
        "--exclude-multi-annotated",
        action="store_true",
        help="leave out of training the articles with several annotators (for claimgraph eval polnear-agreement)",
    )


def training_pairs(args: argparse.Namespace) -> list[tuple[GoldArticle, Doc]]:
    """The parsed train split (``args.train``, ``args.cache``), less the multi-annotated articles when asked."""
    pairs = parsed(args.train, args.cache)
    if args.exclude_multi_annotated:
        held_out = multi_annotated_names(args.train)
        pairs = [(g, d) for g, d in pairs if g.name not in held_out]
        print(f"left out {len(held_out)} multi-annotated articles; training on {len(pairs)}")
    return pairs


def rules_of(doc: Doc) -> npt.NDArray[np.int8]:
    """Run the rule-based claims extractor on a cached parse and mark its roles."""
    from claimgraph.extract.claims import rule_marks

    doc._.cg_structure = []
    doc._.cg_entities = []
    return rule_roles(doc, rule_marks(doc))


def gold_tags(doc: Doc, relations: tuple[Relation, ...]) -> npt.NDArray[np.int64]:
    """BIO tag ids of the tokens: each fragment's first token ``B-``, the rest ``I-``."""
    tags = np.zeros(len(doc), dtype=np.int64)
    starts = np.fromiter((t.idx for t in doc), dtype=np.int64, count=len(doc))
    for rel in relations:
        for role, frags in ((1, rel.cue), (2, rel.sources), (3, rel.contents)):
            for start, end in frags:
                s, e = token_range(starts, start, end)
                while s < e and doc[s].is_space:
                    s += 1
                if s < e:
                    tags[s] = 2 * role - 1
                    tags[s + 1 : e] = 2 * role
    space = np.fromiter((t.is_space for t in doc), dtype=bool, count=len(doc))
    tags[space & (tags % 2 == 1)] = 0
    return tags


def build(pairs: list[tuple[GoldArticle, Doc]], bits: int) -> tuple[list[npt.NDArray[np.uint32]], list[Any]]:
    """Features (rule roles included) and gold tag ids of each document."""
    feats: list[npt.NDArray[np.uint32]] = []
    tags: list[Any] = []
    for article, doc in pairs:
        feats.append(token_features(doc, rules_of(doc), bits))
        tags.append(gold_tags(doc, article.relations))
    return feats, tags


def train(feats: list[npt.NDArray[np.uint32]], tags: list[Any], *, bits: int, epochs: int, lr: float, l2: float) -> F32:
    """Multinomial logistic regression with Adagrad over minibatches of tokens."""
    return train_logistic(
        np.concatenate(feats), np.concatenate(tags), len(TAGS), bits=bits, epochs=epochs, lr=lr, l2=l2
    )


def train_logistic(
    x: npt.NDArray[np.uint32], y: I64, n_tags: int, *, bits: int, epochs: int, lr: float, l2: float
) -> F32:
    """Weights ``(2**bits, n_tags)`` of a logistic regression over token rows of hashed features ``x``, gold ``y``.

    Shared by both attribution stages' trainers.
    """
    weights = np.zeros((1 << bits, n_tags), dtype=np.float32)
    grad_sq = np.full((1 << bits, n_tags), 1e-6, dtype=np.float32)
    rng = np.random.default_rng(7)
    batch = 512
    for epoch in range(epochs):
        order = rng.permutation(len(y))
        loss = 0.0
        for b in range(0, len(order), batch):
            rows = order[b : b + batch]
            xb = x[rows]
            scores = weights[xb].sum(axis=1)
            scores -= scores.max(axis=1, keepdims=True)
            prob = np.exp(scores)
            prob /= prob.sum(axis=1, keepdims=True)
            loss -= float(np.log(prob[np.arange(len(rows)), y[rows]] + 1e-9).sum())
            prob[np.arange(len(rows)), y[rows]] -= 1.0
            flat = xb.ravel()
            uniq, inverse = np.unique(flat, return_inverse=True)
            g = np.zeros((len(uniq), n_tags), dtype=np.float32)
            np.add.at(g, inverse, np.repeat(prob, xb.shape[1], axis=0))
            g += l2 * weights[uniq]
            grad_sq[uniq] += g * g
            weights[uniq] -= lr * g / np.sqrt(grad_sq[uniq])
        print(f"epoch {epoch + 1}: loss {loss / len(y):.4f}", flush=True)
    return weights


def transitions(tags: list[Any], weight: float) -> F32:
    """Log bigram frequencies of the gold tags times ``weight``; the last row is the document start."""
    n = len(TAGS)
    counts = np.ones((n + 1, n), dtype=np.float64)
    for seq in tags:
        if len(seq):
            counts[n, seq[0]] += 1
            np.add.at(counts, (seq[:-1], seq[1:]), 1)
    logp = weight * np.log(counts / counts.sum(axis=1, keepdims=True))
    return np.where(allowed_transitions(), logp, -1e4).astype(np.float32)


I64 = npt.NDArray[np.int64]
_FORBIDDEN = np.float32(-1e4)


def _chunks(tags: list[Any], length: int) -> tuple[I64, I64, I64]:
    """Token rows of fixed-length chunks (``-1`` pads a document's last one), gold tags, gold previous tags."""
    n_tags = len(TAGS)
    bounds = np.cumsum([0] + [len(t) for t in tags])
    rows: list[I64] = []
    for d in range(len(tags)):
        for s in range(int(bounds[d]), int(bounds[d + 1]), length):
            row = np.full(length, -1, dtype=np.int64)
            e = min(s + length, int(bounds[d + 1]))
            row[: e - s] = np.arange(s, e)
            rows.append(row)
    y = np.concatenate(tags).astype(np.int64)
    prev = np.empty(len(y), dtype=np.int64)
    prev[1:] = y[:-1]
    starts = bounds[:-1][np.diff(bounds) > 0]
    prev[starts] = n_tags  # the document-start row of the transitions
    return np.array(rows, dtype=np.int64), y, prev


def batch_viterbi(scores: F32, mask: npt.NDArray[np.bool_], start: I64, trans: F32) -> I64:
    """Viterbi over a batch of chunks ``scores[b, t, tag]``; ``start[b]``: the transition row each begins from.

    Padded steps (``mask`` false) carry the best scores over unchanged, so they never alter the path.
    """
    n_batch, length, n_tags = scores.shape
    moves = trans[:n_tags]
    best = scores[:, 0] + trans[start]
    back = np.zeros((n_batch, length, n_tags), dtype=np.int64)
    keep = np.arange(n_tags)
    for t in range(1, length):
        cand = best[:, :, None] + moves[None]
        arg = cand.argmax(axis=1)
        nxt = np.take_along_axis(cand, arg[:, None, :], axis=1)[:, 0] + scores[:, t]
        live = mask[:, t, None]
        best = np.where(live, nxt, best)
        back[:, t] = np.where(live, arg, keep)
    path = np.zeros((n_batch, length), dtype=np.int64)
    path[:, -1] = best.argmax(axis=1)
    rows = np.arange(n_batch)
    for t in range(length - 1, 0, -1):
        path[:, t - 1] = back[rows, t, path[:, t]]
    return path


def train_perceptron(
    feats: list[npt.NDArray[np.uint32]], tags: list[Any], *, bits: int, epochs: int, chunk: int = 32, batch: int = 4
) -> tuple[F32, F32]:
    """Structured averaged perceptron: token weights and transitions, updated where Viterbi disagrees with gold."""
    x = np.concatenate(feats)
    rows, y, prev = _chunks(tags, chunk)
    n_tags, n_feats = len(TAGS), x.shape[1]
    allowed = allowed_transitions()
    weights = np.zeros((1 << bits, n_tags), dtype=np.float32)
    trans = np.zeros((n_tags + 1, n_tags), dtype=np.float32)
    # averaging by the usual trick: the sums of step-weighted updates, subtracted at the end
    w_sum, t_sum = np.zeros_like(weights), np.zeros_like(trans)
    step = 1.0
    rng = np.random.default_rng(7)
    for epoch in range(epochs):
        order = rng.permutation(len(rows))
        errors = 0
        for b in range(0, len(order), batch):
            chunk_rows = rows[order[b : b + batch]]
            mask = chunk_rows >= 0
            safe = np.where(mask, chunk_rows, 0)
            xb = x[safe]
            start = prev[safe[:, 0]]
            pred = batch_viterbi(weights[xb].sum(axis=2), mask, start, np.where(allowed, trans, _FORBIDDEN))
            gold = y[safe]
            wrong = (pred != gold) & mask
            if not wrong.any():
                step += 1
                continue
            errors += int(wrong.sum())
            buckets = xb[wrong].ravel()
            for tag_ids, sign in ((gold[wrong], 1.0), (pred[wrong], -1.0)):
                cells = (buckets, np.repeat(tag_ids, n_feats))
                np.add.at(weights, cells, sign)
                np.add.at(w_sum, cells, sign * step)
            gold_prev = np.concatenate([start[:, None], gold[:, :-1]], axis=1)
            pred_prev = np.concatenate([start[:, None], pred[:, :-1]], axis=1)
            moved = mask & ((gold_prev != pred_prev) | (gold != pred))
            for before, after, sign in ((gold_prev, gold, 1.0), (pred_prev, pred, -1.0)):
                moves = (before[moved], after[moved])
                np.add.at(trans, moves, sign)
                np.add.at(t_sum, moves, sign * step)
            step += 1
        print(f"epoch {epoch + 1}: {errors:,} token errors", flush=True)
    avg_w = (weights - w_sum / step).astype(np.float32)
    avg_t = np.where(allowed, trans - t_sum / step, _FORBIDDEN).astype(np.float32)
    return avg_w, avg_t


def quantise(weights: F32) -> tuple[npt.NDArray[np.int8], F32]:
    scale = (np.abs(weights).max(axis=0) / 127.0).astype(np.float32)
    scale[scale == 0] = 1.0
    q = np.clip(np.round(weights / scale[None, :]), -127, 127).astype(np.int8)
    return q, scale


def predict(model: TaggerModel, pairs: list[tuple[GoldArticle, Doc]], feats: list[Any]) -> dict[str, Any]:
    out: dict[str, list[dict[str, Any]]] = {}
    for (article, doc), f in zip(pairs, feats, strict=True):
        tags = viterbi(model.scores(f), model.transitions)
        rels = []
        for rel in group_relations(doc, tags):

            def chars(r: tuple[int, int], d: Doc = doc) -> list[int]:
                return [d[r[0]].idx, d[r[1] - 1].idx + len(d[r[1] - 1])]

            rels.append(
                {
                    "cue": chars(rel.cue),
                    "sources": [chars(s) for s in rel.sources],
                    "contents": [chars(c) for c in rel.contents],
                }
            )
        out[article.name] = rels
    return out


#: cue-tag biases tried by ``--tune-bias``, in units of the spread of the B-CUE scores (I-CUE gets a third),
#: highest (most cues) first
BIAS_GRID = (0.25, 0.0, -0.25, -0.5, -1.0, -1.5, -2.0, -3.0)
#: lenient F1 points a bias may lose against the best one and still be kept for its better cue recall
#: (a cue the tagger misses is lost to every later stage; a spurious one can still be dropped there)
BIAS_TOLERANCE = 0.5


def tune_bias(model: TaggerModel, dev: Path, pairs: list[tuple[GoldArticle, Doc]], feats: list[Any]) -> TaggerModel:
    """The model with the highest cue bias of :data:`BIAS_GRID` within :data:`BIAS_TOLERANCE` of the best dev F1."""
    spread = float(np.concatenate([model.scores(f)[:, 1] for f in feats]).std())
    tried: list[tuple[float, TaggerModel]] = []
    for k in BIAS_GRID:
        bias = np.zeros(len(TAGS), dtype=np.float32)
        bias[1], bias[2] = k * spread, k * spread / 3
        candidate = TaggerModel(model.bits, model.weights, model.transitions, bias)
        f1 = figures(score_predictions(dev, predict(candidate, pairs, feats)))["lenient_f1"]
        print(f"cue bias {k:+.2f} x {spread:.0f}: lenient F1 {f1:.1f}", flush=True)
        tried.append((f1, candidate))
    best = max(f1 for f1, _ in tried)
    return next(candidate for f1, candidate in tried if f1 >= best - BIAS_TOLERANCE)


def figures(result: dict[str, Any]) -> dict[str, float]:
    e = result["elements"]
    return {
        "lenient_f1": result["relations"]["lenient"]["f1"],
        "lenient_p": result["relations"]["lenient"]["precision"],
        "lenient_r": result["relations"]["lenient"]["recall"],
        "strict_f1": result["relations"]["strict"]["f1"],
        "cue_exact": e["cue"]["exact"]["f1"],
        "source_exact": e["source"]["exact"]["f1"],
        "source_overlap": e["source"]["overlap"]["f1"],
        "content_exact": e["content"]["exact"]["f1"],
        "content_overlap": e["content"]["overlap"]["f1"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("train", type=Path)
    parser.add_argument("dev", type=Path)
    parser.add_argument("--cache", type=Path, required=True, help="folder for the parsed splits (outside the repo)")
    parser.add_argument("--out", type=Path, help="where to write weights.npz")
    parser.add_argument("--bits", type=int, default=18)
    parser.add_argument("--trainer", choices=("perceptron", "logistic"), default="perceptron")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--lr", type=float, default=0.3, help="logistic only")
    parser.add_argument("--l2", type=float, default=1e-4, help="logistic only")
    parser.add_argument(
        "--transition-weight", type=float, default=1.0, help="logistic only: scale of the log bigram scores"
    )
    add_exclude_option(parser)
    parser.add_argument("--tune-bias", action="store_true", help="choose the cue-tag decoding bias on dev")
    parser.add_argument("--dev-predictions", type=Path, help="also write the dev predictions JSON here")
    args = parser.parse_args()

    started = time.monotonic()
    train_pairs, dev_pairs = training_pairs(args), parsed(args.dev, args.cache)
    train_x, train_y = build(train_pairs, args.bits)
    dev_x, _ = build(dev_pairs, args.bits)
    print(f"features built: {sum(len(y) for y in train_y):,} train tokens, {time.monotonic() - started:.0f} s")
    if args.trainer == "perceptron":
        weights, trans = train_perceptron(train_x, train_y, bits=args.bits, epochs=args.epochs)
    else:
        weights = train(train_x, train_y, bits=args.bits, epochs=args.epochs, lr=args.lr, l2=args.l2)
        trans = transitions(train_y, args.transition_weight)
    q, scale = quantise(weights)
    model = TaggerModel(args.bits, (q.astype(np.float32) * scale[None, :]).astype(np.float32), trans)
    if args.tune_bias:
        model = tune_bias(model, args.dev, dev_pairs, dev_x)
    dev_pred = predict(model, dev_pairs, dev_x)
    result = score_predictions(args.dev, dev_pred)
    print(json.dumps(figures(result)))
    if args.dev_predictions:
        args.dev_predictions.write_text(json.dumps(dev_pred), encoding="utf-8")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            args.out, weights=q, scale=scale, transitions=trans, bias=model.bias, bits=np.int64(args.bits)
        )
        print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    print(f"total {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
