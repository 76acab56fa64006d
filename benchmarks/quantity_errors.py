"""Per-sentence error listing for quantity extraction on a JSON Lines gold file.

Runs claimgraph over the gold file (the same matching as :mod:`claimgraph.eval.quantities`)
and prints, sentence by sentence, the gold quantities it missed (no prediction with that
value), the predictions with no gold value (spurious), and value matches whose unit or
change differs::

    .venv/bin/python benchmarks/quantity_errors.py claimgraph/eval/data/quantities_dev.jsonl
    .venv/bin/python benchmarks/quantity_errors.py GOLD --only unit     # wrong units only

A summary of counts per error kind and of the most frequent (gold unit, predicted unit)
pairs closes the listing, to group the errors into classes.
"""

from __future__ import annotations

import argparse
import math
from collections import Counter
from pathlib import Path

from claimgraph.eval.quantities import RTOL, GoldSentence, Predicted, load_gold, predict_claimgraph

KINDS = ("missed", "spurious", "unit", "change")


def _same_value(g: Predicted, p: Predicted) -> bool:
    return all(math.isclose(a, b, rel_tol=RTOL) or a == b for a, b in ((g.low, p.low), (g.high, p.high)))


def _show(q: Predicted) -> str:
    value = f"{q.low:g}" if q.low == q.high else f"{q.low:g}-{q.high:g}"
    return f"{value} [{q.unit}] {q.change}"


def sentence_errors(gold: GoldSentence, pred: list[Predicted]) -> list[tuple[str, str]]:
    """(kind, description) for each error of one sentence; kinds are :data:`KINDS`."""
    used = [False] * len(pred)
    errors: list[tuple[str, str]] = []
    for g in gold.quantities:
        # Prefer a prediction that agrees on everything, then on the unit, then on the value only.
        order = sorted(
            (k for k, p in enumerate(pred) if not used[k] and _same_value(g, p)),
            key=lambda k: (pred[k].unit != g.unit, pred[k].change != g.change),
        )
        if not order:
            errors.append(("missed", _show(g)))
            continue
        p = pred[order[0]]
        used[order[0]] = True
        if p.unit != g.unit:
            errors.append(("unit", f"gold {_show(g)}  pred {_show(p)}"))
        if p.change != g.change:
            errors.append(("change", f"gold {_show(g)}  pred {_show(p)}"))
    errors.extend(("spurious", _show(p)) for k, p in enumerate(pred) if not used[k])
    return errors


def main(argv: list[str] | None = None) -> int:
    """Print the listing; returns 0."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", type=Path, help="JSON Lines gold file")
    ap.add_argument("--only", choices=KINDS, action="append", help="show only these error kinds (repeatable)")
    args = ap.parse_args(argv)
    shown = set(args.only or KINDS)
    gold = load_gold(args.gold)
    predictions = predict_claimgraph(s.text for s in gold)
    counts: Counter[str] = Counter()
    pairs: Counter[tuple[str | None, str | None]] = Counter()
    for lineno, (sentence, pred) in enumerate(zip(gold, predictions, strict=True), 1):
        errors = [e for e in sentence_errors(sentence, pred) if e[0] in shown]
        if not errors:
            continue
        print(f"{lineno}: {sentence.text}")
        for kind, what in errors:
            counts[kind] += 1
            print(f"    {kind:<9}{what}")
        for g in sentence.quantities:
            for p in pred:
                if _same_value(g, p) and p.unit != g.unit:
                    pairs[(g.unit, p.unit)] += 1
                    break
    print("\nerrors by kind: " + ", ".join(f"{k} {counts[k]}" for k in KINDS if k in shown))
    if "unit" in shown:
        print("most frequent (gold unit, predicted unit):")
        for (g_unit, p_unit), n in pairs.most_common(25):
            print(f"    {n:>3}  {g_unit!s:<28}{p_unit!s}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
