"""Entities: parenthetical aliases and acronyms ("X (Y)"), with a leading "the" stripped."""

from __future__ import annotations

from collections.abc import Callable

from claimgraph.model import Entity

Run = Callable[[str], list[Entity]]


def test_entities_acronym_with_matching_initials(run: Run) -> None:
    (council,) = run("The Nordic Salmon Council (NSC) met on Monday.")
    assert (council.name, council.type, council.aliases) == ("Nordic Salmon Council", "ORG", ("NSC",))


def test_entities_transliterated_acronym_is_an_alias(run: Run) -> None:
    text = "The Central Grain Procurement Office (TsZPO) bought wheat. Later the TsZPO said prices rose."
    (office,) = run(text)
    assert office.name == "Central Grain Procurement Office"
    assert office.aliases == ("TsZPO",)
    assert [text[m.start : m.end] for m in office.mentions] == [
        "Central Grain Procurement Office",
        "TsZPO",
        "TsZPO",
    ]


def test_entities_place_in_parentheses_is_not_an_alias(run: Run) -> None:
    entities = run("The Varnian Fisheries Board (VFB) met the Harbour Authority of Dorvik (Ankara).")
    names = {e.name: e for e in entities}
    assert names["Varnian Fisheries Board"].aliases == ("VFB",)
    assert names["Harbour Authority of Dorvik"].aliases == ()
    assert "Ankara" in names


def test_entities_person_in_parentheses_takes_no_alias(run: Run) -> None:
    entities = run("Officers of the State Border Agency (SBA) met Lena Varga (54) in Dorvik.")
    names = {e.name: e for e in entities}
    assert names["State Border Agency"].aliases == ("SBA",)
    assert names["Lena Varga"].aliases == ("Varga",)


def test_entities_capitalised_word_in_parentheses_needs_matching_initials(run: Run) -> None:
    entities = run("The Nordic Salmon Council (Salmon) met on Monday.")
    council = next(e for e in entities if e.name == "Nordic Salmon Council")
    assert council.aliases == ()


def test_entities_leading_the_is_stripped(run: Run) -> None:
    text = "The Harbour Workers Union called a strike."
    (union,) = run(text)
    assert union.name == "Harbour Workers Union"
    assert text[union.mentions[0].start : union.mentions[0].end] == "Harbour Workers Union"


def test_entities_a_company_s_first_word_is_the_company(run: Run) -> None:
    text = "Larkspur Analytics said Velora pumped more oil in May. Output will fall in June, Larkspur said."
    entities = run(text)
    larkspur = [e for e in entities if "Larkspur" in (e.name, *e.aliases)]
    assert len(larkspur) == 1, [(e.name, e.type, e.aliases) for e in entities]
    assert (larkspur[0].name, larkspur[0].type, larkspur[0].aliases) == ("Larkspur Analytics", "ORG", ("Larkspur",))
    assert len(larkspur[0].mentions) == 2


def test_entities_a_first_word_shared_by_two_companies_stays_apart(run: Run) -> None:
    text = "Larkspur Analytics and Larkspur Shipping met on Monday. Output will fall in June, Larkspur said."
    entities = run(text)
    assert not [e for e in entities if "Larkspur" in e.aliases], [(e.name, e.aliases) for e in entities]


def test_entities_a_person_is_not_read_as_the_company_their_name_opens(run: Run) -> None:
    text = "Ana Holm, the union leader, criticised Holm Shipping Corp on Monday. Holm said wages were too low."
    entities = run(text)
    company = next(e for e in entities if e.name == "Holm Shipping Corp")
    assert company.aliases == ()
    assert len(company.mentions) == 1


def test_entities_the_last_word_of_an_organisation_after_the_is_its_short_form(run: Run) -> None:
    text = "Ministers of the Brenna Grain Council met on Monday. The Council's members agreed to cut exports."
    entities = run(text)
    council = [e for e in entities if "Council" in (e.name, *e.aliases)]
    assert [(e.name, e.type, e.aliases, len(e.mentions)) for e in council] == [
        ("Brenna Grain Council", "ORG", ("Council",), 2)
    ]


def test_entities_a_last_word_shared_by_two_organisations_or_the_house_stays_apart(run: Run) -> None:
    shared = run("The Brenna Grain Council and the Orsk Trade Council met. The Council said exports would fall.")
    assert not [e for e in shared if "Council" in e.aliases], [(e.name, e.aliases) for e in shared]
    house = run("The White House said on Monday that the House would vote on the Keld bill.")
    assert not [e for e in house if "House" in e.aliases], [(e.name, e.aliases) for e in house]
