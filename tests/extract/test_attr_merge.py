"""The learned attribution tagger merged into the rule-based claims: behaviour on invented sentences."""

from __future__ import annotations

from claimgraph.extract.claims import extract_claims
from claimgraph.model import Article, Claim


def claims_of(pipeline, text: str) -> list[Claim]:  # type: ignore[no-untyped-def]
    return list(pipeline.analyze(Article(text=text)).claims)


def held(claims: list[Claim]) -> list[tuple[str, str | None, str | None]]:
    return [(c.text, c.source.text, c.cue.text if c.cue else None) for c in claims if c.source.kind != "author"]


def test_a_colon_cue_gives_a_two_sentence_quotation_to_its_pronoun_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Councillor Greta Lind spoke at the harbour on Monday. "
        'She continued: "The ferry must run every hour. The islanders deserve it."'
    )
    claims = claims_of(pipeline, text)
    assert held(claims) == [
        ("The ferry must run every hour", "She", "continued:"),
        ("The islanders deserve it", "She", "continued:"),
    ]
    assert {c.source.resolved_text for c in claims if c.source.kind == "named"} == {"Councillor Greta Lind"}
    # the rules alone leave the quotation to the outlet
    doc = pipeline.nlp(text)
    assert all(c.source.kind == "author" for c in extract_claims(doc, tagger=False))


def test_a_multiword_cue_with_an_object_content(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The Orlen Valley mayor called on residents to conserve water during the drought."
    assert held(claims_of(pipeline, text)) == [
        ("residents to conserve water during the drought", "The Orlen Valley mayor", "called on")
    ]


def test_an_according_to_source_after_the_content(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The mill will close next spring, according to two workers at the plant."
    assert held(claims_of(pipeline, text)) == [
        ("The mill will close next spring", "two workers at the plant", "according to")
    ]


def test_the_cue_takes_in_its_auxiliary_and_adverb(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The ferry company has repeatedly denied that its boats were overloaded."
    assert held(claims_of(pipeline, text)) == [
        ("its boats were overloaded", "The ferry company", "has repeatedly denied")
    ]
    doc = pipeline.nlp(text)
    [rule] = extract_claims(doc, tagger=False)
    assert rule.cue is not None and rule.cue.text == "denied"


def test_a_pronoun_source_is_resolved_to_the_person_named_before(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Dr. Lena Voss spoke on Monday. She explained that the vaccine trial had been paused."
    [claim] = [c for c in claims_of(pipeline, text) if c.source.kind != "author"]
    assert (claim.text, claim.source.text, claim.source.resolved_text) == (
        "the vaccine trial had been paused",
        "She",
        "Lena Voss",
    )
