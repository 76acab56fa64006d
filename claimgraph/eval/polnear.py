"""Score attribution relations (cue, source, content) against PolNeAR.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) annotates political news in brat
standoff: ``DIR/text/<article>.txt`` and ``DIR/attributions/<article>_<annotator>.ann``.
Some articles have several annotators; like the corpus' own train/dev counts we
read one, the alphabetically first ``.ann`` file of each article.

A relation is one cue with its source spans and content spans. claimgraph's
claims with a non-author source become predicted relations; claims that share
a cue span (a main clause plus a relative clause under one "said") are merged
into one relation with several content spans, as PolNeAR has one relation per
cue.

**Word tokens** are maximal ``\\w+`` runs of the article text (Unicode word
characters; punctuation and quotes never count). A span covers a token when
their character ranges overlap. Two cues *overlap* when they share a word token;
a cue made only of punctuation (PolNeAR marks some colons as cues) overlaps by
characters instead.

**Exact** span comparison trims whitespace from each fragment and joins
fragments separated only by non-word characters, on gold and prediction alike.

Figures (percent, micro-averaged over relations):

Two conventions of PolNeAR are applied to claimgraph's output when it is mapped
to relations (they are what the corpus marks, not what a reader wants to see):
a relation's contents are the claims' reported ``content`` (with "that" and the
quotation marks), and an appositive source keeps its closing comma.

* ``relations.lenient``: a predicted relation is aligned to an unused gold
  relation whose cue overlaps it; it is correct when the sources overlap (or
  both are empty) and the content word-token F1 is at least 0.5.
* ``relations.strict``: aligned and cue, sources and contents all exactly equal.
* ``elements.<cue|source|content>.exact``: aligned and that element's span list
  exactly equal, over the relations that have the element.
* ``elements.<...>.overlap``: word tokens shared by aligned pairs, over all
  predicted tokens (precision) and all gold tokens (recall).

``evaluate`` = :func:`predict` + :func:`score_predictions`; the latter scores a
predictions JSON from any system::

    {"<article>.txt": [{"cue": [s, e], "sources": [[s, e], ...], "contents": [[s, e], ...]}]}
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimgraph.errors import ClaimgraphError, EvalDataError
from claimgraph.eval.polnear_gold import Frag, Frags, GoldArticle, Relation, annotator_groups, parse_ann, read_gold
from claimgraph.eval.polnear_predict import predict, relations_from_analysis, relations_from_json

if TYPE_CHECKING:
    from claimgraph.extract.pipeline import Pipeline

_WORD = re.compile(r"\w+")
_HAS_WORD = re.compile(r"\w")
LENIENT_CONTENT_F1 = 0.5


@dataclass(slots=True)
class Pair:
    """A predicted relation aligned to a gold relation (either may be None)."""

    pred: Relation | None
    gold: Relation | None
    lenient: bool = False
    strict: bool = False
    content_f1: float = 0.0


# -- comparing spans --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Tokens:
    """Word-token positions of one text, for span -> token-set lookups."""

    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, text: str) -> _Tokens:
        matches = list(_WORD.finditer(text))
        return cls([m.start() for m in matches], [m.end() for m in matches])

    def ids(self, frags: Frags) -> frozenset[int]:
        out: set[int] = set()
        for start, end in frags:
            # first token ending after start, up to the last token starting before end
            lo = bisect.bisect_right(self.ends, start)
            hi = bisect.bisect_left(self.starts, end)
            out.update(range(lo, hi))
        return frozenset(out)


def normalise(frags: Frags, text: str) -> Frags:
    """Trim whitespace from each fragment and join fragments with no word character between them."""
    trimmed: list[Frag] = []
    for start, end in sorted(frags):
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        if end - trail > start + lead:
            trimmed.append((start + lead, end - trail))
    merged: list[Frag] = []
    for start, end in trimmed:
        if merged and (start <= merged[-1][1] or not _HAS_WORD.search(text[merged[-1][1] : start])):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _chars_overlap(a: Frags, b: Frags) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _f1(pred: frozenset[int], gold: frozenset[int]) -> float:
    if not pred and not gold:
        return 1.0
    common = len(pred & gold)
    return 0.0 if common == 0 else 2 * common / (len(pred) + len(gold))


@dataclass(slots=True)
class _Counts:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, other: _Counts) -> None:
        self.tp, self.pred, self.gold = self.tp + other.tp, self.pred + other.pred, self.gold + other.gold

    def figures(self) -> dict[str, float | int]:
        p = 100.0 * self.tp / self.pred if self.pred else 0.0
        r = 100.0 * self.tp / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 2), "recall": round(r, 2), "f1": round(f, 2), "tp": self.tp,
                "predicted": self.pred, "gold": self.gold}  # fmt: skip


ELEMENTS = ("cue", "source", "content")


@dataclass(slots=True)
class Tally:
    relations: dict[str, _Counts] = field(default_factory=lambda: {"lenient": _Counts(), "strict": _Counts()})
    exact: dict[str, _Counts] = field(default_factory=lambda: {e: _Counts() for e in ELEMENTS})
    overlap: dict[str, _Counts] = field(default_factory=lambda: {e: _Counts() for e in ELEMENTS})

    def add(self, other: Tally) -> None:
        for mine, theirs in ((self.relations, other.relations), (self.exact, other.exact),
                             (self.overlap, other.overlap)):  # fmt: skip
            for key, counts in theirs.items():
                mine[key].add(counts)


def tally_figures(tally: Tally) -> dict[str, Any]:
    """The ``relations`` and ``elements`` figures of a tally, as :func:`score_predictions` reports them."""
    return {
        "relations": {name: counts.figures() for name, counts in tally.relations.items()},
        "elements": {
            name: {"exact": tally.exact[name].figures(), "overlap": tally.overlap[name].figures()} for name in ELEMENTS
        },
    }


def _elements(rel: Relation) -> dict[str, Frags]:
    return {"cue": rel.cue, "source": rel.sources, "content": rel.contents}


class ArticleScorer:
    """Aligns and scores the predicted relations of one article against its gold ones."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _Tokens.of(text)

    def cues_overlap(self, a: Frags, b: Frags) -> bool:
        """Share a word token, or (for punctuation-only cues) a character."""
        ta, tb = self.tokens.ids(a), self.tokens.ids(b)
        if ta and tb:
            return bool(ta & tb)
        return _chars_overlap(a, b)

    def judge(self, pred: Relation, gold: Relation) -> Pair:
        """Compare two relations whose cues overlap."""
        content_f1 = _f1(self.tokens.ids(pred.contents), self.tokens.ids(gold.contents))
        sources_ok = (not pred.sources and not gold.sources) or _chars_overlap(pred.sources, gold.sources)
        lenient = sources_ok and content_f1 >= LENIENT_CONTENT_F1
        strict = all(
            normalise(p, self.text) == normalise(g, self.text)
            for p, g in zip(_elements(pred).values(), _elements(gold).values(), strict=True)
        )
        return Pair(pred, gold, lenient=lenient, strict=strict, content_f1=content_f1)

    def align(self, predicted: Sequence[Relation], gold: Sequence[Relation]) -> list[Pair]:
        """Greedy alignment in text order: each prediction takes the best unused gold whose cue overlaps."""
        used: set[int] = set()
        pairs: list[Pair] = []
        for pred in sorted(predicted, key=lambda r: r.cue):
            best: tuple[tuple[bool, bool, float], int, Pair] | None = None
            for i, g in enumerate(gold):
                if i in used or not self.cues_overlap(pred.cue, g.cue):
                    continue
                pair = self.judge(pred, g)
                rank = (pair.lenient, pair.strict, pair.content_f1)
                if best is None or rank > best[0]:
                    best = (rank, i, pair)
            if best is None:
                pairs.append(Pair(pred, None))
            else:
                used.add(best[1])
                pairs.append(best[2])
        pairs.extend(Pair(None, g) for i, g in enumerate(gold) if i not in used)
        return pairs

    def tally(self, pairs: Iterable[Pair]) -> Tally:
        """Count relation- and element-level hits of aligned pairs."""
        t = Tally()
        for pair in pairs:
            for name, counts in t.relations.items():
                counts.pred += pair.pred is not None
                counts.gold += pair.gold is not None
                counts.tp += pair.lenient if name == "lenient" else pair.strict
            pe = _elements(pair.pred) if pair.pred else {}
            ge = _elements(pair.gold) if pair.gold else {}
            for name in ELEMENTS:
                p_frags, g_frags = pe.get(name, ()), ge.get(name, ())
                exact, overlap = t.exact[name], t.overlap[name]
                exact.pred += bool(p_frags)
                exact.gold += bool(g_frags)
                p_tok, g_tok = self.tokens.ids(p_frags), self.tokens.ids(g_frags)
                overlap.pred += len(p_tok)
                overlap.gold += len(g_tok)
                if p_frags and g_frags:
                    exact.tp += normalise(p_frags, self.text) == normalise(g_frags, self.text)
                    overlap.tp += len(p_tok & g_tok)
        return t


