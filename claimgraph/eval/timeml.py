"""TempEval-3 scoring of the time-expression recogniser on TimeML (``.tml``) files.

Each file's ``TEXT`` element is flattened to plain text (tags removed, entities
decoded) and the gold ``TIMEX3`` spans are mapped into it; the recogniser runs
on that text with the file's creation time (DCT) as reference. Figures follow
TempEval-3: strict (exact span) and relaxed (overlap) extraction P/R/F1, value
and type accuracy over relaxed matches, value F1 = value accuracy x relaxed F1.
All figures are percentages (0-100, one decimal).

The ``dateparser`` peer is imported lazily: it is a benchmark-only dependency.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimgraph.errors import EvalDataError
from claimgraph.extract.timex import find_timexes


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """One annotated TIMEX3, its offsets into the flattened TEXT element."""

    start: int
    end: int
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class TimeMLDoc:
    """A parsed TimeML file: plain text, creation time and gold expressions."""

    name: str
    text: str
    dct: str | None
    gold: tuple[GoldTimex, ...]


@dataclass(frozen=True, slots=True)
class Predicted:
    """A system's expression in the same shape as the gold one."""

    start: int
    end: int
    type: str
    value: str | None


Recogniser = Callable[[str, str | None], list[Predicted]]


def parse_timeml(source: str, *, name: str = "<string>") -> TimeMLDoc:
    """Parse TimeML markup into plain text plus gold TIMEX3 spans.

    Raises :class:`EvalDataError` when the markup is not XML or has no TEXT element.
    """
    try:
        root = ET.fromstring(source)
    except ET.ParseError as exc:
        raise EvalDataError(f"{name}: not well-formed TimeML ({exc}); check the file") from exc
    dct: str | None = None
    for el in root.iter("TIMEX3"):
        if el.get("functionInDocument") == "CREATION_TIME":
            dct = el.get("value")
            break
    text_el = root.find(".//TEXT")
    if text_el is None:
        raise EvalDataError(f"{name}: no <TEXT> element; is this a TimeML file?")
    parts: list[str] = []
    gold: list[GoldTimex] = []
    pos = 0

    def walk(el: ET.Element) -> None:
        nonlocal pos
        start = pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if el.tag == "TIMEX3" and el is not text_el:
            gold.append(GoldTimex(start, pos, el.get("type", ""), el.get("value", "")))

    walk(text_el)
    return TimeMLDoc(name=name, text="".join(parts), dct=dct, gold=tuple(sorted(gold, key=lambda g: g.start)))


def load_corpus(path: Path) -> list[TimeMLDoc]:
    """Every ``.tml`` file under ``path`` (recursively), in a stable order."""
    if not path.exists():
        raise EvalDataError(f"{path}: no such file or directory; pass a folder of TimeML .tml files")
    files = [path] if path.is_file() else sorted(path.rglob("*.tml"))
    if not files:
        raise EvalDataError(f"{path}: no .tml files found; pass a folder of TimeML files")
    base = path.parent if path.is_file() else path
    return [parse_timeml(f.read_text(encoding="utf-8"), name=str(f.relative_to(base))) for f in files]


def claimgraph_recogniser(text: str, dct: str | None) -> list[Predicted]:
    """claimgraph's own normaliser (no spaCy), as TIMEX3s.

    Event-anchored expressions ("after the invasion": an anchor, no value) are left out: TimeML marks them as a
    signal plus an event, not as a TIMEX3, so they have no gold counterpart to be scored against.
    """
    return [
        Predicted(t.span.start, t.span.end, t.type, t.value)
        for t in find_timexes(text, dct)
        if not (t.value is None and t.anchor is not None)
    ]


