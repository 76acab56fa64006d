"""Reference-time rules of the second pass: tense cues, closing dates, "the year", spoken years, ages.

Invented sentences; the DCT is Friday 2024-11-29.
"""

from __future__ import annotations

import pytest

from claimgraph.extract.timex import find_timexes, lexicon

DCT = "2024-11-29"
RAW = lexicon().raw


def found(text: str) -> list[tuple[str, str, str | None]]:
    return [(t.text, t.type, t.value) for t in find_timexes(text, DCT)]


# One sentence per past cue: the cue keeps a date after a future preposition ("until") in the past.
_PAST_CUE_SENTENCES = {
    "had": "Until Monday, the Keld council had not met.",
    "ended": "The Keld office stayed shut until Monday, when the strike ended.",
}


def test_every_past_cue_has_a_sentence() -> None:
    assert set(_PAST_CUE_SENTENCES) == set(RAW["past_cues"])


@pytest.mark.parametrize("cue", RAW["past_cues"])
def test_past_cue_overrides_future_preposition(cue: str) -> None:
    assert found(_PAST_CUE_SENTENCES[cue]) == [("Monday", "DATE", "2024-11-25")]


def test_future_preposition_without_past_cue_points_ahead() -> None:
    assert found("Until Monday, the Keld council will not meet.") == [("Monday", "DATE", "2024-12-02")]


def test_month_day_in_future_clause_is_the_next_one() -> None:
    assert found("The Olvik port will reopen on June 1.") == [("June 1", "DATE", "2025-06-01")]
    assert found("The Olvik port reopened on June 1.") == [("June 1", "DATE", "2024-06-01")]


def test_future_clause_keeps_a_date_of_the_last_days() -> None:
    # A deadline two days before the DCT is the one just passed, not next year's.
    assert found("Lenders must repay the loans by Nov. 27, the Keld regulator said.") == [
        ("Nov. 27", "DATE", "2024-11-27")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Brenna Foods earned $4 million in the quarter ended Jan. 31.",
        "Brenna Foods is expected to report results for the quarter ended Jan. 31.",
    ],
)
def test_closing_date_after_ended_is_past(sentence: str) -> None:
    # Without the cue Jan. 31 would be read as the announced date two months ahead.
    assert ("Jan. 31", "DATE", "2024-01-31") in found(sentence)


def test_the_year_is_the_reported_year() -> None:
    assert found("Brenna Foods said sales fell 3% for the year.") == [("the year", "DATE", "2024")]
    assert found("Brenna Foods expects a loss for the fiscal year.") == [("the fiscal year", "DATE", "2024")]


@pytest.mark.parametrize(
    "sentence",
    ["Brenna Foods earned $9 million for the year ended June 30.", "Prices in Keld rose throughout the year."],
)
def test_the_year_as_a_span(sentence: str) -> None:
    assert found(sentence)[0] == ("the year", "DURATION", "P1Y")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The Olvik choir sang of the year two thousand and one.", ("the year two thousand and one", "DATE", "2001")),
        (
            "In January nineteen ninety-seven the Keld bridge closed.",
            ("January nineteen ninety-seven", "DATE", "1997-01"),
        ),
        (
            "The Keld floods of the winter of nineteen ninety-four.",
            ("the winter of nineteen ninety-four", "DATE", "1994-WI"),
        ),
        ("The Keld plan runs to the year 2030.", ("the year 2030", "DATE", "2030")),
    ],
)
def test_named_and_spoken_years(sentence: str, expected: tuple[str, str, str]) -> None:
    assert found(sentence) == [expected]


def test_two_thousand_alone_is_a_count() -> None:
    assert found("The Keld army has two thousand soldiers.") == []


def test_age_is_not_a_duration() -> None:
    assert found("Ms. Varga, 52 years old, leads the Olvik council.") == []
    assert found("Ms. Varga served 52 years on the Olvik council.") == [("52 years", "DURATION", "P52Y")]


def test_earlier_belongs_to_the_expression() -> None:
    assert found("Earlier this month, the Olvik mayor resigned.") == [("Earlier this month", "DATE", "2024-11")]


def test_the_full_year_is_the_reported_year() -> None:
    assert found("Brenna Foods expects a profit for the full year.") == [("the full year", "DATE", "2024")]
    assert found("The full day was lost in Keld.") == []


