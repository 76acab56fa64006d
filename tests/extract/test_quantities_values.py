"""Values of figures: digits, scales, number words, fractions and ranges (invented sentences)."""

from __future__ import annotations

import pytest
from quantity_helpers import figures, only
from spacy.language import Language

import claimgraph.extract.quantities  # noqa: F401  (registers the factory)
from claimgraph.extract.units import read_lexicon


@pytest.fixture(scope="module")
def nlp(quantities_nlp: Language) -> Language:
    return quantities_nlp


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The ferry carried 1,250 passengers to Orsk Bay.", "1,250 passengers", 1250),
        ("The ferry carried 3.75 tonnes of mail to Orsk Bay.", "3.75 tonnes", 3.75),
        ("Tarsel Council spent 9.4 million euros on the bridge.", "9.4 million euros", 9.4e6),
        ("The bridge in Tarsel cost $5bn in the end.", "$5bn", 5e9),
        ("Halvern Bank lost £1.5m last spring.", "£1.5m", 1.5e6),
        ("The fund raised 1.5m pounds for Tarsel.", "1.5m pounds", 1.5e6),
        ("A startup in Orsk earned $40k from the fair.", "$40k", 4e4),
        ("Ostria plans to spend 2 trillion roubles on roads.", "2 trillion roubles", 2e12),
        ("Ostria plans to spend 3 thousand roubles on lamps.", "3 thousand roubles", 3e3),
        ("The mine produced 6 billion tonnes of ore.", "6 billion tonnes", 6e9),
    ],
)
def test_digits_and_scales(nlp: Language, text: str, span: str, value: float) -> None:
    q = only(nlp, text)
    assert q.text == span
    assert q.value == pytest.approx(value)


@pytest.mark.parametrize("suffix", sorted(read_lexicon("numbers.json")["scale_suffixes"]))
def test_every_scale_suffix(nlp: Language, suffix: str) -> None:
    factor = read_lexicon("numbers.json")["scale_suffixes"][suffix]
    q = only(nlp, f"The Orsk fund holds 7 {suffix} euros now.")
    assert q.value == pytest.approx(7 * factor)


@pytest.mark.parametrize("suffix", sorted(read_lexicon("numbers.json")["glued_scale_suffixes"]))
def test_every_glued_scale_suffix(nlp: Language, suffix: str) -> None:
    factor = read_lexicon("numbers.json")["glued_scale_suffixes"][suffix]
    q = only(nlp, f"The Orsk fund holds €7{suffix} now.")
    assert (q.value, q.unit) == (pytest.approx(7 * factor), "euro")


def test_glued_m_is_metre_before_a_singular_noun(nlp: Language) -> None:
    q = only(nlp, "Builders in Orsk put up a 4m fence.")
    assert (q.value, q.unit) == (4, "metre")


def test_glued_m_is_million_before_a_plural_noun(nlp: Language) -> None:
    q = only(nlp, "Ostria pumped 3m barrels last week.")
    assert (q.value, q.unit) == (3e6, "barrel")


@pytest.mark.parametrize("word", sorted(read_lexicon("numbers.json")["units"]))
def test_every_unit_number_word(nlp: Language, word: str) -> None:
    value = read_lexicon("numbers.json")["units"][word]
    noun = "fox" if value == 1 else "foxes"
    q = only(nlp, f"Rangers found {word} {noun} near Tarsel.")
    assert (q.value, q.unit, q.text) == (value, "fox", f"{word} {noun}")


@pytest.mark.parametrize("word", sorted(read_lexicon("numbers.json")["tens"]))
def test_every_tens_word_alone_and_compound(nlp: Language, word: str) -> None:
    value = read_lexicon("numbers.json")["tens"][word]
    assert only(nlp, f"Rangers found {word} foxes near Tarsel.").value == value
    assert only(nlp, f"Rangers found {word}-three foxes near Tarsel.").value == value + 3


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("two dozen", 24), ("a dozen", 12), ("three hundred", 300), ("two hundred and ten", 210)]
    + [(f"two {w}", 2 * v) for w, v in read_lexicon("numbers.json")["scales"].items()]
    + [(f"a {w}", v) for w, v in read_lexicon("numbers.json")["scales"].items()],
)
def test_multipliers_and_scales_in_words(nlp: Language, phrase: str, value: float) -> None:
    q = only(nlp, f"Rangers counted {phrase} boats near Tarsel.")
    assert (q.value, q.unit, q.text) == (pytest.approx(value), "boat", f"{phrase} boats")


