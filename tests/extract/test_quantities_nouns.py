"""Counted nouns and calibres: head noun lemma, noun compounds, "of its", calibre inside a count."""

from __future__ import annotations

import pytest
from quantity_helpers import figures, only
from spacy.language import Language

import claimgraph.extract.quantities  # noqa: F401  (registers the factory)
from claimgraph.extract.units import read_lexicon


@pytest.fixture(scope="module")
def nlp(quantities_nlp: Language) -> Language:
    return quantities_nlp


UNITS = read_lexicon("units.json")["units"]
SURFACES = [(e["unit"], e["kind"], s) for e in UNITS for s in e.get("surfaces", []) + e.get("cased", [])]


@pytest.mark.parametrize(
    ("text", "span", "unit", "concept"),
    [
        ("The port in Velmora took in about 30,000 crates last month.", "about 30,000 crates", "crate", "crates"),
        (
            "Ostria sent over 4,000 of its engineers to the coast.",
            "over 4,000 of its engineers",
            "engineer",
            "its engineers",
        ),
        ("Rebels fired about 80 such drones at Orsk.", "about 80 such drones", "drone", "such drones"),
        ("Tarsel bought 12 cargo ships from Velmora.", "12 cargo ships", "cargo ship", "cargo ships"),
        ("The army fielded 40 anti-tank guns near Orsk.", "40 anti-tank guns", "gun", "anti-tank guns"),
        ("Velmora built 300 new houses near the river.", "300 new houses", "house", "new houses"),
        ("Police in Orsk questioned 14 people on Monday.", "14 people", "person", "people"),
        ("Tarsel lost 2 wooden ferries in the gale.", "2 wooden ferries", "ferry", "wooden ferries"),
    ],
)
def test_counted_noun(nlp: Language, text: str, span: str, unit: str, concept: str) -> None:
    q = only(nlp, text)
    assert (q.text, q.unit, q.concept, q.kind) == (span, unit, concept, "count")


def test_calibre_inside_a_count_is_its_own_quantity(nlp: Language) -> None:
    found = figures(nlp, "The depot in Orsk holds roughly 2.5 million 122 mm mortar rounds.")
    assert [q.text for q in found] == ["roughly 2.5 million 122 mm mortar rounds", "122 mm"]
    count, calibre = found
    assert (count.value, count.unit, count.concept) == (2.5e6, "mortar round", "122 mm mortar rounds")
    assert (calibre.value, calibre.unit, calibre.kind, calibre.of) == (122, "millimetre", "calibre", count.id)
    assert [q.id for q in found] == ["q1", "q2"]


def test_calibre_of_a_single_weapon(nlp: Language) -> None:
    q = only(nlp, "The cruiser carries a 203 mm gun on its bow.")
    assert (q.text, q.value, q.unit, q.kind, q.of) == ("203 mm", 203, "millimetre", "calibre", None)


def test_length_not_before_a_noun_is_a_measure(nlp: Language) -> None:
    q = only(nlp, "The tunnel under Orsk is 900 mm wide.")
    assert (q.unit, q.kind) == ("millimetre", "measure")


def test_one_of_is_a_pronoun(nlp: Language) -> None:
    assert figures(nlp, "One of the main worries in Tarsel is the harbour.") == []


def test_one_before_a_noun_counts(nlp: Language) -> None:
    q = only(nlp, "Only one ferry left Orsk on Friday.")
    assert (q.value, q.unit) == (1, "ferry")


def test_bare_digits_without_noun_are_counts(nlp: Language) -> None:
    q = only(nlp, "The final tally in Tarsel was 412.")
    assert (q.value, q.unit, q.kind) == (412, None, "count")


@pytest.mark.parametrize("det", read_lexicon("numbers.json")["anaphoric_determiners"])
def test_number_words_after_every_anaphoric_determiner(nlp: Language, det: str) -> None:
    assert figures(nlp, f"Reporters followed {det} two ferries out of Orsk.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Finance ministers of the Group of Seven met in Orsk on Sunday.",
        "Velmora papers called them the Gang of Four after the vote.",
    ],
)
def test_a_capitalised_number_word_closing_a_name_is_no_figure(nlp: Language, text: str) -> None:
    assert figures(nlp, text) == []


def test_a_number_word_after_of_in_running_text_still_counts(nlp: Language) -> None:
    q = only(nlp, "Velmora lost the support of seven ministers in Orsk.")
    assert (q.value, q.unit) == (7, "minister")


def test_digits_after_a_determiner_still_count(nlp: Language) -> None:
    q = only(nlp, "Reporters followed the 40 ferries out of Orsk.")
    assert (q.value, q.unit) == (40, "ferry")


def test_time_phrase_after_a_number_is_not_the_counted_noun(nlp: Language) -> None:
    found = figures(nlp, "Orsk expects 5,000 visitors, after 4,200 last year.")
    assert [(q.text, q.unit) for q in found] == [("5,000 visitors", "visitor"), ("4,200", None)]


def test_number_and_unit_across_a_wrapped_line(nlp: Language) -> None:
    q = only(nlp, "The Orsk fund is issuing 12 mln\nSwiss francs of notes.")
    assert (q.value, q.unit) == (1.2e7, "Swiss franc")


@pytest.mark.parametrize(("surface", "lemma"), sorted(read_lexicon("units.json")["noun_lemmas"].items()))
def test_every_noun_lemma_correction(nlp: Language, surface: str, lemma: str) -> None:
    q = only(nlp, f"Inspectors in Orsk counted 30 {surface} on the island.")
    assert (q.text, q.unit) == (f"30 {surface}", lemma)


@pytest.mark.parametrize(
    ("text", "spans", "unit"),
    [
        ("Rebels seized 20 of the garrison's trucks near Orsk.", ["20 of the garrison's trucks"], "truck"),
        # The figure inside the phrase is read on its own, and both count the same noun.
        ("Tarsel won 7 of its last 12 matches.", ["7", "12 matches"], "match"),
        ("Only 5 of the 30 fishing boats in Orsk went out.", ["5", "30 fishing boats"], "fishing boat"),
    ],
)
def test_count_of_a_possessive_or_counted_phrase(nlp: Language, text: str, spans: list[str], unit: str) -> None:
    found = figures(nlp, text)
    assert [(q.text, q.unit) for q in found] == [(span, unit) for span in spans]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Police in Orsk found 15 stolen cars.", "car"),
        ("The Velmora army bought 24 self-propelled guns.", "gun"),
        ("Velmora bought 30 wide-body jets.", "jet"),
        ("The navy stored 900 machine-gun belts.", "machine-gun belt"),
        ("Guards in Velmora used 12 tear gas canisters.", "tear gas canister"),
    ],
)
def test_participles_and_hyphenated_modifiers(nlp: Language, text: str, unit: str) -> None:
    assert only(nlp, text).unit == unit
