"""The cross-document dev set (our own fiction) meets the linking floors."""

from __future__ import annotations

from pathlib import Path

from claimgraph.eval import crossdoc, gate

DEVSET = Path(crossdoc.__file__).with_name("data") / "crossdoc"


def test_crossdoc_gate_dev_set_meets_floors(pipeline) -> None:  # type: ignore[no-untyped-def]
    result = crossdoc.evaluate(DEVSET, pipeline=pipeline)
    measured = {
        "bcubed_f1": result["bcubed_f1"],
        "independence_accuracy": result["independence_accuracy"],
        "pair_accuracy": result["pair_accuracy"],
        "entities_correct": result["entities_correct"],
    }
    problems = gate.check("crossdoc", measured, gate.digest([DEVSET]))
    assert not problems, crossdoc.format_report(result)


def test_crossdoc_gate_floors_meet_the_issue_targets() -> None:
    floors = gate.load_baseline()["crossdoc"]["floors"]
    assert floors["bcubed_f1"] >= 0.9
    assert floors["independence_accuracy"] == 1.0
    assert floors["pair_accuracy"] == 1.0
