"""Units left unwritten: a bare figure compared with, or listed beside, a figure with a unit (invented sentences)."""

from __future__ import annotations

import pytest
from quantity_helpers import figures
from spacy.language import Language

import claimgraph.extract.quantities  # noqa: F401  (registers the factory)


@pytest.fixture(scope="module")
def nlp(quantities_nlp: Language) -> Language:
    return quantities_nlp


def units(nlp: Language, text: str) -> list[tuple[str, str | None, str]]:
    return [(q.text, q.unit, q.kind) for q in figures(nlp, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Orsk Mining's sales were 3.65 billion crowns vs 3.40 billion.",
            [("3.65 billion crowns", "crown", "currency"), ("3.40 billion", "crown", "currency")],
        ),
        (
            "Tarsel's exports were 905 mln dlrs against 929 mln, revised from 971 mln.",
            [("905 mln dlrs", "US dollar", "currency"), ("929 mln", "US dollar", "currency"),
             ("971 mln", "US dollar", "currency")],
        ),
        (
            "Orsk's grain stocks fell 2.2 mln tonnes to 37.9 mln from a revised 40.1 mln.",
            [("2.2 mln tonnes", "tonne", "measure"), ("37.9 mln", "tonne", "measure"),
             ("40.1 mln", "tonne", "measure")],
        ),
        (
            "Orsk's output was 5,000 tonnes, compared with 4,800 in May.",
            [("5,000 tonnes", "tonne", "measure"), ("4,800", "tonne", "measure")],
        ),
        (
            "Joblessness in Orsk fell to 5 pct from 6.",
            [("5 pct", "percent", "percent"), ("6", "percent", "percent")],
        ),
        # the unit written after the second figure only
        (
            "The two Orsk deficits were 2.09 billion and 1.722 billion dlrs.",
            [("2.09 billion", "US dollar", "currency"), ("1.722 billion dlrs", "US dollar", "currency")],
        ),
        (
            "Rain in Orsk totalled between 15 and 100 mm in the north and 10 and 75 mm in the south.",
            [("between 15 and 100 mm", "millimetre", "measure"), ("10", "millimetre", "measure"),
             ("75 mm", "millimetre", "measure")],
        ),
        (
            "Tarsel settled 30 claims, and 12 were dropped.",
            [("30 claims", "claim", "count"), ("12", "claim", "count")],
        ),
        # a change with its own scale leads to the level that carries the unit
        (
            "Tarsel's debt rose 120 mln to 4.5 billion dlrs.",
            [("120 mln", "US dollar", "currency"), ("4.5 billion dlrs", "US dollar", "currency")],
        ),
    ],
)  # fmt: skip
def test_bare_figure_takes_the_unit_beside_it(nlp: Language, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert units(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a percentage change gives no unit to the level after it
        (
            "Orsk car sales fell 4.8 pct to 6.11 billion from 5.83 billion.",
            [("4.8 pct", "percent", "percent"), ("6.11 billion", None, "count"), ("5.83 billion", None, "count")],
        ),
        (
            "Orsk car sales were off 20.7 pct to 286,771 from 361,785.",
            [("20.7 pct", "percent", "percent"), ("286,771", None, "count"), ("361,785", None, "count")],
        ),
        # net income and earnings per share: joined by "or", not of one size
        (
            "Tarsel earned 2,649,000 or 1.10 dlrs.",
            [("2,649,000", None, "count"), ("1.10 dlrs", "US dollar", "currency")],
        ),
        # other words between the figures
        (
            "Twelve Orsk miners died and 30 were hurt.",
            [("Twelve Orsk miners", "miner", "count"), ("30", None, "count")],
        ),
        # a calibre or a time unit is no unit for a count
        (
            "Orsk bought 152 mm shells and 40 in May.",
            [("152 mm", "millimetre", "calibre"), ("40", None, "count")],
        ),
        (
            "The Orsk strike lasted 3 days and 40 pickets stayed.",
            [("3 days", "day", "measure"), ("40 pickets", "picket", "count")],
        ),
    ],
)  # fmt: skip
def test_bare_figure_keeps_no_unit(nlp: Language, text: str, expected: list[tuple[str, str | None, str]]) -> None:
    assert units(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tarsel settled 30 claims and 12 more.", [("30 claims", "claim"), ("12", "claim")]),
        ("Orsk lost 20 tanks and 40 others.", [("20 tanks", "tank"), ("40", "tank")]),
        ("Orsk police held 40 others.", [("40", None)]),
        # before a noun they are modifiers: the noun is counted
        ("Orsk hired 12 more soldiers.", [("12 more soldiers", "soldier")]),
        ("Orsk hired 12 additional nurses.", [("12 additional nurses", "nurse")]),
    ],
)
def test_more_and_others_are_not_what_is_counted(
    nlp: Language, text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert [(q.text, q.unit) for q in figures(nlp, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the first figure's year may stand between the two
        (
            "Orsk's exports rose to 41,000 tonnes in 2023 from 38,500 in 2022.",
            [("41,000 tonnes", "tonne", "measure"), ("38,500", "tonne", "measure")],
        ),
        (
            "Keld spent 12.4 billion crowns in 2023, up from 11.9 billion in 2022.",
            [("12.4 billion crowns", "crown", "currency"), ("11.9 billion", "crown", "currency")],
        ),
    ],
)
def test_a_year_between_compared_figures(nlp: Language, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert units(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Velmora may borrow 1.5 or 1.8 billion dlrs next year.", [(1.5e9, "US dollar"), (1.8e9, "US dollar")]),
        ("The Keld notes come in lots of 10 and two mln euros.", [(10e6, "euro"), (2e6, "euro")]),
        # "from 8.5 to 17 billion dlrs" once left the first figure bare
        ("The Orsk levy would raise from 8.5 to 17 billion dlrs.", [(8.5e9, "US dollar"), (17e9, "US dollar")]),
    ],
)
def test_a_scale_word_serves_both_figures(nlp: Language, text: str, expected: list[tuple[float, str]]) -> None:
    assert [(q.value, q.unit) for q in figures(nlp, text)] == expected


def test_a_scale_word_does_not_reach_a_figure_of_another_size(nlp: Language) -> None:
    # 900 billion is no neighbour of 2 billion: the bare figure stays bare
    found = figures(nlp, "The Orsk fund holds 900 and 2 billion dlrs.")
    assert [(q.value, q.unit) for q in found] == [(900, None), (2e9, "US dollar")]
