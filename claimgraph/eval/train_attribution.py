"""Train the attribution tagger (:mod:`claimgraph.extract.attr_tagger`) on PolNeAR train; report dev.

    python -m claimgraph.eval.train_attribution ../shared/data/attribution/polnear/train \\
        ../shared/data/attribution/polnear/dev --cache /tmp/attr3 \\
        --out claimgraph/extract/data/attr_model/weights.npz

Each split is parsed once with claimgraph's spaCy pipeline (its own components off) and cached as a
DocBin under ``--cache`` (never in the repository: the texts have no licence). Gold relations become
BIO tags per token (PolNeAR is univocal: a token has at most one role); the rule-based claims of each
document give the ``rule_roles`` features. The model is a multinomial logistic regression over hashed
features trained with Adagrad, plus tag-transition scores (log bigram frequencies) for the Viterbi
pass. Weights are stored as int8 with one scale per tag: no string from the corpus is kept.
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
    x = np.concatenate(feats)
    y = np.concatenate(tags)
    n_tags = len(TAGS)
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
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=0.3)
    parser.add_argument("--l2", type=float, default=1e-4)
    parser.add_argument(
        "--transition-weight", type=float, default=1.0, help="scale of the log bigram scores in the Viterbi pass"
    )
    parser.add_argument("--dev-predictions", type=Path, help="also write the dev predictions JSON here")
    args = parser.parse_args()

    started = time.monotonic()
    train_pairs, dev_pairs = parsed(args.train, args.cache), parsed(args.dev, args.cache)
    train_x, train_y = build(train_pairs, args.bits)
    dev_x, _ = build(dev_pairs, args.bits)
    print(f"features built: {sum(len(y) for y in train_y):,} train tokens, {time.monotonic() - started:.0f} s")
    weights = train(train_x, train_y, bits=args.bits, epochs=args.epochs, lr=args.lr, l2=args.l2)
    q, scale = quantise(weights)
    trans = transitions(train_y, args.transition_weight)
    model = TaggerModel(args.bits, (q.astype(np.float32) * scale[None, :]).astype(np.float32), trans)
    dev_pred = predict(model, dev_pairs, dev_x)
    result = score_predictions(args.dev, dev_pred)
    print(json.dumps(figures(result)))
    if args.dev_predictions:
        args.dev_predictions.write_text(json.dumps(dev_pred), encoding="utf-8")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(args.out, weights=q, scale=scale, transitions=trans, bits=np.int64(args.bits))
        print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    print(f"total {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