def dateparser_recogniser(text: str, dct: str | None) -> list[Predicted]:
    """The ``dateparser`` peer: ``search_dates`` with RELATIVE_BASE = DCT (dates only, type DATE)."""
    from datetime import datetime

    # A benchmark-only dependency without type stubs, imported lazily.
    from dateparser.search import search_dates

    settings: dict[str, Any] = {"RETURN_AS_TIMEZONE_AWARE": False}
    if dct:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(dct[:10])
    found = search_dates(text, languages=["en"], settings=settings) or []
    out: list[Predicted] = []
    cursor = 0
    for surface, when in found:
        # search_dates gives surfaces, not offsets: find each after the previous one.
        at = text.find(surface, cursor)
        if at < 0:
            at = text.find(surface)
            if at < 0:
                continue
        cursor = at + len(surface)
        has_time = when.hour or when.minute
        value = when.strftime("%Y-%m-%dT%H:%M") if has_time else when.strftime("%Y-%m-%d")
        out.append(Predicted(at, at + len(surface), "TIME" if has_time else "DATE", value))
    return out


RECOGNISERS: dict[str, Recogniser] = {"claimgraph": claimgraph_recogniser, "dateparser": dateparser_recogniser}


# Spellings of one value that differ only in zero padding: a one-digit ISO week ("2000-W7", as some gold files
# write it, for "2000-W07") and a clock hour without minutes ("T17" for "T17:00").
_SHORT_WEEK = re.compile(r"(?<=-W)(\d)(?!\d)")
_BARE_HOUR = re.compile(r"(T\d\d)$")


def canonical_value(value: str | None) -> str | None:
    """``value`` with ISO weeks padded to two digits and a bare clock hour given minutes."""
    if value is None:
        return None
    return _BARE_HOUR.sub(r"\1:00", _SHORT_WEEK.sub(r"0\1", value))


def same_value(gold: str, predicted: str | None) -> bool:
    """Whether two TIMEX3 values are equal once written the canonical way (:func:`canonical_value`)."""
    return canonical_value(gold) == canonical_value(predicted)


@dataclass(slots=True)
class _Tally:
    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed_gold: int = 0
    relaxed_pred: int = 0
    value_ok: int = 0
    type_ok: int = 0
    matched: int = 0


def _pct(num: float, den: float) -> float:
    return round(100.0 * num / den, 1) if den else 0.0


def _f1(p: float, r: float) -> float:
    return round(2 * p * r / (p + r), 1) if p + r else 0.0


def match(gold: Iterable[GoldTimex], predicted: Iterable[Predicted]) -> list[tuple[GoldTimex | None, Predicted | None]]:
    """Pair gold and predicted expressions by overlap (first overlapping partner, one to one)."""
    golds = list(gold)
    preds = sorted(predicted, key=lambda p: p.start)
    used: set[int] = set()
    pairs: list[tuple[GoldTimex | None, Predicted | None]] = []
    for g in golds:
        partner = None
        for i, p in enumerate(preds):
            if i in used:
                continue
            if p.start < g.end and g.start < p.end:
                partner = i
                break
            if p.start >= g.end:
                break
        if partner is None:
            pairs.append((g, None))
        else:
            used.add(partner)
            pairs.append((g, preds[partner]))
    pairs.extend((None, p) for i, p in enumerate(preds) if i not in used)
    return pairs


