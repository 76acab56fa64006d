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


# -- modal verbs: a weaker future cue ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The Keld council may vote on the harbour budget in February.",
        "The Keld ministers could also raise the toll from February, two delegates said.",
        "Dockworkers in Olvik might strike again in February.",
        "The Keld vote should take place in February.",
        "The Olvik toll can rise in February under the new rules.",
        "The harbour must reopen by February, the Keld mayor said.",
        # a modal within a word after the date, as with "will"
        "The February vote could settle the Keld question.",
    ],
)
def test_modal_puts_a_month_ahead(sentence: str) -> None:
    assert values(sentence) == ["2025-02"]


@pytest.mark.parametrize(
    "sentence",
    [
        # a perfect after the modal looks back
        "The Keld plant may have closed in February.",
        "The Keld plant could not have closed in February.",
        # "could not" is past ability
        "The Keld board could not agree in February.",
        # the month May is never the modal
        "Keld output fell in May and rose again in February.",
        # a modal speaks for its own verb phrase: after ", and" the past verb holds the date
        "The Keld court ruled that the ferry must stop, and set February as the deadline.",
    ],
)
def test_modal_does_not_reach_a_past_date(sentence: str) -> None:
    assert values(sentence)[-1] == "2024-02"


def test_modal_leaves_the_months_just_past_in_the_past() -> None:
    # November 2024 DCT: October and September are figures just out; a firm cue still looks a year ahead
    assert values("Keld exports should show a rise from October.") == ["2024-10"]
    assert values("Keld exports should show a rise from September.") == ["2024-09"]
    assert values("Keld exports should show a rise from August.") == ["2025-08"]
    assert values("Keld exports will show a rise from October.") == ["2025-10"]


def test_modal_leaves_the_quarter_just_ended_in_the_past() -> None:
    dct = "2025-02-10"
    assert values("Keld Mining might cut its dividend after a loss in the fourth quarter.", dct) == ["2024-Q4"]
    assert values("Keld Mining will report a profit in the fourth quarter.", dct) == ["2025-Q4"]
    assert values("Keld Mining output could rise in the third quarter.", dct) == ["2025-Q3"]
    assert values("Keld Mining output rose in the third quarter.", dct) == ["2024-Q3"]


def test_modal_leaves_the_days_just_past_in_the_past() -> None:
    dct = "2025-04-08"
    assert values("Keld inflation should peak at 5 pct on March 31.", dct) == ["2025-03-31"]
    assert values("Keld inflation will peak at 5 pct on March 31.", dct) == ["2026-03-31"]
    assert values("Keld inflation may peak at 5 pct on June 30.", dct) == ["2025-06-30"]


def test_modal_puts_a_weekday_ahead() -> None:
    # DCT Friday 2024-11-29
    assert values("The Olvik ferry may sail on Tuesday.") == ["2024-12-03"]
    assert values("The Olvik ferry sailed on Tuesday.") == ["2024-11-26"]


# -- commitments, scheduled present tense, edges after "until" --------------------------------------------------


def test_commitment_before_a_date_puts_it_ahead() -> None:
    assert values("The Keld minister pledged to cut output in February.") == ["2025-02"]
    assert values("The Olvik bank has promised to repay the loan in February.") == ["2025-02"]


def test_commitment_after_a_date_is_when_it_was_made() -> None:
    # "On Tuesday the bank offered to ...": the offer was made on the past Tuesday
    assert values("On Tuesday the Olvik bank offered to buy the Keld shares.") == ["2024-11-26"]
    assert values("The Olvik bank on Tuesday offered to buy the Keld shares.") == ["2024-11-26"]


def test_scheduled_present_tense_is_ahead() -> None:
    assert values("The Keld tariff takes effect in February.") == ["2025-02"]
    assert values("The Olvik rules come into force in February.") == ["2025-02"]
    assert values("The Keld tariff took effect in February.") == ["2024-02"]


def test_until_the_end_of_a_month_is_ahead() -> None:
    assert values("The Keld office stays shut until the end of February.") == ["2025-02"]
    # "by the end of" is left to the clause: stocks climbed there, so no future reading is forced
    assert values("Keld stocks climbed to 2 mln tonnes by the end of February.") == ["2024-02"]


def test_possessive_before_a_month_names_a_known_event() -> None:
    assert values("The Keld mill cut output ahead of its December pledge.") == ["2024-12"]
    assert values("The Keld unions recalled their March strike.") == ["2024-03"]


def test_past_copula_before_a_future_preposition_looks_back() -> None:
    assert values("The Keld cuts were effective November one.") == ["2024-11-01"]
    assert values("The Olvik office was closed until Tuesday.") == ["2024-11-26"]
    assert values("The Olvik office stays closed until Tuesday.") == ["2024-12-03"]
    # a postponement still points ahead
    assert values("The Olvik hearing was postponed until Tuesday.") == ["2024-12-03"]
    assert values("The Olvik talks were delayed until Tuesday.") == ["2024-12-03"]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        # a participle after "will be", "to be" or "would be" is a plan, not a past verb
        ("The Keld ruling will be announced Monday.", "2024-12-02"),
        ("Olvik trade data, to be released on Monday, may show a gap.", "2024-12-02"),
        ("The Velmora merger would be completed on Monday.", "2024-12-02"),
        # after "was", "had been" or "could be" it still tells the past
        ("The Keld ruling was announced Monday.", "2024-11-25"),
        ("The Keld ruling had been announced on Monday.", "2024-11-25"),
        ("Its Keld envoy could not be reached Monday.", "2024-11-25"),
    ],
)
def test_a_participle_after_be(sentence: str, value: str) -> None:
    assert values(sentence) == [value]


def test_a_start_before_the_date_is_past() -> None:
    # "began" is past whatever modal follows the date, and a season that "started" on a day has started
    assert values("The Orsk season that began on March 3 might end early.") == ["2024-03-03"]
    assert values("Keld has sold 4 mln tonnes since the season started January 2.") == ["2024-01-02"]
    assert values("The Orsk season that begins on March 3 might end early.") == ["2025-03-03"]
    # other past verbs often name a coming date, so they do not count before a month-day
    assert values("Keld banks must buy back securities pledged on January 2.") == ["2025-01-02"]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        # a timetable verb in the present names a coming day
        ("Keld is expected to hold rates when its council meets on Thursday.", "2024-12-05"),
        ("The Orsk share offer closes on Monday.", "2024-12-02"),
        # told in the past, or as a noun, it does not
        ("The Keld council met on Thursday.", "2024-11-28"),
        ("The Orsk pact was rejected in a vote Thursday.", "2024-11-28"),
        ("The Keld offer had been due to close on Monday.", "2024-11-25"),
    ],
)
def test_a_timetable_verb_points_ahead(sentence: str, value: str) -> None:
    assert values(sentence) == [value]


def test_may_after_a_possessive_is_the_month_of_the_noun_it_dates() -> None:
    assert values("Surveys put Velora's May output at 1.9 mln bpd.") == ["2024-05"]
    # a person's name after a possessive, or the modal, is no month
    assert values("Prices will ease, said Halvern Bank's May.") == []
    assert values("Velora's officials May be wrong about the Keld figures.") == []
