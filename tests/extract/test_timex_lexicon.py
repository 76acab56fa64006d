"""Every entry of data/timex_lexicon.json is exercised by an invented sentence (DCT Friday 2024-11-29)."""

from __future__ import annotations

from string import capwords

import pytest

from claimgraph.extract.timex import find_timexes, lexicon
from claimgraph.model import TimeExpr

DCT = "2024-11-29"
RAW = lexicon().raw


def times(text: str) -> list[TimeExpr]:
    return find_timexes(text, DCT)


def values(text: str) -> list[str | None]:
    return [t.value for t in times(text)]


def title(word: str) -> str:
    return word[:1].upper() + word[1:]


@pytest.mark.parametrize(("word", "month"), sorted(RAW["months"].items()))
def test_month_entries_with_day_and_year(word: str, month: int) -> None:
    dot = "" if word in RAW["months_alone"] else "."
    assert values(f"The Olvik fair opened on {title(word)}{dot} 12, 2019.") == [f"2019-{month:02d}-12"]


@pytest.mark.parametrize("word", RAW["months_alone"])
def test_month_names_alone(word: str) -> None:
    month = RAW["months"][word]
    year = 2024 if month <= 11 else 2023
    assert values(f"The Olvik fair was held in {title(word)}.") == [f"{year}-{month:02d}"]


@pytest.mark.parametrize(("word", "iso"), sorted(RAW["weekdays"].items()))
def test_weekday_entries(word: str, iso: int) -> None:
    day = 29 - 5 + iso if iso <= 5 else 29 - 5 + iso - 7
    assert values(f"The Keld council met on {title(word)}.") == [f"2024-11-{day:02d}"]


@pytest.mark.parametrize(("word", "value"), sorted(RAW["numbers"].items()))
def test_number_words(word: str, value: int) -> None:
    unit = "hour" if word == "an" else "day" if word == "a" else "days"
    expected = f"PT{value}H" if word == "an" else f"P{value}D"
    assert values(f"The Brenna survey took {word} {unit}.") == [expected]


@pytest.mark.parametrize("word", RAW["vague_numbers"])
def test_vague_numbers(word: str) -> None:
    assert values(f"The Brenna survey took {word} days.") == ["PXD"]


_UNIT_VALUE = {"Y": "P2Y", "M": "P2M", "W": "P2W", "D": "P2D", "H": "PT2H", "MIN": "PT2M", "S": "PT2S",
               "DE": "P20Y", "CE": "P200Y", "Q": "P6M", "FN": "P4W", "WE": "P2WE"}  # fmt: skip


@pytest.mark.parametrize(("plural", "singular"), sorted(RAW["unit_plurals"].items()))
def test_unit_entries(plural: str, singular: str) -> None:
    assert values(f"The Tarsk inquiry lasted two {plural}.") == [_UNIT_VALUE[RAW["units"][singular]]]


@pytest.mark.parametrize(("word", "q"), sorted(RAW["ordinals"].items()))
def test_quarter_ordinals(word: str, q: int) -> None:
    assert values(f"Keld Foods lost money in the {word} quarter of 2020.") == [f"2020-Q{q}"]


@pytest.mark.parametrize(("word", "n"), sorted(RAW["century_words"].items()))
def test_century_words(word: str, n: int) -> None:
    assert values(f"The Dorvik chapel dates from the {word} century.") == [f"{n - 1:02d}"]


@pytest.mark.parametrize(("word", "d"), sorted(RAW["decade_words"].items()))
def test_decade_words(word: str, d: int) -> None:
    assert values(f"The Dorvik jazz scene peaked in the {word}.") == [f"19{d}"]


@pytest.mark.parametrize(("word", "code"), sorted(RAW["seasons"].items()))
def test_season_entries(word: str, code: str) -> None:
    assert values(f"The Keld lake flooded in the {word} of 2019.") == [f"2019-{code}"]


@pytest.mark.parametrize(
    ("code", "value"), [("SP", "2024-SP"), ("SU", "2024-SU"), ("FA", "2023-FA"), ("WI", "2023-WI")]
)
def test_season_months_decide_last_season(code: str, value: str) -> None:
    word = next(w for w, c in RAW["seasons"].items() if c == code)
    assert code in RAW["season_month"]
    assert values(f"The Keld lake flooded last {word}.") == [value]


@pytest.mark.parametrize(("word", "code"), sorted(RAW["parts_of_day"].items()))
def test_parts_of_day(word: str, code: str) -> None:
    assert values(f"The Tarsk patrol left on Wednesday {word}.") == [f"2024-11-27T{code}"]


@pytest.mark.parametrize(("word", "mod"), sorted(RAW["position_mods"].items()))
def test_position_mods(word: str, mod: str) -> None:
    target = "1990s" if word.startswith("the ") and len(word.split()) == 2 else "2019"
    if word.endswith((" half of", " week of")):
        target = "March 2019"  # part of a month ("the first half of 2019" is a half year, 2019-H1)
    sep = "" if word.endswith("-") else " "
    found = times(f"The Velmora census ran until {word}{sep}{target}.")
    assert [(t.text, t.mod) for t in found] == [(f"{word}{sep}{target}", mod or None)]


