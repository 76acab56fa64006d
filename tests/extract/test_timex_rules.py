"""One invented sentence per rule class of the TIMEX3 normaliser, against a fixed DCT (Friday 2024-11-29)."""

from __future__ import annotations

import pytest

from claimgraph.extract.timex import find_timexes
from claimgraph.model import TimeExpr

DCT = "2024-11-29"


def times(text: str, dct: str | None = DCT) -> list[TimeExpr]:
    found = find_timexes(text, dct)
    for t in found:
        assert t.text == text[t.span.start : t.span.end]
    return found


def only(text: str, dct: str | None = DCT) -> TimeExpr:
    found = times(text, dct)
    assert len(found) == 1, [(t.text, t.value) for t in found]
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "surface", "value"),
    [
        ("The pact of Velmora was signed on 29 November 2024 by both mayors.", "29 November 2024", "2024-11-29"),
        ("Tarsk Mills opened its second plant on Nov. 29, 2024, after a long delay.", "Nov. 29, 2024", "2024-11-29"),
        ("The ferry to Olvik resumed service on November 29 despite the storm.", "November 29", "2024-11-29"),
        ("The registry lists the filing as 2024-11-29 in its public log.", "2024-11-29", "2024-11-29"),
        ("The permit, dated 29/11/2024, was posted at the town hall.", "29/11/2024", "2024-11-29"),
        ("The Brenna council first met on 3rd of March 2021 in a school gym.", "3rd of March 2021", "2021-03-03"),
    ],
)
def test_absolute_date_forms(sentence: str, surface: str, value: str) -> None:
    t = only(sentence)
    assert (t.text, t.type, t.value) == (surface, "DATE", value)


@pytest.mark.parametrize(
    ("sentence", "surface", "value"),
    [
        # wire style spells out days under ten
        ("The Olvik dividend is payable December six to holders of record.", "December six", "2024-12-06"),
        ("Keld Mills pays its holders of record November one.", "November one", "2024-11-01"),
        ("The Brenna vote is set for December Two, the council said.", "December Two", "2024-12-02"),
        ("Tarsk Mills will redeem its notes on May one, 2025.", "May one, 2025", "2025-05-01"),
    ],
)
def test_month_with_a_spelled_day(sentence: str, surface: str, value: str) -> None:
    t = only(sentence)
    assert (t.text, t.type, t.value) == (surface, "DATE", value)


def test_month_before_a_counted_number_word_is_the_month() -> None:
    assert [(t.text, t.value) for t in times("In November nine Olvik ferries were idle.")] == [("November", "2024-11")]
    assert [(t.text, t.value) for t in times("Olvik output in March two years ago was low.")] == [
        ("March", "2024-03"),
        ("two years ago", "2022"),
    ]


def test_dateline_with_clock_time_is_time() -> None:
    t = only("29 November 2024 14:21")
    assert (t.type, t.value) == ("TIME", "2024-11-29T14:21")


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("In November the harbour authority of Keld raised its fees.", "2024-11"),
        ("The Dorvik bridge was closed in August for repairs.", "2024-08"),
        ("Fishermen in Olvik protested in December over the quotas.", "2023-12"),
        ("The council of Brenna will vote on the budget in January.", "2025-01"),
    ],
)
def test_months_resolve_to_latest_not_after_dct_unless_future(sentence: str, value: str) -> None:
    assert only(sentence).value == value


def test_this_year_and_month_of_this_year_is_one_expression() -> None:
    found = times("Exports from Velmora fell this year, after a strike began in August of this year.")
    assert [(t.text, t.value) for t in found] == [("this year", "2024"), ("August of this year", "2024-08")]


def test_past_n_months_is_anchored_duration() -> None:
    t = only("Prices in Tarsk doubled over the past 12 months, the bakers' guild said.")
    assert (t.text, t.type, t.value, t.begin, t.end) == (
        "the past 12 months",
        "DURATION",
        "P12M",
        "2023-11-29",
        "2024-11-29",
    )


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The Keld mill stopped production last week.", "2024-W47"),
        ("The mayor of Olvik resigned last year amid a scandal.", "2023"),
        ("The tunnel under the Brenna river opens next month.", "2024-12"),
        ("The fort at Dorvik was rebuilt two years ago.", "2022"),
        ("The strike in Tarsk began yesterday.", "2024-11-28"),
        ("The results from the Velmora count arrive tomorrow.", "2024-11-30"),
        ("The Keld assembly sits today.", "2024-11-29"),
    ],
)
def test_relative_dates(sentence: str, value: str) -> None:
    assert only(sentence).value == value


