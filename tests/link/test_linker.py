"""Linking hand-built analyses: entity resolution, clustering, provenance and independence."""

from __future__ import annotations

import numpy as np
import pytest

from claimgraph.link import link, timeline
from claimgraph.link.clusters import ClaimFeatures, ClusterOptions, cluster, connected_components
from claimgraph.link.embed import MiniLMEmbedder
from claimgraph.link.entities import resolve_entities

from .helpers import make_analysis


@pytest.fixture(scope="module")
def embedder() -> MiniLMEmbedder:
    return MiniLMEmbedder()


def briefing_articles() -> list:  # type: ignore[type-arg]
    a = make_analysis(
        "According to the Corvid Agency, Varnia sent about 900 trucks to Ostland.",
        outlet="Morning Wire",
        published="2025-02-01",
        entities=[("Corvid Agency", "ORG", []), ("Varnia", "GPE", []), ("Ostland", "GPE", [])],
        quantities=[{"text": "about 900 trucks", "value": 900, "unit": "truck", "approx": "about", "cls": "~"}],
        claims=[
            {"content": "Varnia sent about 900 trucks to Ostland", "source": "Corvid Agency", "cue": "According to"}
        ],
    )
    b = make_analysis(
        "The Morning Wire reported that Varnia had sent roughly 900 trucks to Ostland.",
        outlet="Evening Star",
        published="2025-02-02",
        entities=[("Morning Wire", "ORG", []), ("Varnia", "GPE", []), ("Ostland", "GPE", [])],
        quantities=[{"text": "roughly 900 trucks", "value": 900, "unit": "truck", "approx": "roughly", "cls": "~"}],
        claims=[
            {
                "content": "Varnia had sent roughly 900 trucks to Ostland",
                "source": "The Morning Wire",
                "cue": "reported",
            }
        ],
    )
    c = make_analysis(
        "Varnia delivered 950 trucks to Ostland, the Ostland customs office said. The weather was cold.",
        outlet="Coast FM",
        published="2025-02-03",
        entities=[("Varnia", "GPE", []), ("Ostland", "GPE", [])],
        quantities=[{"text": "950 trucks", "value": 950, "unit": "truck"}],
        claims=[
            {
                "content": "Varnia delivered 950 trucks to Ostland",
                "source": "the Ostland customs office",
                "cue": "said",
            },
            {"content": "The weather was cold"},
        ],
    )
    return [a, b, c]


def test_linker_repetition_of_one_briefing_counts_one_independent_source(embedder: MiniLMEmbedder) -> None:
    analyses = briefing_articles()
    result = link(analyses, embedder=embedder)
    trucks = [c for c in result.clusters if len(c.members) == 3]
    assert len(trucks) == 1, [c.label for c in result.clusters]
    cluster_ = trucks[0]
    # Morning Wire cites Corvid; Evening Star cites Morning Wire -> same origin. Customs is independent.
    assert sorted(cluster_.independent_sources) == ["Corvid Agency", "the Ostland customs office"]
    assert cluster_.repetitions == 1
    assert cluster_.earliest is not None and cluster_.earliest.doc_id == analyses[0].document.id
    chain = next(p for p in cluster_.provenance if p.claim.doc_id == analyses[1].document.id)
    assert chain.chain == ("Evening Star", "Morning Wire", "Corvid Agency")
    assert "Evening Star" in cluster_.amplifiers
    # a claim stated once is in no cluster
    assert not [c for c in result.clusters if c.label == "The weather was cold"]
    assert all(len(c.members) >= 2 for c in result.clusters)
    assert {p.label for p in cluster_.figures} == {"consistent"}


def test_linker_entities_resolve_across_articles() -> None:
    a = make_analysis(
        "Andrey Belov, the transport minister, spoke.",
        outlet="A",
        published="2025-01-01",
        entities=[("Andrey Belov", "PERSON", [])],
        claims=[{"content": "Andrey Belov, the transport minister, spoke"}],
    )
    b = make_analysis(
        "Belov spoke again and Andrei Belov left.",
        outlet="B",
        published="2025-03-01",
        entities=[("Andrei Belov", "PERSON", []), ("Belov", "PERSON", [])],
        claims=[{"content": "Belov spoke again"}],
    )
    entities, _mapping = resolve_entities([a, b])
    people = [e for e in entities if e.type == "PERSON"]
    assert len(people) == 1
    assert {"Andrey Belov", "Andrei Belov", "Belov"} == {people[0].name, *people[0].aliases}


def test_linker_aliases_that_differ_only_in_case_come_in_one_order() -> None:
    # read off a set, their order once followed the hash seed, so two runs exported different files
    spellings = ["Harbour Board", "HARBOUR BOARD", "harbour board", "Harbour board"]
    analyses = [
        make_analysis(
            f"The {name} met on day {n}.",
            outlet=f"O{n}",
            published="2025-01-01",
            entities=[(name, "ORG", [])],
            claims=[{"content": f"The {name} met on day {n}"}],
        )
        for n, name in enumerate(spellings)
    ]
    entities, _ = resolve_entities(analyses)
    (board,) = [e for e in entities if e.type == "ORG"]
    assert (board.name, *board.aliases) == (board.name, *sorted(set(spellings) - {board.name}))


