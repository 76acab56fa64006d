"""Speakers named by line layout are attributions even where their line holds no claim."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from claimgraph.eval.invariants import check_analysis
from claimgraph.extract.line_speakers import line_speakers
from claimgraph.model import Analysis, Article

NOT_SPEAKERS = json.loads(
    resources.files("claimgraph.extract").joinpath("data", "cues.json").read_text(encoding="utf-8")
)["line_speakers"]["not_speakers"]


def analysed(pipeline, text: str) -> Analysis:  # type: ignore[no-untyped-def]
    analysis: Analysis = pipeline.analyze(Article(text=text))
    check_analysis(analysis)
    return analysis


def colon_attributions(analysis: Analysis) -> list[tuple[str, str, list[str], int]]:
    text = analysis.document.text
    return [(a.source.text or "", a.cue.text, [text[s.start : s.end] for s in a.content], len(a.claims))
            for a in analysis.attributions if a.cue.text == ":"]  # fmt: skip


def test_a_headline_naming_its_speaker_is_an_attribution(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ana Ruiz: Enough of the Harbour Tolls\n\n"
        "The harbour board of Velden met on Monday. Its members voted on the budget for next year.\n"
    )
    analysis = analysed(pipeline, text)
    assert colon_attributions(analysis) == [("Ana Ruiz", ":", ["Enough of the Harbour Tolls"], 0)]
    (attribution,) = [a for a in analysis.attributions if a.cue.text == ":"]
    assert attribution.source.kind == "named" and attribution.source.span is not None


def test_the_first_sentence_after_a_speaker_label_is_a_claim_of_its_own(pipeline) -> None:  # type: ignore[no-untyped-def]
    # left in one sentence with the label, the clause is parsed as hanging off the name and lost
    text = "The hearing opened at nine.\nHOLM: The ferries to Orm will run again in May.\n"
    analysis = analysed(pipeline, text)
    held = [(c.text, c.source.text) for c in analysis.claims if c.source.kind != "author"]
    assert held == [("The ferries to Orm will run again in May", "HOLM")]
    assert colon_attributions(analysis) == [("HOLM", ":", ["The ferries to Orm will run again in May."], 1)]


def test_table_rows_and_capital_listings_name_no_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The figures follow.\nDue: 27    35\nNORTH STATE: RAIN 12 MM, DRY ELSEWHERE IN THE VALLEY\n"
    analysis = analysed(pipeline, text)
    assert [a.cue.text for a in analysis.attributions if a.cue.text == ":"] == []
    assert all(c.source.kind == "author" for c in analysis.claims)


def test_a_transcript_question_is_an_attribution_without_claims(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The hearing opened at nine.\nHOLM: Will the ferries to Orm run again in May?\n"
    analysis = analysed(pipeline, text)
    assert colon_attributions(analysis) == [("HOLM", ":", ["Will the ferries to Orm run again in May?"], 0)]


def test_a_transcript_statement_is_one_attribution_holding_its_claims(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The hearing opened at nine.\nHOLM: The harbour will reopen in May. The ferries are ready.\n"
    analysis = analysed(pipeline, text)
    [(source, _, _, held)] = colon_attributions(analysis)
    assert source == "HOLM" and held == 2
    claims = [c.text for c in analysis.claims if c.source.text == "HOLM"]
    assert claims == ["The harbour will reopen in May", "The ferries are ready"]


@pytest.mark.parametrize("label", NOT_SPEAKERS)
def test_labels_of_notes_and_news_formats_name_no_speaker(pipeline, label: str) -> None:  # type: ignore[no-untyped-def]
    line = f"{label.title()}: The ferries to Orm will run again in May."
    assert line_speakers(line) == []
    analysis = analysed(pipeline, "The hearing opened at nine.\n" + line + "\n")
    assert colon_attributions(analysis) == []
