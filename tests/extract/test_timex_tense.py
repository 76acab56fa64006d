"""Tense cues that point a weekday, month or month-day ahead of or behind the DCT.

Invented sentences; the DCT is Friday 2024-11-29 unless a test says otherwise.
"""

from __future__ import annotations

import pytest

from claimgraph.extract.timex import find_timexes, lexicon

DCT = "2024-11-29"
RAW = lexicon().raw


def values(text: str, dct: str = DCT) -> list[str | None]:
    return [t.value for t in find_timexes(text, dct)]


@pytest.mark.parametrize("abbr", RAW["abbreviations"])
def test_abbreviation_period_does_not_end_the_clause(abbr: str) -> None:
    # Cut at "Gov. " the clause would lose its "will" and the month would be last February.
    assert values(f"The Keld council will hear {abbr}. Brell in February.")[-1] == "2025-02"


def test_sentence_end_still_ends_the_clause() -> None:
    assert values("The Keld council will vote soon. Ms. Brell spoke in February.") == ["2024-02"]


def test_quoted_clause_keeps_its_own_tense() -> None:
    assert values('"The port will reopen," the Keld ferry captain said on Monday.') == ["2024-11-25"]


def test_future_cue_after_one_noun() -> None:
    assert values("The March vote will settle the Keld question.") == ["2025-03"]
    # A cue in the next clause, after a conjunction, is not the date's.
    assert values("The Olvik board met on Thursday and will meet again.") == ["2024-11-28"]


def test_since_only_looks_back() -> None:
    assert values("The Keld envoy will stay on, as he has since Monday.") == ["2024-11-25"]


def test_past_participle_before_the_date_sets_its_tense() -> None:
    assert values("The Keld envoy will appeal the ruling announced Wednesday.") == ["2024-11-27"]
    assert values("The Keld envoy will appeal the ruling on Wednesday.") == ["2024-12-04"]


def test_possessive_date_is_a_known_event() -> None:
    assert values("The Keld envoy will appeal Wednesday's ruling.") == ["2024-11-27"]


def test_past_perfect_overrides_a_plan() -> None:
    assert values("The Keld offer had been scheduled to expire on Monday.") == ["2024-11-25"]
    assert values("The Keld offer is scheduled to expire on Monday.") == ["2024-12-02"]


@pytest.mark.parametrize(
    ("sentence", "dct", "value"),
    [
        # A future clause does not move an event's date a year ahead.
        ("Keld will honour the Feb. 23 accord.", "2024-03-06", "2024-02-23"),
        ("The Keld board must act before the Jan. 14 deadline.", "2024-01-05", "2024-01-14"),
        ("Rescuers will return to the site of the Oct. 23 flood.", "2024-05-01", "2023-10-23"),
    ],
)
def test_attributive_month_day_is_the_nearest(sentence: str, dct: str, value: str) -> None:
    assert values(sentence, dct) == [value]


def test_attributive_month_is_the_nearest() -> None:
    assert values("Keld traders prepared for December deliveries.") == ["2024-12"]
    assert values("The Keld council discussed the June agreement.") == ["2024-06"]
    # Not before a noun: the product rule, the last such month.
    assert values("The Keld council met in December.") == ["2023-12"]


@pytest.mark.parametrize(("month", "word"), [(m, w) for m, words in RAW["month_noun_senses"].items() for w in words])
def test_month_as_a_noun(month: str, word: str) -> None:
    name = month.capitalize()
    assert values(f"Thousands joined the annual {name} {word} Keld workers.") == []
    assert values(f'They sang at the "{name} {word} Keld miners" rally.') == []


def test_month_as_a_month() -> None:
    assert values("In March, thousands marched in Keld.") == ["2024-03"]
    assert values("The Keld council met in March for the budget.") == ["2024-03"]