# -- scoring ----------------------------------------------------------------------------------------------------


def load_predictions(predictions_json: Path | Mapping[str, Any]) -> Mapping[str, Any]:
    """A predictions mapping as given, or read from a JSON file (coded error when unreadable)."""
    if isinstance(predictions_json, Mapping):
        return predictions_json
    try:
        data = json.loads(Path(predictions_json).read_text(encoding="utf-8"))
    except OSError as exc:
        raise EvalDataError(f"cannot read predictions {predictions_json}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise EvalDataError(
            f"predictions {predictions_json} are not valid JSON ({exc.msg}, line {exc.lineno})"
        ) from None
    if not isinstance(data, dict):
        raise EvalDataError(f"predictions {predictions_json}: expected an object keyed by text file name")
    return data


def score_predictions(
    directory: Path, predictions_json: Path | Mapping[str, Any], *, limit: int | None = None
) -> dict[str, Any]:
    """Score a predictions JSON (path or already-loaded mapping) against the gold of ``directory``.

    Every gold article is scored; an article absent from the predictions counts as
    predicting nothing. A prediction for an article not in the gold is an error.
    """
    gold = read_gold(directory, limit=limit)
    predictions = load_predictions(predictions_json)
    names = {g.name for g in gold}
    unknown = sorted(set(predictions) - names)
    if unknown and limit is None:
        raise EvalDataError(f"predictions name {len(unknown)} article(s) not in {directory}, e.g. {unknown[0]!r}")
    total = Tally()
    files: dict[str, Any] = {}
    for article in gold:
        predicted = relations_from_json(predictions.get(article.name, []), article.name, len(article.text))
        scorer = ArticleScorer(article.text)
        tally = scorer.tally(scorer.align(predicted, article.relations))
        total.add(tally)
        files[article.name] = {
            "annotation": article.ann,
            "gold": tally.relations["lenient"].gold,
            "predicted": tally.relations["lenient"].pred,
            "lenient_tp": tally.relations["lenient"].tp,
            "strict_tp": tally.relations["strict"].tp,
        }
    return {
        "dataset": str(directory),
        "documents": len(gold),
        "annotator": "alphabetically first .ann file per article",
        "word_tokens": r"maximal \w+ runs of the text; a span covers each token it overlaps",
        **tally_figures(total),
        "files": files,
    }


