"""Score quantity extraction on a JSON Lines gold file (the NewsQuant protocol).

Each line is ``{"text": ..., "quantities": [{"value": "12" | "50-60", "unit": ..., "change": ...}]}``
with ``change`` one of ``= ~ > < up down``. Per sentence, each gold quantity takes the
first unused prediction whose value is equal within ``rtol`` 1e-5 (a range must match on
both bounds); ``value_unit`` also needs the same unit after normalisation (lower-case,
aliases of ``units.json`` mapped to the normalised name); ``value_change`` also needs
the same change, which for claimgraph is the direction when set, else the approximation
class. Precision is over predictions, recall over gold, all in percent.

The scorer is independent of claimgraph: :func:`score` takes any predictions as
:class:`Predicted`, so peers (``benchmarks/quantity_peers.py``) run through the same code.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimgraph.errors import EvalDataError
from claimgraph.extract.units import normalise_unit
from claimgraph.model import Article, Quantity

RTOL = 1e-5
CHANGES = frozenset({"=", "~", ">", "<", "up", "down"})
_RANGE_RE = re.compile(r"^\s*(-?[\d.,]+(?:[eE][-+]?\d+)?)\s*(?:-|–|to)\s*(-?[\d.,]+(?:[eE][-+]?\d+)?)\s*$")


@dataclass(frozen=True, slots=True)
class Predicted:
    """One quantity as the scorer sees it: a point (``low == high``) or a range."""

    low: float
    high: float
    unit: str | None
    change: str


@dataclass(frozen=True, slots=True)
class GoldSentence:
    """One line of the gold file."""

    text: str
    quantities: tuple[Predicted, ...]


def parse_value(value: Any) -> tuple[float, float]:
    """Gold value ``12``, ``"9.4"``, ``"50-60"`` -> (low, high); raises ValueError if unreadable."""
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, int | float):
        return float(value), float(value)
    if not isinstance(value, str):
        raise ValueError(f"not a number: {value!r}")
    text = value.strip().replace(",", "")
    try:
        number = float(text)
    except ValueError:
        m = _RANGE_RE.match(text)
        if m is None:
            raise ValueError(f"not a number or range: {value!r}") from None
        return float(m.group(1)), float(m.group(2))
    return number, number


def load_gold(path: Path) -> list[GoldSentence]:
    """Read the gold JSON Lines file; raises :class:`EvalDataError` on a missing or bad file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalDataError(f"quantity gold file {path} cannot be read ({exc.__class__.__name__})") from None
    gold: list[GoldSentence] = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            items = []
            for q in record["quantities"]:
                low, high = parse_value(q["value"])
                change = str(q.get("change") or "=")
                if change not in CHANGES:
                    raise ValueError(f"change {change!r} is not one of {sorted(CHANGES)}")
                items.append(Predicted(low, high, normalise_unit(q.get("unit")), change))
            gold.append(GoldSentence(str(record["text"]), tuple(items)))
        except (ValueError, KeyError, TypeError) as exc:
            raise EvalDataError(
                f"{path}:{lineno}: bad quantity record ({exc}); each line needs "
                '{"text": ..., "quantities": [{"value": ..., "unit": ..., "change": ...}]}'
            ) from None
    if not gold:
        raise EvalDataError(f"quantity gold file {path} holds no records")
    return gold


def from_quantity(q: Quantity) -> Predicted:
    """A claimgraph quantity as the scorer sees it."""
    change = q.direction or q.approx_class or "="
    if q.value is not None:
        return Predicted(q.value, q.value, normalise_unit(q.unit), change)
    low = q.low if q.low is not None else q.high
    high = q.high if q.high is not None else q.low
    if low is None or high is None:
        raise ValueError(f"quantity {q.id} has neither a value nor bounds")
    return Predicted(low, high, normalise_unit(q.unit), change)


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=RTOL, abs_tol=0.0) or a == b


def _match_count(
    gold: Sequence[Predicted], pred: Sequence[Predicted], same: Callable[[Predicted, Predicted], bool]
) -> int:
    used = [False] * len(pred)
    hits = 0
    for g in gold:
        for k, p in enumerate(pred):
            if not used[k] and _close(g.low, p.low) and _close(g.high, p.high) and same(g, p):
                used[k] = True
                hits += 1
                break
    return hits


def _prf(hits: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = 100.0 * hits / n_pred if n_pred else 0.0
    r = 100.0 * hits / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 2), round(r, 2), round(f, 2)


def score(gold: Sequence[GoldSentence], predictions: Sequence[Sequence[Predicted]]) -> dict[str, float | int]:
    """P/R/F1 (percent) for value, value+unit and value+change, sentence by sentence."""
    if len(gold) != len(predictions):
        raise EvalDataError(f"{len(predictions)} prediction lists for {len(gold)} gold sentences")
    checks: dict[str, Callable[[Predicted, Predicted], bool]] = {
        "value": lambda g, p: True,
        "value_unit": lambda g, p: g.unit == p.unit,
        "value_change": lambda g, p: g.change == p.change,
    }
    hits = dict.fromkeys(checks, 0)
    n_gold = sum(len(s.quantities) for s in gold)
    n_pred = sum(len(p) for p in predictions)
    for sentence, pred in zip(gold, predictions, strict=True):
        for name, same in checks.items():
            hits[name] += _match_count(sentence.quantities, pred, same)
    result: dict[str, float | int] = {"sentences": len(gold), "gold": n_gold, "predicted": n_pred}
    for name in checks:
        p, r, f = _prf(hits[name], n_pred, n_gold)
        result[f"{name}_p"], result[f"{name}_r"], result[f"{name}_f1"] = p, r, f
    return result


def predict_claimgraph(texts: Iterable[str], *, pipeline: Any = None) -> list[list[Predicted]]:
    """claimgraph's quantities for each text, as the scorer sees them."""
    if pipeline is None:
        from claimgraph.api import default_pipeline

        pipeline = default_pipeline()
    return [[from_quantity(q) for q in pipeline.analyze(Article(text=t)).quantities] for t in texts]


def evaluate(path: Path, *, pipeline: Any = None) -> dict[str, float | int]:
    """Run claimgraph over the gold file at ``path`` and score it (see module docstring)."""
    gold = load_gold(Path(path))
    return score(gold, predict_claimgraph((s.text for s in gold), pipeline=pipeline))


def format_report(result: dict[str, float | int], *, name: str = "claimgraph") -> str:
    """A small plain-text table of a :func:`evaluate` result."""
    lines = [
        f"quantities ({name}): {result['sentences']} sentences, {result['gold']} gold, {result['predicted']} predicted",
        f"{'match':<14}{'P':>8}{'R':>8}{'F1':>8}",
    ]
    for key in ("value", "value_unit", "value_change"):
        lines.append(f"{key:<14}{result[f'{key}_p']:>8.2f}{result[f'{key}_r']:>8.2f}{result[f'{key}_f1']:>8.2f}")
    return "\n".join(lines)


__all__ = [
    "GoldSentence",
    "Predicted",
    "evaluate",
    "format_report",
    "from_quantity",
    "load_gold",
    "parse_value",
    "score",
]
