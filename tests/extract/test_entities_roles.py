"""Entities: roles of people, from titles before the name and appositives after or before it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claimgraph.extract.entity_lexicon import load_lexicon
from claimgraph.model import Entity

Run = Callable[[str], list[Entity]]
LEXICON = load_lexicon()


def _person(entities: list[Entity], name: str) -> Entity:
    matches = [e for e in entities if e.type == "PERSON" and e.name == name]
    assert matches, [(e.name, e.type) for e in entities]
    return matches[0]


def test_entities_title_before_name_is_the_role(run: Run) -> None:
    entities = run("Varnian Interior Minister Lena Varga visited the port on Monday.")
    varga = _person(entities, "Lena Varga")
    assert varga.role == "Varnian Interior Minister"
    assert not any(e.type == "ORG" and e.name == "Interior" for e in entities)


def test_entities_appositive_after_name_is_the_role(run: Run) -> None:
    entities = run("Lena Varga, Varnia's foreign minister, met farmers in the valley.")
    assert _person(entities, "Lena Varga").role == "Varnia's foreign minister"


def test_entities_appositive_phrase_with_starter_is_the_role(run: Run) -> None:
    entities = run("Among the guests was Pavel Dorin, responsible for grain exports in Varnia, and two aides.")
    assert _person(entities, "Pavel Dorin").role == "responsible for grain exports in Varnia"


def test_entities_role_noun_before_comma_and_name(run: Run) -> None:
    entities = run("Reporters met the country's top diplomat, Olek Brand, in the capital.")
    assert _person(entities, "Olek Brand").role == "country's top diplomat"


def test_entities_roles_keeps_every_role_seen(run: Run) -> None:
    entities = run("General Olek Brand inspected the troops. Later Olek Brand, the regional governor, left.")
    brand = _person(entities, "Olek Brand")
    assert brand.roles == ("General", "regional governor")
    assert brand.role == "General"


def test_entities_relative_clause_is_not_a_role(run: Run) -> None:
    entities = run("Olek Brand, who arrived late, spoke to the minister.")
    assert _person(entities, "Olek Brand").roles == ()


@pytest.mark.parametrize("word", sorted(LEXICON.role_words))
def test_entities_role_word_lexicon(run: Run, word: str) -> None:
    entities = run(f"Tomas Ekberg, the {word}, arrived in the valley on Monday.")
    assert _person(entities, "Tomas Ekberg").role == word


@pytest.mark.parametrize("modifier", sorted(LEXICON.role_modifiers))
def test_entities_role_modifier_lexicon(run: Run, modifier: str) -> None:
    entities = run(f"Yesterday the {modifier} minister Tomas Ekberg arrived in the valley.")
    assert _person(entities, "Tomas Ekberg").role == f"{modifier} minister"


@pytest.mark.parametrize("starter", LEXICON.appositive_starters)
def test_entities_appositive_starter_lexicon(run: Run, starter: tuple[str, ...]) -> None:
    phrase = " ".join(starter) + " the harbour authority"
    entities = run(f"Tomas Ekberg, {phrase}, arrived in the valley on Monday.")
    assert _person(entities, "Tomas Ekberg").role == phrase


@pytest.mark.parametrize(
    ("connector", "title"),
    [
        ("of", "Secretary of State"),
        ("for", "Minister for Fisheries"),
        ("and", "Minister of Trade and Industry"),
        ("'s", "Varnia's Defence Minister"),
        ("’s", "Varnia’s Defence Minister"),
        ("-", "Vice-President"),
    ],
)
def test_entities_role_connector_lexicon(run: Run, connector: str, title: str) -> None:
    assert connector in LEXICON.role_connectors
    entities = run(f"Yesterday {title} Tomas Ekberg arrived in the valley.")
    assert _person(entities, "Tomas Ekberg").role == title
