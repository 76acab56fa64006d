"""How far PolNeAR's annotators agree with each other, measured with the scorer of :mod:`claimgraph.eval.polnear`.

Some PolNeAR articles were annotated by several people (``<article>_<annotator>.ann``).
:mod:`claimgraph.eval.polnear` scores a system against one of them, the alphabetically
first (the *reference*). This module scores each *other* annotator of those articles
against the same reference, with the same alignment and the same figures, so that a
system's figures can be read against what a second trained annotator reaches: the
human ceiling of the protocol, not of the task.

Given a predictions JSON (the ``--predictions`` output of ``claimgraph eval polnear``,
or any system's, keyed by ``<article>.txt``), the system is scored on the same
multi-annotated articles against the same reference, side by side. A system trained
on a split that contains these articles has seen their reference annotation; train
with ``--exclude-multi-annotated`` (both attribution trainers) for a fair comparison.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimgraph.errors import EvalDataError
from claimgraph.eval.polnear import (
    ArticleScorer,
    Relation,
    Tally,
    annotator_groups,
    load_predictions,
    parse_ann,
    tally_figures,
)
from claimgraph.eval.polnear_predict import relations_from_json


@dataclass(frozen=True, slots=True)
class MultiAnnotated:
    """An article with two or more annotators; ``annotations[0]`` is the reference (alphabetically first)."""

    name: str
    text: str
    annotations: tuple[tuple[str, tuple[Relation, ...]], ...]


def multi_annotated_names(directory: Path) -> frozenset[str]:
    """Text file names (``<article>.txt``) of the articles of a split that have several annotators."""
    return frozenset(f"{stem}.txt" for stem, anns in annotator_groups(directory).items() if len(anns) > 1)


def read_multi_annotated(directory: Path) -> list[MultiAnnotated]:
    """Every article of a split with two or more ``.ann`` files, with all its annotations."""
    out: list[MultiAnnotated] = []
    for stem, anns in sorted(annotator_groups(directory).items()):
        if len(anns) < 2:
            continue
        txt = directory / "text" / f"{stem}.txt"
        if not txt.is_file():
            raise EvalDataError(f"{anns[0]}: no text file {txt.name} in {txt.parent}")
        with txt.open(encoding="utf-8", newline="") as fh:  # byte-for-byte: brat offsets stay valid
            text = fh.read()
        annotations = tuple((a.stem.rsplit("_", 1)[1], parse_ann(a.read_text(encoding="utf-8"))) for a in anns)
        out.append(MultiAnnotated(name=txt.name, text=text, annotations=annotations))
    return out


def _score(text: str, predicted: Sequence[Relation], reference: Sequence[Relation]) -> Tally:
    scorer = ArticleScorer(text)
    return scorer.tally(scorer.align(predicted, reference))


def agreement(directories: Iterable[Path], predictions: Path | Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Figures of every non-reference annotator against the reference, and of ``predictions`` if given."""
    articles = [a for d in directories for a in read_multi_annotated(d)]
    if not articles:
        raise EvalDataError("no article with two or more annotators in the given splits")
    humans = Tally()
    pairs = 0
    for article in articles:
        reference = article.annotations[0][1]
        for _, relations in article.annotations[1:]:
            humans.add(_score(article.text, relations, reference))
            pairs += 1
    result: dict[str, Any] = {
        "articles": [a.name for a in articles],
        "annotator_pairs": pairs,
        "reference": "alphabetically first .ann file per article (as claimgraph eval polnear)",
        "annotators": tally_figures(humans),
    }
    if predictions is not None:
        loaded = load_predictions(predictions)
        missing = [a.name for a in articles if a.name not in loaded]
        if missing:
            raise EvalDataError(f"the predictions have no entry for {len(missing)} article(s), e.g. {missing[0]!r}")
        system = Tally()
        for article in articles:
            predicted = relations_from_json(loaded[article.name], article.name, len(article.text))
            system.add(_score(article.text, predicted, article.annotations[0][1]))
        result["system"] = tally_figures(system)
    return result


def format_report(result: Mapping[str, Any]) -> str:
    """A plain-text table: annotators against the reference, and the system beside them when scored."""
    system = result.get("system")
    lines = [
        f"PolNeAR annotator agreement: {len(result['articles'])} articles with several annotators, "
        f"{result['annotator_pairs']} annotator pairs (each other annotator against the reference)",
        f"{'F1':28}{'annotators':>12}" + (f"{'system':>10}" if system else ""),
    ]

    def row(label: str, path: tuple[str, ...]) -> None:
        def pick(figures: Mapping[str, Any]) -> float:
            node: Any = figures
            for key in path:
                node = node[key]
            return float(node["f1"])

        line = f"{label:28}{pick(result['annotators']):12.1f}"
        lines.append(line + (f"{pick(system):10.1f}" if system else ""))

    row("relations lenient", ("relations", "lenient"))
    row("relations strict", ("relations", "strict"))
    for name in ("cue", "source", "content"):
        row(f"{name} exact", ("elements", name, "exact"))
        row(f"{name} token overlap", ("elements", name, "overlap"))
    return "\n".join(lines)


__all__ = ["MultiAnnotated", "agreement", "format_report", "multi_annotated_names",
           "read_multi_annotated"]  # fmt: skip
