"""Train the attribution context model (:mod:`claimgraph.extract.attr_context`) on PolNeAR train.

    python -m claimgraph.eval.train_attr_context ../shared/data/attribution/polnear/train \\
        ../shared/data/attribution/polnear/dev --cache /tmp/attr3 \\
        --out claimgraph/extract/data/attr_context/weights.npz

The parses come from (and go to) the same cache as :mod:`claimgraph.eval.train_attribution`; the token
vectors are not in that cache, so each article's text is run through the spaCy tokenizer and ``tok2vec``
once more (checked token for token against the cached parse). The network is trained in numpy (no
other framework): one hidden ReLU layer with dropout, class-weighted cross-entropy, AdamW with a
one-cycle learning rate, a fixed seed. Then each ``--alphas`` weight is tried in the whole pipeline on
dev (``claimgraph eval polnear``, packaged linear tagger in place) and the best lenient F1 is kept.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc

from claimgraph.eval.polnear import GoldArticle
from claimgraph.eval.train_attribution import add_exclude_option, figures, gold_tags, rules_of, training_pairs
from claimgraph.extract.attr_context import (
    ContextModel,
    context_inputs,
    heads_of,
    pipeline_id,
    tensor_width,
    write_context_model,
)
from claimgraph.extract.attr_tagger import TAGS

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]
#: O, B-/I-CUE, B-/I-SOURCE, B-/I-CONTENT: a missed cue loses the whole relation
CLASS_WEIGHTS = np.array([1.0, 2.0, 2.0, 1.5, 1.5, 1.0, 1.0], dtype=np.float32)


def training_rows(pairs: list[tuple[GoldArticle, Doc]], cache: Path) -> tuple[F32, I64]:
    """Network inputs and gold tag ids of every token of parsed PolNeAR articles."""
    from claimgraph.api import default_pipeline

    nlp = default_pipeline().nlp
    xs: list[F32] = []
    ys: list[I64] = []
    with nlp.select_pipes(enable=["tok2vec"]):
        for article, doc in pairs:
            vectors = nlp(article.text)
            if [t.text for t in vectors] != [t.text for t in doc]:
                raise SystemExit(f"{article.name}: the tokens differ from the cached parse; delete {cache}")
            xs.append(context_inputs(np.asarray(vectors.tensor, dtype=np.float32), heads_of(doc), rules_of(doc)))
            ys.append(gold_tags(doc, article.relations))
    return np.vstack(xs), np.concatenate(ys)


def one_cycle(step: int, total: int, peak: float) -> float:
    """Learning rate: cosine warm-up from peak/25 over the first 30 % of steps, then cosine decay to ~0."""
    warm = max(1, int(0.3 * total))
    if step < warm:
        return peak / 25 + (peak - peak / 25) * (1 - math.cos(math.pi * step / warm)) / 2
    return peak * (1 + math.cos(math.pi * (step - warm) / max(1, total - warm))) / 2 + 1e-7


def fit(
    x: F32,
    y: I64,
    *,
    hidden: int = 256,
    epochs: int = 4,
    lr: float = 2e-3,
    dropout: float = 0.2,
    weight_decay: float = 1e-4,
    batch: int = 512,
    seed: int = 0,
    log: bool = True,
) -> tuple[F32, F32, F32, F32]:
    """``w0, b0, w1, b1`` of the network, the input standardisation folded into ``w0`` and ``b0``."""
    rng = np.random.default_rng(seed)
    n, d = x.shape
    k = len(TAGS)
    mu = x.mean(axis=0, dtype=np.float64).astype(np.float32)
    sd = (x.std(axis=0, dtype=np.float64) + 1e-4).astype(np.float32)
    params = [
        rng.uniform(-1, 1, (d, hidden)).astype(np.float32) / np.float32(math.sqrt(d)),
        np.zeros(hidden, dtype=np.float32),
        rng.uniform(-1, 1, (hidden, k)).astype(np.float32) / np.float32(math.sqrt(hidden)),
        np.zeros(k, dtype=np.float32),
    ]
    moments = [np.zeros_like(p) for p in params]
    squares = [np.zeros_like(p) for p in params]
    total = epochs * math.ceil(n / batch)
    step = 0
    for epoch in range(epochs):
        order = rng.permutation(n)
        loss_sum = 0.0
        for start in range(0, n, batch):
            rows = order[start : start + batch]
            xb = (x[rows] - mu) / sd
            yb = y[rows]
            w0, b0, w1, b1 = params
            pre = xb @ w0 + b0
            keep = (rng.random(pre.shape) >= dropout).astype(np.float32) / np.float32(1 - dropout)
            act = np.maximum(pre, 0) * keep
            logits = act @ w1 + b1
            logits -= logits.max(axis=1, keepdims=True)
            probs = np.exp(logits)
            probs /= probs.sum(axis=1, keepdims=True)
            weights = CLASS_WEIGHTS[yb]
            norm = float(weights.sum())
            loss_sum += float(-(weights * np.log(probs[np.arange(len(yb)), yb] + 1e-12)).sum() / norm)
            grad_logits = probs
            grad_logits[np.arange(len(yb)), yb] -= 1
            grad_logits *= (weights / norm)[:, None]
            grad_act = (grad_logits @ w1.T) * keep * (pre > 0)
            grads = [xb.T @ grad_act, grad_act.sum(axis=0), act.T @ grad_logits, grad_logits.sum(axis=0)]
            rate = one_cycle(step, total, lr)
            step += 1
            for p, g, m, v in zip(params, grads, moments, squares, strict=True):
                m *= 0.9
                m += 0.1 * g
                v *= 0.999
                v += 0.001 * g * g
                m_hat = m / (1 - 0.9**step)
                v_hat = v / (1 - 0.999**step)
                p *= 1 - rate * weight_decay
                p -= rate * m_hat / (np.sqrt(v_hat) + 1e-8)
        if log:
            print(f"epoch {epoch + 1}: loss {loss_sum / math.ceil(n / batch):.4f}", flush=True)
    w0, b0, w1, b1 = params
    return (w0 / sd[:, None]).astype(np.float32), (b0 - (mu / sd) @ w0).astype(np.float32), w1, b1


def dev_figures(dev: Path, model: ContextModel | None) -> dict[str, float]:
    """``claimgraph eval polnear`` figures on dev with ``model`` as the tagger's context model (None: without)."""
    from claimgraph.eval.polnear import evaluate
    from claimgraph.extract.pipeline import Pipeline

    pipeline = Pipeline()
    pipeline.nlp.get_pipe("claimgraph_claims_v1").context = model  # type: ignore[attr-defined]
    return figures(evaluate(dev, pipeline=pipeline))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("train", type=Path)
    parser.add_argument("dev", type=Path)
    parser.add_argument("--cache", type=Path, required=True, help="folder for the parsed splits (outside the repo)")
    parser.add_argument("--out", type=Path, help="where to write weights.npz")
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lr", type=float, default=2e-3, help="peak learning rate")
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--alphas", default="25,50,100", help="weights of the log-probabilities tried on dev")
    parser.add_argument("--limit", type=int, help="train on the first N articles only (a smoke run)")
    add_exclude_option(parser)
    args = parser.parse_args()

    from claimgraph.api import default_pipeline

    started = time.monotonic()
    x, y = training_rows(training_pairs(args)[: args.limit], args.cache)
    print(f"{len(y):,} train tokens, {x.shape[1]} inputs, {time.monotonic() - started:.0f} s", flush=True)
    w0, b0, w1, b1 = fit(x, y, hidden=args.hidden, epochs=args.epochs, lr=args.lr, dropout=args.dropout, seed=args.seed)
    del x
    print(f"trained, {time.monotonic() - started:.0f} s", flush=True)
    nlp = default_pipeline().nlp
    width = tensor_width(nlp)
    if width is None:
        raise SystemExit("the spaCy pipeline has no tok2vec component")
    report: dict[str, Any] = {"without": dev_figures(args.dev, None)}
    print(f"dev without the context model: {json.dumps(report['without'])}", flush=True)
    best: tuple[float, ContextModel] | None = None
    for alpha in (float(a) for a in args.alphas.split(",")):
        model = ContextModel(w0, b0, w1, b1, alpha, pipeline_id(nlp), width)
        report[f"alpha {alpha:g}"] = result = dev_figures(args.dev, model)
        print(f"dev, alpha {alpha:g}: {json.dumps(result)}", flush=True)
        if best is None or result["lenient_f1"] > best[0]:
            best = (result["lenient_f1"], model)
    assert best is not None
    print(f"kept alpha {best[1].alpha:g} (dev lenient F1 {best[0]:.2f})")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        write_context_model(args.out, best[1])
        print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    print(f"total {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
