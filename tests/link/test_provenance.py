"""Who a cluster's claims ultimately come from: sources that name nobody, people under a title,
republished stories."""

from __future__ import annotations

from dataclasses import replace

import pytest

from claimgraph.link import link
from claimgraph.link.embed import MiniLMEmbedder
from claimgraph.link.provenance import MemberInfo, affiliated_entity, chains, independence, names_nobody, source_text
from claimgraph.link.records import ClaimRef
from claimgraph.link.republication import RepublicationIndex, RepublicationOptions
from claimgraph.model import Analysis, Claim, Source, Span

from .helpers import make_analysis


@pytest.mark.parametrize(
    "text",
    [
        "Three delegates",
        "two sources familiar with the talks",
        "Analysts",
        "the report",
        "its oil ministry",
        "Some senior officials",
        "he",
        "Industry surveys",
    ],
)
def test_a_source_phrase_without_a_name_names_nobody(text: str) -> None:
    assert names_nobody(text)


@pytest.mark.parametrize(
    "text",
    [
        "Reuters",
        "the Ostland customs office",
        "Tomas Ilvane",
        "analysts at Halvern Bank",
        "The Harbour Authority",
        "Larkspur",
        "",
    ],
)
def test_a_source_phrase_with_a_name_names_someone(text: str) -> None:
    assert not names_nobody(text)


def _member(n: int, outlet: str, kind: str, name: str | None, **kw: object) -> MemberInfo:
    return MemberInfo(
        ref=ClaimRef(f"d{n}", "c1"),
        outlet=outlet,
        published=f"2025-06-0{n}",
        source_kind=kind,
        source_name=name,
        **kw,  # type: ignore[arg-type]
    )


def test_anonymous_groups_count_once_per_outlet_that_quotes_them() -> None:
    members = [
        _member(1, "Harbour Ledger", "named", "Three delegates", identified=False),
        _member(2, "Harbour Ledger", "named", "two sources familiar with the talks", identified=False),
        _member(3, "Petro Monitor", "named", "Three delegates", identified=False),
        _member(4, "Petro Monitor", "unnamed", None),
    ]
    provenance = chains(members)
    assert provenance[0].chain == ("Harbour Ledger", "Three delegates", "unnamed source (Harbour Ledger)")
    independent, repetitions, _ = independence(provenance)
    # the same words from two outlets are two sources; two groups of one outlet are one
    assert independent == ("unnamed source (Harbour Ledger)", "unnamed source (Petro Monitor)")
    assert repetitions == 2


def test_a_named_source_is_one_source_whoever_quotes_it() -> None:
    members = [
        _member(1, "Harbour Ledger", "named", "Tomas Ilvane"),
        _member(2, "Petro Monitor", "named", "Tomas Ilvane"),
    ]
    independent, repetitions, _ = independence(chains(members))
    assert independent == ("Tomas Ilvane",)
    assert repetitions == 1


def test_a_republished_story_runs_through_the_outlet_that_published_it_first() -> None:
    members = [
        _member(1, "Harbour Ledger", "named", "Three delegates", identified=False),
        _member(
            2, "Islands Broadcast", "named", "Three delegates", identified=False, republished_from="Harbour Ledger"
        ),
        _member(3, "Islands Broadcast", "author", None, republished_from="Harbour Ledger"),
    ]
    provenance = chains(members)
    assert provenance[1].chain == (
        "Islands Broadcast",
        "Harbour Ledger",
        "Three delegates",
        "unnamed source (Harbour Ledger)",
    )
    assert provenance[2].chain == ("Islands Broadcast", "Harbour Ledger")
    independent, repetitions, amplifiers = independence(provenance[:2])
    assert independent == ("unnamed source (Harbour Ledger)",)
    assert repetitions == 1
    assert "Islands Broadcast" in amplifiers


