"""Quality gate: PolNeAR dev, the quantity, modality and TimeML dev sets stay above their pinned floors.

Floors and gold-data digests live in claimgraph/eval/baseline.json (claimgraph.eval.gate); the seed
and cross-document gates have their own test modules.
"""

from __future__ import annotations

from pathlib import Path

from claimgraph.eval import gate

DATA = Path(gate.__file__).with_name("data")


def test_quality_gate_polnear_dev(pipeline, shared_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.eval import polnear

    dev = shared_dir / "data" / "attribution" / "polnear" / "dev"
    result = polnear.evaluate(dev, pipeline=pipeline)
    measured = {
        "relation_lenient_f1": result["relations"]["lenient"]["f1"],
        "relation_strict_f1": result["relations"]["strict"]["f1"],
        "cue_exact_f1": result["elements"]["cue"]["exact"]["f1"],
        "source_exact_f1": result["elements"]["source"]["exact"]["f1"],
        "source_overlap_f1": result["elements"]["source"]["overlap"]["f1"],
        "content_exact_f1": result["elements"]["content"]["exact"]["f1"],
        "content_overlap_f1": result["elements"]["content"]["overlap"]["f1"],
    }
    assert not gate.check("polnear_dev", measured, gate.digest([dev])), polnear.format_report(result)


def test_quality_gate_quantities_dev(pipeline) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.eval import quantities

    path = DATA / "quantities_dev.jsonl"
    result = quantities.evaluate(path, pipeline=pipeline)
    measured = {k: result[k] for k in ("value_f1", "value_unit_f1", "value_change_f1")}
    assert not gate.check("quantities_dev", measured, gate.digest([path])), quantities.format_report(result)


def test_quality_gate_modality_dev(pipeline) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.eval import modality

    path = DATA / "modality_dev.jsonl"
    result = modality.evaluate(path, pipeline=pipeline)
    measured = {"macro_f1": result["macro_f1"], "accuracy": result["accuracy"]}
    assert not gate.check("modality_dev", measured, gate.digest([path])), modality.format_report(result)


def test_quality_gate_timeml_tbaq(shared_dir: Path) -> None:
    from claimgraph.eval import timeml

    tbaq = shared_dir / "data" / "timex" / "tbaq"
    result = timeml.evaluate(tbaq)
    measured = {k: result[k] for k in ("strict_f1", "relaxed_f1", "value_f1", "type_accuracy")}
    assert not gate.check("timeml_tbaq", measured, gate.digest([tbaq])), timeml.format_report(result)
