"""Reporting periods and anaphoric granularity: quarters, halves, "a year earlier", weeks of a date, days of a
month last mentioned, vague stretches of the past, and the words that keep a time word from being a time.

Invented sentences; the DCT is Friday 2024-11-29.
"""

from __future__ import annotations

import pytest

from claimgraph.extract.timex import find_timexes, lexicon

DCT = "2024-11-29"
RAW = lexicon().raw


def found(text: str) -> list[tuple[str, str, str | None]]:
    return [(t.text, t.type, t.value) for t in find_timexes(text, DCT)]


def value_of(text: str, expression: str) -> str | None:
    return next(t.value for t in find_timexes(text, DCT) if t.text == expression)


def test_year_earlier_follows_the_quarter_reported() -> None:
    text = "Brenna Foods earned $9 million in the third quarter, up from $7 million a year earlier."
    assert value_of(text, "a year earlier") == "2023-Q3"


def test_year_earlier_after_a_longer_period_is_a_year() -> None:
    text = (
        "Brenna Foods earned $9 million in the third quarter. "
        "For the first nine months, sales rose 4% from a year earlier."
    )
    assert value_of(text, "a year earlier") == "2023"


def test_forecast_quarter_is_not_the_reported_one() -> None:
    text = (
        "Brenna Foods expects losses through the first quarter of 2025. In the year-ago period, it earned $2 million."
    )
    assert value_of(text, "the year-ago period") == "2023-Q3"


def test_corresponding_period_last_year() -> None:
    text = "Brenna Foods lost $2 million in the third quarter, against a profit in the corresponding period last year."
    assert value_of(text, "the corresponding period last year") == "2023-Q3"


def test_the_quarter_a_year_ago() -> None:
    text = "Brenna Foods earned $5 million in the third quarter. For the quarter a year ago, it lost $1 million."
    assert value_of(text, "the quarter a year ago") == "2023-Q3"


def test_quarter_named_by_its_closing_day() -> None:
    # A fiscal quarter ending July 31 covers mostly May to July: the second calendar quarter.
    text = "Brenna Foods earned $3 million in the quarter ended July 31."
    assert found(text) == [("the quarter", "DATE", "2024-Q2"), ("July 31", "DATE", "2024-07-31")]


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("the first two quarters of 2025", "2025-H1"), ("the last two quarters of this year", "2024-H2")],
)
def test_two_quarters_of_a_year_are_a_half(phrase: str, value: str) -> None:
    assert found(f"Keld expects weak sales in {phrase}.") == [(phrase, "DATE", value)]


def test_the_week_of_a_date() -> None:
    assert found("The Keld hearing is set for the week of March 4, 2024.") == [
        ("the week of March 4, 2024", "DATE", "2024-W10")
    ]


def test_same_day_of_a_month_last_mentioned_is_partly_known() -> None:
    text = "The Keld dam broke in October 2023. Rescuers arrived that same day."
    assert found(text) == [("October 2023", "DATE", "2023-10"), ("that same day", "DATE", "2023-10-XX")]
    text = "The Keld dam broke in 2019. Rescuers arrived that day."
    assert found(text) == [("2019", "DATE", "2019"), ("that day", "DATE", "2019-XX-XX")]


def test_position_inside_a_season_phrase() -> None:
    [t] = find_timexes("Keld exports were weak in the early summer.", DCT)
    assert (t.text, t.value, t.mod) == ("the early summer", "2024-SU", "START")


@pytest.mark.parametrize("word", RAW["duration_more"])
def test_duration_with_more(word: str) -> None:
    assert found(f"The Keld talks need two {word} weeks.") == [(f"two {word} weeks", "DURATION", "P2W")]


def test_additional_and_couple_of() -> None:
    assert found("The Keld lease runs for an additional year.") == [("an additional year", "DURATION", "P1Y")]
    assert found("Keld may grow over the next couple of years.") == [("the next couple of years", "DURATION", "P2Y")]


def test_recent_years_is_the_vague_past() -> None:
    assert found("Keld grew fast in recent years.") == [("recent years", "DATE", "PAST_REF")]
    assert found("Keld grew fast in past decades.") == [("past decades", "DATE", "PAST_REF")]
    # Shorter spans stay measured durations.
    assert found("Keld grew fast in recent months.") == [("recent months", "DURATION", "PXM")]


def test_year_after_post_or_pre() -> None:
    assert [v for _, _, v in found("The post-1990 boom in Keld faded.")] == ["1990"]
    assert [v for _, _, v in found("The pre-1990 mills in Keld closed.")] == ["1990"]


@pytest.mark.parametrize("idiom", RAW["idioms"])
def test_idioms_are_not_times(idiom: str) -> None:
    assert found(f"For the Keld rebels, {idiom} has come.") == []


def test_titles_in_quotes_are_not_times() -> None:
    assert found('The minister spoke on the "This Week" programme.') == []
    assert found('The minister spoke on "60 Minutes" about Keld.') == []
    assert found('"This week is hard," the Keld mayor said.') == [("This week", "DATE", "2024-W48")]


def test_second_day_of_a_pair() -> None:
    assert found("The Keld summit met on April 24 and 25.") == [
        ("April 24", "DATE", "2024-04-24"),
        ("25", "DATE", "2024-04-25"),
    ]
    assert found("The Keld summit met on March 3 or 4, 2021.")[-1] == ("4, 2021", "DATE", "2021-03-04")
    assert found("Keld turnout rose between 24 and 25%.") == []


def test_part_of_day_with_a_position() -> None:
    [t] = find_timexes("Keld shares were up 2% at mid-afternoon yesterday.", DCT)
    assert (t.text, t.type, t.value, t.mod) == ("mid-afternoon yesterday", "TIME", "2024-11-28TAF", "MID")
    text = "Fighting in Keld resumed on Tuesday. By late morning, the roads were shut."
    assert found(text)[-1] == ("late morning", "TIME", "2024-11-26TMO")
