"""Entities: weapon designations, nicknames and NER mislabels become WEAPON entities."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claimgraph.extract.entity_lexicon import load_lexicon
from claimgraph.model import Entity

Run = Callable[[str], list[Entity]]


def _weapons(entities: list[Entity]) -> dict[str, Entity]:
    return {e.name: e for e in entities if e.type == "WEAPON"}


def test_entities_designation_before_weapon_noun_is_weapon(run: Run) -> None:
    weapons = _weapons(run("The Veloran army moved T-72B3 tanks, Su-34 jets and S-400 systems towards Dorvik."))
    assert set(weapons) == {"T-72B3", "Su-34", "S-400"}


def test_entities_designation_with_quoted_nickname(run: Run) -> None:
    text = 'Rebels captured a QZ2024 "Thunderbolt" howitzer near the river on Friday.'
    weapons = _weapons(run(text))
    assert list(weapons) == ['QZ2024 "Thunderbolt"']
    weapon = weapons['QZ2024 "Thunderbolt"']
    assert weapon.aliases == ("Thunderbolt",)
    (mention,) = weapon.mentions
    assert text[mention.start : mention.end] == 'QZ2024 "Thunderbolt"'


def test_entities_nickname_is_not_a_person(run: Run) -> None:
    entities = run('Marvia bought the VK-410 "Sokol" artillery systems. The Sokol can hit targets far away.')
    assert not any(e.type == "PERSON" and "Sokol" in e.name for e in entities)


def test_entities_parenthetical_designation_is_an_alias(run: Run) -> None:
    text = "The navy tested an RX-77 (Vympel-12) anti-ship missile; the RX-77 flew far out to sea."
    weapons = _weapons(run(text))
    assert list(weapons) == ["RX-77"]
    assert weapons["RX-77"].aliases == ("Vympel-12",)
    assert [text[m.start : m.end] for m in weapons["RX-77"].mentions] == ["RX-77", "Vympel-12", "RX-77"]


def test_entities_all_caps_system_name_before_system_noun(run: Run) -> None:
    assert "NASAMS" in _weapons(run("Marvia received NASAMS air defence systems from its partners last spring."))


def test_entities_known_family_prefix_needs_no_context(run: Run) -> None:
    assert "MiG-31" in _weapons(run("Two MiG-31 crossed the border at dawn, the coast guard said."))


def test_entities_unknown_code_without_weapon_context_is_not_a_weapon(run: Run) -> None:
    assert not _weapons(run("Flight ZX-418 landed in Dorvik after a long delay."))


def test_entities_dates_times_and_numbers_are_never_designations(run: Run) -> None:
    entities = run("On 12 March 2023 at 14:30, 400 delegates met; the Q3 figures and 2024-11 reports were shared.")
    assert not _weapons(entities)
    assert all(e.type not in {"DATE", "TIME", "CARDINAL"} for e in entities)


LEXICON = load_lexicon()


@pytest.mark.parametrize("head", sorted(LEXICON.weapon_heads))
def test_entities_weapon_head_lexicon(run: Run, head: str) -> None:
    assert "QX-77" in _weapons(run(f"The rebels received QX-77 {head} last week."))


@pytest.mark.parametrize("modifier", sorted(LEXICON.weapon_modifiers))
def test_entities_weapon_modifier_lexicon(run: Run, modifier: str) -> None:
    assert "QX-77" in _weapons(run(f"The rebels received QX-77 {modifier} missiles last week."))


@pytest.mark.parametrize("prefix", sorted(LEXICON.weapon_prefixes))
def test_entities_weapon_prefix_lexicon(run: Run, prefix: str) -> None:
    code = f"{prefix.upper() if len(prefix) <= 3 else prefix.capitalize()}-412"
    assert code in _weapons(run(f"Observers saw one {code} over the bay on Sunday."))


@pytest.mark.parametrize("item", sorted(LEXICON.designation_stoplist))
def test_entities_designation_stoplist(run: Run, item: str) -> None:
    code = item.upper()
    assert code not in _weapons(run(f"The {code} systems were discussed at length."))


@pytest.mark.parametrize("acronym", sorted(LEXICON.acronym_stoplist))
def test_entities_acronym_stoplist(run: Run, acronym: str) -> None:
    assert acronym not in _weapons(run(f"Officials said {acronym} missiles were moved overnight."))