def evaluate(
    directory: Path,
    *,
    pipeline: Pipeline | None = None,
    predictions: Path | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """Run claimgraph on a PolNeAR split and score it; ``predictions`` is where to also write what it predicted."""
    predicted, failures = predict(directory, pipeline=pipeline, limit=limit)
    if predictions is not None:
        try:
            predictions.write_text(json.dumps(predicted, indent=1), encoding="utf-8")
        except OSError as exc:
            raise ClaimgraphError(f"cannot write predictions to {predictions}: {exc.strerror}") from None
    result = score_predictions(directory, predicted, limit=limit)
    result["failed"] = failures
    return result


def format_report(result: Mapping[str, Any]) -> str:
    """A plain-text table of the figures returned by :func:`evaluate` / :func:`score_predictions`."""
    lenient = result["relations"]["lenient"]
    lines = [
        f"PolNeAR attribution: {result['dataset']} ({result['documents']} articles, "
        f"{lenient['gold']} gold / {lenient['predicted']} predicted relations)",
        f"{'':24}{'P':>8}{'R':>8}{'F1':>8}",
    ]

    def row(label: str, f: Mapping[str, Any]) -> None:
        lines.append(f"{label:24}{f['precision']:8.1f}{f['recall']:8.1f}{f['f1']:8.1f}")

    row("relations lenient", lenient)
    row("relations strict", result["relations"]["strict"])
    for name in ELEMENTS:
        row(f"{name} exact", result["elements"][name]["exact"])
        row(f"{name} token overlap", result["elements"][name]["overlap"])
    if result.get("failed"):
        lines.append(f"{len(result['failed'])} article(s) failed: {result['failed'][0]}")
    return "\n".join(lines)


__all__ = [
    "ArticleScorer",
    "GoldArticle",
    "Relation",
    "Tally",
    "annotator_groups",
    "evaluate",
    "format_report",
    "load_predictions",
    "parse_ann",
    "predict",
    "read_gold",
    "relations_from_analysis",
    "score_predictions",
    "tally_figures",
]
