"""The sample article meets the spine's floors (pinned in claimgraph/eval/baseline.json)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.eval import gate, seed

# The acceptance minimums of the spine issue: the pinned floors may rise, never fall below these.
ISSUE_MINIMUMS = {"claims_correct": 20, "quantities_correct": 8, "times_correct": 5, "entities_correct": 10}


def test_seed_gate_floors_never_below_issue_minimums() -> None:
    floors = gate.load_baseline()["seed"]["floors"]
    for key, minimum in ISSUE_MINIMUMS.items():
        assert floors[key] >= minimum, key
    assert floors["non_quantities_tagged"] == 0


def test_seed_gate_sample_article_meets_floors(pipeline, shared_dir: Path) -> None:  # type: ignore[no-untyped-def]
    article = shared_dir / "data" / "seed" / "article.txt"
    expected = shared_dir / "data" / "seed" / "expected.json"
    result = seed.evaluate(article, expected, pipeline=pipeline)
    problems = gate.check("seed", seed.summary(result), gate.digest([article, expected]))
    assert not problems, seed.format_report(result)


def test_seed_gate_refuses_to_lower_a_floor_silently(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    gate.pin("demo", {"f1": 80.0}, None, path=baseline)
    with pytest.raises(Exception, match="refusing to lower"):
        gate.pin("demo", {"f1": 70.0}, None, path=baseline)
    gate.pin("demo", {"f1": 70.0}, None, allow_lower=True, note="gold data relabelled", path=baseline)
    assert gate.load_baseline(baseline)["demo"]["history"][0]["note"] == "gold data relabelled"
    assert gate.check("demo", {"f1": 69.0}, path=baseline) == ["demo.f1: 69.0 is below its floor 70.0"]