def test_half_a_million(nlp: Language) -> None:
    assert only(nlp, "Storms cut power to half a million homes in Ostria.").value == 5e5


@pytest.mark.parametrize(
    "word", sorted(w for w in read_lexicon("numbers.json")["fractions"] if not w.endswith("s") and w != "half")
)
def test_every_fraction_word(nlp: Language, word: str) -> None:
    den = read_lexicon("numbers.json")["fractions"][word]
    q = only(nlp, f"Nearly one-{word} of the voters in Tarsel stayed home.")
    assert (q.value, q.unit, q.kind, q.text) == (round(1 / den, 6), "fraction", "fraction", f"Nearly one-{word}")
    assert only(nlp, f"About a {word} of the voters stayed home.").value == round(1 / den, 6)
    plural = word + "s"
    assert only(nlp, f"Two {plural} of the voters stayed home.").value == round(2 / den, 6)


def test_half_of(nlp: Language) -> None:
    q = only(nlp, "Half of the ferries in Orsk were idle.")
    assert (q.value, q.unit, q.text) == (0.5, "fraction", "Half")


def test_ordinal_words_are_not_fractions(nlp: Language) -> None:
    assert figures(nlp, "She won a third term in the second half of the season.") == []


@pytest.mark.parametrize(
    ("text", "span", "low", "high", "unit"),
    [
        ("The rockets reach 50-60 km across the strait.", "50-60 km", 50, 60, "kilometre"),
        ("The rockets reach 50–60 kilometres across the strait.", "50–60 kilometres", 50, 60, "kilometre"),
        ("The rockets reach 50 to 60 kilometres across the strait.", "50 to 60 kilometres", 50, 60, "kilometre"),
        ("Between 5 and 7 million people live in Ostria.", "Between 5 and 7 million people", 5e6, 7e6, "person"),
        ("Some 5 to 7 million voters may stay home.", "Some 5 to 7 million voters", 5e6, 7e6, "voter"),
        ("Prices in Orsk may climb by 5-7% this year.", "5-7%", 5, 7, "percent"),
        ("The port project needs $5-7bn from Ostria.", "$5-7bn", 5e9, 7e9, "US dollar"),
        ("Rents in Orsk may climb 4% to 6% this year.", "4% to 6%", 4, 6, "percent"),
        ("The dunes lie between 3 km and 5 km inland.", "between 3 km and 5 km", 3, 5, "kilometre"),
        ("A ticket costs $20-$30 at the Orsk gate.", "$20-$30", 20, 30, "US dollar"),
    ],
)
def test_ranges(nlp: Language, text: str, span: str, low: float, high: float, unit: str) -> None:
    q = only(nlp, text)
    assert (q.text, q.value, q.low, q.high, q.unit) == (span, None, pytest.approx(low), pytest.approx(high), unit)


def test_score_is_not_a_range(nlp: Language) -> None:
    assert figures(nlp, "Tarsel won the final 3-1 on Sunday.") == []


def test_number_words_with_an_abbreviated_scale(nlp: Language) -> None:
    q = only(nlp, "Ostria lent two mln dlrs to the Orsk port.")
    assert (q.text, q.value, q.unit) == ("two mln dlrs", 2e6, "US dollar")


@pytest.mark.parametrize(
    ("text", "span", "low", "high"),
    [
        ("Between five and seven ferries sank off Orsk.", "Between five and seven ferries", 5, 7),
        ("Officials expect two to three million visitors in Tarsel.", "two to three million visitors", 2e6, 3e6),
    ],
)
def test_ranges_in_words(nlp: Language, text: str, span: str, low: float, high: float) -> None:
    q = only(nlp, text)
    assert (q.text, q.value, q.low, q.high) == (span, None, low, high)


def test_hyphen_joins_tens_and_units_only(nlp: Language) -> None:
    assert only(nlp, "Rangers found thirty-nine foxes near Tarsel.").value == 39
    q = only(nlp, "Rangers found five-six foxes near Tarsel.")
    assert (q.value, q.low, q.high) == (None, 5, 6)


