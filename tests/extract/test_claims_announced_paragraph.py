"""A cue ending its sentence with a colon ("The governor added:") holds the paragraph after it."""

from __future__ import annotations

from claimgraph.model import Analysis, Article


def analysed(pipeline, text: str) -> Analysis:  # type: ignore[no-untyped-def]
    analysis: Analysis = pipeline.analyze(Article(text=text))
    return analysis


def holders(analysis: Analysis) -> list[tuple[str, str, str | None]]:
    return [(c.text, c.source.kind, c.source.text) for c in analysis.claims]


def test_the_paragraph_after_the_colon_is_held_and_the_next_one_is_not(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The council met on Monday.\n\nThe governor added:\n\n"
        "It is typical of the council. It never listens to the ferry crews.\n\nThe vote is next week.\n"
    )
    analysis = analysed(pipeline, text)
    assert holders(analysis) == [
        ("The council met on Monday", "author", None),
        ("It is typical of the council", "named", "The governor"),
        ("It never listens to the ferry crews", "named", "The governor"),
        ("The vote is next week", "author", None),
    ]
    [attribution] = analysis.attributions
    assert attribution.cue.text == "added" and attribution.claims == ("c2", "c3")
    assert [text[s.start : s.end] for s in attribution.content] == [
        "It is typical of the council. It never listens to the ferry crews"
    ]


def test_a_quoted_paragraph_after_the_colon_keeps_its_quotation_marks(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The mayor spoke at the pier.\n\nShe said:\n\n“We will rebuild the pier by June.”\n"
    analysis = analysed(pipeline, text)
    [claim] = [c for c in analysis.claims if c.source.kind != "author"]
    assert claim.text == "We will rebuild the pier by June" and claim.source.text == "She"
    assert [text[s.start : s.end] for s in claim.content] == ["“We will rebuild the pier by June.”"]


def test_a_line_that_is_no_claim_ends_what_the_colon_announced(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The mayor spoke at the pier.\n\nShe said:\n\nWhat comes next?\n\nThe pier will close in June.\n"
    assert all(kind == "author" for _, kind, _ in holders(analysed(pipeline, text)))


def test_a_colon_after_a_cue_with_its_content_announces_nothing(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The ferry operator said the fares will rise: the fuel costs more.\n\nThe harbour stays open.\n"
    analysis = analysed(pipeline, text)
    assert ("The harbour stays open", "author", None) in holders(analysis)
