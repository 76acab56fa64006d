"""Units: every surface of units.json, currencies, percentages, compound units, ambiguous forms."""

from __future__ import annotations

import pytest
from quantity_helpers import figures, only
from spacy.language import Language

import claimgraph.extract.quantities  # noqa: F401  (registers the factory)
from claimgraph.extract.units import normalise_unit, read_lexicon


@pytest.fixture(scope="module")
def nlp(quantities_nlp: Language) -> Language:
    return quantities_nlp


UNITS = read_lexicon("units.json")["units"]
SURFACES = [(e["unit"], e["kind"], s) for e in UNITS for s in e.get("surfaces", []) + e.get("cased", [])]
PREFIXES = [(e["unit"], p) for e in UNITS for p in e.get("prefix", [])]
ALIASES = [(e["unit"], a) for e in UNITS for a in e.get("aliases", [])]


# a surface that is also a verb names the unit only after a sum (units.json "ambiguous")
SUMS = {"won": "37,000"}


@pytest.mark.parametrize(("unit", "kind", "surface"), SURFACES)
def test_every_unit_surface(nlp: Language, unit: str, kind: str, surface: str) -> None:
    n = SUMS.get(surface, "37")
    q = only(nlp, f"Inspectors logged {n} {surface} at the Dornvik depot.")
    assert (q.value, q.unit, q.kind, q.text) == (float(n.replace(",", "")), unit, kind, f"{n} {surface}")


@pytest.mark.parametrize(("unit", "prefix"), PREFIXES)
def test_every_currency_prefix(nlp: Language, unit: str, prefix: str) -> None:
    sep = " " if prefix[-1].isalpha() else ""
    q = only(nlp, f"Inspectors paid {prefix}{sep}37 at the Dornvik depot.")
    assert (q.value, q.unit, q.kind, q.text) == (37, unit, "currency", f"{prefix}{sep}37")


@pytest.mark.parametrize(("unit", "alias"), ALIASES)
def test_every_alias_normalises(unit: str, alias: str) -> None:
    assert normalise_unit(alias) == unit.lower()
    assert normalise_unit(alias.upper()) == unit.lower()


@pytest.mark.parametrize(
    ("text", "span", "unit", "kind"),
    [
        ("Velmora Air charged $120 per seat.", "$120", "US dollar", "currency"),
        ("The Orsk mill sold timber for C$300,000 last year.", "C$300,000", "Canadian dollar", "currency"),
        ("A pint in Tarsel costs £6 now.", "£6", "pound sterling", "currency"),
        ("The museum ticket is €15 for adults.", "€15", "euro", "currency"),
        ("A bowl of noodles costs 900 yen in Kiroshi.", "900 yen", "yen", "currency"),
        ("The firm paid 4 million dollars for the plot.", "4 million dollars", "US dollar", "currency"),
        ("Unemployment in Ostria is 6.2% today.", "6.2%", "percent", "percent"),
        ("Unemployment in Ostria is 6.2 per cent today.", "6.2 per cent", "percent", "percent"),
        ("The party gained 3 percentage points in Tarsel.", "3 percentage points", "percentage point", "percent"),
        ("The new tram runs at 70 km/h through Orsk.", "70 km/h", "kilometre per hour", "measure"),
        (
            "The hatchback does 52 miles per gallon on the motorway.",
            "52 miles per gallon",
            "mile per gallon",
            "measure",
        ),
        ("The flat in Orsk has 85 square metres of floor.", "85 square metres", "square metre", "measure"),
        # currencies beyond the dollar, euro, pound and yen; a country's name picks its own crown or franc
        ("Velmora's reserves were 91.06 billion Swedish crowns.", "91.06 billion Swedish crowns", "Swedish krona",
         "currency"),
        ("Orsk Bank's profit was 16 mln crowns.", "16 mln crowns", "crown", "currency"),
        ("The Orsk treasury sold 3,500 billion lire of bills.", "3,500 billion lire", "Italian lira", "currency"),
        ("Tarsel Bank lost 32 mln marks in the year.", "32 mln marks", "Deutsche mark", "currency"),
        ("Orsk's dock cost 4.8 billion guilders.", "4.8 billion guilders", "guilder", "currency"),
        ("The Orsk levy is 330 Ecus per tonne.", "330 Ecus per tonne", "European currency unit per tonne", "currency"),
        ("The Orsk bond comes in 10,000 Australian dlrs lots.", "10,000 Australian dlrs", "Australian dollar",
         "currency"),
        # "the 2,000 mark" is a threshold, not Deutsche marks
        ("The Keld index passed the 2,000 mark on Monday.", "2,000 mark", "mark", "count"),
    ],
)  # fmt: skip
def test_units_in_context(nlp: Language, text: str, span: str, unit: str, kind: str) -> None:
    q = only(nlp, text)
    assert (q.text, q.unit, q.kind) == (span, unit, kind)


def test_pounds_of_is_weight(nlp: Language) -> None:
    q = only(nlp, "The cook bought 4 pounds of onions in Tarsel.")
    assert (q.unit, q.kind) == ("pound", "measure")


@pytest.mark.parametrize("verb", read_lexicon("units.json")["weight_verbs"])
def test_every_weight_verb_makes_pounds_weight(nlp: Language, verb: str) -> None:
    q = only(nlp, f"Tomas {verb} 12 pounds this winter.")
    assert q.unit == "pound"


def test_pounds_without_weight_cue_are_sterling(nlp: Language) -> None:
    q = only(nlp, "The council will pay 40 million pounds for the pier.")
    assert (q.value, q.unit) == (4e7, "pound sterling")


def test_unit_words_glued_and_hyphenated(nlp: Language) -> None:
    found = figures(nlp, "The 12-inch pipe and a 40kg sack arrived.")
    assert [(q.text, q.unit) for q in found] == [("12-inch", "inch"), ("40kg", "kilogram")]


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("The shipyard in Ulsan booked 1.8 trillion won in orders.", "1.8 trillion won"),
        ("A bus pass in Daegu now costs 1,450 won.", "1,450 won"),
        ("The ministry set aside between 300 billion won and 400 billion won for drones.", None),
    ],
)
def test_won_after_a_sum_is_the_korean_currency(nlp: Language, text: str, figure: str | None) -> None:
    q = only(nlp, text)
    assert (q.unit, q.kind) == ("won", "currency")
    if figure is not None:
        assert q.text == figure


@pytest.mark.parametrize(
    "text",
    [
        "Of the 30 runners from Velden, 12 won medals.",
        "In the draw at Kessel, 2,500 won the right to buy tickets.",
    ],
)
def test_won_as_a_verb_is_no_unit(nlp: Language, text: str) -> None:
    assert all(q.unit != "won" for q in figures(nlp, text))
