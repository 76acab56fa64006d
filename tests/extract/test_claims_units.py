"""Claim units: which stretches of text become claims, with minimal contiguous spans."""

from __future__ import annotations

import pytest

from claimgraph.model import Article, Claim, Span


def claims_of(pipeline, text: str, structure: tuple[Span, ...] = ()) -> list[Claim]:  # type: ignore[no-untyped-def]
    title = structure[0] if structure else None
    return list(pipeline.analyze(Article(text=text, title_span=title)).claims)


def texts(claims: list[Claim]) -> list[str]:
    return [c.text for c in claims]


def test_claim_text_equals_document_slice_and_ids_follow_text_order(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The bakery on Mill Street closed in March. Its owner moved to Brisca, where she opened a café."
    claims = claims_of(pipeline, text)
    assert [c.id for c in claims] == [f"c{i + 1}" for i in range(len(claims))]
    assert [c.span.start for c in claims] == sorted(c.span.start for c in claims)
    for claim in claims:
        assert text[claim.span.start : claim.span.end] == claim.text
        assert claim.sentence is not None and claim.sentence.contains(claim.span)


def test_coordinated_verb_phrases_split_into_two_claims(pipeline) -> None:  # type: ignore[no-untyped-def]
    claims = claims_of(pipeline, "The ferry carries 300 passengers and can cross the strait in two hours.")
    assert texts(claims) == ["The ferry carries 300 passengers", "can cross the strait in two hours"]


def test_coordinated_clauses_with_own_subjects_split(pipeline) -> None:  # type: ignore[no-untyped-def]
    claims = claims_of(pipeline, "The river rose overnight, and the farmers moved their cattle to the hills.")
    assert texts(claims) == ["The river rose overnight", "the farmers moved their cattle to the hills"]


def test_relative_clause_with_own_modality_is_a_child_claim(pipeline) -> None:  # type: ignore[no-untyped-def]
    claims = claims_of(pipeline, "The port received 40 new cranes, which could double its capacity.")
    assert texts(claims) == ["The port received 40 new cranes", "which could double its capacity"]
    parent, child = claims
    assert child.parent == parent.id and parent.parent is None
    assert (child.modality, parent.modality) == ("speculative", "asserted")


def test_where_clause_is_a_claim_without_the_relative_adverb(pipeline) -> None:  # type: ignore[no-untyped-def]
    claims = claims_of(pipeline, "The miners walked to Vella, where the police stopped the march on Tuesday.")
    assert texts(claims) == ["The miners walked to Vella", "the police stopped the march on Tuesday"]
    assert claims[1].parent == claims[0].id


def test_restrictive_and_plain_relative_clauses_stay_inside(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The trucks that carried the grain were stopped at the border, which runs along the Osk river."
    assert texts(claims_of(pipeline, text)) == [text[:-1]]


def test_framing_introduction_is_dropped_from_the_span(pipeline) -> None:  # type: ignore[no-untyped-def]
    claims = claims_of(pipeline, "Since the flood in spring, the village has relied on a single well.")
    assert texts(claims) == ["the village has relied on a single well"]
    claims = claims_of(pipeline, "Based on these figures, the council raised the water tax.")
    assert texts(claims) == ["the council raised the water tax"]


def test_questions_and_verbless_fragments_are_not_claims(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert claims_of(pipeline, "Will the new bridge open before winter?") == []
    assert claims_of(pipeline, "Floods in the northern valleys\n") == []


def test_no_claim_inside_a_structure_line(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Council approves the new budget\nThe council approved the budget on Friday."
    claims = claims_of(pipeline, text, (Span(0, 31),))
    assert texts(claims) == ["The council approved the budget on Friday"]


@pytest.mark.parametrize(
    ("text", "content", "source", "cue"),
    [
        ("The dam is safe, engineers said.", "The dam is safe", "engineers", "said"),
        ("The dam is safe, said the chief engineer.", "The dam is safe", "the chief engineer", "said"),
        (
            "The old dam, the engineer said, will be replaced next year.",
            "will be replaced next year",
            "the engineer",
            "said",
        ),
    ],
)
def test_sentence_final_inverted_and_parenthetical_attribution(  # type: ignore[no-untyped-def]
    pipeline, text: str, content: str, source: str, cue: str
) -> None:
    claims = claims_of(pipeline, text)
    assert len(claims) == 1
    claim = claims[0]
    assert (claim.text, claim.source.text, claim.cue.text if claim.cue else None) == (content, source, cue)
    assert claim.source.kind == "named"


def test_participial_reporting_clause_frames_its_own_content(pipeline) -> None:  # type: ignore[no-untyped-def]
    claims = claims_of(pipeline, "The mayor left the meeting early, saying that the vote was rigged.")
    by_text = {c.text: c for c in claims}
    assert by_text["The mayor left the meeting early"].source.kind == "author"
    framed = by_text["the vote was rigged"]
    assert (framed.source.text, framed.cue.text if framed.cue else None) == ("The mayor", "saying")


def test_content_excludes_source_cue_and_complementiser(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The Brisca Times reported that two ministers had resigned and that the cabinet would meet."
    claims = claims_of(pipeline, text)
    assert texts(claims) == ["two ministers had resigned", "the cabinet would meet"]
    assert all(c.source.text == "The Brisca Times" and c.cue and c.cue.text == "reported" for c in claims)


def test_quotation_marks_around_a_whole_content_are_dropped(pipeline) -> None:  # type: ignore[no-untyped-def]
    [claim] = claims_of(pipeline, '"The harbour will reopen next week," Ms. Vey said.')
    assert claim.text == "The harbour will reopen next week"
    assert claim.source.text == "Ms. Vey"


def test_cue_without_content_takes_the_quotation_before_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    [claim] = claims_of(pipeline, '"The harbour will reopen next week." Ms. Vey said.')
    assert (claim.text, claim.source.text) == ("The harbour will reopen next week", "Ms. Vey")
    assert claim.cue is not None and claim.cue.text == "said"
    # without a quotation the bare "X said." makes no claim and takes nothing
    [plain] = claims_of(pipeline, "The harbour will reopen next week. Ms. Vey said.")
    assert plain.source.kind == "author"


def test_reporting_verb_with_a_prepositional_object_is_a_plain_claim(pipeline) -> None:  # type: ignore[no-untyped-def]
    # regression: "complained about X" was taken for a bare "X said." and dropped
    [claim] = claims_of(pipeline, "Fishing crews complained about the heavy traffic.")
    assert claim.text == "Fishing crews complained about the heavy traffic"
    assert claim.source.kind == "author"


def test_bare_cue_with_a_time_still_takes_the_quotation(pipeline) -> None:  # type: ignore[no-untyped-def]
    [claim] = claims_of(pipeline, '"The port is closed." Ms. Vey said on Monday.')
    assert (claim.text, claim.source.text) == ("The port is closed", "Ms. Vey")


def _held(claims: list[Claim]) -> list[tuple[str, str | None, str | None]]:
    return [(c.text, c.source.text, c.cue.text if c.cue else None) for c in claims]


def test_quotation_over_two_sentences_before_its_cue(pipeline) -> None:  # type: ignore[no-untyped-def]
    claims = claims_of(pipeline, '"The dam is cracked. The valley will flood," Tomas Rilke said.')
    assert _held(claims) == [
        ("The dam is cracked", "Tomas Rilke", "said"),
        ("The valley will flood", "Tomas Rilke", "said"),
    ]


def test_quotation_continued_after_its_cue(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = '"The dam is cracked," Tomas Rilke said. "The valley will flood. Nobody listens."'
    assert [c.source.text for c in claims_of(pipeline, text)] == ["Tomas Rilke"] * 3


def test_quotation_held_by_a_bare_cue_after_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = '"The dam is cracked. It will burst in spring." Tomas Rilke said.'
    assert [c.source.text for c in claims_of(pipeline, text)] == ["Tomas Rilke"] * 2


def test_quotation_holder_ends_with_the_paragraph(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = '"The dam is cracked," Tomas Rilke said.\nThe river rose. "Our town is safe," the mayor said.'
    held = _held(claims_of(pipeline, text))
    assert ("The river rose", None, None) in held
    assert ("Our town is safe", "the mayor", "said") in held


def test_unquoted_sentence_after_a_quotation_stays_the_outlets(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = '"The dam is cracked," Tomas Rilke said. The river rose overnight.'
    assert _held(claims_of(pipeline, text))[-1] == ("The river rose overnight", None, None)


def test_frame_at_the_end_holds_every_coordinated_clause(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Fares will rise next year, but service will stay the same, the transport minister said on Friday."
    claims = claims_of(pipeline, text)
    assert [c.source.text for c in claims] == ["the transport minister"] * 2
    assert claims[0].text == "Fares will rise next year"
