"""What a claim is about decides what its figure is compared with: real text, the full pipeline and MiniLM."""

from __future__ import annotations

import pytest

from claimgraph.link import link
from claimgraph.link.records import LinkResult
from claimgraph.model import Article

# Three invented wire stories: two companies' results written to one template, and a dispute about one
# producer's output between a survey and the producer's own ministry.
STORIES = [
    (
        "Harlow Instruments reports higher sales",
        "Harlow Instruments Corp said on Tuesday that its first-quarter results beat forecasts.\n\n"
        "Revenues rose 12 percent to 40.2 million dollars from 35.9 million dollars a year earlier.\n\n"
        "The company said orders for its sensors stayed strong.",
        "2025-04-08",
        "Northgate Wire",
    ),
    (
        "Pellworth Foods reports higher sales",
        "Pellworth Foods Inc said on Tuesday that its first-quarter results beat forecasts.\n\n"
        "Revenues rose 31 percent to 95.4 million dollars from 72.8 million dollars a year earlier.\n\n"
        "The company said demand for its frozen meals stayed strong.",
        "2025-04-08",
        "Northgate Wire",
    ),
    (
        "Velora pumped more than its quota, survey shows",
        "Velora pumped 1.9 million barrels per day in May, according to a survey by Petro Monitor.\n\n"
        "Marovia produced 4.8 million barrels per day in May, the survey showed.",
        "2025-06-03",
        "Harbour Times",
    ),
    (
        "Velora denies over-production",
        "Velora produced 1.62 million barrels per day in May, its oil ministry said on Wednesday.\n\n"
        "The ministry said the country had respected its quota.",
        "2025-06-04",
        "Southport Courier",
    ),
]


@pytest.fixture(scope="module")
def linked(pipeline) -> tuple[LinkResult, dict[str, str]]:  # type: ignore[no-untyped-def]
    analyses = [
        pipeline.analyze(Article(text=text, title=title, published=published, outlet=outlet))
        for title, text, published, outlet in STORIES
    ]
    texts = {f"{a.document.id}:{c.id}": c.text for a in analyses for c in a.claims}
    return link(analyses), texts


def pairs(result: LinkResult, texts: dict[str, str]) -> list[tuple[str, str, str]]:
    return [(texts[p.a.key()], texts[p.b.key()], p.label) for c in result.clusters for p in c.figures]


def test_linker_template_figures_of_two_companies_are_never_a_conflict(linked) -> None:  # type: ignore[no-untyped-def]
    result, texts = linked
    revenue = [(a, b, label) for a, b, label in pairs(result, texts) if "Revenues" in a and "Revenues" in b]
    assert revenue == []  # Harlow's revenue and Pellworth's revenue are different figures, not a dispute


def test_linker_two_producers_output_is_not_compared(linked) -> None:  # type: ignore[no-untyped-def]
    result, texts = linked
    assert not [p for p in pairs(result, texts) if any("Marovia" in side for side in p[:2])]


def test_linker_survey_and_ministry_disagreeing_on_one_producer_is_a_conflict(linked) -> None:  # type: ignore[no-untyped-def]
    result, texts = linked
    velora = [p for p in pairs(result, texts) if all("Velora" in side for side in p[:2])]
    assert [label for *_, label in velora] == ["conflict"]


FILINGS = [
    (
        "Harlow Instruments files for share offering",
        "Harlow Instruments Corp said it filed a registration statement with the Securities Board "
        "for an offering of two million common shares.",
        "2025-04-09",
        "Northgate Wire",
    ),
    (
        "Pellworth Foods files for share offering",
        "Pellworth Foods Inc said it filed a registration statement with the Securities Board "
        "for an offering of 1.5 million common shares.",
        "2025-04-09",
        "Northgate Wire",
    ),
]


def test_linker_it_is_the_company_not_the_regulator_it_names(pipeline) -> None:  # type: ignore[no-untyped-def]
    analyses = [
        pipeline.analyze(Article(text=text, title=title, published=published, outlet=outlet))
        for title, text, published, outlet in FILINGS
    ]
    filings = [c for a in analyses for c in a.claims if c.text.startswith("it filed")]
    assert len(filings) == 2
    # both name only the Securities Board; "it" is each company, so they are two propositions
    result = link(analyses)
    assert not [c for c in result.clusters if len({m.doc_id for m in c.members}) > 1]
    board = next(e for e in result.entities if e.name.endswith("Securities Board"))
    for analysis, claim in zip(analyses, filings, strict=True):
        assert result.claim_entities[f"{analysis.document.id}:{claim.id}"] == (board.id,)


def test_linker_one_day_s_count_from_two_sources_published_on_different_days_is_a_conflict(pipeline) -> None:  # type: ignore[no-untyped-def]
    stories = [
        ("Border guards said that 4,500 Varnian soldiers crossed the border on 1 April. The guards asked "
         "residents to avoid the forest roads.", "2025-04-02", "Coast FM"),
        ("About 1,200 Varnian soldiers crossed the border on 1 April, according to Ostland's defence ministry.",
         "2025-04-03", "Harbour Times"),
    ]  # fmt: skip
    analyses = [pipeline.analyze(Article(text=t, published=p, outlet=o)) for t, p, o in stories]
    for analysis in analyses:
        (claim,) = [c for c in analysis.claims if "crossed" in c.text]
        assert [t.value for t in analysis.times if t.id in claim.times] == ["2025-04-01"]
    texts = {f"{a.document.id}:{c.id}": c.text for a in analyses for c in a.claims}
    labels = {(texts[p.a.key()][:5], texts[p.b.key()][:5]): p.label for c in link(analyses).clusters for p in c.figures}
    # both are about 1 April: a dispute, although the stories appeared a day apart
    assert "conflict" in {label for pair, label in labels.items() if set(pair) == {"4,500", "About"}}
