"""Rates ("30 km a day", "$80 per barrel") and percentage points read from "points" beside a percentage."""

from __future__ import annotations

import pytest
from quantity_helpers import figures, only
from spacy.language import Language

import claimgraph.extract.quantities  # noqa: F401  (registers the factory)
from claimgraph.extract.units import read_lexicon

UNITS = read_lexicon("units.json")


@pytest.fixture(scope="module")
def nlp(quantities_nlp: Language) -> Language:
    return quantities_nlp


@pytest.mark.parametrize("word", UNITS["rate_words"])
def test_every_rate_word(nlp: Language, word: str) -> None:
    q = only(nlp, f"The convoy from Orsk covered 45 km {word} day across the steppe.")
    assert (q.text, q.value, q.unit) == (f"45 km {word} day", 45, "kilometre per day")


@pytest.mark.parametrize(
    ("text", "span", "unit"),
    [
        ("Tarsel crude sold for $71.50 a barrel on Monday.", "$71.50 a barrel", "US dollar per barrel"),
        ("Diesel in Orsk costs C$1.90 per litre.", "C$1.90 per litre", "Canadian dollar per litre"),
        ("The Velmora mill grinds 300 sacks an hour.", "300 sacks an hour", "sack per hour"),
        ("Farms near Orsk harvest 7 tonnes per hectare of barley.", "7 tonnes per hectare", "tonne per hectare"),
        ("The Dornvik pumps move 90 cubic metres per second.", "90 cubic metres per second", "cubic metre per second"),
        (
            "Orsk packs 2,000 people per square kilometre.",
            "2,000 people per square kilometre",
            "person per square kilometre",
        ),
        ("The glacier above Tarsel retreats 12 metres/year.", "12 metres/year", "metre per year"),
        # a denominator that is a noun, not a unit
        ("Velmora Steel earned 1.35 dlrs a share in the quarter.", "1.35 dlrs a share", "US dollar per share"),
        ("Tarsel Foods offered $41 a common share in cash.", "$41 a common share", "US dollar per share"),
        (
            "The Orsk utility earned 2.10 euros per fully diluted share.",
            "2.10 euros per fully diluted share",
            "euro per share",
        ),
        ("Dornvik Ore paid 18 cts per shr.", "18 cts per shr", "cent per share"),
        ("Grazing fees rose to $3 a head this spring.", "$3 a head", "US dollar per head"),
        ("Output in Orsk reached $9,400 per capita.", "$9,400 per capita", "US dollar per capita"),
        # wire copy writes per share without a rate word
        ("The Tarsel charge came to 18 cts shr in the year.", "18 cts shr", "cent per share"),
    ],
)
def test_rates(nlp: Language, text: str, span: str, unit: str) -> None:
    q = only(nlp, text)
    assert (q.text, q.unit) == (span, unit)


def test_a_time_phrase_after_a_figure_is_not_a_rate(nlp: Language) -> None:
    q = only(nlp, "Halvern Bank paid 40 euros a year ago for each share.")
    assert (q.text, q.unit) == ("40 euros", "euro")


def test_per_before_a_non_unit_is_not_a_rate(nlp: Language) -> None:
    q = only(nlp, "The Orsk clinic treated 30 patients per doctor.")
    assert q.unit == "patient"


@pytest.mark.parametrize("noun", sorted(UNITS["rate_nouns"]["nouns"]))
def test_every_rate_noun_after_per(nlp: Language, noun: str) -> None:
    q = only(nlp, f"Halvern Bank put the cost at 12.40 euros per {noun} for the year.")
    assert (q.text, q.unit) == (f"12.40 euros per {noun}", f"euro per {UNITS['rate_nouns']['nouns'][noun]}")


def test_a_person_after_a_figure_opens_a_new_phrase(nlp: Language) -> None:
    # "a share" is a rate; "a person familiar with ..." is the source of the sentence
    q = only(nlp, "The bid values Halvern at 40 mln euros a person familiar with the talks said.")
    assert (q.text, q.unit) == ("40 mln euros", "euro")


def test_points_beside_a_percentage_are_percentage_points(nlp: Language) -> None:
    found = figures(nlp, "The Orsk Greens polled 31%, up four points on the spring.")
    assert [(q.value, q.unit, q.kind) for q in found] == [
        (31, "percent", "percent"),
        (4, "percentage point", "percent"),
    ]


def test_points_without_a_percentage_stay_points(nlp: Language) -> None:
    q = only(nlp, "The Velmora composite gained 85 points on Friday.")
    assert q.unit == "point"


@pytest.mark.parametrize("cue", UNITS["index_point_cues"])
def test_every_index_point_cue_keeps_points(nlp: Language, cue: str) -> None:
    found = figures(nlp, f"Traders in Orsk said the {cue} lost 85 points as yields rose 2%.")
    assert [(q.value, q.unit) for q in found] == [(85, "point"), (2, "percent")]


