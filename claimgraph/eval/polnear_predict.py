"""Predicted attribution relations for PolNeAR: claimgraph's output mapped to relations, and predictions JSON.

:func:`predict` runs claimgraph on a split; :func:`relation_to_json` and
:func:`relations_from_json` write and validate the predictions JSON that the
scorer in :mod:`claimgraph.eval.polnear` reads, from claimgraph or any system.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimgraph.errors import EvalDataError
from claimgraph.eval.polnear_gold import Frag, Frags, Relation, read_gold

if TYPE_CHECKING:
    from claimgraph.extract.pipeline import Pipeline
    from claimgraph.model import Analysis


def relations_from_analysis(analysis: Analysis) -> list[Relation]:
    """Predicted relations of one analysis: its attributions, else its non-author claims grouped by cue."""
    text = analysis.document.text
    if analysis.attributions:
        relations = [
            Relation(
                ((a.cue.span.start, a.cue.span.end),),
                (_polnear_source(a.source.span.start, a.source.span.end, text),) if a.source.span is not None else (),
                tuple(sorted({(c.start, c.end) for c in a.content})),
            )
            for a in analysis.attributions
        ]
        return sorted(relations, key=lambda r: (r.cue, r.sources, r.contents))
    return _relations_from_claims(analysis)


def _relations_from_claims(analysis: Analysis) -> list[Relation]:
    """Predicted relations of one analysis: non-author claims grouped by cue span (content: ``Claim.content``)."""
    grouped: dict[Frag, tuple[list[Frag], list[Frag]]] = {}
    text = analysis.document.text
    for claim in analysis.claims:
        if claim.source.kind == "author" or claim.cue is None:
            continue
        cue = (claim.cue.span.start, claim.cue.span.end)
        sources, contents = grouped.setdefault(cue, ([], []))
        if claim.source.span is not None:
            src = _polnear_source(claim.source.span.start, claim.source.span.end, text)
            if src not in sources:
                sources.append(src)
        # the reported content as written ("that ...", quotation marks) where the claim has it, else its clause
        for span in claim.content or (claim.span,):
            content = (span.start, span.end)
            if content not in contents:
                contents.append(content)
    return [Relation((cue,), tuple(sorted(s)), tuple(sorted(c))) for cue, (s, c) in sorted(grouped.items())]


def _polnear_source(start: int, end: int, text: str) -> Frag:
    """A source span in PolNeAR's convention: an appositive keeps its closing comma.

    claimgraph's source is "Ana Ruiz, the harbour's director"; PolNeAR marks
    "Ana Ruiz, the harbour's director," before "said". Only a span that opens
    an appositive (holds a comma) and is directly followed by one takes it.
    """
    if "," in text[start:end] and text[end : end + 1] == ",":
        return start, end + 1
    return start, end


def predict(
    directory: Path, *, pipeline: Pipeline | None = None, limit: int | None = None
) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    """Run claimgraph on each article of ``directory``; returns (predictions JSON, failures)."""
    from claimgraph.model import Article

    gold = read_gold(directory, limit=limit)
    if pipeline is None:
        from claimgraph.api import default_pipeline

        pipeline = default_pipeline()
    failures: list[str] = []
    predictions: dict[str, list[dict[str, Any]]] = {g.name: [] for g in gold}
    articles = [Article(text=g.text, title=None, source_path=g.name) for g in gold]

    def on_error(article: Article, exc: Exception) -> None:
        failures.append(f"{article.source_path}: {exc}")

    for analysis in pipeline.pipe(articles, error_handler=on_error):
        name = analysis.document.source_path or ""
        predictions[name] = [relation_to_json(r) for r in relations_from_analysis(analysis)]
    return predictions, failures


def relation_to_json(relation: Relation) -> dict[str, Any]:
    """The predictions-JSON form of a relation (cue as one [start, end])."""
    cue = (relation.cue[0][0], relation.cue[-1][1])
    return {
        "cue": list(cue),
        "sources": [list(s) for s in relation.sources],
        "contents": [list(c) for c in relation.contents],
    }


def _span_list(value: Any, where: str, size: int) -> Frags:
    if not isinstance(value, list):
        raise EvalDataError(f"{where}: expected a list of [start, end] pairs")
    return tuple(sorted(_span(v, where, size) for v in value))


def _span(value: Any, where: str, size: int) -> Frag:
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        or not 0 <= value[0] <= value[1] <= size
    ):
        raise EvalDataError(f"{where}: {value!r} is not a [start, end] span inside the text (length {size})")
    return (value[0], value[1])


def relations_from_json(items: Any, name: str, size: int) -> list[Relation]:
    """Validate and read one article's predicted relations."""
    if not isinstance(items, list):
        raise EvalDataError(f"predictions for {name}: expected a list of relations")
    out: list[Relation] = []
    for i, item in enumerate(items):
        where = f"predictions for {name}, relation {i}"
        if not isinstance(item, dict) or "cue" not in item:
            raise EvalDataError(f"{where}: expected an object with 'cue', 'sources' and 'contents'")
        out.append(
            Relation(
                cue=(_span(item["cue"], where, size),),
                sources=_span_list(item.get("sources", []), where, size),
                contents=_span_list(item.get("contents", []), where, size),
            )
        )
    return out


__all__ = [
    "predict",
    "relation_to_json",
    "relations_from_analysis",
    "relations_from_json",
]
