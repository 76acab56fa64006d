"""Annotator agreement on PolNeAR-style splits of our own: each other annotator against the reference one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimgraph.errors import EvalDataError
from claimgraph.eval.polnear import read_gold
from claimgraph.eval.polnear_agreement import agreement, format_report, multi_annotated_names, read_multi_annotated
from claimgraph.serve.cli import main
from tests.eval.test_polnear_scorer import ACCORDING, SAID, TEXT, at, brat

SHARED = "gazette_2031-05-02_bridge"
SINGLE = "gazette_2031-05-03_tolls"


def split(root: Path, annotators: dict[str, list[dict[str, Any]]], single: list[dict[str, Any]]) -> Path:
    """One article annotated by every key of ``annotators`` and one article with a single annotator."""
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for name in (SHARED, SINGLE):
        (root / "text" / f"{name}.txt").write_text(TEXT, encoding="utf-8")
    for who, relations in annotators.items():
        (root / "attributions" / f"{SHARED}_{who}.ann").write_text(brat(relations), encoding="utf-8")
    (root / "attributions" / f"{SINGLE}_b7.ann").write_text(brat(single), encoding="utf-8")
    return root


def test_only_articles_with_several_annotators_are_read(tmp_path: Path) -> None:
    root = split(tmp_path / "s", {"a1": [SAID, ACCORDING], "c3": [SAID]}, [SAID])
    articles = read_multi_annotated(root)
    assert [a.name for a in articles] == [f"{SHARED}.txt"]
    assert [who for who, _ in articles[0].annotations] == ["a1", "c3"]
    assert multi_annotated_names(root) == frozenset({f"{SHARED}.txt"})
    # the reference is the annotator claimgraph eval polnear scores against
    gold = {g.name: g for g in read_gold(root)}
    assert gold[f"{SHARED}.txt"].relations == articles[0].annotations[0][1]


def test_second_annotator_missing_a_relation_is_scored_against_the_reference(tmp_path: Path) -> None:
    root = split(tmp_path / "s", {"a1": [SAID, ACCORDING], "c3": [SAID]}, [ACCORDING])
    result = agreement([root])
    lenient = result["annotators"]["relations"]["lenient"]
    assert (lenient["precision"], lenient["recall"], lenient["tp"]) == (100.0, 50.0, 1)
    assert result["annotator_pairs"] == 1
    assert "system" not in result


def test_each_other_annotator_is_one_pair(tmp_path: Path) -> None:
    wrong_source = {**SAID, "sources": [at("the harbour bridge")]}
    root = split(tmp_path / "s", {"a1": [SAID], "b2": [SAID], "c3": [wrong_source]}, [])
    result = agreement([root])
    assert result["annotator_pairs"] == 2
    lenient = result["annotators"]["relations"]["lenient"]
    assert (lenient["tp"], lenient["predicted"], lenient["gold"]) == (1, 2, 2)
    assert result["annotators"]["elements"]["source"]["exact"]["tp"] == 1


def test_system_predictions_are_scored_on_the_same_articles_beside_the_annotators(tmp_path: Path) -> None:
    root = split(tmp_path / "s", {"a1": [SAID, ACCORDING], "c3": [SAID]}, [SAID])
    # the single-annotator article is not part of the comparison, whatever is predicted for it
    predictions = {f"{SHARED}.txt": [SAID, ACCORDING], f"{SINGLE}.txt": []}
    result = agreement([root], predictions)
    assert result["system"]["relations"]["lenient"]["f1"] == 100.0
    assert result["annotators"]["relations"]["lenient"]["f1"] == pytest.approx(66.67)
    report = format_report(result)
    assert "annotators" in report and "system" in report
    assert "relations lenient" in report and "100.0" in report


def test_predictions_lacking_a_multi_annotated_article_are_an_error(tmp_path: Path) -> None:
    root = split(tmp_path / "s", {"a1": [SAID], "c3": [SAID]}, [])
    with pytest.raises(EvalDataError, match="no entry for 1 article"):
        agreement([root], {f"{SINGLE}.txt": []})


def test_a_split_without_several_annotators_is_an_error(tmp_path: Path) -> None:
    root = split(tmp_path / "s", {"a1": [SAID]}, [SAID])
    with pytest.raises(EvalDataError, match="two or more annotators"):
        agreement([root])


def test_cli_reports_agreement_as_json(tmp_path: Path) -> None:
    root = split(tmp_path / "s", {"a1": [SAID, ACCORDING], "c3": [ACCORDING]}, [])
    preds = tmp_path / "p.json"
    preds.write_text(json.dumps({f"{SHARED}.txt": [SAID]}), encoding="utf-8")
    run = CliRunner().invoke(main, ["eval", "polnear-agreement", str(root), "--predictions", str(preds),
                                    "--format", "json"])  # fmt: skip
    assert run.exit_code == 0, run.output
    data = json.loads(run.output)
    assert data["annotators"]["relations"]["lenient"]["recall"] == 50.0
    assert data["system"]["relations"]["lenient"]["recall"] == 50.0
    assert data["articles"] == [f"{SHARED}.txt"]


def test_trainers_leave_the_multi_annotated_articles_out_when_asked(tmp_path: Path) -> None:
    from argparse import Namespace

    from claimgraph.eval.train_attribution import training_pairs

    root = split(tmp_path / "s", {"a1": [SAID], "c3": [SAID]}, [ACCORDING])
    cache = tmp_path / "cache"
    every = training_pairs(Namespace(train=root, cache=cache, exclude_multi_annotated=False))
    assert sorted(g.name for g, _ in every) == [f"{SHARED}.txt", f"{SINGLE}.txt"]
    kept = training_pairs(Namespace(train=root, cache=cache, exclude_multi_annotated=True))
    assert [g.name for g, _ in kept] == [f"{SINGLE}.txt"]
    assert kept[0][1].text == TEXT
