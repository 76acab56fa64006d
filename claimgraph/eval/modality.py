"""Score claim modality and source against a hand-labelled JSON Lines set.

Each gold line is ``{"text", "claim", "modality", "source"}`` (see
``claimgraph/eval/data/README.md``). Every text is analysed as its own article;
the predicted claim whose span best overlaps the gold claim (character overlap
divided by union) stands for it. A line with no overlapping claim is scored as
``asserted`` by ``AUTHOR``, the reading a system gives text it did not
understand, and counted under "no claim" so that such misses stay visible.

>>> result = evaluate(Path("claimgraph/eval/data/modality_dev.jsonl"))  # doctest: +SKIP
>>> print(format_report(result))  # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from claimgraph.errors import ClaimgraphError, EvalDataError
from claimgraph.model import MODALITIES, Analysis, Article, Claim, Span

AUTHOR = "AUTHOR"
UNNAMED = "UNNAMED"
#: How many wrong lines ``format_report`` lists.
REPORT_ERRORS = 15


class ArticlePipeline(Protocol):
    """What the scorer needs from a pipeline: ``pipe`` over articles, in order."""

    def pipe(self, articles: Iterable[Article]) -> Iterable[Analysis]: ...


@dataclass(frozen=True, slots=True)
class GoldClaim:
    """One labelled line: the claim and source located in the text."""

    line: int
    text: str
    claim: str
    claim_span: Span
    modality: str
    source: str
    source_span: Span | None


def load_gold(path: Path) -> list[GoldClaim]:
    """Read and validate a modality gold file; raises :class:`EvalDataError` on bad data."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise EvalDataError(f"cannot read modality gold file {path}: {exc.strerror or exc}") from exc
    gold: list[GoldClaim] = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if line.strip():
            gold.append(_parse_line(line, number, path))
    if not gold:
        raise EvalDataError(f"{path} holds no gold lines; write one JSON object per line")
    return gold


def _parse_line(line: str, number: int, path: Path) -> GoldClaim:
    where = f"{path}:{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise EvalDataError(f"{where}: not valid JSON ({exc.msg}); write one JSON object per line") from exc
    if not isinstance(record, dict):
        raise EvalDataError(f"{where}: expected a JSON object, got {type(record).__name__}")
    for key in ("text", "claim", "modality", "source"):
        if not isinstance(record.get(key), str) or not record[key]:
            raise EvalDataError(f"{where}: '{key}' must be a non-empty string")
    text, claim, modality, source = record["text"], record["claim"], record["modality"], record["source"]
    if modality not in MODALITIES:
        raise EvalDataError(f"{where}: unknown modality '{modality}'; use one of {', '.join(MODALITIES)}")
    start = text.find(claim)
    if start < 0:
        raise EvalDataError(f"{where}: claim '{claim}' is not a substring of the text")
    claim_span = Span(start, start + len(claim))
    source_span = None
    if source not in (AUTHOR, UNNAMED):
        source_span = _locate_source(text, source, claim_span)
        if source_span is None:
            raise EvalDataError(f"{where}: source '{source}' is not a substring of the text (or AUTHOR / UNNAMED)")
    return GoldClaim(number, text, claim, claim_span, modality, source, source_span)


def _locate_source(text: str, source: str, claim_span: Span) -> Span | None:
    # A source usually sits outside its claim ("its owners insist"), so prefer such an occurrence.
    first: Span | None = None
    start = text.find(source)
    while start >= 0:
        span = Span(start, start + len(source))
        if not span.overlaps(claim_span):
            return span
        first = first or span
        start = text.find(source, start + 1)
    return first


def overlap_ratio(a: Span, b: Span) -> float:
    """Character overlap of two spans divided by their union (0.0 when disjoint)."""
    inter = min(a.end, b.end) - max(a.start, b.start)
    if inter <= 0:
        return 0.0
    return inter / (max(a.end, b.end) - min(a.start, b.start))


def best_claim(claims: Sequence[Claim], span: Span) -> Claim | None:
    """The claim whose span best overlaps ``span``; the earliest wins a tie; ``None`` if none overlaps."""
    best: Claim | None = None
    best_score = 0.0
    for claim in claims:
        score = overlap_ratio(claim.span, span)
        if score > best_score:
            best, best_score = claim, score
    return best


def source_matches(gold: GoldClaim, claim: Claim | None) -> bool:
    """Whether the predicted claim's source is the gold source (``None``: the AUTHOR default)."""
    if claim is None:
        return gold.source == AUTHOR
    source = claim.source
    if gold.source == AUTHOR:
        return source.kind == "author"
    if source.kind == "author":
        return False
    if gold.source == UNNAMED:
        return source.display == UNNAMED
    if gold.source_span is None:
        return False
    spans = [s for s in (source.span, source.resolved_span) if s is not None]
    if spans:
        return any(s.overlaps(gold.source_span) for s in spans)
    return source.display.casefold() == gold.source.casefold()