def test_results_table_lines_name_their_figures(pipeline) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.api import analyze

    text = (
        "Velmora Steel Corp said fourth quarter results were:\n"
        "    Shr 41 cts vs 1.12 dlrs\n"
        "    Net loss 2,310,000 vs profit 904,000\n"
        "    Avg shrs 5,600,000 vs 5,100,000\n"
        "    Qtly div 12 cts vs ten cts prior\n"
        "    Year\n"
        "    Shr loss 1.93 dlrs vs profit 16 cts\n"
    )
    found = analyze(text, published="2025-03-04", pipeline=pipeline).quantities
    assert [(q.text, q.unit, q.concept) for q in found] == [
        ("41 cts", "cent per share", "Shr"),
        ("1.12 dlrs", "US dollar per share", "Shr"),
        ("2,310,000", None, "Net loss"),
        ("904,000", None, "Net profit"),
        ("5,600,000", None, "Avg shrs"),
        ("5,100,000", None, "Avg shrs"),
        ("12 cts", "cent per share", "Qtly div"),
        ("ten cts", "cent per share", "Qtly div"),
        # the outcome written before a figure of the row is its own: last year's was a profit
        ("1.93 dlrs", "US dollar per share", "Shr loss"),
        ("16 cts", "cent per share", "Shr profit"),
    ]


def test_a_results_line_with_a_colon_and_versus(pipeline) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.api import analyze

    text = "Velmora reported:\nRevenue: $12.3 million vs. $11.1 million\nEPS per share: 41 cents versus 38 cents\n"
    found = analyze(text, published="2025-03-04", pipeline=pipeline).quantities
    assert [(q.text, q.unit, q.concept) for q in found] == [
        ("$12.3 million", "US dollar", "Revenue"),
        ("$11.1 million", "US dollar", "Revenue"),
        ("41 cents", "cent per share", "EPS per share"),
        ("38 cents", "cent per share", "EPS per share"),
    ]


def test_a_line_that_compares_nothing_keeps_its_figures_unlabelled(nlp: Language) -> None:
    q = only(nlp, "Velmora Steel earned 41 cts in the quarter.\n")
    assert (q.unit, q.concept) == ("cent", None)


def test_a_sentence_comparing_figures_is_no_table_row(pipeline) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.api import analyze

    text = "Velmora said on Monday:\nProfit was 5 mln dlrs vs 4 mln dlrs a year ago.\n"
    found = analyze(text, published="2025-03-04", pipeline=pipeline).quantities
    assert [(q.text, q.concept) for q in found] == [("5 mln dlrs", None), ("4 mln dlrs", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a sum compared with a sum per share is per share too
        (
            "Velmora Steel earned 1.35 dlrs a share, up from 95 cts a year before.",
            [("1.35 dlrs a share", "US dollar per share"), ("95 cts", "cent per share")],
        ),
        (
            "Dornvik Ore raised its payout to 30 cts a share from 24 cts.",
            [("30 cts a share", "cent per share"), ("24 cts", "cent per share")],
        ),
        (
            "Orsk cut the levy on rye to 60 crowns per tonne from 75 crowns.",
            [("60 crowns per tonne", "crown per tonne"), ("75 crowns", "crown per tonne")],
        ),
        # in the pairs of a results sentence only the per-share member of each pair is per share
        (
            "Tarsel Foods earned 3.1 mln dlrs, or 1.20 dlrs per share, against 2.8 mln dlrs, or 96 cts.",
            [
                ("3.1 mln dlrs", "US dollar"),
                ("1.20 dlrs per share", "US dollar per share"),
                ("2.8 mln dlrs", "US dollar"),
                ("96 cts", "cent per share"),
            ],
        ),
        # a total is never a sum per share, nor is a sum listed with "and"
        (
            "Keld Mills earned 1.10 dlrs a share and paid 40 dlrs to each director.",
            [("1.10 dlrs a share", "US dollar per share"), ("40 dlrs", "US dollar")],
        ),
    ],
)
def test_a_sum_compared_with_a_rate_is_a_rate(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(q.text, q.unit) for q in figures(nlp, text)] == expected


def test_a_dividend_row_the_tagger_reads_as_a_verb_is_still_a_row(pipeline) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.api import analyze

    text = "Keld Mills said:\n    Qtly dividend 14 cts vs 12 cts\n    Pay May 2\n"
    found = analyze(text, published="2025-03-04", pipeline=pipeline).quantities
    assert [(q.text, q.unit, q.concept) for q in found] == [
        ("14 cts", "cent per share", "Qtly dividend"),
        ("12 cts", "cent per share", "Qtly dividend"),
    ]