def _with_source(analysis: Analysis, source_text: str) -> Analysis:
    text = analysis.document.text
    start = text.index(source_text)
    claim = analysis.claims[0]
    source = Source(kind="named", text=source_text, span=Span(start, start + len(source_text)))
    return replace(analysis, claims=(replace(claim, source=source),))


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Marovian Energy Minister Ana Ruiz said the ferries would run.", "Marovian Energy Minister Ana Ruiz"),
        ("Ana Ruiz, Marovia's energy minister, said the ferries would run.", "Ana Ruiz, Marovia's energy minister"),
        (
            "Marovian Energy Minister Ana Ruiz, who met the unions on Monday, said the ferries would run.",
            "Marovian Energy Minister Ana Ruiz, who met the unions on Monday",
        ),
    ],
)
def test_a_person_under_a_title_or_with_an_appositive_is_that_person(text: str, source: str) -> None:
    analysis = make_analysis(
        text,
        outlet="A",
        published="2025-06-01",
        entities=[("Ana Ruiz", "PERSON", []), ("Marovia", "GPE", [])],
        claims=[{"content": "the ferries would run"}],
    )
    analysis = _with_source(analysis, source)
    assert affiliated_entity(analysis.claims[0], analysis) == "e1"


def test_a_ministry_of_a_country_is_not_the_country() -> None:
    analysis = make_analysis(
        "Marovia's energy ministry said the ferries would run.",
        outlet="A",
        published="2025-06-01",
        entities=[("Marovia", "GPE", [])],
        claims=[{"content": "the ferries would run"}],
    )
    analysis = _with_source(analysis, "Marovia's energy ministry")
    assert affiliated_entity(analysis.claims[0], analysis) is None


def test_copies_of_one_story_are_grouped_under_the_first_published() -> None:
    index = RepublicationIndex()
    story = ["The ferries will run in May", "Fares will rise by 5 percent", "The harbour reopens on Monday."]
    index.add_document("2025-06-02", [*story[:2], "The harbour reopens on Monday"])  # trimmed, re-punctuated
    index.add_document("2025-06-01", story)
    index.add_document("2025-06-01", ["The ferries will run in May", "Storms closed the pier"])
    index.add_document(None, [])
    originals = index.originals()
    assert originals == [1, 1, 2, 3]


def test_one_shared_sentence_or_a_stock_phrase_is_no_republication() -> None:
    index = RepublicationIndex(RepublicationOptions(max_holders=3))
    index.add_document("2025-06-01", ["The ferries will run in May", "Fares will rise"])
    index.add_document("2025-06-02", ["The ferries will run in May", "Fares will fall"])
    # "Terms were not disclosed" and "No details were given" in five unrelated stories
    for n in range(5):
        index.add_document("2025-06-03", [f"Company {n} bought a shipyard", "Terms were not disclosed",
                                          "No details were given"])  # fmt: skip
    assert index.originals() == list(range(7))


@pytest.fixture(scope="module")
def embedder() -> MiniLMEmbedder:
    return MiniLMEmbedder()


def test_a_wire_story_run_by_two_outlets_is_one_source(embedder: MiniLMEmbedder) -> None:
    wire = (
        "Three delegates said the ministers would keep the ferry subsidy until September. "
        "The harbour board will meet in Port Asgard on Friday, its secretary said. "
        "Storms closed the northern pier for two days."
    )

    def copy(text: str, outlet: str, published: str) -> Analysis:
        return make_analysis(
            text,
            outlet=outlet,
            published=published,
            claims=[
                {
                    "content": "the ministers would keep the ferry subsidy until September",
                    "source": "Three delegates",
                    "cue": "said",
                },
                {"content": "The harbour board will meet in Port Asgard on Friday", "source": "its secretary"},
                {"content": "Storms closed the northern pier for two days"},
            ],
        )

    first = copy(wire, "Harbour Ledger", "2025-06-09")
    second = copy(wire + " Edited by the island desk.", "Islands Broadcast", "2025-06-10")
    other = make_analysis(
        "Delegates told the Coast Post that the ministers would keep the ferry subsidy until September.",
        outlet="Coast Post",
        published="2025-06-10",
        claims=[
            {
                "content": "the ministers would keep the ferry subsidy until September",
                "source": "Delegates",
                "cue": "told",
            }
        ],
    )
    result = link([first, second, other], embedder=embedder)
    subsidy = next(c for c in result.clusters if "subsidy" in c.label)
    assert len(subsidy.members) == 3
    assert subsidy.independent_sources == ("unnamed source (Harbour Ledger)", "unnamed source (Coast Post)")
    relayed = next(p for p in subsidy.provenance if p.claim.doc_id == second.document.id)
    assert relayed.chain[:2] == ("Islands Broadcast", "Harbour Ledger")
    pier = next(c for c in result.clusters if "pier" in c.label)
    assert pier.independent_sources == ("Harbour Ledger",)


