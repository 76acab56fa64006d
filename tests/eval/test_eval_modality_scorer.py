"""The modality scorer, driven by a fake pipeline so that it does not depend on the extractor."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from claimgraph.errors import EvalDataError
from claimgraph.eval.modality import (
    AUTHOR,
    UNNAMED,
    best_claim,
    evaluate,
    format_report,
    load_gold,
    overlap_ratio,
)
from claimgraph.model import Analysis, Article, Claim, Document, Source, Span

DEV_SET = Path(__file__).resolve().parents[2] / "claimgraph" / "eval" / "data" / "modality_dev.jsonl"

# (claim substring, modality, source kind, source substring or None)
Prediction = tuple[str, str, str, str | None]


def _source(text: str, kind: str, source_text: str | None) -> Source:
    if source_text is None:
        return Source(kind=kind)  # type: ignore[arg-type]
    start = text.index(source_text)
    return Source(kind=kind, text=source_text, span=Span(start, start + len(source_text)))  # type: ignore[arg-type]


def _claim(text: str, number: int, pred: Prediction) -> Claim:
    content, modality, kind, source_text = pred
    start = text.index(content)
    return Claim(
        id=f"c{number}",
        span=Span(start, start + len(content)),
        text=content,
        source=_source(text, kind, source_text),
        cue=None,
        modality=modality,  # type: ignore[arg-type]
        certainty=None,
    )


class FakePipeline:
    """Returns hand-built analyses: the predictions listed for each text, nothing else."""

    def __init__(self, predictions: dict[str, list[Prediction]]) -> None:
        self.predictions = predictions
        self.seen: list[str] = []

    def pipe(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        for article in articles:
            self.seen.append(article.text)
            claims = tuple(_claim(article.text, i, p) for i, p in enumerate(self.predictions.get(article.text, [])))
            yield Analysis(document=Document.from_article(article), claims=claims)


def _write(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


S_SAID = "Harbour officials in Quillan said the ferry will sail at noon."
S_MAY = "The Quillan festival may be cancelled."
S_DENY = "The mill owner denied that the canal had flooded."
S_REPORTEDLY = "The goalkeeper reportedly broke his wrist."
S_DOUBT = "Traders doubt that the tariff will last."

ROWS = [
    {"text": S_SAID, "claim": "the ferry will sail at noon", "modality": "asserted", "source": "Harbour officials"},
    {"text": S_MAY, "claim": "The Quillan festival may be cancelled", "modality": "speculative", "source": AUTHOR},
    {"text": S_DENY, "claim": "the canal had flooded", "modality": "negated", "source": "The mill owner"},
    {
        "text": S_REPORTEDLY,
        "claim": "The goalkeeper reportedly broke his wrist",
        "modality": "hedged",
        "source": UNNAMED,
    },
    {"text": S_DOUBT, "claim": "the tariff will last", "modality": "doubted", "source": "Traders"},
]

PERFECT: dict[str, list[Prediction]] = {
    S_SAID: [("the ferry will sail at noon", "asserted", "named", "Harbour officials in Quillan")],
    S_MAY: [("The Quillan festival may be cancelled", "speculative", "author", None)],
    S_DENY: [("the canal had flooded", "negated", "named", "The mill owner")],
    S_REPORTEDLY: [("The goalkeeper reportedly broke his wrist", "hedged", "unnamed", None)],
    S_DOUBT: [("the tariff will last", "doubted", "unnamed", "Traders")],
}


def test_eval_modality_perfect_predictions_score_one(tmp_path: Path) -> None:
    fake = FakePipeline(PERFECT)
    result = evaluate(_write(tmp_path, ROWS), pipeline=fake)
    assert fake.seen == [r["text"] for r in ROWS]
    assert result["n"] == 5
    assert result["accuracy"] == 1.0
    assert result["macro_f1"] == 1.0
    assert result["no_claim"] == 0
    assert result["source_accuracy"] == 1.0
    assert all(result["per_class"][m]["f1"] == 1.0 for m in result["per_class"])


def test_eval_modality_wrong_class_fills_confusion_and_per_class(tmp_path: Path) -> None:
    predictions = dict(PERFECT)
    predictions[S_MAY] = [("The Quillan festival may be cancelled", "hedged", "author", None)]
    result = evaluate(_write(tmp_path, ROWS), pipeline=FakePipeline(predictions))
    assert result["accuracy"] == pytest.approx(4 / 5)
    assert result["confusion"]["speculative"]["hedged"] == 1
    assert result["per_class"]["speculative"]["recall"] == 0.0
    assert result["per_class"]["hedged"]["precision"] == pytest.approx(0.5)
    assert result["per_class"]["hedged"]["recall"] == 1.0
    assert result["macro_f1"] == pytest.approx((1 + 0 + 1 + 1 + 2 * 0.5 * 1 / 1.5) / 5)


def test_eval_modality_missing_claim_counts_as_asserted_no_claim(tmp_path: Path) -> None:
    predictions = dict(PERFECT)
    predictions[S_DENY] = []
    predictions[S_DOUBT] = [("Traders", "doubted", "author", None)]  # touches only the frame, not the claim
    result = evaluate(_write(tmp_path, ROWS), pipeline=FakePipeline(predictions))
    assert result["no_claim"] == 2
    assert result["no_claim_percent"] == pytest.approx(40.0)
    assert result["confusion"]["negated"]["asserted"] == 1
    assert result["confusion"]["doubted"]["asserted"] == 1
    notes = [i["note"] for i in result["items"]]
    assert notes.count("no claim") == 2
    # The AUTHOR default is wrong for a named gold source.
    assert result["source_by_kind"]["named"] == {"n": 3, "correct": 1}


def test_eval_modality_picks_the_best_overlapping_claim(tmp_path: Path) -> None:
    text = "Ministers in Quillan said the dam was safe, but engineers suspect the spillway could fail."
    rows = [{"text": text, "claim": "the spillway could fail", "modality": "speculative", "source": "engineers"}]
    predictions: dict[str, list[Prediction]] = {
        text: [
            ("the dam was safe, but engineers suspect the spillway could fail", "asserted", "named", "Ministers"),
            ("the spillway could", "speculative", "named", "engineers"),
        ]
    }
    result = evaluate(_write(tmp_path, rows), pipeline=FakePipeline(predictions))
    assert result["items"][0]["predicted_claim"] == "the spillway could"
    assert result["accuracy"] == 1.0
    assert result["source_accuracy"] == 1.0


def test_eval_modality_source_rules(tmp_path: Path) -> None:
    predictions = dict(PERFECT)
    predictions[S_SAID] = [("the ferry will sail at noon", "asserted", "named", "noon")]  # wrong named span
    predictions[S_MAY] = [("The Quillan festival may be cancelled", "speculative", "unnamed", None)]  # not AUTHOR
    predictions[S_REPORTEDLY] = [("The goalkeeper reportedly broke his wrist", "hedged", "unnamed", "goalkeeper")]
    result = evaluate(_write(tmp_path, ROWS), pipeline=FakePipeline(predictions))
    assert result["accuracy"] == 1.0
    assert result["source_accuracy"] == pytest.approx(2 / 5)
    assert result["source_by_kind"][AUTHOR] == {"n": 1, "correct": 0}
    assert result["source_by_kind"][UNNAMED] == {"n": 1, "correct": 0}


def test_eval_modality_resolved_pronoun_source_counts(tmp_path: Path) -> None:
    text = "Quillan dockers met on Friday. They said the strike is over."
    rows = [{"text": text, "claim": "the strike is over", "modality": "asserted", "source": "Quillan dockers"}]
    start = text.index("the strike is over")
    pronoun = text.index("They")
    claim = Claim(
        id="c0",
        span=Span(start, start + len("the strike is over")),
        text="the strike is over",
        source=Source(
            kind="named",
            text="They",
            span=Span(pronoun, pronoun + 4),
            resolved_text="Quillan dockers",
            resolved_span=Span(0, len("Quillan dockers")),
        ),
        cue=None,
        modality="asserted",
        certainty=None,
    )

    class OneClaim:
        def pipe(self, articles: Iterable[Article]) -> Iterator[Analysis]:
            for article in articles:
                yield Analysis(document=Document.from_article(article), claims=(claim,))

    assert evaluate(_write(tmp_path, rows), pipeline=OneClaim())["source_accuracy"] == 1.0


def test_eval_modality_gold_source_prefers_occurrence_outside_claim(tmp_path: Path) -> None:
    text = "The council says the council budget is balanced."
    path = _write(tmp_path, [{"text": text, "claim": "the council budget is balanced", "modality": "asserted",
                              "source": "council"}])  # fmt: skip
    gold = load_gold(path)[0]
    assert gold.source_span == Span(4, 11)


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "expected a JSON object"),
        ('{"text": "The pier closed.", "claim": "The pier closed", "modality": "asserted"}', "'source'"),
        ('{"text": "The pier closed.", "claim": "The dock", "modality": "asserted", "source": "AUTHOR"}', "substring"),
        (
            '{"text": "The pier closed.", "claim": "The pier closed", "modality": "certain", "source": "AUTHOR"}',
            "modality",
        ),
        (
            '{"text": "The pier closed.", "claim": "The pier closed", "modality": "asserted", "source": "Mayor"}',
            "source",
        ),
    ],
)
def test_eval_modality_malformed_gold_raises_coded_error(tmp_path: Path, line: str, fragment: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(EvalDataError) as info:
        load_gold(path)
    assert info.value.code == "E050"
    assert fragment in str(info.value)
    assert "bad.jsonl:1" in str(info.value)


def test_eval_modality_missing_or_empty_file_raises(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError):
        load_gold(tmp_path / "absent.jsonl")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(EvalDataError):
        load_gold(empty)


def test_eval_modality_overlap_ratio_and_best_claim() -> None:
    assert overlap_ratio(Span(0, 10), Span(5, 15)) == pytest.approx(5 / 15)
    assert overlap_ratio(Span(0, 5), Span(5, 9)) == 0.0
    assert best_claim([], Span(0, 3)) is None


def test_eval_modality_format_report_shows_figures(tmp_path: Path) -> None:
    predictions = dict(PERFECT)
    predictions[S_DENY] = []
    report = format_report(evaluate(_write(tmp_path, ROWS), pipeline=FakePipeline(predictions)))
    assert "accuracy 0.800" in report
    assert "no claim: 1 (20.0%)" in report
    assert "confusion" in report
    assert "gold negated, predicted asserted [no claim]: the canal had flooded" in report


def test_eval_modality_dev_set_scores_one_with_its_own_labels() -> None:
    # An oracle built from the shipped gold: proves every line loads and is scored as labelled.
    gold = load_gold(DEV_SET)
    predictions: dict[str, list[Prediction]] = {}
    for g in gold:
        kind = {AUTHOR: "author", UNNAMED: "unnamed"}.get(g.source, "named")
        source_text = None if g.source in (AUTHOR, UNNAMED) else g.source
        predictions[g.text] = [(g.claim, g.modality, kind, source_text)]
    result = evaluate(DEV_SET, pipeline=FakePipeline(predictions))
    assert result["n"] == len(gold)
    assert result["accuracy"] == 1.0
    assert result["macro_f1"] == 1.0
    assert result["source_accuracy"] == 1.0