def test_linker_timeline_orders_by_normalised_time_not_publication() -> None:
    early = make_analysis(
        "Varnia closed the port in March 2024.",
        outlet="A",
        published="2025-06-01",
        entities=[("Varnia", "GPE", [])],
        times=[("March 2024", "2024-03")],
        claims=[{"content": "Varnia closed the port in March 2024"}],
    )
    late = make_analysis(
        "Varnia reopened the port in May 2025.",
        outlet="B",
        published="2025-05-20",
        entities=[("Varnia", "GPE", [])],
        times=[("May 2025", "2025-05")],
        claims=[{"content": "Varnia reopened the port in May 2025"}],
    )

    class Flat:
        dim = 4

        def embed(self, texts):  # type: ignore[no-untyped-def]
            return np.eye(len(texts), 4, dtype=np.float32)

    result = link([late, early], embedder=Flat())
    entries = timeline(result, [late, early], "Varnia")
    assert [e.when for e in entries] == ["2024-03", "2025-05"]
    assert entries[0].published == "2025-06-01"


def test_linker_clusters_grow_near_linearly_with_blocking() -> None:
    rng = np.random.default_rng(0)
    n = 5000
    vectors = rng.standard_normal((n, 128)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors[50] = vectors[0]  # one exact duplicate pair, about the same actor
    features = [ClaimFeatures(frozenset({f"a{i % 50}"}), frozenset()) for i in range(n)]
    labels = cluster(features, vectors, ClusterOptions(window=8))
    assert labels[0] == labels[50]
    assert len(set(labels.tolist())) >= n - 5


def test_linker_an_exact_duplicate_about_another_actor_stays_apart() -> None:
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((3, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors[1] = vectors[2] = vectors[0]
    features = [ClaimFeatures(frozenset({actor}), frozenset()) for actor in ("velora", "marovia", "velora")]
    labels = cluster(features, vectors, ClusterOptions())
    assert labels.tolist() == [0, 1, 0]


def test_linker_connected_components_merges_chains() -> None:
    labels = connected_components(6, np.array([0, 1, 4]), np.array([1, 2, 5]))
    assert labels.tolist() == [0, 0, 0, 3, 4, 4]


def test_linker_result_round_trips_through_dict(embedder: MiniLMEmbedder) -> None:
    from claimgraph.link.records import LinkResult

    result = link(briefing_articles(), embedder=embedder)
    again = LinkResult.from_dict(result.to_dict())
    assert again.to_dict() == result.to_dict()
    assert again.clusters == result.clusters


def test_linker_a_single_name_of_the_wrong_type_joins_the_one_entity_it_names() -> None:
    # NER reads a lone "Larkspur" as a person and a lone "Dravik" as an organisation
    a = make_analysis(
        "Larkspur Analytics tracked the tankers, and Anselm Dravik, the minister, spoke.",
        outlet="A",
        published="2025-06-01",
        entities=[("Larkspur Analytics", "ORG", ["Larkspur"]), ("Anselm Dravik", "PERSON", [])],
        claims=[{"content": "Larkspur Analytics tracked the tankers"}],
    )
    b = make_analysis(
        "Larkspur said exports fell, and Dravik denied it.",
        outlet="B",
        published="2025-06-03",
        entities=[("Larkspur", "PERSON", []), ("Dravik", "ORG", [])],
        claims=[{"content": "Larkspur said exports fell"}],
    )
    entities, _mapping = resolve_entities([a, b])
    assert sorted((e.name, *sorted(e.aliases)) for e in entities) == [
        ("Anselm Dravik", "Dravik"),
        ("Larkspur Analytics", "Larkspur"),
    ]


def test_linker_a_lone_name_stays_apart_when_a_person_or_an_organisation_could_be_meant() -> None:
    # "Ford" the company is known, so a lone "Ford" read as an organisation never joins Gerald Ford
    a = make_analysis(
        "Ford Motor Co cut prices, and Gerald Ford spoke.",
        outlet="A",
        published="2025-06-01",
        entities=[("Ford Motor Co", "ORG", ["Ford"]), ("Gerald Ford", "PERSON", [])],
        claims=[{"content": "Ford Motor Co cut prices"}],
    )
    b = make_analysis(
        "Ford raised output.",
        outlet="B",
        published="2025-06-03",
        entities=[("Ford", "ORG", [])],
        claims=[{"content": "Ford raised output"}],
    )
    entities, _mapping = resolve_entities([a, b])
    person = next(e for e in entities if e.name == "Gerald Ford")
    assert person.aliases == ()