def test_reference_time_follows_last_absolute_date() -> None:
    found = times(
        "The talks in Velmora opened on 3 March 2021. A week later the envoys left, and the next day they spoke."
    )
    assert [t.value for t in found] == ["2021-03-03", "2021-03-10", "2021-03-11"]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The Olvik ministry said on Tuesday that the levy would stay.", "2024-11-26"),
        ("The envoy from Keld will arrive on Monday.", "2024-12-02"),
        ("The fire at the Brenna depot broke out on Tuesday morning.", "2024-11-26TMO"),
        ("The Dorvik archive reopened last Friday.", "2024-11-22"),
    ],
)
def test_weekdays_follow_tense(sentence: str, value: str) -> None:
    assert only(sentence).value == value


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The Velmora canal froze in the summer of 2023.", "2023-SU"),
        ("The harvest in Tarsk failed last winter.", "2023-WI"),
        ("The Keld orchards bloomed early this spring.", "2024-SP"),
    ],
)
def test_seasons(sentence: str, value: str) -> None:
    t = times(sentence)[0]
    assert t.value == value


def test_decades_and_centuries() -> None:
    found = times("The mines of Dorvik boomed in the 1990s, faded in the early 1980s and date from the 19th century.")
    assert [(t.value, t.mod) for t in found] == [("199", None), ("198", "START"), ("18", None)]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Olvik Shipping lost money in the third quarter.", "2024-Q3"),
        ("Keld Foods expects a rebound in the fourth quarter.", "2024-Q4"),
        ("Brenna Steel reported its Q2 2023 figures late.", "2023-Q2"),
        ("Velmora Rail earned less in fiscal 2023 than forecast.", "2023"),
    ],
)
def test_quarters_and_fiscal_years(sentence: str, value: str) -> None:
    assert only(sentence).value == value


def test_clock_time_takes_dct_day() -> None:
    t = only("The Tarsk market closes at 3 p.m. for the holiday.")
    assert (t.text, t.type, t.value) == ("3 p.m.", "TIME", "2024-11-29T15:00")


@pytest.mark.parametrize(
    ("sentence", "surface", "value"),
    [
        ("Bids for the Tarsk bonds close at 1430 GMT.", "1430 GMT", "2024-11-29T14:30"),
        ("The Velmora index slipped at 0915 hrs EST on thin trade.", "0915 hrs EST", "2024-11-29T09:15"),
        ("Keld council will meet at 1900 hours local for the vote.", "1900 hours local", "2024-11-29T19:00"),
        ("The Orsk launch went ahead at 2305 local time.", "2305 local time", "2024-11-29T23:05"),
        ("Trading in Brenna stops at 1600 hrs on the eve of the holiday.", "1600 hrs", "2024-11-29T16:00"),
        ("Orsk traders quoted the lira at 1030 CST tomorrow.", "1030 CST tomorrow", "2024-11-30T10:30"),
    ],
)
def test_wire_four_digit_clock_with_a_zone_or_hrs(sentence: str, surface: str, value: str) -> None:
    t = only(sentence)
    assert (t.text, t.type, t.value) == (surface, "TIME", value)


@pytest.mark.parametrize(
    ("sentence", "surface", "value"),
    [
        # a four-digit figure of hours with no zone after it is a duration, and a bare one a year
        ("The Tarsk crews logged 1200 hours of flight last winter.", "1200 hours", "PT1200H"),
        ("The Keld abbey was rebuilt in 1987 after the fire.", "1987", "1987"),
    ],
)
def test_four_digits_without_a_zone_stay_durations_or_years(sentence: str, surface: str, value: str) -> None:
    t = times(sentence)[0]
    assert (t.text, t.value) == (surface, value)


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The Olvik ferry sails every week to the islands.", "P1W"),
        ("The Keld bulletin is printed daily by volunteers.", "P1D"),
        ("The Brenna festival is held annually in the old square.", "P1Y"),
    ],
)
def test_sets(sentence: str, value: str) -> None:
    t = only(sentence)
    assert (t.type, t.value) == ("SET", value)


@pytest.mark.parametrize(
    ("sentence", "surface", "value", "mod"),
    [
        ("The Dorvik dam was finished in early 2024.", "early 2024", "2024", "START"),
        ("The repairs in Velmora took about three years.", "about three years", "P3Y", "APPROX"),
        ("The Tarsk vote was postponed to late November.", "late November", "2024-11", "END"),
        ("The siege of the old fort lasted more than two weeks.", "more than two weeks", "P2W", "MORE_THAN"),
    ],
)
def test_mods(sentence: str, surface: str, value: str, mod: str) -> None:
    t = only(sentence)
    assert (t.text, t.value, t.mod) == (surface, value, mod)


