"""The cross-document dev sets (our own fiction) meet the linking floors.

``crossdoc`` has twelve articles on different stories; ``crossdoc_topic`` has seventeen on one running story,
where nearly every claim names the same organisation and units: the case where clusters chain.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.eval import crossdoc, gate

DATA = Path(crossdoc.__file__).with_name("data")


@pytest.mark.parametrize("name", ["crossdoc", "crossdoc_topic"])
def test_crossdoc_gate_dev_set_meets_floors(pipeline, name: str) -> None:  # type: ignore[no-untyped-def]
    devset = DATA / name
    result = crossdoc.evaluate(devset, pipeline=pipeline)
    measured = {
        key: result[key]
        for key in ("bcubed_f1", "bcubed_precision", "independence_accuracy", "pair_accuracy", "entities_correct")
    }
    problems = gate.check(name, measured, gate.digest([devset]))
    assert not problems, crossdoc.format_report(result)


def test_crossdoc_gate_floors_meet_the_issue_targets() -> None:
    floors = gate.load_baseline()["crossdoc"]["floors"]
    assert floors["bcubed_f1"] >= 0.9
    assert floors["independence_accuracy"] == 1.0
    assert floors["pair_accuracy"] == 1.0
