"""Every cue in data/cues.json is found by its own example sentence, with the right source and content."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest

from claimgraph.model import Article, Claim

CUES: dict[str, Any] = json.loads(
    resources.files("claimgraph.extract").joinpath("data", "cues.json").read_text(encoding="utf-8")
)
EFFECTS: dict[str, Any] = json.loads(
    resources.files("claimgraph.extract").joinpath("data", "modality.json").read_text(encoding="utf-8")
)["cue_effects"]


def claims_of(pipeline, text: str) -> list[Claim]:  # type: ignore[no-untyped-def]
    return list(pipeline.analyze(Article(text=text)).claims)


def attributed(pipeline, text: str) -> list[Claim]:  # type: ignore[no-untyped-def]
    return [c for c in claims_of(pipeline, text) if c.source.kind != "author"]


@pytest.mark.parametrize(("lemma", "entry"), sorted(CUES["verbs"].items()))
def test_reporting_and_belief_verbs(pipeline, lemma: str, entry: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    claims = attributed(pipeline, entry["example"])
    assert claims, f"no attribution found in {entry['example']!r}"
    claim = claims[0]
    assert claim.cue is not None
    cue_tokens = pipeline.nlp(entry["example"]).char_span(claim.cue.span.start, claim.cue.span.end)
    assert lemma in [t.lemma_.lower() for t in cue_tokens]
    assert claim.source.kind == "named" and claim.source.span is not None
    assert not claim.span.overlaps(claim.cue.span) and not claim.span.overlaps(claim.source.span)
    assert claim.span.start > claim.cue.span.end


@pytest.mark.parametrize("entry", CUES["multiword"], ids=lambda e: " ".join(e["words"]))
def test_multiword_cues_span_the_whole_expression(pipeline, entry: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    claims = attributed(pipeline, entry["example"])
    assert claims, f"no attribution found in {entry['example']!r}"
    claim = claims[0]
    assert claim.cue is not None and len(claim.cue.text.split()) == len(entry["words"])
    assert claim.source.kind == "named"
    # the content starts right after the cue: the object NP or the clause
    between = entry["example"][claim.cue.span.end : claim.span.start].strip()
    assert between in ("", "that")


def test_object_content_keeps_its_relative_clause(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The Orvik Herald drew attention to the cost of the stadium, which rose twice last year."
    [claim] = attributed(pipeline, text)
    assert claim.text == "the cost of the stadium, which rose twice last year"
    assert claim.cue is not None and claim.cue.text == "drew attention to"


@pytest.mark.parametrize("text", CUES["according"]["examples"])
def test_according_to_forms(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    [claim] = attributed(pipeline, text)
    assert claim.cue is not None and claim.cue.text.lower().startswith("according to")
    assert claim.source.kind == "named" and claim.source.text
    assert "according" not in claim.text.lower() and claim.source.text not in claim.text


def test_according_to_information_revealed_by_takes_the_innermost_agent(pipeline) -> None:  # type: ignore[no-untyped-def]
    [claim] = attributed(pipeline, "According to data published by the statistics office, exports fell.")
    assert claim.source.text == "the statistics office"
    assert claim.cue is not None and claim.cue.text == "According to data published by"
    assert claim.text == "exports fell"


def test_according_to_covers_every_clause_after_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "According to the Talvik Post, the boat capsized and the crew swam ashore."
    claims = claims_of(pipeline, text)
    assert [c.text for c in claims] == ["the boat capsized", "the crew swam ashore"]
    assert {c.source.text for c in claims} == {"the Talvik Post"}


@pytest.mark.parametrize(("adverb", "entry"), sorted(CUES["evidential_adverbs"].items()))
def test_evidential_adverbs_make_unnamed_sources(pipeline, adverb: str, entry: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    [claim] = claims_of(pipeline, entry["example"])
    assert claim.source.kind == "unnamed" and claim.source.text is None
    assert claim.cue is not None and claim.cue.text.lower() == adverb
    assert claim.modality == "hedged"


@pytest.mark.parametrize(("lemma", "entry"), sorted(CUES["passive"].items()))
def test_agentless_passives_make_unnamed_sources(pipeline, lemma: str, entry: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    claims = attributed(pipeline, entry["example"])
    assert claims, f"no attribution found in {entry['example']!r}"
    claim = claims[0]
    assert claim.source.kind == "unnamed" and claim.source.span is None
    assert claim.cue is not None and claim.cue.text.split()[0].lower() in ("is", "was", "are", "were", "has")
    assert claim.modality == EFFECTS[entry["effect"]]["modality"]


def test_passive_with_agent_names_the_agent(pipeline) -> None:  # type: ignore[no-untyped-def]
    [claim] = attributed(pipeline, "The plan is seen by the farmers' union as a victory.")
    assert claim.source.kind == "named" and claim.source.text == "the farmers' union"


def test_first_person_belief_is_a_hedge_not_a_new_source(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert attributed(pipeline, CUES["self_hedges"]["example"]) == []


def test_nested_attribution_gives_both_holders(pipeline) -> None:  # type: ignore[no-untyped-def]
    claims = attributed(pipeline, "The coach said the players believe the pitch is too short.")
    holders = {c.text: c.source.text for c in claims}
    assert holders["the players believe the pitch is too short"] == "The coach"
    assert holders["the pitch is too short"] == "the players"


def test_relative_pronoun_source_resolves_to_its_noun(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The station hired a guard who said that the gate had been forced."
    claim = next(c for c in attributed(pipeline, text) if c.text == "the gate had been forced")
    assert claim.source.text == "who" and claim.source.resolved_text == "a guard"


@pytest.mark.parametrize(("adjective", "entry"), sorted(CUES["adjectives"].items()))
def test_predicate_adjectives_frame_a_clause_held_by_the_subject(  # type: ignore[no-untyped-def]
    pipeline, adjective: str, entry: dict[str, Any]
) -> None:
    claims = attributed(pipeline, entry["example"])
    assert claims, f"no attribution found in {entry['example']!r}"
    claim = claims[0]
    assert claim.cue is not None and claim.cue.text.lower().startswith(adjective)
    assert claim.source.kind == "named" and claim.source.span is not None
    assert claim.span.start > claim.cue.span.end
    assert claim.modality == EFFECTS[entry["effect"]]["modality"]


def test_object_noun_with_its_own_clause_gives_the_clause(pipeline) -> None:  # type: ignore[no-untyped-def]
    [claim] = attributed(pipeline, CUES["verbs"]["dispute"]["example"])
    assert claim.text == "the coach had resigned" and claim.modality == "doubted"
    assert attributed(pipeline, "The envoy rejected the proposal.") == []


@pytest.mark.parametrize("noun", CUES["according"]["agent_nouns"])
def test_according_to_a_document_released_by_names_its_author(pipeline, noun: str) -> None:  # type: ignore[no-untyped-def]
    [claim] = attributed(pipeline, f"According to the {noun} released by the Halden office, exports fell sharply.")
    assert claim.source.text == "the Halden office"
    assert claim.cue is not None and claim.cue.text == f"According to the {noun} released by"
    # a noun outside the list keeps the whole phrase as the source
    [plain] = attributed(pipeline, "According to the mayor elected by the council, exports fell sharply.")
    assert plain.source.text == "the mayor elected by the council"


@pytest.mark.parametrize(
    ("text", "pronoun", "antecedent"),
    [
        ("Anna Berg joined the Halden Bank in May. She said the bank was sound.", "She", "Anna Berg"),
        ("The Orvik Herald printed the letter. It said the mayor had lied.", "It", "The Orvik Herald"),
        ("Local fishermen met on Friday. We know the river is dying, they said.", "they", "Local fishermen"),
    ],
)
def test_pronoun_sources_resolve(pipeline, text: str, pronoun: str, antecedent: str) -> None:  # type: ignore[no-untyped-def]
    claim = next(c for c in attributed(pipeline, text) if c.source.text == pronoun)
    assert claim.source.resolved_text == antecedent


@pytest.mark.parametrize(("lemma", "entry"), sorted(CUES["object_verbs"]["verbs"].items()))
def test_object_cues_take_the_object_run_as_content(pipeline, lemma: str, entry: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    claims = attributed(pipeline, entry["example"])
    assert claims, f"no attribution found in {entry['example']!r}"
    claim = claims[0]
    assert claim.text == entry["content"]
    assert claim.cue is not None
    cue_tokens = pipeline.nlp(entry["example"]).char_span(claim.cue.span.start, claim.cue.span.end)
    assert lemma in [t.lemma_.lower() for t in cue_tokens]
    assert claim.source.kind == "named" and claim.source.span is not None
    assert claim.source.span.end <= claim.cue.span.start < claim.span.start
    assert claim.modality == EFFECTS[entry["effect"]]["modality"]


def test_object_cue_needs_a_subject_and_an_object(pipeline) -> None:  # type: ignore[no-untyped-def]
    # a participle naming something is no attribution; nor is a cue verb without an object
    assert attributed(pipeline, "A village called Orm lies north of the lake.") == []
    assert attributed(pipeline, "The mayor was praised.") == []


@pytest.mark.parametrize("text", CUES["object_verbs"]["addressee_verbs"]["examples"])
def test_the_person_addressed_is_no_claim(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    assert attributed(pipeline, text) == []


def test_what_the_addressee_is_asked_to_do_is_the_content(pipeline) -> None:  # type: ignore[no-untyped-def]
    [claim] = attributed(pipeline, "The fishermen urged the minister to close the bay at Velden.")
    assert claim.text == "the minister to close the bay at Velden" and claim.source.text == "The fishermen"


@pytest.mark.parametrize("text", CUES["indirect_questions"]["examples"])
def test_knowing_a_question_attributes_nothing(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    assert attributed(pipeline, text) == []


def test_knowing_a_proposition_is_still_an_attribution(pipeline) -> None:  # type: ignore[no-untyped-def]
    [claim] = attributed(pipeline, "The ferry company knows that the repairs will cost more.")
    assert claim.text == "the repairs will cost more" and claim.cue is not None and claim.cue.text == "knows"


def test_object_cue_run_stops_at_a_time_phrase(pipeline) -> None:  # type: ignore[no-untyped-def]
    [claim] = attributed(pipeline, "The senator criticized the budget on Tuesday.")
    assert claim.text == "the budget"


@pytest.mark.parametrize("example", CUES["line_speakers"]["examples"], ids=lambda e: e["text"][:24])
def test_speakers_named_by_line_layout(pipeline, example: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    # the line follows an ordinary sentence, so it is no title
    text = "Readers wrote to us this week.\n" + example["text"] + "\n"
    claims = claims_of(pipeline, text)
    held = [c for c in claims if c.source.kind != "author"]
    if example["source"] is None:
        assert held == []
        return
    assert [c.text for c in held] == example["contents"]
    for claim in held:
        assert claim.source.text == example["source"] and claim.cue is not None
        assert claim.cue.text == example["cue"]
        assert text[claim.cue.span.start : claim.cue.span.end] == claim.cue.text
    # the signature after a dash is no claim of its own
    assert all(example["source"] not in c.text for c in claims)


def test_colon_after_a_lower_case_phrase_names_no_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Readers wrote to us this week.\nThe reason is simple: the bridge is closed.\n"
    assert attributed(pipeline, text) == []


@pytest.mark.parametrize("text", CUES["discourse_markers"]["examples"])
def test_a_set_off_discourse_marker_attributes_nothing(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    analysis = pipeline.analyze(Article(text=text))
    assert analysis.claims and all(c.source.kind == "author" for c in analysis.claims)
    assert analysis.attributions == ()


@pytest.mark.parametrize("text", CUES["discourse_markers"]["counter_examples"])
def test_the_same_words_with_a_complement_stay_a_cue(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    analysis = pipeline.analyze(Article(text=text))
    assert [(a.cue.text.lower(), (a.source.text or "").lower()) for a in analysis.attributions] == [("know", "you")]


@pytest.mark.parametrize("text", CUES["survey_sources"]["examples"])
def test_a_clause_set_in_a_poll_is_the_poll_s_finding(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    analysis = pipeline.analyze(Article(text=text))
    held = [c for c in analysis.claims if c.cue is not None and c.cue.text.lower() == "in"]
    assert len(held) == 1 and held[0].source.kind == "named"
    source = held[0].source.text or ""
    assert any(noun in source.lower() for noun in ("poll", "survey", "census"))
    # the phrase naming the instrument is no part of the finding
    assert source not in held[0].text and not held[0].text.lower().startswith("in ")


@pytest.mark.parametrize("text", CUES["survey_sources"]["counter_examples"])
def test_a_channel_or_a_clause_with_its_own_cue_keeps_its_holder(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    analysis = pipeline.analyze(Article(text=text))
    assert all(c.cue is None or c.cue.text.lower() != "in" for c in analysis.claims)