@pytest.mark.parametrize(("word", "mod"), sorted(RAW["quantity_mods"].items()))
def test_quantity_mods(word: str, mod: str) -> None:
    found = times(f"The Olvik hearing lasted {word} three hours.")
    assert [(t.text, t.value, t.mod) for t in found] == [(f"{word} three hours", "PT3H", mod)]


@pytest.mark.parametrize(("word", "value"), sorted(RAW["vague"].items()))
def test_vague_entries(word: str, value: str) -> None:
    found = times(f"Officials in Keld spoke of {word} at length.")
    assert [(t.text, t.value) for t in found] == [(word, value)]


@pytest.mark.parametrize(("word", "value"), sorted(RAW["sets"].items()))
def test_set_words(word: str, value: str) -> None:
    found = times(f"The Olvik tram is inspected {word}.")
    assert [(t.type, t.value) for t in found] == [("SET", value)]


@pytest.mark.parametrize("cue", RAW["future_cues"])
def test_future_cues_put_weekdays_ahead(cue: str) -> None:
    sep = "" if cue.startswith("'") else " "
    assert values(f"The Keld envoy{sep}{cue} visit the port on Monday.") == ["2024-12-02"]


@pytest.mark.parametrize("cue", RAW["modal_cues"])
def test_modal_cues_put_weekdays_ahead(cue: str) -> None:
    assert values(f"The Keld envoy {cue} visit the port on Monday.") == ["2024-12-02"]
    assert values(f"The Keld envoy {cue} have visited the port on Monday.") == ["2024-11-25"]


@pytest.mark.parametrize("cue", RAW["future_cues_before"])
def test_future_cues_before_only_count_before_the_date(cue: str) -> None:
    assert values(f"The Keld envoy {cue} visit the port on Monday.") == ["2024-12-02"]
    assert values(f"The Keld envoy on Monday {cue} visit the port.") == ["2024-11-25"]


def test_weekday_without_cue_is_past() -> None:
    assert values("The Keld envoy visited the port on Monday.") == ["2024-11-25"]


@pytest.mark.parametrize("prep", RAW["future_preps"])
def test_future_prepositions(prep: str) -> None:
    assert values(f"The Keld office stays shut {prep} Monday.") == ["2024-12-02"]


@pytest.mark.parametrize("noun", RAW["event_nouns"])
def test_event_nouns(noun: str) -> None:
    found = times(f"Trade in Velmora stopped after the {noun}.")
    assert [(t.anchor, t.value) for t in found] == [(f"the {noun}", None)]


@pytest.mark.parametrize(("edge", "mod"), sorted(RAW["event_edges"].items()))
def test_event_edges(edge: str, mod: str) -> None:
    found = times(f"Prices in Tarsk rose at the {edge} of the war.")
    assert [(t.text, t.mod, t.anchor) for t in found] == [(f"the {edge} of the war", mod, "the war")]


@pytest.mark.parametrize(("rel", "mod"), sorted(RAW["event_relations"].items()))
def test_event_relations(rel: str, mod: str) -> None:
    found = times(f"Prices in Tarsk rose {rel} the invasion.")
    assert [(t.text, t.mod) for t in found] == [(f"{rel} the invasion", mod)]


@pytest.mark.parametrize("word", RAW["year_followers"])
def test_year_followers_keep_a_bare_year(word: str) -> None:
    assert values(f"Yet 1990 {word} Keld changed.")[:1] == ["1990"]


@pytest.mark.parametrize("word", RAW["year_preceders"])
def test_year_preceders_make_a_year(word: str) -> None:
    sep = "" if word.startswith("'") else " "
    found = values(f"Records{sep}{word} 1990 survived in Keld.")
    assert any(v is not None and v.startswith("1990") for v in found), found


_HOLIDAYS = {
    "christmas day": "2023-12-25", "christmas": "2023-12-25", "christmas eve": "2023-12-24",
    "new year's day": "2024-01-01", "new year's eve": "2023-12-31", "independence day": "2024-07-04",
    "halloween": "2024-10-31", "valentine's day": "2024-02-14", "thanksgiving day": "2024-11-28",
    "thanksgiving": "2024-11-28", "election day": "2024-11-05", "labor day": "2024-09-02",
    "memorial day": "2024-05-27",
}  # fmt: skip


@pytest.mark.parametrize("word", sorted(RAW["holidays"]))
def test_holidays_resolve_to_the_latest_one(word: str) -> None:
    assert values(f"The Keld parade was held on {capwords(word)}.") == [_HOLIDAYS[word]]


def test_last_holiday_is_strictly_before_the_dct() -> None:
    assert find_timexes("The Olvik fair closed last Thanksgiving.", "2024-11-28")[0].value == "2023-11-23"


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The Brenna mill burned in nineteen ninety-six.", "1996"),
        ("The Brenna mill was founded in eighteen seventy.", "1870"),
    ],
)
def test_spoken_years(sentence: str, value: str) -> None:
    assert values(sentence) == [value]


@pytest.mark.parametrize(("word", "value"), [("years", "PXY"), ("weeks", "PXW"), ("centuries", "PXY")])
def test_bare_plural_durations(word: str, value: str) -> None:
    found = times(f"The Dorvik road has been closed for {word}.")
    assert [(t.text, t.type, t.value) for t in found] == [(word, "DURATION", value)]
