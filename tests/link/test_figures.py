"""Figures over time: consistent, revised, conflict — only after value, unit, as-of date, source and hedge."""

from __future__ import annotations

from claimgraph.link.figures import Figure, classify, compare, content_words
from claimgraph.link.records import ClaimRef
from claimgraph.model import Quantity, Span


def fig(
    value: float | None,
    cls: str,
    as_of: str,
    asserted: bool = True,
    low: float | None = None,
    high: float | None = None,
    name: str = "x",
    direction: str | None = None,
    origin: str = "",
    subjects: frozenset[int] = frozenset(),
    measured: str | None = None,
    story: str = "",
    text: str = "n",
    words: frozenset[str] = frozenset(),
) -> Figure:
    q = Quantity(
        id="q1",
        span=Span(0, 1),
        text=text,
        value=value,
        low=low,
        high=high,
        unit="container",
        approx=None,
        approx_class=cls,
        direction=direction,
    )
    return Figure(
        ref=ClaimRef(name, "c1"),
        quantity=q,
        as_of=as_of,
        asserted=asserted,
        source="s",
        origin=origin,
        story=story,
        subjects=subjects,
        measured=measured,
        words=words,
    )


def test_figures_overlapping_approximations_are_consistent() -> None:
    assert classify(fig(20000, "~", "2024-11"), fig(21000, "~", "2024-11"))[0] == "consistent"


def test_figures_upper_bound_and_range_overlap_is_consistent() -> None:
    assert classify(fig(5000, "<", "2024-05"), fig(None, "=", "2024-05", low=4000, high=6000))[0] == "consistent"


def test_figures_same_frame_both_asserted_incompatible_is_conflict() -> None:
    assert classify(fig(1200, "=", "2025-04-01", name="a"), fig(4500, "=", "2025-04-01", name="b"))[0] == "conflict"


def test_figures_two_figures_of_one_article_are_never_a_conflict() -> None:
    # "productivity fell 2.8 pct" and, further down, "non-farm productivity fell 1.7 pct"
    label, reason = classify(fig(1200, "=", "2025-04-01", name="a"), fig(4500, "=", "2025-04-01", name="a"))
    assert label == "revised"
    assert "one article" in reason


def test_figures_of_two_copies_of_one_story_are_never_a_conflict() -> None:
    a = fig(1200, "=", "2025-04-01", name="a", story="a")
    label, reason = classify(a, fig(4500, "=", "2025-04-01", name="b", story="a"))
    assert (label, "copies of one story" in reason) == ("revised", True)
    assert classify(a, fig(4500, "=", "2025-04-01", name="b", story="b"))[0] == "conflict"


def test_figures_later_as_of_date_is_a_revised_estimate() -> None:
    assert classify(fig(5000, "<", "2024-05"), fig(20000, "~", "2024-11"))[0] == "revised"


def test_figures_two_hedged_estimates_from_different_dates_are_never_a_conflict() -> None:
    label, _ = classify(fig(2000, "<", "2024-09", asserted=False), fig(5000, "~", "2025-01", asserted=False))
    assert label == "revised"


def test_figures_hedged_figure_in_the_same_frame_is_revised_not_conflict() -> None:
    assert classify(fig(1200, "=", "2025-04"), fig(4500, "=", "2025-04", asserted=False))[0] == "revised"


def test_figures_a_change_is_never_compared_with_a_level() -> None:
    cut = fig(200_000, "=", "2025-06", name="a", direction="down")
    level = fig(1_900_000, "=", "2025-06", name="b")
    assert compare([cut, level]) == []


def test_figures_a_rise_and_a_fall_of_the_same_size_conflict() -> None:
    rise = fig(5, "=", "2025-06", name="a", direction="up", origin="ministry")
    fall = fig(5, "=", "2025-06", name="b", direction="down", origin="survey")
    [pair] = compare([rise, fall])
    assert pair.label == "conflict"
    assert classify(rise, fig(5, "~", "2025-06", direction="up"))[0] == "consistent"


