"""An analysis' attributions: who is reported to have said, thought or done what, beside its claims."""

from __future__ import annotations

from claimgraph.eval.invariants import check_analysis
from claimgraph.model import Analysis, Article


def analysed(pipeline, text: str) -> Analysis:  # type: ignore[no-untyped-def]
    return pipeline.analyze(Article(text=text))


def fragments(text: str, spans) -> list[str]:  # type: ignore[no-untyped-def]
    return [text[s.start : s.end] for s in spans]


def test_every_held_claim_has_its_attribution(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Mayor Ilse Varga said on Tuesday that the ferry to Brisca will resume in May and fares will fall."
    analysis = analysed(pipeline, text)
    (attribution,) = analysis.attributions
    assert attribution.id == "a1" and attribution.cue.text == "said"
    assert attribution.source.text == "Mayor Ilse Varga" and attribution.source.kind == "named"
    assert fragments(text, attribution.content) == ["that the ferry to Brisca will resume in May and fares will fall"]
    assert attribution.claims == tuple(c.id for c in analysis.claims) and len(attribution.claims) == 2


def test_a_question_put_to_someone_is_an_attribution_without_claims(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "“Will the pier at Kessel reopen before the winter storms?” the reporter asked the harbour master."
    analysis = analysed(pipeline, text)
    assert all(c.source.kind == "author" for c in analysis.claims)  # a question holds no proposition
    asked = [a for a in analysis.attributions if a.cue.text == "asked"]
    assert len(asked) == 1 and asked[0].source.text == "the reporter" and asked[0].claims == ()
    assert "“Will the pier at Kessel reopen before the winter storms?”" in fragments(text, asked[0].content)


def test_a_noun_phrase_content_leaves_the_event_to_the_outlet(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The dockers' union in Velden has questioned the safety of the new cranes."
    analysis = analysed(pipeline, text)
    (claim,) = analysis.claims
    assert claim.source.kind == "author" and claim.text == text[:-1]
    (attribution,) = analysis.attributions
    assert attribution.cue.text == "has questioned" and attribution.claims == ()
    assert attribution.source.text == "The dockers' union in Velden"
    assert fragments(text, attribution.content) == ["the safety of the new cranes"]


def test_attributions_survive_json_and_keep_the_invariants(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "“The old bridge at Kessel is not safe for lorries,” the county engineer told reporters. "
        "The harbour union has questioned the cost of the repairs."
    )
    analysis = analysed(pipeline, text)
    assert len(analysis.attributions) == 2
    data = analysis.to_dict()
    assert [a["id"] for a in data["attributions"]] == ["a1", "a2"]
    assert Analysis.from_dict(data) == analysis
    assert check_analysis(analysis) == []


def test_a_cue_with_neither_claim_nor_source_is_no_attribution(pipeline) -> None:  # type: ignore[no-untyped-def]
    # the span model finds a content for these infinitives, but nobody who holds it
    for text in (
        "The port authority gives the mayor the power to call a special meeting on the fees.",
        "The union is encouraging its members at the rally on Friday to ask why the fees rose.",
    ):
        analysis = analysed(pipeline, text)
        assert [a.cue.text for a in analysis.attributions if not a.claims and a.source.span is None] == []
        check_analysis(analysis)


def test_according_to_over_a_clause_with_its_own_cue_nests(pipeline) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "According to the harbour report, the inspectors said the cranes were unsafe.",
        "The inspectors said the cranes were unsafe, according to the harbour report.",
    ):
        analysis = analysed(pipeline, text)
        held = {(c.text.lower(), (c.source.text or "").lower(), c.cue.text.lower() if c.cue else None)
                for c in analysis.claims}  # fmt: skip
        # the report holds "the inspectors said C"; the inspectors hold C, as "X said Y thinks C" nests
        assert held == {
            ("the inspectors said the cranes were unsafe", "the harbour report", "according to"),
            ("the cranes were unsafe", "the inspectors", "said"),
        }
        assert sorted(a.cue.text.lower() for a in analysis.attributions) == ["according to", "said"]
        check_analysis(analysis)
