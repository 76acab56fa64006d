"""The TempEval-3 scorer on a tiny TimeML document of our own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimgraph.errors import EvalDataError
from claimgraph.eval.timeml import canonical_value, evaluate, format_report, parse_timeml, same_value
from claimgraph.extract.timex import find_timexes

DOC = """<?xml version="1.0" ?>
<TimeML>
<DOCID>invented-001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1995-03-03" functionInDocument="CREATION_TIME">19950303</TIMEX3></DCT>
<TEXT>The Olvik board <EVENT eid="e1">met</EVENT> on <TIMEX3 tid="t1" type="DATE" value="1995-03-02">Thursday</TIMEX3> \
and will meet again <TIMEX3 tid="t2" type="DATE" value="1995-04">next month</TIMEX3>. It spent about \
<TIMEX3 tid="t3" type="DURATION" value="P3Y">three years</TIMEX3> on the plan, reviewed daily, \
and for <TIMEX3 tid="t4" type="DATE" value="PRESENT_REF">the moment</TIMEX3> it waits &amp; watches.</TEXT>
</TimeML>
"""


def test_parse_timeml_maps_gold_spans_into_plain_text() -> None:
    doc = parse_timeml(DOC)
    assert doc.dct == "1995-03-03"
    assert [doc.text[g.start : g.end] for g in doc.gold] == ["Thursday", "next month", "three years", "the moment"]
    assert "&" in doc.text and "<" not in doc.text


def test_evaluate_tempeval_figures(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "doc.tml").write_text(DOC, encoding="utf-8")
    out = tmp_path / "pred.json"
    result = evaluate(tmp_path, predictions=out)
    # predicted: Thursday, next month (exact), "about three years" (overlap only), daily (spurious);
    # missed: "the moment".
    assert (result["files"], result["gold"], result["predicted"]) == (1, 4, 4)
    assert (result["strict_p"], result["strict_r"], result["strict_f1"]) == (50.0, 50.0, 50.0)
    assert (result["relaxed_p"], result["relaxed_r"], result["relaxed_f1"]) == (75.0, 75.0, 75.0)
    assert (result["value_accuracy"], result["value_f1"], result["type_accuracy"]) == (100.0, 75.0, 100.0)
    dumped = json.loads(out.read_text(encoding="utf-8"))
    text = parse_timeml(DOC).text
    spans = [text[s:e] for s, e in (p["span"] for p in dumped["sub/doc.tml"])]
    assert spans == ["Thursday", "next month", "about three years", "daily"]
    report = format_report(result)
    assert "relaxed" in report and "75.0" in report


def test_evaluate_rejects_missing_or_malformed_data(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError):
        evaluate(tmp_path / "nowhere")
    (tmp_path / "bad.tml").write_text("<TimeML><TEXT>unclosed", encoding="utf-8")
    with pytest.raises(EvalDataError):
        evaluate(tmp_path)
    with pytest.raises(EvalDataError):
        evaluate(tmp_path, use="nonsense")


@pytest.mark.parametrize(
    ("gold", "predicted", "same"),
    [
        ("2000-W7", "2000-W07", True),
        ("1999-11-06T17", "1999-11-06T17:00", True),
        ("2000-W17", "2000-W17", True),
        ("2000-W7", "2000-W17", False),
        ("1999-11-06T17", "1999-11-06T17:30", False),
        ("2000-W07", None, False),
    ],
)
def test_values_equal_up_to_zero_padding(gold: str, predicted: str | None, same: bool) -> None:
    assert same_value(gold, predicted) is same
    assert canonical_value(canonical_value(gold)) == canonical_value(gold)


EVENT_DOC = """<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="1995-03-03" functionInDocument="CREATION_TIME">19950303</TIMEX3></DCT>
<TEXT>Trade in Velmora resumed after the invasion, on <TIMEX3 tid="t1" type="DATE" value="1995-02-13">Feb. 13</TIMEX3>.\
</TEXT>
</TimeML>
"""


def test_event_anchored_expressions_are_not_timex3(tmp_path: Path) -> None:
    (tmp_path / "doc.tml").write_text(EVENT_DOC, encoding="utf-8")
    doc = parse_timeml(EVENT_DOC)
    # The recogniser itself keeps "after the invasion" (an anchor, no value); TimeML has no TIMEX3 for it.
    assert any(t.anchor == "the invasion" for t in find_timexes(doc.text, doc.dct))
    result = evaluate(tmp_path)
    assert (result["predicted"], result["relaxed_p"]) == (1, 100.0)