def test_figures_about_different_subjects_are_not_compared() -> None:
    velora = fig(1_900_000, "=", "2025-05", name="a", subjects=frozenset({1}))
    marovia = fig(4_800_000, "=", "2025-05", name="b", subjects=frozenset({2}))
    assert compare([velora, marovia]) == []
    also_velora = fig(1_620_000, "=", "2025-05", name="c", subjects=frozenset({1, 3}), origin="ministry")
    [pair] = compare([fig(1_900_000, "=", "2025-05", name="a", subjects=frozenset({1}), origin="survey"), also_velora])
    assert pair.label == "conflict"


def test_figures_of_different_named_measures_are_not_compared() -> None:
    quota = fig(15_800_000, "=", "2025-05", name="a", origin="x", measured="quota")
    output = fig(14_700_000, "=", "2025-05", name="b", origin="y", measured="output")
    assert compare([quota, output]) == []
    # nor is a figure whose measure is named with one whose measure is not
    assert compare([quota, fig(14_700_000, "=", "2025-05", name="c", origin="y")]) == []
    [pair] = compare([output, fig(14_600_000, "=", "2025-05", name="d", origin="z", measured="output")])
    assert pair.label == "conflict"
    # two figures with no measure word nearby are compared by their unit
    [pair] = compare(
        [fig(14_700_000, "=", "2025-05", name="e", origin="y"), fig(9, "=", "2025-05", name="f", origin="z")]
    )
    assert pair.label == "conflict"


def test_figures_one_source_restating_a_figure_is_revised_not_a_conflict() -> None:
    label, reason = classify(
        fig(1_620_000, "=", "2025-05", name="a", origin="velora oil ministry"),
        fig(1_700_000, "=", "2025-05", name="b", origin="velora oil ministry"),
    )
    assert label == "revised"
    assert "same source" in reason
    assert (
        classify(
            fig(1_620_000, "=", "2025-05", name="a", origin="ministry"),
            fig(1_700_000, "=", "2025-05", name="b", origin="survey"),
        )[0]
        == "conflict"
    )


def test_a_figure_written_with_decimals_covers_what_rounds_to_it() -> None:
    rounded = fig(1_080_000, "=", "2025-05", name="a", text="1.08 mln tonnes")
    finer = fig(1_075_000, "=", "2025-05", name="b", text="1.075 mln tonnes")
    assert classify(rounded, finer)[0] == "consistent"
    # the next value at the same precision is another figure
    assert classify(rounded, fig(1_090_000, "=", "2025-05", name="c", text="1.09 mln tonnes"))[0] == "conflict"
    assert (
        classify(
            fig(4.5, "=", "2025-05", name="d", text="4.5 pct"), fig(4.6, "=", "2025-05", name="e", text="4.6 pct")
        )[0]
        == "conflict"
    )


def test_a_whole_number_is_not_read_as_rounded() -> None:
    a = fig(20_000, "=", "2025-05", name="a", text="20,000 containers")
    assert classify(a, fig(20_400, "=", "2025-05", name="b", text="20,400 containers"))[0] == "conflict"


def test_figures_no_measure_word_names_are_a_conflict_only_with_the_same_words() -> None:
    def people(value: int, name: str, claim: str) -> Figure:
        figure = f"{value} people"
        return fig(value, "=", "2025-03-06", name=name, origin=name, words=content_words(claim, without=figure))

    found = people(6, "a", "the nurse said he had found 6 people on top of the Velden ferry who were dead")
    aboard = people(463, "b", "the Velden ferry was sinking off the coast tonight with 463 people on board")
    assert compare([found, aboard]) == []  # two measures of one ferry: the dead, and everyone on board
    also_aboard = people(470, "c", "the Velden ferry was sinking off the coast with 470 people on board")
    [pair] = compare([aboard, also_aboard])
    assert pair.label == "conflict"


def test_figures_paraphrases_with_few_shared_words_still_agree() -> None:
    sent = fig(8000, "~", "2025-03", name="a", words=content_words("Varnia has sent about 8,000 containers of shells"))
    shipped = fig(
        8000, "~", "2025-03", name="b", words=content_words("Varnian ships delivered some 8,000 crates of munitions")
    )
    [pair] = compare([sent, shipped])
    assert pair.label == "consistent"