def test_event_anchored_expressions_keep_the_event_not_a_date() -> None:
    found = times("Since the beginning of the war, the Keld docks have been idle; trade resumed after the election.")
    assert [(t.text, t.value, t.anchor, t.mod) for t in found] == [
        ("the beginning of the war", None, "the war", "START"),
        ("after the election", None, "the election", "AFTER"),
    ]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The Olvik museum is now closed to visitors.", "PRESENT_REF"),
        ("The Brenna court recently fined the firm.", "PAST_REF"),
        ("The Velmora port hopes to grow in the future.", "FUTURE_REF"),
    ],
)
def test_vague_references(sentence: str, value: str) -> None:
    assert only(sentence).value == value


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials in Tarsk may announce the result soon after the count.",
        "May the talks in Keld bring calm, the bishop said.",
        "The army of Dorvik fielded the M1989 howitzer and the KN-23 missile.",
        "The missile has a range of about 600 kilometres.",
        "Some 1,000 volunteers and 2,023 soldiers joined the effort.",
        "The regiment sent 2023 soldiers to the border.",
    ],
)
def test_not_time_expressions(sentence: str) -> None:
    assert [t.text for t in times(sentence)] == []


def test_may_capitalised_in_date_context_is_the_month() -> None:
    assert only("The Keld referendum was held in May.").value == "2024-05"


def test_years_in_date_context() -> None:
    found = times("The Brenna canal opened in 1998, and 2023's floods damaged it.")
    assert [t.value for t in found] == ["1998", "2023"]


def test_no_dct_leaves_placeholders() -> None:
    found = times("Output at Olvik rose this year and dipped in August.", None)
    assert [t.value for t in found] == ["XXXX", "XXXX-08"]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The Velmora strike lasted three hours.", "PT3H"),
        ("The mayor of Keld won a two-year term.", "P2Y"),
        ("The Brenna trial took 2 1/2 years.", "P2Y6M"),
        ("The Tarsk inquiry ran for several months.", "PXM"),
    ],
)
def test_durations(sentence: str, value: str) -> None:
    t = only(sentence)
    assert (t.type, t.value) == ("DURATION", value)


def test_ids_in_text_order() -> None:
    found = times("On Monday the Olvik board met; on Tuesday it voted; next week it reports.")
    assert [t.id for t in found] == ["t1", "t2", "t3"]


def test_cue_windows_find_what_a_full_scan_finds() -> None:
    # "İ" lower-cases to two characters, which makes the recogniser scan the whole text instead of cue windows.
    text = (
        "The Keld assembly met on Tuesday morning, three days after the vote of 3 March 2021. "
        "Since the beginning of the war, trade fell 12% in the third quarter and recently rose again; "
        "the ferry sails every week, and the inquiry will report in January, about two years from now."
    )
    windowed = [(t.text, t.value) for t in find_timexes(text, DCT)]
    scanned = [(t.text, t.value) for t in find_timexes(text + " İ", DCT)]
    assert len(windowed) >= 8
    assert windowed == scanned


def test_timex_set_carries_every_quantifier() -> None:

    from claimgraph.extract.timex import find_timexes as _find

    found = _find("The regional council publishes its water report annually.", "2024-11-29")
    assert [(t.type, t.value, t.quant) for t in found] == [("SET", "P1Y", "EVERY")]


@pytest.mark.parametrize(
    ("sentence", "surface"),
    [
        ("The ferry crossed the strait on 1 April. The harbour then closed.", "1 April"),
        ("The Olvik mill closed on 3 May. The harbour then shut.", "3 May"),
        ("The Olvik mill closed on 3 Mar. The harbour then shut.", "3 Mar."),
        ("The Olvik mill reopened on Sept. 4, and the harbour closed.", "Sept. 4"),
    ],
)
def test_a_sentence_full_stop_is_no_part_of_a_month_name(sentence: str, surface: str) -> None:
    # a date that took the full stop ended past its clause, so the claim it dates lost its as-of date
    assert only(sentence).text == surface


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The Tarsk exchange will trade from 1700 to 2100 local time.",
            [("1700", "2024-11-29T17:00"), ("2100 local time", "2024-11-29T21:00")],
        ),
        (
            "Keld polling stations stay open until 2000 or 2100 GMT.",
            [("2000", "2024-11-29T20:00"), ("2100 GMT", "2024-11-29T21:00")],
        ),
        (
            "The Velmora tender is held between 0700 and 0730 hours GMT.",
            [("0700", "2024-11-29T07:00"), ("0730 hours GMT", "2024-11-29T07:30")],
        ),
        # a year that is no clock stays a year before one
        (
            "Olvik extended its notes due 1992 to 1700 EST.",
            [("1992", "1992"), ("1700 EST", "2024-11-29T17:00")],
        ),
        # and years of a range stay years
        ("Brenna grew fast from 1900 to 1920.", [("1900", "1900"), ("1920", "1920")]),
    ],
)
def test_the_first_of_two_wire_clock_times_is_one_too(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.value) for t in times(sentence)] == expected
