"""What is not a figure: designations, dates, years, clock times, ordinals, labels, phone numbers, time expressions."""

from __future__ import annotations

import pytest
from quantity_helpers import figures, only
from spacy.language import Language

import claimgraph.extract.quantities  # noqa: F401  (registers the factory)
from claimgraph.extract.units import read_lexicon
from claimgraph.model import Quantity, Span, TimeExpr, TimeType


@pytest.fixture(scope="module")
def nlp(quantities_nlp: Language) -> Language:
    return quantities_nlp


UNITS = read_lexicon("units.json")["units"]
SURFACES = [(e["unit"], e["kind"], s) for e in UNITS for s in e.get("surfaces", []) + e.get("cased", [])]


NUMBERS = read_lexicon("numbers.json")


@pytest.mark.parametrize(
    "text",
    [
        "The KR-41 and the Tornik-7B missiles were shown in Orsk.",
        "Pilots flew the Z-9 and the T90 over Tarsel.",
        "The Velmora Q3000 howitzer fired again.",
        "The museum has a Boeing 747 and the Apollo 13 capsule.",
        "The ceasefire began on 14 March 2021 in Orsk.",
        "The ceasefire began on March 14, 2021 in Orsk.",
        "The vote took place in 2019 in Tarsel.",
        "Growth in Tarsel stalled in 2019-2021.",
        "Growth in Tarsel stalled from 2019 to 2021.",
        "Ministers met in Orsk on 2021-03-14.",
        "The convoy left at 06:45 from Tarsel.",
        "She finished 3rd and he finished 21st in Orsk.",
        "The 1990s were hard for Tarsel.",
        "Call the Orsk desk on 0131 496 0754 today.",
        "The mayor of Tarsel released version 2.4.1 of the plan.",
        "Reporters waited at gate 12 in Tarsel.",
    ],
)
def test_not_figures(nlp: Language, text: str) -> None:
    assert [q.text for q in figures(nlp, text)] == []


@pytest.mark.parametrize("month", NUMBERS["months"])
def test_every_month_makes_a_date(nlp: Language, month: str) -> None:
    name = month.capitalize()
    assert figures(nlp, f"The fair opened on 12 {name} in Tarsel.") == []
    assert figures(nlp, f"The fair opened on {name} 12 in Tarsel.") == []


@pytest.mark.parametrize("suffix", NUMBERS["clock_suffixes"])
def test_every_clock_suffix(nlp: Language, suffix: str) -> None:
    assert figures(nlp, f"The ferry left at 7 {suffix} from Tarsel.") == []


@pytest.mark.parametrize("word", NUMBERS["label_words"])
def test_every_label_word(nlp: Language, word: str) -> None:
    assert figures(nlp, f"Reporters waited at {word} 12 in Tarsel.") == []


@pytest.mark.parametrize("word", NUMBERS["time_context_before"])
def test_every_time_context_before(nlp: Language, word: str) -> None:
    assert figures(nlp, f"It rained in Tarsel for the {word} 3 days.") == []


@pytest.mark.parametrize("word", NUMBERS["time_context_after"])
def test_every_time_context_after(nlp: Language, word: str) -> None:
    assert figures(nlp, f"It rained in Tarsel 3 days {word} the fair.") == []


def test_durations_are_measures_when_no_time_expression_claims_them(nlp: Language) -> None:
    q = only(nlp, "The crossing to Orsk took 5 hours in the storm.")
    assert (q.value, q.unit) == (5, "hour")


def test_years_can_be_counts_with_a_plural_noun(nlp: Language) -> None:
    q = only(nlp, "Velmora recruited 2024 volunteers for the census.")
    assert (q.value, q.unit) == (2024, "volunteer")


def run_with_times(
    nlp: Language, text: str, times: list[tuple[int, int]], kind: TimeType = "DURATION"
) -> list[Quantity]:
    doc = nlp.make_doc(text)
    doc._.cg_times = [
        TimeExpr(id=f"t{n}", span=Span(s, e), text=text[s:e], type=kind, value=None)
        for n, (s, e) in enumerate(times, 1)
    ]
    doc._.cg_structure = []
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    found: list[Quantity] = doc._.cg_quantities
    return found


def test_never_overlaps_a_date_expression(nlp: Language) -> None:
    text = "The ferry to Orsk sailed on 5 March and the fare was 40 euros."
    start = text.index("5 March")
    found = run_with_times(nlp, text, [(start, start + len("5 March"))], "DATE")
    assert [q.text for q in found] == ["40 euros"]
    assert found[0].id == "q1"


def test_a_duration_in_a_time_unit_is_also_a_figure(nlp: Language) -> None:
    text = "The crossing to Orsk took 5 hours and cost 40 euros."
    start = text.index("5 hours")
    found = run_with_times(nlp, text, [(start, start + len("5 hours"))])
    assert [(q.text, q.unit) for q in found] == [("5 hours", "hour"), ("40 euros", "euro")]


def test_a_duration_without_a_time_unit_is_not_a_figure(nlp: Language) -> None:
    text = "The siege of Orsk lasted 3 winters."
    start = text.index("3 winters")
    assert run_with_times(nlp, text, [(start, start + len("3 winters"))]) == []


def run_with_structure(nlp: Language, text: str, structure: list[list[int]]) -> list[str]:
    doc = nlp.make_doc(text)
    doc._.cg_structure = structure
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return [q.text for q in doc._.cg_quantities]


def test_never_inside_a_dateline(nlp: Language) -> None:
    text = "Orsk harbour news\n3 June 2030 09:15 | 4 min read\nThe port handled 40 ships."
    line = [text.index("3 June"), text.index("\nThe")]
    assert run_with_structure(nlp, text, []) == ["4 min", "40 ships"]
    assert run_with_structure(nlp, text, [line]) == ["40 ships"]


def test_structure_lines_that_are_not_datelines_keep_figures(nlp: Language) -> None:
    text = "Orsk sends 40 ships north\nThe port handled 12 barges."
    assert run_with_structure(nlp, text, [[0, text.index("\n")]]) == ["40 ships", "12 barges"]


@pytest.mark.parametrize("text", ["", "   ", "$", "between", "one-", "half", "£-"])
def test_degenerate_inputs_give_no_figures(nlp: Language, text: str) -> None:
    assert figures(nlp, text) == []


def test_a_fraction_read_as_a_duration_stays_a_fraction(nlp: Language) -> None:
    text = "Three-quarters of the Orsk council voted for the bridge."
    found = run_with_times(nlp, text, [(0, len("Three-quarters"))])
    assert [(q.text, q.value, q.unit) for q in found] == [("Three-quarters", 0.75, "fraction")]


def test_the_verb_last_is_not_a_time_context(nlp: Language) -> None:
    q = only(nlp, "The Orsk inquiry will last six months.")
    assert (q.value, q.unit) == (6, "month")
