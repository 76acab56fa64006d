"""The quantity scorer: NewsQuant matching, unit normalisation, gold file errors, report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import claimgraph.extract.quantities  # noqa: F401  (registers the factory)
from claimgraph.config import DEFAULT_MODEL, load_settings
from claimgraph.errors import EvalDataError
from claimgraph.eval.quantities import (
    GoldSentence,
    Predicted,
    evaluate,
    format_report,
    from_quantity,
    load_gold,
    parse_value,
    score,
)
from claimgraph.extract.extensions import register_extensions
from claimgraph.extract.loader import load_spacy
from claimgraph.extract.pipeline import Pipeline
from claimgraph.model import Quantity, Span


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    register_extensions()
    nlp = load_spacy(DEFAULT_MODEL)
    nlp.add_pipe("claimgraph_quantities_v1")
    return Pipeline(load_settings(), nlp=nlp)


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", (12.0, 12.0)),
        ("1,250", (1250.0, 1250.0)),
        ("50-60", (50.0, 60.0)),
        ("-3.5", (-3.5, -3.5)),
        (7, (7.0, 7.0)),
    ],
)
def test_parse_value(raw: object, expected: tuple[float, float]) -> None:
    assert parse_value(raw) == expected


def test_parse_value_rejects_words() -> None:
    with pytest.raises(ValueError):
        parse_value("a dozen")


def point(value: float, unit: str | None = None, change: str = "=") -> Predicted:
    return Predicted(value, value, unit, change)


def test_matching_is_per_sentence_and_uses_each_prediction_once() -> None:
    gold = [
        GoldSentence("a", (point(5, "kilometre"), point(5, "kilometre"))),
        GoldSentence("b", (point(7, "percent", "up"),)),
    ]
    preds = [[point(5, "kilometre"), point(7, "percent", "up")], [point(5, "kilometre")]]
    result = score(gold, preds)
    assert (result["gold"], result["predicted"], result["sentences"]) == (3, 3, 2)
    assert (result["value_p"], result["value_r"]) == (
        pytest.approx(100 / 3, abs=0.01),
        pytest.approx(100 / 3, abs=0.01),
    )


def test_unit_and_change_are_scored_separately() -> None:
    gold = [GoldSentence("a", (point(40, "euro", "~"), point(3, "percent", "up")))]
    preds = [[point(40, "us dollar", "~"), point(3, "percent", "=")]]
    result = score(gold, preds)
    assert result["value_f1"] == 100.0
    assert result["value_unit_f1"] == 50.0
    assert result["value_change_f1"] == 50.0


def test_ranges_match_on_both_bounds_within_rtol() -> None:
    gold = [GoldSentence("a", (Predicted(50, 60, "kilometre", "<"),))]
    assert score(gold, [[Predicted(50.0000001, 60, "kilometre", "<")]])["value_unit_f1"] == 100.0
    assert score(gold, [[Predicted(50, 61, "kilometre", "<")]])["value_f1"] == 0.0
    assert score(gold, [[point(55, "kilometre")]])["value_f1"] == 0.0


def test_from_quantity_uses_direction_before_approx_class() -> None:
    base = Quantity(id="q1", span=Span(0, 2), text="5%", value=5.0, low=None, high=None, unit="percent", approx=None)
    assert from_quantity(base).change == "="
    q = Quantity(
        id="q1",
        span=Span(0, 9),
        text="about 5%",
        value=5.0,
        low=None,
        high=None,
        unit="Percent",
        approx="about",
        approx_class="~",
        direction="up",
    )
    assert from_quantity(q) == Predicted(5.0, 5.0, "percent", "up")


def test_gold_units_are_normalised_through_aliases(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "g.jsonl",
        [{"text": "x", "quantities": [{"value": "3", "unit": "KM", "change": "="}, {"value": 2, "unit": "Ferries"}]}],
    )
    (sentence,) = load_gold(path)
    assert [q.unit for q in sentence.quantities] == ["kilometre", "ferries"]
    assert sentence.quantities[1].change == "="


@pytest.mark.parametrize(
    "line",
    [
        "{not json",
        json.dumps({"quantities": []}),
        json.dumps({"text": "x", "quantities": [{"unit": "km"}]}),
        json.dumps({"text": "x", "quantities": [{"value": "3", "change": "sideways"}]}),
        json.dumps({"text": "x", "quantities": [{"value": "three"}]}),
    ],
)
def test_bad_gold_lines_raise_coded_errors(tmp_path: Path, line: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(EvalDataError, match=r"bad\.jsonl:1"):
        load_gold(path)


def test_missing_and_empty_gold_files(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError):
        load_gold(tmp_path / "absent.jsonl")
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    with pytest.raises(EvalDataError):
        load_gold(tmp_path / "empty.jsonl")


def test_evaluate_runs_the_pipeline(tmp_path: Path, pipeline: Pipeline) -> None:
    path = write_jsonl(
        tmp_path / "dev.jsonl",
        [
            {
                "text": "Ostria sent about 300 medics to Orsk.",
                "quantities": [{"value": "300", "unit": "medic", "change": "~"}],
            },
            {"text": "Bread prices rose 4% in Tarsel.", "quantities": [{"value": "4", "unit": "%", "change": "up"}]},
            {"text": "The guns reach up to 20-25 km.", "quantities": [{"value": "20-25", "unit": "km", "change": "<"}]},
            {"text": "The fair opened on 3 May 2031.", "quantities": []},
            {"text": "Velmora owns two ports.", "quantities": [{"value": "2", "unit": "harbour", "change": "="}]},
        ],
    )
    result = evaluate(path, pipeline=pipeline)
    assert (result["sentences"], result["gold"], result["predicted"]) == (5, 4, 4)
    assert (result["value_p"], result["value_r"]) == (100.0, 100.0)
    assert (result["value_unit_p"], result["value_unit_r"]) == (75.0, 75.0)
    assert result["value_change_f1"] == 100.0
    report = format_report(result)
    assert "5 sentences, 4 gold, 4 predicted" in report
    assert "value_unit" in report and "75.00" in report
