"""check_analysis / check_article name every broken invariant and pass a sound analysis."""

from __future__ import annotations

import copy
from dataclasses import replace

from claimgraph.eval.invariants import check_analysis, check_article
from claimgraph.model import (
    Analysis,
    Article,
    Attribution,
    Claim,
    Cue,
    Document,
    Entity,
    Quantity,
    Source,
    Span,
    TextSpan,
    TimeExpr,
)

TEXT = "Mayor Ines Ortmann said on Friday that 40 buses would run."


def _sound() -> Analysis:
    def span(part: str) -> Span:
        start = TEXT.index(part)
        return Span(start, start + len(part))

    content = "40 buses would run"
    return Analysis(
        document=Document.from_article(Article(text=TEXT)),
        entities=(Entity("e1", "Ines Ortmann", "PERSON", mentions=(span("Ines Ortmann"),)),),
        quantities=(Quantity("q1", span("40 buses"), "40 buses", 40.0, None, None, "bus", None),),
        times=(TimeExpr("t1", span("Friday"), "Friday", "DATE", "2024-03-08"),),
        claims=(
            Claim(
                id="c1",
                span=span(content),
                text=content,
                source=Source("named", "Mayor Ines Ortmann", span("Mayor Ines Ortmann"), entity="e1"),
                cue=Cue("said", span("said")),
                modality="asserted",
                certainty=1.0,
                entities=("e1",),
                quantities=("q1",),
                times=("t1",),
                markers=(TextSpan("would", span("would")),),
                sentence=Span(0, len(TEXT)),
            ),
        ),
    )


def test_invariants_sound_analysis_has_no_problem() -> None:
    assert check_analysis(_sound()) == []
    assert check_analysis(_sound().to_dict()) == []


def test_invariants_each_broken_invariant_is_named() -> None:
    data = copy.deepcopy(_sound().to_dict())
    data["claims"][0]["cue"]["text"] = "says"
    data["claims"][0]["markers"][0]["span"] = [0, 999]
    data["times"][0]["id"] = "q1"
    data["claims"][0]["entities"] = ["e9"]
    data["claims"][0]["source"]["entity"] = "e7"
    data["quantities"][0]["value"] = float("inf")
    data["claims"][0]["modality"] = "certain"
    problems = check_analysis(data)
    expected = [
        "claim c1 cue: text 'says' differs",
        "claim c1 marker 0: span [0, 999) is outside the text",
        "id 'q1' is used twice",
        "claim c1: times reference 't1' does not resolve",
        "claim c1: entities reference 'e9' does not resolve",
        "claim c1: source entity 'e7' does not resolve",
        "not valid JSON: /quantities/0/value is inf",
        "contract: claims/0/modality",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in problems), (start, problems)
    assert len(problems) == len(expected), problems


def test_invariants_article_subheading_must_match_its_slice() -> None:
    good = Article(text="Budget\nThe council met.", subheadings=(TextSpan("Budget", Span(0, 6)),))
    bad = Article(text="Budget\nThe council met.", subheadings=(TextSpan("Budgets", Span(0, 6)),))
    assert check_article(good) == []
    assert check_article(bad) == ["subheading 0: text 'Budgets' differs from the slice 'Budget' at [0, 6)"]


def test_invariants_attributions_are_checked_too() -> None:
    sound = _sound()
    claim = sound.claims[0]
    assert claim.cue is not None
    attribution = Attribution("a1", claim.cue, claim.source, (claim.span,), (claim.id,))
    data = copy.deepcopy(replace(sound, attributions=(attribution,)).to_dict())
    assert check_analysis(data) == []
    data["attributions"][0]["claims"] = ["c9"]
    data["attributions"][0]["content"] = [[5, 2]]
    data["attributions"][0]["source"]["text"] = "Mayor Ortmann"
    problems = check_analysis(data)
    expected = [
        "attribution a1 source: text 'Mayor Ortmann' differs",
        "attribution a1 content 0:",
        "attribution a1: claim 'c9' does not resolve",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in problems), (start, problems)
    assert len(problems) == len(expected), problems
