"""Entities: countries, their short forms, and capitals standing for their state."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc, Span

from claimgraph.extract.entity_lexicon import load_lexicon
from claimgraph.extract.pipeline import Pipeline
from claimgraph.model import Entity

Run = Callable[[str], list[Entity]]
LEXICON = load_lexicon()
COUNTRIES = sorted({country for country, _ in LEXICON.places.values()})
CAPITALS = sorted(
    (surface, country)
    for surface, (country, is_capital) in LEXICON.places.items()
    if is_capital and surface not in LEXICON.ambiguous_places
)
SHORT_FORMS = sorted(
    (surface, country)
    for surface, (country, is_capital) in LEXICON.places.items()
    if not is_capital and surface != country and surface not in LEXICON.ambiguous_places
)


def _by_name(entities: list[Entity]) -> dict[str, Entity]:
    return {e.name: e for e in entities}


def test_entities_capital_as_subject_of_state_verb_is_the_country(run: Run) -> None:
    found = _by_name(run("Tirana sent Rome 300 rifles, while Ankara denied any role."))
    assert found["Albania"].aliases == ("Tirana",)
    assert found["Italy"].aliases == ("Rome",)  # object of "sent": a recipient state
    assert found["Turkey"].aliases == ("Ankara",)
    assert all(e.type == "GPE" for e in found.values())


def test_entities_capital_merges_into_mentioned_country(run: Run) -> None:
    text = "Ecuador is a small country. Quito has promised support to the farmers, and Ecuador kept its word."
    found = _by_name(run(text))
    assert "Quito" not in found
    assert found["Ecuador"].aliases == ("Quito",)
    assert [text[m.start : m.end] for m in found["Ecuador"].mentions] == ["Ecuador", "Quito", "Ecuador"]


def test_entities_capital_as_place_stays_a_separate_gpe(run: Run) -> None:
    found = _by_name(run("A rally in Warsaw drew 5,000 people. Warsaw's streets were quiet on Sunday."))
    assert "Poland" not in found
    assert found["Warsaw"].type == "GPE"
    assert len(found["Warsaw"].mentions) == 2


def test_entities_capital_in_a_supply_context(run: Run) -> None:
    found = _by_name(run("The drones supplied to Hanoi by Seoul were old."))
    assert found["Vietnam"].aliases == ("Hanoi",)
    assert found["South Korea"].aliases == ("Seoul",)


def test_entities_capital_as_possessor_is_the_state(run: Run) -> None:
    assert "Canada" in _by_name(run("Ottawa's decision angered the unions."))


def test_entities_country_short_forms_merge(run: Run) -> None:
    text = "The United States and the U.K. signed a pact; the US envoy said America would pay and Britain agreed."
    found = _by_name(run(text))
    assert set(found["United States"].aliases) == {"US", "America"}
    assert set(found["United Kingdom"].aliases) == {"U.K.", "Britain"}
    assert len(found["United States"].mentions) == 3


def test_entities_capital_inside_a_longer_name_is_not_the_country(run: Run) -> None:
    found = _by_name(run("She read the Moscow Times every day before work."))
    assert "Russia" not in found


@pytest.mark.parametrize(("capital", "country"), CAPITALS)
def test_entities_capital_table(run: Run, capital: str, country: str) -> None:
    found = _by_name(run(f"{capital} said on Tuesday that it would send more aid to the farmers."))
    assert country in found, [e.name for e in found.values()]
    assert capital in found[country].aliases


@pytest.mark.parametrize("country", COUNTRIES)
def test_entities_country_table(run: Run, country: str) -> None:
    assert country in _by_name(run(f"On Tuesday, {country} promised more aid to the farmers."))


@pytest.mark.parametrize(("surface", "country"), SHORT_FORMS)
def test_entities_country_alias_table(run: Run, surface: str, country: str) -> None:
    found = _by_name(run(f"On Tuesday, {surface} promised more aid to the farmers."))
    assert country in found
    assert surface in found[country].aliases


@pytest.mark.parametrize("name", sorted(LEXICON.ambiguous_places))
def test_entities_ambiguous_place_follows_ner(pipeline: Pipeline, parse: Callable[[str], Doc], name: str) -> None:
    """A name that is also a first name or a US state is a country only when NER calls it a place."""
    component = pipeline.nlp.get_pipe("claimgraph_entities_v1")
    text = f"{name} said on Tuesday that help would come."
    doc = parse(text)
    width = len(pipeline.nlp.make_doc(name))
    country, _ = LEXICON.places[name]
    for label, expected in (("PERSON", "PERSON"), ("GPE", "GPE")):
        doc.ents = [Span(doc, 0, width, label=label)]
        entities = component(doc)._.cg_entities
        assert [e.type for e in entities] == [expected]
        if label == "GPE":
            assert entities[0].name == country
        else:
            assert entities[0].name == name
