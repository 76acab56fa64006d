"""A claim's reported content: the complement or quotation as the article words it (``Claim.content``)."""

from __future__ import annotations

from claimgraph.model import Article, Claim


def attributed(pipeline, text: str) -> list[Claim]:  # type: ignore[no-untyped-def]
    return [c for c in pipeline.analyze(Article(text=text)).claims if c.source.kind != "author"]


def fragments(text: str, claim: Claim) -> list[str]:
    return [text[f.start : f.end] for f in claim.content]


def test_that_clause_keeps_its_complementiser(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Mayor Ilse Varga said on Tuesday that the ferry to Brisca will resume in May."
    (claim,) = attributed(pipeline, text)
    assert claim.text == "the ferry to Brisca will resume in May"
    assert fragments(text, claim) == ["that the ferry to Brisca will resume in May"]


def test_quotation_keeps_its_marks_and_inner_punctuation(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "“The old bridge at Kessel is not safe for lorries,” the county engineer told reporters."
    (claim,) = attributed(pipeline, text)
    assert fragments(text, claim) == ["“The old bridge at Kessel is not safe for lorries,”"]


def test_straight_quotes_are_kept_as_well(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = 'The harbour master said: "Three trawlers ran aground overnight."'
    claims = attributed(pipeline, text)
    assert claims and all(fragments(text, c) == ['"Three trawlers ran aground overnight."'] for c in claims)


def test_coordinated_clauses_under_one_cue_share_one_content(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The finance minister of Oskaria said that bread prices will fall and wages will rise next year."
    claims = attributed(pipeline, text)
    assert len(claims) == 2
    for claim in claims:
        assert fragments(text, claim) == ["that bread prices will fall and wages will rise next year"]
        assert claim.content[0].contains(claim.span)


def test_quotation_interrupted_by_the_cue_has_two_fragments(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "“We will rebuild the school in Velden,” the governor said, “and it will open before winter.”"
    claims = attributed(pipeline, text)
    # the resumed quotation is a claim of the governor's too, and both claims share the two fragments
    assert [c.text for c in claims] == ["We will rebuild the school in Velden", "it will open before winter"]
    assert {c.source.text for c in claims} == {"the governor"}
    got = {tuple(fragments(text, c)) for c in claims}
    assert got == {("“We will rebuild the school in Velden,”", "“and it will open before winter.”")}


def test_outlet_own_claims_have_no_content(pipeline) -> None:  # type: ignore[no-untyped-def]
    analysis = pipeline.analyze(Article(text="The council of Marsby closed the old library in March."))
    assert analysis.claims and all(c.content == () for c in analysis.claims)
    assert analysis.to_dict()["claims"][0]["content"] == []


def test_a_question_inside_a_quotation_is_part_of_what_was_said(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "“Who will pay for the repairs at Kessel? Not the town,” the county engineer said."
    claims = attributed(pipeline, text)
    assert claims  # the question makes no claim of its own, but it is in the reported content
    assert all(fragments(text, c) == ["“Who will pay for the repairs at Kessel? Not the town,”"] for c in claims)


def test_a_frame_inside_the_clause_cuts_the_content_in_two(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The new dam on the Orva, the governor said, will be finished in May."
    (claim,) = attributed(pipeline, text)
    assert fragments(text, claim) == ["The new dam on the Orva", "will be finished in May"]


def test_a_trailing_appositive_is_the_writers_gloss(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The minister said she would consult Dorit Alvane, a former harbour commissioner in Velden."
    (claim,) = attributed(pipeline, text)
    assert fragments(text, claim) == ["she would consult Dorit Alvane"]


def test_a_trailing_parenthesis_is_the_writers_gloss(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The mayor said the tunnel would open in spring (which the builders have promised twice before)."
    (claim,) = attributed(pipeline, text)
    assert fragments(text, claim) == ["the tunnel would open in spring"]


def test_an_aside_inside_a_quotation_is_kept(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "“We will hire Dorit Alvane, a former harbour commissioner,” the mayor said."
    (claim,) = attributed(pipeline, text)
    assert fragments(text, claim) == ["“We will hire Dorit Alvane, a former harbour commissioner,”"]