def test_a_corrected_resend_of_one_story_does_not_dispute_its_first_version(embedder: MiniLMEmbedder) -> None:
    # a wire re-sends its story with a corrected figure under another source's name: the two versions are
    # one story (three claims word for word the same), so their figures are a revision, not a conflict
    shared = (
        "Storms closed the northern pier for two days. "
        "The harbour board will meet in Port Asgard on Friday. "
        "Ferries to the outer islands were cancelled on Monday. "
    )

    def version(figure: str, source: str, published: str) -> Analysis:
        text = shared + f"Freight through Port Asgard fell {figure} in May, {source} said."
        content = f"Freight through Port Asgard fell {figure} in May"
        return make_analysis(
            text,
            outlet="Northgate Wire",
            published=published,
            claims=[
                {"content": "Storms closed the northern pier for two days"},
                {"content": "The harbour board will meet in Port Asgard on Friday"},
                {"content": "Ferries to the outer islands were cancelled on Monday"},
                {"content": content, "source": source, "cue": "said"},
            ],
            quantities=[{"text": figure, "value": float(figure.split()[0]), "unit": "percent", "kind": "percent"}],
        )

    first = version("12 percent", "the port authority", "2025-06-09")
    corrected = version("21 percent", "the harbour master", "2025-06-09")
    result = link([first, corrected], embedder=embedder)
    freight = next(c for c in result.clusters if "Freight" in c.label)
    assert len(freight.members) == 2
    [pair] = freight.figures
    assert pair.label == "revised"
    assert "copies of one story" in pair.reason


@pytest.mark.parametrize(
    ("words", "name"),
    [
        ("Velora, which pumped about 1.9 million barrels per day in May", "Velora"),
        ("Harbor Trust, which recently went public", "Harbor Trust"),
        ("Ana Ruiz, who leads the ferry union", "Ana Ruiz"),
        ("the man who ran the harbour", "the man who ran the harbour"),
    ],
)
def test_a_relative_clause_describes_a_source_and_is_not_its_name(words: str, name: str) -> None:
    claim = Claim(
        id="c1", span=Span(0, 1), text="x", source=Source(kind="named", text=words), cue=None, modality="asserted",
        certainty=None,
    )  # fmt: skip
    assert source_text(claim) == name


def test_a_survey_under_the_outlet_s_own_name_is_the_outlet_s_voice() -> None:
    members = [
        _member(1, "Petro Monitor", "named", "a Petro Monitor survey"),
        _member(2, "Reuters", "named", "A Reuter survey"),
        _member(3, "Harbour Ledger", "named", "a Petro Monitor survey"),
    ]
    provenance = chains(members)
    assert [p.chain for p in provenance] == [
        ("Petro Monitor",),
        ("Reuters",),
        ("Harbour Ledger", "Petro Monitor"),
    ]


def test_a_role_the_article_gives_one_person_is_that_person() -> None:
    text = "Ana Ruiz, the energy minister, met the unions. The energy minister said the ferries would run."
    analysis = make_analysis(
        text, outlet="A", published="2025-06-01", entities=[("Ana Ruiz", "PERSON", [])],
        claims=[{"content": "the ferries would run"}],
    )  # fmt: skip
    person = replace(analysis.entities[0], roles=("the energy minister",))
    analysis = replace(analysis, entities=(person,))
    assert affiliated_entity(_with_source(analysis, "The energy minister").claims[0], analysis) == "e1"
    # a role two people hold, or none, names nobody in particular
    other = replace(person, id="e2", name="Tomas Holm", mentions=())
    assert (
        affiliated_entity(
            _with_source(analysis, "The energy minister").claims[0], replace(analysis, entities=(person, other))
        )
        is None
    )
    assert affiliated_entity(_with_source(analysis, "the unions").claims[0], analysis) is None


def test_a_person_named_inside_another_s_description_is_not_the_source() -> None:
    analysis = make_analysis(
        "A spokesman, who works for Ana Ruiz, said the ferries would run.",
        outlet="A", published="2025-06-01", entities=[("Ana Ruiz", "PERSON", [])],
        claims=[{"content": "the ferries would run"}],
    )  # fmt: skip
    analysis = _with_source(analysis, "A spokesman, who works for Ana Ruiz")
    assert affiliated_entity(analysis.claims[0], analysis) is None