def score(gold: Sequence[GoldClaim], analyses: Sequence[Analysis]) -> dict[str, Any]:
    """Compare gold lines with their analyses (same order); see :func:`evaluate` for the result."""
    if len(gold) != len(analyses):
        raise ClaimgraphError(f"internal: {len(gold)} gold lines but {len(analyses)} analyses")
    confusion: dict[str, dict[str, int]] = {g: dict.fromkeys(MODALITIES, 0) for g in MODALITIES}
    items: list[dict[str, Any]] = []
    no_claim = source_ok = source_ok_matched = matched = 0
    source_kinds = {k: {"n": 0, "correct": 0} for k in (AUTHOR, UNNAMED, "named")}
    for g, analysis in zip(gold, analyses, strict=True):
        claim = best_claim(analysis.claims, g.claim_span)
        predicted = claim.modality if claim is not None else "asserted"
        confusion[g.modality][predicted] += 1
        src_ok = source_matches(g, claim)
        kind = g.source if g.source in (AUTHOR, UNNAMED) else "named"
        source_kinds[kind]["n"] += 1
        source_kinds[kind]["correct"] += int(src_ok)
        source_ok += int(src_ok)
        if claim is None:
            no_claim += 1
        else:
            matched += 1
            source_ok_matched += int(src_ok)
        items.append(
            {
                "line": g.line,
                "text": g.text,
                "claim": g.claim,
                "gold": g.modality,
                "predicted": predicted,
                "gold_source": g.source,
                "predicted_source": claim.source.display if claim is not None else AUTHOR,
                "predicted_claim": claim.text if claim is not None else None,
                "overlap": round(overlap_ratio(claim.span, g.claim_span), 4) if claim is not None else 0.0,
                "source_correct": src_ok,
                "note": "no claim" if claim is None else None,
            }
        )
    n = len(gold)
    per_class = _per_class(confusion)
    correct = sum(confusion[m][m] for m in MODALITIES)
    return {
        "n": n,
        "accuracy": correct / n if n else 0.0,
        "macro_f1": sum(c["f1"] for c in per_class.values()) / len(per_class),
        "per_class": per_class,
        "confusion": confusion,
        "no_claim": no_claim,
        "no_claim_percent": 100.0 * no_claim / n if n else 0.0,
        "source_accuracy": source_ok / n if n else 0.0,
        "source_accuracy_matched": source_ok_matched / matched if matched else None,
        "source_by_kind": source_kinds,
        "items": items,
    }


def _per_class(confusion: dict[str, dict[str, int]]) -> dict[str, dict[str, float]]:
    result: dict[str, dict[str, float]] = {}
    for m in MODALITIES:
        tp = confusion[m][m]
        support = sum(confusion[m].values())
        predicted = sum(confusion[g][m] for g in MODALITIES)
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[m] = {"precision": precision, "recall": recall, "f1": f1, "support": support, "predicted": predicted}
    return result


def evaluate(path: Path, *, pipeline: ArticlePipeline | None = None) -> dict[str, Any]:
    """Analyse every line of a modality gold file and score modality and source.

    Returns a dict with ``n``, ``accuracy``, ``macro_f1``, ``per_class`` (precision,
    recall, f1, support, predicted per modality), ``confusion`` (gold -> predicted ->
    count), ``no_claim`` / ``no_claim_percent`` (0-100), ``source_accuracy`` (all
    lines), ``source_accuracy_matched`` (lines with a matched claim), ``source_by_kind``
    and ``items`` (one record per line, for error analysis).
    """
    gold = load_gold(path)
    if pipeline is None:
        # Imported here so that scoring with a given pipeline needs no spaCy model.
        from claimgraph.api import default_pipeline

        pipeline = default_pipeline()
    analyses = list(pipeline.pipe([Article(text=g.text) for g in gold]))
    return score(gold, analyses)


def format_report(result: dict[str, Any]) -> str:
    """A plain-text report of :func:`evaluate`'s result: figures, confusion matrix, first errors."""
    lines = [
        f"modality: {result['n']} claims, accuracy {result['accuracy']:.3f}, macro F1 {result['macro_f1']:.3f}",
        f"no claim: {result['no_claim']} ({result['no_claim_percent']:.1f}%)",
        f"source accuracy: {result['source_accuracy']:.3f}" + _matched(result["source_accuracy_matched"]),
        "",
        f"{'class':<12} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}",
    ]
    for m, c in result["per_class"].items():
        lines.append(
            f"{m:<12} {c['precision']:>6.3f} {c['recall']:>6.3f} {c['f1']:>6.3f} {c['support']:>5} {c['predicted']:>5}"
        )
    lines += [
        "",
        "confusion (rows gold, columns predicted)",
        f"{'':<12} " + " ".join(f"{m[:6]:>6}" for m in MODALITIES),
    ]
    for g in MODALITIES:
        lines.append(f"{g:<12} " + " ".join(f"{result['confusion'][g][p]:>6}" for p in MODALITIES))
    lines += ["", "source by kind"]
    for kind, c in result["source_by_kind"].items():
        lines.append(f"  {kind:<8} {c['correct']:>4}/{c['n']:<4}")
    errors = [i for i in result["items"] if i["gold"] != i["predicted"]]
    if errors:
        lines += ["", f"first wrong lines ({min(len(errors), REPORT_ERRORS)} of {len(errors)})"]
        for item in errors[:REPORT_ERRORS]:
            note = f" [{item['note']}]" if item["note"] else ""
            lines.append(
                f"  line {item['line']}: gold {item['gold']}, predicted {item['predicted']}{note}: {item['claim']}"
            )
    return "\n".join(lines)


def _matched(value: float | None) -> str:
    return f" (on matched claims {value:.3f})" if value is not None else ""
