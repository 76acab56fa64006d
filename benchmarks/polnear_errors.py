"""Error analysis of attribution predictions on a PolNeAR split.

Reads a predictions JSON (as written by ``claimgraph eval polnear DIR --predictions OUT.json``,
or by any other system) and prints, for the attribution engineer:

* the gold cue lemma sequences most often missed (no aligned prediction, or aligned but not
  lenient-correct), with their recall;
* the predicted cue lemma sequences most often spurious;
* how aligned sources and contents disagree with the gold spans (missing, disjoint, or which
  side has extra words or only extra punctuation at each edge) and the words most often there.

Only lemmas and counts are printed, never sentences::

    .venv/bin/python benchmarks/polnear_errors.py ../shared/data/attribution/polnear/dev dev-pred.json
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from claimgraph.eval.mine_cues import kept, lemma
from claimgraph.eval.polnear import (
    ArticleScorer,
    load_predictions,
    normalise,
    read_gold,
)
from claimgraph.eval.polnear_gold import Frags
from claimgraph.eval.polnear_predict import relations_from_json

_WORD = re.compile(r"\w+")


def cue_lemmas(doc: Doc, frags: Frags) -> str:
    words: list[str] = []
    for start, end in frags:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            words.extend(lemma(t) for t in span if kept(t))
    return " ".join(words) or "<punctuation>"


def _side(text: str, gap: tuple[int, int], side: str, who: str) -> tuple[str, str]:
    """Name one edge difference: which span has the extra text and whether it holds words."""
    extra = text[gap[0] : gap[1]]
    words = [w.lower() for w in _WORD.findall(extra)]
    if not words:
        return f"{side}: {who} has extra punctuation", ""
    return f"{side}: {who} has extra words", words[0] if side == "start" else words[-1]


def edge_words(text: str, pred: Frags, gold: Frags) -> tuple[str, list[str]]:
    """Classify a span disagreement and name the word at each disagreeing edge (nearest the other span)."""
    if not pred:
        return "missing", []
    p, g = normalise(pred, text), normalise(gold, text)
    ps, pe, gs, ge = p[0][0], p[-1][1], g[0][0], g[-1][1]
    if pe <= gs or ge <= ps:
        return "disjoint", []
    kinds: list[str] = []
    words: list[str] = []
    if ps != gs:
        kind, word = _side(text, (min(ps, gs), max(ps, gs)), "start", "gold" if gs < ps else "pred")
        kinds.append(kind)
        words.append(f"{kind}: {word}" if word else "")
    if pe != ge:
        kind, word = _side(text, (min(pe, ge), max(pe, ge)), "end", "gold" if ge > pe else "pred")
        kinds.append(kind)
        words.append(f"{kind}: {word}" if word else "")
    if not kinds:
        kinds.append("same outline, different fragments")
    return " & ".join(kinds), [w for w in words if w]


def analyse(directory: Path, predictions_path: Path, *, top: int = 25) -> str:
    from claimgraph.api import default_pipeline

    nlp = default_pipeline().nlp
    gold = read_gold(directory)
    predictions = load_predictions(predictions_path)
    gold_cues: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    why: dict[str, Counter[str]] = {"no prediction": Counter(), "source": Counter(), "content": Counter()}
    spurious: Counter[str] = Counter()
    shapes: dict[str, Counter[str]] = {"source": Counter(), "content": Counter()}
    edges: dict[str, Counter[str]] = {"source": Counter(), "content": Counter()}
    disable = [n for n in nlp.pipe_names if n == "ner" or n.startswith("claimgraph_")]
    for article, doc in zip(gold, nlp.pipe((g.text for g in gold), disable=disable), strict=True):
        predicted = relations_from_json(predictions.get(article.name, []), article.name, len(article.text))
        scorer = ArticleScorer(article.text)
        for pair in scorer.align(predicted, article.relations):
            if pair.gold is None:
                assert pair.pred is not None
                spurious[cue_lemmas(doc, pair.pred.cue)] += 1
                continue
            key = cue_lemmas(doc, pair.gold.cue)
            gold_cues[key] += 1
            if not pair.lenient:
                missed[key] += 1
            if pair.pred is None:
                why["no prediction"][key] += 1
                continue
            if not pair.lenient:
                # the two reasons can coincide; the source is checked first, as in the scorer
                sources_ok = (not pair.pred.sources and not pair.gold.sources) or any(
                    s1 < e2 and s2 < e1 for s1, e1 in pair.pred.sources for s2, e2 in pair.gold.sources
                )
                why["content" if sources_ok else "source"][key] += 1
            for name, p, g in (
                ("source", pair.pred.sources, pair.gold.sources),
                ("content", pair.pred.contents, pair.gold.contents),
            ):
                if not g or normalise(p, article.text) == normalise(g, article.text):
                    continue
                shape, words = edge_words(article.text, p, g)
                shapes[name][shape] += 1
                edges[name].update(words)
    lines = [f"PolNeAR error analysis: {directory} with {predictions_path}", "", "most missed gold cues (lemmas):"]
    lines.append(f"  {'cue':28}{'missed':>8}{'no pred':>8}{'source':>8}{'content':>8}{'gold':>8}{'recall':>8}")
    for key, n in missed.most_common(top):
        recall = 100.0 * (gold_cues[key] - n) / gold_cues[key]
        reasons = "".join(f"{why[r][key]:8d}" for r in ("no prediction", "source", "content"))
        lines.append(f"  {key[:28]:28}{n:8d}{reasons}{gold_cues[key]:8d}{recall:8.1f}")
    totals = ", ".join(f"{reason}: {sum(c.values())}" for reason, c in why.items())
    lines.append(f"  all {sum(missed.values())} missed gold relations: {totals} (source/content: aligned but wrong)")
    lines += ["", "most spurious predicted cues (lemmas):"]
    lines += [f"  {key[:28]:28}{n:8d}" for key, n in spurious.most_common(top)]
    for name in ("source", "content"):
        lines += ["", f"{name} boundary disagreements on aligned relations:"]
        lines += [f"  {shape[:76]:76}{n:8d}" for shape, n in shapes[name].most_common(top)]
        lines += ["", f"  words at the disagreeing {name} edge:"]
        lines += [f"    {edge[:60]:60}{n:8d}" for edge, n in edges[name].most_common(top)]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Error analysis of PolNeAR attribution predictions.")
    parser.add_argument("directory", type=Path, help="a PolNeAR split (text/, attributions/)")
    parser.add_argument("predictions", type=Path, help="predictions JSON")
    parser.add_argument("--top", type=int, default=25)
    args: Any = parser.parse_args(argv)
    print(analyse(args.directory, args.predictions, top=args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