def evaluate(
    path: Path,
    *,
    predictions: Path | None = None,
    use: str = "claimgraph",
    errors: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Score a recogniser on a folder of TimeML files; figures are percentages (0-100).

    ``use`` is ``"claimgraph"`` or ``"dateparser"``. ``predictions`` writes the
    system's expressions per file. ``errors``, when given, collects every
    missed, spurious, wrong-span, wrong-value and wrong-type expression.
    """
    if use not in RECOGNISERS:
        raise EvalDataError(f"unknown recogniser {use!r}; choose one of {', '.join(RECOGNISERS)}")
    recognise = RECOGNISERS[use]
    docs = load_corpus(Path(path))
    tally = _Tally()
    dumped: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        preds = recognise(doc.text, doc.dct)
        dumped[doc.name] = [{"span": [p.start, p.end], "type": p.type, "value": p.value} for p in preds]
        tally.gold += len(doc.gold)
        tally.predicted += len(preds)
        gold_spans = {(g.start, g.end) for g in doc.gold}
        tally.strict += sum(1 for p in preds if (p.start, p.end) in gold_spans)
        tally.relaxed_gold += sum(1 for g in doc.gold if any(p.start < g.end and g.start < p.end for p in preds))
        tally.relaxed_pred += sum(1 for p in preds if any(p.start < g.end and g.start < p.end for g in doc.gold))
        for g, p in match(doc.gold, preds):
            if g is not None and p is not None:
                tally.matched += 1
                tally.value_ok += same_value(g.value, p.value)
                tally.type_ok += p.type == g.type
            if errors is not None:
                errors.append(_error_row(doc, g, p))
    if predictions is not None:
        Path(predictions).write_text(json.dumps(dumped, indent=1), encoding="utf-8")
    if errors is not None:
        errors[:] = [e for e in errors if e["kind"] != "ok"]
    strict_p, strict_r = _pct(tally.strict, tally.predicted), _pct(tally.strict, tally.gold)
    relaxed_p, relaxed_r = _pct(tally.relaxed_pred, tally.predicted), _pct(tally.relaxed_gold, tally.gold)
    relaxed_f1 = _f1(relaxed_p, relaxed_r)
    value_accuracy = _pct(tally.value_ok, tally.matched)
    return {
        "system": use,
        "strict_p": strict_p,
        "strict_r": strict_r,
        "strict_f1": _f1(strict_p, strict_r),
        "relaxed_p": relaxed_p,
        "relaxed_r": relaxed_r,
        "relaxed_f1": relaxed_f1,
        "value_accuracy": value_accuracy,
        "value_f1": round(value_accuracy * relaxed_f1 / 100.0, 1),
        "type_accuracy": _pct(tally.type_ok, tally.matched),
        "files": len(docs),
        "gold": tally.gold,
        "predicted": tally.predicted,
    }


def _error_row(doc: TimeMLDoc, g: GoldTimex | None, p: Predicted | None) -> dict[str, Any]:
    row: dict[str, Any] = {"file": doc.name, "dct": doc.dct}
    if g is not None:
        row.update(gold_text=doc.text[g.start : g.end], gold_type=g.type, gold_value=g.value, at=g.start)
    if p is not None:
        row.update(pred_text=doc.text[p.start : p.end], pred_type=p.type, pred_value=p.value, at=p.start)
    if g is None:
        row["kind"] = "spurious"
    elif p is None:
        row["kind"] = "missed"
    elif (g.start, g.end) != (p.start, p.end):
        row["kind"] = "span"
    elif not same_value(g.value, p.value):
        row["kind"] = "value"
    elif g.type != p.type:
        row["kind"] = "type"
    else:
        row["kind"] = "ok"
    if g is not None and p is not None and row["kind"] == "span" and not same_value(g.value, p.value):
        row["kind"] = "span+value"
    lo = max(0, row["at"] - 40)
    row["context"] = doc.text[lo : row["at"] + 60].replace("\n", " ")
    return row


_ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("extraction (strict)", "strict_p", "strict_r", "strict_f1"),
    ("extraction (relaxed)", "relaxed_p", "relaxed_r", "relaxed_f1"),
)


def format_report(result: dict[str, Any]) -> str:
    """A small human-readable table of an :func:`evaluate` result."""
    lines = [
        f"TimeML evaluation ({result.get('system', 'claimgraph')}): {result['files']} files, "
        f"{result['gold']} gold / {result['predicted']} predicted expressions (figures in %)",
        f"{'':22}{'P':>7}{'R':>7}{'F1':>7}",
    ]
    for label, p, r, f in _ROWS:
        lines.append(f"{label:22}{result[p]:7.1f}{result[r]:7.1f}{result[f]:7.1f}")
    lines.append(f"{'value accuracy':22}{result['value_accuracy']:21.1f}")
    lines.append(f"{'value F1':22}{result['value_f1']:21.1f}")
    lines.append(f"{'type accuracy':22}{result['type_accuracy']:21.1f}")
    return "\n".join(lines)


__all__ = [
    "GoldTimex",
    "Predicted",
    "TimeMLDoc",
    "canonical_value",
    "evaluate",
    "format_report",
    "load_corpus",
    "match",
    "parse_timeml",
    "same_value",
]