@pytest.mark.parametrize("word", read_lexicon("numbers.json")["negation_words"])
def test_every_negation_word(nlp: Language, word: str) -> None:
    q = only(nlp, f"Nights in Orsk fell to {word} 12 degrees Celsius.")
    assert (q.text, q.value, q.unit) == (f"{word} 12 degrees Celsius", -12, "degree Celsius")


def test_minus_sign(nlp: Language) -> None:
    q = only(nlp, "Output in Tarsel changed by -0.4% in spring.")
    assert (q.text, q.value) == ("-0.4%", -0.4)


def test_hyphen_inside_a_code_is_not_a_minus(nlp: Language) -> None:
    assert figures(nlp, "The Orsk line runs X-40 trains.") == []


def test_to_before_a_smaller_figure_is_not_a_range(nlp: Language) -> None:
    found = figures(nlp, "Halvern Bank lent €2bn to 300 farms in Orsk.")
    assert [(q.value, q.unit) for q in found] == [(2e9, "euro"), (300, "farm")]


@pytest.mark.parametrize(
    ("text", "span", "value", "unit"),
    [
        ("Half a dozen ferries sank off Orsk.", "Half a dozen ferries", 6, "ferry"),
        ("A quarter of a million tourists visited Orsk.", "A quarter of a million tourists", 250000, "tourist"),
        ("Tarsel hired one and a half million workers.", "one and a half million workers", 1.5e6, "worker"),
        ("The Orsk ferry takes two and a half hours.", "two and a half hours", 2.5, "hour"),
        ("Rates in Orsk rose half a percentage point.", "half a percentage point", 0.5, "percentage point"),
        ("The trail in Orsk is a third of a mile long.", "a third of a mile", 0.333333, "mile"),
    ],
)
def test_fractions_and_halves_of_scales_and_units(nlp: Language, text: str, span: str, value: float, unit: str) -> None:
    q = only(nlp, text)
    assert (q.text, q.value, q.unit) == (span, pytest.approx(value), unit)


def test_half_a_noun_is_not_a_figure(nlp: Language) -> None:
    assert figures(nlp, "Ostria's baker sold half a loaf.") == []


def test_range_from_a_word_to_digits(nlp: Language) -> None:
    q = only(nlp, "The Orsk fever lasts two to 10 days.")
    assert (q.text, q.low, q.high, q.unit) == ("two to 10 days", 2, 10, "day")


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # a change and the level it led to, not a range: the unit on both figures, or a level far above the change
        (
            "Orsk's reserves rose 11.3 mln guilders to 56.0 billion guilders.",
            [(11.3e6, None, None, "guilder", "up"), (56e9, None, None, "guilder", None)],
        ),
        (
            "Joblessness in Orsk fell 0.3 pct to 5.6 pct.",
            [(0.3, None, None, "percent", "down"), (5.6, None, None, "percent", None)],
        ),
        (
            "Tarsel's debt rose 120 mln to 4.5 billion dlrs.",
            [(120e6, None, None, "US dollar", "up"), (4.5e9, None, None, "US dollar", None)],
        ),
        # close bounds after a change verb stay a range
        ("Orsk's exports should grow 2 pct to 3 pct.", [(None, 2, 3, "percent", "up")]),
        ("Orsk's exports should grow 2 to 5 pct.", [(None, 2, 5, "percent", "up")]),
        # without a change verb, a range however wide
        ("The Orsk depots hold 200 to 3,000 tonnes.", [(None, 200, 3000, "tonne", None)]),
    ],
)
def test_change_then_level_is_not_a_range(nlp: Language, text: str, values: list[tuple[object, ...]]) -> None:
    assert [(q.value, q.low, q.high, q.unit, q.direction) for q in figures(nlp, text)] == values


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Orsk's deficit was 2.09 billion.", 2090000000),
        ("Tarsel pumped 4.1 mln barrels.", 4100000),
        ("Tarsel pumped 4.1m barrels.", 4100000),
        ("Orsk raised 0.07 million.", 70000),
    ],
)
def test_scaled_values_carry_no_float_tail(nlp: Language, text: str, value: int) -> None:
    # 2.09 * 1e9 is 2089999999.9999998 in binary floating point; the figure is exact as written
    assert only(nlp, text).value == value
