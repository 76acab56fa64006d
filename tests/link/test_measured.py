"""What a figure measures, from the words next to it (claimgraph.link.measured)."""

from __future__ import annotations

import pytest

from claimgraph.link.measured import measured_word


def _at(text: str, figure: str) -> str | None:
    start = text.index(figure)
    return measured_word(text, start, start + len(figure))


@pytest.mark.parametrize(
    ("text", "figure", "want"),
    [
        ("Velora's output was 14.7 mln bpd in March", "14.7 mln bpd", "output"),
        ("Velora pumped 1.9 million barrels per day, above its quota", "1.9 million barrels per day", "output"),
        ("Velora stayed below its 15.8 mln bpd quota", "15.8 mln bpd", "quota"),
        ("The group kept its ceiling of 16 million bpd", "16 million bpd", "quota"),
        ("Production rose to 2.1 million tonnes", "2.1 million tonnes", "output"),
        ("Net exports of crude reached 1.3 million bpd", "1.3 million bpd", "exports"),
        ("Coral Blend settled at $81.15 a barrel", "$81.15 a barrel", "price"),
        ("Shr 18 cts vs 22 cts", "18 cts", "per share"),
        ("The ferry line hired 300 drivers", "300 drivers", None),
        ("Output in May was about 200,000 bpd above the ceiling", "about 200,000 bpd", "above quota"),
        ("Velora pumped 300,000 barrels per day above its quota", "300,000 barrels per day", "above quota"),
        ("The harbour stayed 40 tonnes under target", "40 tonnes", "below quota"),
        ("It pumped 2.4 mln barrels per day (bpd) less than its ceiling", "2.4 mln barrels per day", "below quota"),
        ("Velora pumped 40,000 bpd more than its quota", "40,000 bpd", "above quota"),
        ("Velora pumped 1.9 million bpd over the month", "1.9 million bpd", "output"),
    ],
)
def test_the_nearest_measure_word_names_the_figure(text: str, figure: str, want: str | None) -> None:
    assert _at(text, figure) == want


def test_a_measure_word_outside_the_claim_is_not_read() -> None:
    text = "Output fell. The board hired 300 drivers."
    claim_start = text.index("The board")
    figure = text.index("300 drivers")
    assert measured_word(text, figure, figure + len("300 drivers"), lo=claim_start, hi=len(text)) is None
    assert measured_word(text, figure, figure + len("300 drivers")) == "output"


def test_a_word_too_far_from_the_figure_is_not_read() -> None:
    text = "Output at the old northern field near the coast of the island was 40 tonnes"
    start = text.index("40 tonnes")
    assert measured_word(text, start, start + 9) is None
    assert measured_word(text, start, start + 9, reach=14) == "output"


def test_a_measure_word_in_the_next_clause_is_not_read() -> None:
    text = "Bean output in Marovia will rise to 1.2 mln tonnes from 900,000, and imports will also rise"
    assert _at(text, "1.2 mln tonnes") == "output"
    text = "Marovia expects to harvest 1.2 mln tonnes of beans; its imports will fall"
    assert _at(text, "1.2 mln tonnes") is None


def test_the_figures_own_clause_is_read_further_back() -> None:
    text = "Production of beans in the 2026/27 season (October-September) will rise to 1.2 mln tonnes"
    assert _at(text, "1.2 mln tonnes") == "output"
    # past a comma only the usual few words are read
    text = "Production fell, and in the southern provinces of the island the co-ops bought 1.2 mln tonnes"
    assert _at(text, "1.2 mln tonnes") is None
