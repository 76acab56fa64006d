"""Score an analysis against a hand-made reference (the format of the sample's expected.json).

The reference lists claims (content, source, cue, modality), quantities (text, value or low/high, unit,
approx), non-quantities, times (text, occurrence, value) and entities (name, type, aliases). Every string
in it is a substring of the article; ``occurrence`` (1-based) picks a later one.

A claim counts as right when a predicted claim's content overlaps the reference content with word
F1 >= 0.5, its source matches (AUTHOR, UNNAMED, or a named source whose text, or the antecedent it
resolves to, overlaps the reference source) and its modality is equal. A quantity is right when a
predicted one overlaps the reference text and value (or both bounds), unit and approx agree. A time is
right when a predicted one overlaps it with the same value. An entity is right when one predicted entity
carries the reference name and every reference alias (name or aliases, case-insensitive).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from claimgraph.errors import EvalDataError
from claimgraph.model import Analysis, Claim, Span

WORD = re.compile(r"\w+")


def locate(text: str, needle: str, occurrence: int = 1) -> Span | None:
    start = -1
    for _ in range(max(1, occurrence)):
        start = text.find(needle, start + 1)
        if start == -1:
            return None
    return Span(start, start + len(needle))


def require(text: str, needle: str, occurrence: int = 1, *, what: str) -> Span:
    """Where a reference string stands in the article; a reference that is not there is bad gold data."""
    span = locate(text, needle, occurrence)
    if span is None:
        raise EvalDataError(f"reference {what} not found in the article: {needle[:60]!r}")
    return span


def _words(text: str, span: Span) -> list[tuple[int, int]]:
    return [(m.start() + span.start, m.end() + span.start) for m in WORD.finditer(text[span.start : span.end])]


def word_f1(text: str, a: Span, b: Span) -> float:
    wa, wb = set(_words(text, a)), set(_words(text, b))
    if not wa or not wb:
        return 0.0
    common = len(wa & wb)
    if common == 0:
        return 0.0
    p, r = common / len(wa), common / len(wb)
    return 2 * p * r / (p + r)


def _source_ok(text: str, claim: Claim, gold: dict[str, Any]) -> bool:
    expected = gold["source"]
    kind = claim.source.kind
    if expected == "AUTHOR":
        return kind == "author"
    if expected == "UNNAMED":
        return kind == "unnamed"
    if kind != "named":
        return False
    candidates = [expected] + ([gold["source_resolves_to"]] if gold.get("source_resolves_to") else [])
    spans = [s for s in (claim.source.span, claim.source.resolved_span) if s is not None]
    for cand in candidates:
        gspan = locate(text, cand)
        if gspan is None:
            continue
        if any(s.overlaps(gspan) for s in spans):
            return True
    return False


def score_claims(analysis: Analysis, gold_claims: list[dict[str, Any]]) -> dict[str, Any]:
    text = analysis.document.text
    used: set[str] = set()
    correct = content_found = source_right = modality_right = 0
    misses: list[dict[str, Any]] = []
    for gold in gold_claims:
        gspan = require(text, gold["content"], gold.get("occurrence", 1), what="claim")
        best: tuple[float, Claim] | None = None
        for claim in analysis.claims:
            if claim.id in used:
                continue
            f1 = word_f1(text, claim.span, gspan)
            if f1 >= 0.5 and (best is None or f1 > best[0]):
                best = (f1, claim)
        if best is None:
            misses.append({"content": gold["content"], "problem": "no claim with this content"})
            continue
        claim = best[1]
        used.add(claim.id)
        content_found += 1
        s_ok = _source_ok(text, claim, gold)
        m_ok = claim.modality == gold["modality"]
        source_right += s_ok
        modality_right += m_ok
        if s_ok and m_ok:
            correct += 1
        else:
            misses.append(
                {
                    "content": gold["content"],
                    "problem": ("source " if not s_ok else "") + ("modality" if not m_ok else ""),
                    "expected": {"source": gold["source"], "modality": gold["modality"]},
                    "got": {"source": claim.source.display, "kind": claim.source.kind, "modality": claim.modality},
                }
            )
    return {
        "total": len(gold_claims),
        "correct": correct,
        "content_found": content_found,
        "source_right": source_right,
        "modality_right": modality_right,
        "predicted": len(analysis.claims),
        "misses": misses,
    }


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-9)


def score_quantities(analysis: Analysis, gold: list[dict[str, Any]], not_quantities: list[str]) -> dict[str, Any]:
    text = analysis.document.text
    correct = 0
    misses: list[dict[str, Any]] = []
    for g in gold:
        gspan = require(text, g["text"], g.get("occurrence", 1), what="quantity")
        found = None
        for q in analysis.quantities:
            if not q.span.overlaps(gspan):
                continue
            value_ok = (
                _close(q.low, g.get("low")) and _close(q.high, g.get("high"))
                if "low" in g
                else _close(q.value, g.get("value"))
            )
            if value_ok and (q.unit or None) == g.get("unit") and (q.approx or None) == g.get("approx"):
                found = q
                break
        if found:
            correct += 1
        else:
            near = [q.to_dict() for q in analysis.quantities if q.span.overlaps(gspan)]
            misses.append(
                {
                    "expected": g,
                    "got": [{k: d[k] for k in ("text", "value", "low", "high", "unit", "approx")} for d in near],
                }
            )
    spurious: list[str] = []
    for nq in not_quantities:
        nspan = locate(text, nq)
        if nspan is None:
            continue
        spurious.extend(q.text for q in analysis.quantities if q.span.overlaps(nspan) and q.text.strip() != "")
    return {
        "total": len(gold),
        "correct": correct,
        "non_quantities_tagged": sorted(set(spurious)),
        "misses": misses,
        "predicted": len(analysis.quantities),
    }


def score_times(analysis: Analysis, gold: list[dict[str, Any]]) -> dict[str, Any]:
    text = analysis.document.text
    correct = 0
    misses: list[dict[str, Any]] = []
    for g in gold:
        gspan = require(text, g["text"], g.get("occurrence", 1), what="time")
        hits = [t for t in analysis.times if t.span.overlaps(gspan)]
        if any(t.value == g["value"] for t in hits):
            correct += 1
        else:
            misses.append({"expected": g, "got": [(t.text, t.type, t.value) for t in hits]})
    return {"total": len(gold), "correct": correct, "misses": misses, "predicted": len(analysis.times)}


def score_entities(analysis: Analysis, gold: list[dict[str, Any]]) -> dict[str, Any]:
    correct = roles_right = 0
    misses: list[dict[str, Any]] = []
    for g in gold:
        want = {g["name"].lower(), *(a.lower() for a in g.get("aliases", []))}
        match = None
        for e in analysis.entities:
            names = {e.name.lower(), *(a.lower() for a in e.aliases)}
            if g["name"].lower() in names and want <= names:
                match = e
                break
        if match is None:
            partial = [
                (e.name, list(e.aliases))
                for e in analysis.entities
                if want & {e.name.lower(), *(a.lower() for a in e.aliases)}
            ]
            misses.append({"expected": g, "got": partial})
            continue
        correct += 1
        if g.get("role") and (match.role or "").lower() == g["role"].lower():
            roles_right += 1
    roles_total = sum(1 for g in gold if g.get("role"))
    return {
        "total": len(gold),
        "correct": correct,
        "roles_total": roles_total,
        "roles_right": roles_right,
        "predicted": len(analysis.entities),
        "misses": misses,
    }


def score_document(analysis: Analysis, gold: dict[str, Any]) -> dict[str, Any]:
    doc = analysis.document
    subheadings = [s.text for s in doc.subheadings]
    return {
        "title_ok": doc.title == gold.get("title"),
        "published_ok": doc.published == gold.get("published"),
        "subheadings_ok": subheadings == gold.get("subheadings", []),
        "title": doc.title,
        "published": doc.published,
        "subheadings": subheadings,
    }


def score(analysis: Analysis, expected: dict[str, Any]) -> dict[str, Any]:
    return {
        "document": score_document(analysis, expected.get("document", {})),
        "claims": score_claims(analysis, expected.get("claims", [])),
        "quantities": score_quantities(analysis, expected.get("quantities", []), expected.get("not_quantities", [])),
        "times": score_times(analysis, expected.get("times", [])),
        "entities": score_entities(analysis, expected.get("entities", [])),
    }


def evaluate(article: Path, expected: Path, *, pipeline: Any = None) -> dict[str, Any]:
    """Analyse ``article`` (read like `claimgraph analyze` does) and score it against ``expected``."""
    from claimgraph.api import default_pipeline
    from claimgraph.ingest import read_path

    try:
        gold = json.loads(expected.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalDataError(f"cannot read reference {expected}: {exc}") from None
    articles = read_path(article)
    analysis = (pipeline or default_pipeline()).analyze(articles[0])
    return score(analysis, gold)


def summary(result: dict[str, Any]) -> dict[str, int]:
    """The figures pinned as floors by the quality gate."""
    return {
        "claims_correct": result["claims"]["correct"],
        "quantities_correct": result["quantities"]["correct"],
        "non_quantities_tagged": len(result["quantities"]["non_quantities_tagged"]),
        "times_correct": result["times"]["correct"],
        "entities_correct": result["entities"]["correct"],
    }


def format_report(result: dict[str, Any]) -> str:
    c, q, t, e, d = (result[k] for k in ("claims", "quantities", "times", "entities", "document"))
    lines = [
        f"document: title {'ok' if d['title_ok'] else 'WRONG'}, published {'ok' if d['published_ok'] else 'WRONG'}"
        f" ({d['published']}), subheadings {'ok' if d['subheadings_ok'] else 'WRONG'}",
        f"claims:     {c['correct']:>3} / {c['total']} right source and modality "
        f"(content found {c['content_found']}, source {c['source_right']}, modality {c['modality_right']}; "
        f"{c['predicted']} predicted)",
        f"quantities: {q['correct']:>3} / {q['total']} right value, unit and approx; "
        f"non-quantities tagged: {len(q['non_quantities_tagged'])} {q['non_quantities_tagged'] or ''}",
        f"times:      {t['correct']:>3} / {t['total']} right value",
        f"entities:   {e['correct']:>3} / {e['total']} with aliases merged "
        f"(roles {e['roles_right']}/{e['roles_total']})",
    ]
    for name in ("claims", "quantities", "times", "entities"):
        for miss in result[name]["misses"]:
            lines.append(f"  miss [{name}] {json.dumps(miss, ensure_ascii=False)}")
    return "\n".join(lines)
