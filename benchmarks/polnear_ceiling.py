"""claimgraph beside PolNeAR's own annotators, on the articles that several of them annotated.

    python benchmarks/polnear_ceiling.py ../shared/data/attribution/polnear/train \\
        ../shared/data/attribution/polnear/dev --tagger /tmp/held/tagger.npz --spans /tmp/held/spans.npz \\
        --context /tmp/held/context.npz

Most multi-annotated articles are in PolNeAR train, which the packaged attribution models were
trained on. For a fair comparison, train the three models without them first (``--exclude-multi-annotated``
on the three trainers, see ``claimgraph/extract/data/attr_model/MODEL.md`` and ``attr_context/MODEL.md``)
and pass the weights here; without ``--tagger``/``--spans``/``--context`` the packaged models are used
and the report says so.

Runs claimgraph on every article with two or more annotators, then scores, with the polnear scorer and
against the same reference annotator (alphabetically first), both each other annotator and claimgraph
(:func:`claimgraph.eval.polnear_agreement.agreement`).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from claimgraph.api import default_pipeline
from claimgraph.eval.polnear import relations_from_analysis
from claimgraph.eval.polnear_agreement import agreement, format_report, read_multi_annotated
from claimgraph.eval.polnear_predict import relation_to_json
from claimgraph.extract import attr_context, attr_spans, attr_tagger
from claimgraph.model import Article


def use_models(tagger: Path | None, spans: Path | None, context: Path | None = None) -> None:
    """Make the extractor use these weight files instead of the packaged ones, for this process."""
    # the extractor loads each model through its module's ``load_model``; rebinding it is the one seam
    if tagger is not None:
        tagger_model = attr_tagger.read_model(tagger)
        attr_tagger.load_model = lambda: tagger_model  # type: ignore[assignment]
    if context is not None:
        claims = default_pipeline().nlp.get_pipe("claimgraph_claims_v1")
        claims.context = attr_context.read_context_model(context)  # type: ignore[attr-defined]
    if spans is not None:
        span_model = attr_spans.read_model(spans)
        attr_spans.load_model = lambda: span_model  # type: ignore[assignment]


def predictions(directories: list[Path]) -> dict[str, list[dict[str, Any]]]:
    """claimgraph's relations for every multi-annotated article of the splits."""
    articles = [Article(text=a.text, title=None, source_path=a.name) for d in directories
                for a in read_multi_annotated(d)]  # fmt: skip
    out: dict[str, list[dict[str, Any]]] = {}
    for analysis in default_pipeline().pipe(articles):
        out[analysis.document.source_path or ""] = [relation_to_json(r) for r in relations_from_analysis(analysis)]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("splits", type=Path, nargs="+", help="PolNeAR split folders (text/, attributions/)")
    parser.add_argument("--tagger", type=Path, help="stage-1 weights trained with --exclude-multi-annotated")
    parser.add_argument("--spans", type=Path, help="stage-2 weights trained with --exclude-multi-annotated")
    parser.add_argument("--context", type=Path, help="context-model weights trained with --exclude-multi-annotated")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    use_models(args.tagger, args.spans, args.context)
    result = agreement(args.splits, predictions(args.splits))
    result["models"] = {
        "tagger": str(args.tagger) if args.tagger else "packaged (trained on these articles' reference annotation)",
        "spans": str(args.spans) if args.spans else "packaged (trained on these articles' reference annotation)",
        "context": str(args.context) if args.context else "packaged (trained on these articles' reference annotation)",
    }
    print(format_report(result))
    print(json.dumps(result["models"]))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