def test_last_half_of_a_year_is_its_second_half() -> None:
    assert found("Keld exports slowed in the last half of 2019.") == [("the last half of 2019", "DATE", "2019-H2")]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Keld exports slowed in the first half of the year.", ("the first half of the year", "DATE", "2024-H1")),
        ("Keld exports slowed in the last half of the year.", ("the last half of the year", "DATE", "2024-H2")),
        ("Olvik sales rose in the third quarter of the year.", ("the third quarter of the year", "DATE", "2024-Q3")),
        (
            "Olvik expects growth in the fourth quarter of the current year.",
            ("the fourth quarter of the current year", "DATE", "2024-Q4"),
        ),
        ("Olvik sales rose in the last quarter of 2019.", ("the last quarter of 2019", "DATE", "2019-Q4")),
        ("Olvik sales rose in the last quarter of the year.", ("the last quarter of the year", "DATE", "2024-Q4")),
    ],
)
def test_a_named_part_of_the_year_is_one_expression(text: str, want: tuple[str, str, str]) -> None:
    assert found(text) == [want]


def test_an_unnamed_quarter_leaves_the_year_alone() -> None:
    assert found("Brenna Foods had its best quarter of the year.") == [("the year", "DATE", "2024")]


def test_the_morning_follows_the_day_last_mentioned() -> None:
    text = "Trading in Olvik resumed on Tuesday. Dealers placed orders in the morning."
    assert found(text) == [("Tuesday", "DATE", "2024-11-26"), ("the morning", "TIME", "2024-11-26TMO")]
    assert found("Dealers in Olvik placed orders this morning.") == [("this morning", "TIME", "2024-11-29TMO")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a day named in an earlier sentence is not the clock's day: the report's own day is
        (
            "Keld delegates met on Tuesday. The talks resume at 1430 GMT.",
            [("Tuesday", "DATE", "2024-11-26"), ("1430 GMT", "TIME", "2024-11-29T14:30")],
        ),
        (
            "Olvik bonds firmed yesterday.\n    At 0915 GMT the index was flat.",
            [("yesterday", "DATE", "2024-11-28"), ("0915 GMT", "TIME", "2024-11-29T09:15")],
        ),
        # a day named earlier in the same sentence is
        (
            "The Tarsk board meets tomorrow at 1000 hrs EST (1500 GMT) in Brenna.",
            [
                ("tomorrow", "DATE", "2024-11-30"),
                ("1000 hrs EST", "TIME", "2024-11-30T10:00"),
                ("1500 GMT", "TIME", "2024-11-30T15:00"),
            ],
        ),
        # and so is a date written right after it, for the clock time and its conversion alike
        (
            "Bids for the Orsk grain are due at 1530 hrs EST (2030 GMT) on December 3.",
            [
                ("1530 hrs EST", "TIME", "2024-12-03T15:30"),
                ("2030 GMT", "TIME", "2024-12-03T20:30"),
                ("December 3", "DATE", "2024-12-03"),
            ],
        ),
        # one noun the clock names may stand between them
        (
            "The Keld dockers ignored the noon deadline yesterday.",
            [("noon", "TIME", "2024-11-28T12:00"), ("yesterday", "DATE", "2024-11-28")],
        ),
        # a function word may not: the date belongs to something else
        (
            "Olvik bonds were flat at noon against Tuesday's close.",
            [("noon", "TIME", "2024-11-29T12:00"), ("Tuesday", "DATE", "2024-11-26")],
        ),
        # "clock, date" is one expression
        (
            "The Velmora offer runs until 1700 EST, December 6, its sponsors said.",
            [("1700 EST, December 6", "TIME", "2024-12-06T17:00")],
        ),
    ],
)
def test_a_clock_time_without_its_day(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(text) == expected


def test_a_date_further_on_does_not_name_the_clock_day() -> None:
    text = "Keld shares rose at 1100 GMT after the ruling of November 12."
    assert found(text) == [("1100 GMT", "TIME", "2024-11-29T11:00"), ("November 12", "DATE", "2024-11-12")]


def test_expiring_contracts_point_ahead() -> None:
    assert found("The Tarsk port contract expires on March 31.") == [("March 31", "DATE", "2025-03-31")]
    assert found("The Tarsk port contract expired on March 31.") == [("March 31", "DATE", "2024-03-31")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Olvik output fell in the first half of October.",
            [("the first half of October", "DATE", "2024-10", "START")],
        ),
        ("Keld prices rose in the last week of October.", [("the last week of October", "DATE", "2024-10", "END")]),
        # a half of a year stays a half year
        ("Keld prices rose in the second half of 2023.", [("the second half of 2023", "DATE", "2023-H2", None)]),
    ],
)
def test_part_of_a_month_is_that_month(text: str, expected: list[tuple[str, str, str, str | None]]) -> None:
    assert [(t.text, t.type, t.value, t.mod) for t in find_timexes(text, DCT)] == expected
