"""Approximations and bounds (every entry of approx.json) and the direction of changes."""

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


APPROX = read_lexicon("approx.json")


@pytest.mark.parametrize(("word", "cls"), sorted(APPROX["approx"].items()))
def test_every_approximation(nlp: Language, word: str, cls: str) -> None:
    q = only(nlp, f"Officials counted {word} 40 boats near Tarsel.")
    assert (q.text, q.approx, q.approx_class, q.value) == (f"{word} 40 boats", word, cls, 40)


def test_exact_figure_has_no_approximation(nlp: Language) -> None:
    q = only(nlp, "Officials counted 40 boats near Tarsel.")
    assert (q.approx, q.approx_class) == (None, "=")


def test_bound_before_a_range(nlp: Language) -> None:
    q = only(nlp, "The shells fly up to 30-35 kilometres from Orsk.")
    assert (q.text, q.approx, q.approx_class, q.low, q.high) == ("up to 30-35 kilometres", "up to", "<", 30, 35)


@pytest.mark.parametrize(("verb", "direction"), sorted(APPROX["change_verbs"].items()))
def test_every_change_verb(nlp: Language, verb: str, direction: str) -> None:
    q = only(nlp, f"Analysts say output will {verb} by 40% next spring.")
    assert (q.value, q.direction) == (40, direction)


@pytest.mark.parametrize(("noun", "direction"), sorted(APPROX["change_nouns"].items()))
def test_every_change_noun_after_the_figure(nlp: Language, noun: str, direction: str) -> None:
    q = only(nlp, f"Analysts expect a 40% {noun} in output next spring.")
    assert (q.value, q.direction) == (40, direction)


@pytest.mark.parametrize(("noun", "direction"), sorted(APPROX["change_nouns"].items()))
def test_every_change_noun_before_of(nlp: Language, noun: str, direction: str) -> None:
    q = only(nlp, f"Analysts expect a {noun} of 40% in output next spring.")
    assert (q.value, q.direction) == (40, direction)


@pytest.mark.parametrize(("adverb", "direction"), sorted(APPROX["change_adverbs"].items()))
def test_every_change_adverb(nlp: Language, adverb: str, direction: str) -> None:
    q = only(nlp, f"Shares in Halvern Bank were {adverb} 4% on Friday.")
    assert (q.value, q.direction) == (4, direction)


@pytest.mark.parametrize(
    ("text", "value", "direction"),
    [
        ("Bread prices in Orsk rose 5% in spring.", 5, "up"),
        ("Halvern Bank cut 2,000 jobs after the merger.", 2000, "down"),
        ("Halvern Bank cut its staff by 2,000 after the merger.", 2000, "down"),
        # A level reached is not the amount of a change: no direction.
        ("Inflation in Ostria fell to 3.1% in spring.", 3.1, None),
        ("Inflation in Ostria rose to 3.1% in spring.", 3.1, None),
        ("Ticket sales in Orsk went up 8% this season.", 8, "up"),
        ("Turnout in Tarsel was 61% in spring.", 61, None),
    ],
)
def test_direction_of_changes_and_levels(nlp: Language, text: str, value: float, direction: str | None) -> None:
    q = only(nlp, text)
    assert (q.value, q.direction) == (value, direction)


def test_from_to_after_a_change_verb_is_two_levels_without_direction(nlp: Language) -> None:
    old, new = figures(nlp, "Bread prices in Orsk rose from 5% to 7% in spring.")
    assert (old.value, old.direction, new.value, new.direction) == (5, None, 7, None)


def test_amount_then_level_reached(nlp: Language) -> None:
    found = figures(nlp, "Halvern Bank's shares fell 6% to 14 euros on Friday.")
    assert [(q.value, q.unit, q.direction) for q in found] == [(6, "percent", "down"), (14, "euro", None)]


def test_from_to_with_units_after_a_change_verb_is_two_levels(nlp: Language) -> None:
    found = figures(nlp, "Ferry fares in Orsk fell from 9% to 4% in spring.")
    assert [(q.text, q.value, q.direction) for q in found] == [("9%", 9, None), ("4%", 4, None)]


def test_from_to_without_a_change_verb_is_a_range(nlp: Language) -> None:
    q = only(nlp, "Estimates range from 20% to 30% of the vote.")
    assert (q.text, q.low, q.high) == ("from 20% to 30%", 20, 30)


@pytest.mark.parametrize(("particle", "direction"), sorted(APPROX["change_adverbs"].items()))
def test_every_change_adverb_as_a_phrasal_verb_particle(nlp: Language, particle: str, direction: str) -> None:
    q = only(nlp, f"The toll in Orsk went {particle} by 40 overnight.")
    assert (q.value, q.direction) == (40, direction)


@pytest.mark.parametrize(
    "text",
    [
        "Engineers in Orsk set up 40 field kitchens.",
        "Gunners in Orsk shot down 12 drones.",
        "Halvern Bank sold off 500,000 shares last week.",
    ],
)
def test_a_particle_whose_verb_takes_the_figure_as_object_is_not_a_change(nlp: Language, text: str) -> None:
    assert only(nlp, text).direction is None
