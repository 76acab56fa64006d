"""Figures over time: consistent, revised, conflict — only after value, unit, as-of date, source and hedge."""

from __future__ import annotations

from claimgraph.link.figures import Figure, classify
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
) -> Figure:
    q = Quantity(
        id="q1",
        span=Span(0, 1),
        text="n",
        value=value,
        low=low,
        high=high,
        unit="container",
        approx=None,
        approx_class=cls,
    )
    return Figure(ref=ClaimRef(name, "c1"), quantity=q, as_of=as_of, asserted=asserted, source="s")


def test_figures_overlapping_approximations_are_consistent() -> None:
    assert classify(fig(20000, "~", "2024-11"), fig(21000, "~", "2024-11"))[0] == "consistent"


def test_figures_upper_bound_and_range_overlap_is_consistent() -> None:
    assert classify(fig(5000, "<", "2024-05"), fig(None, "=", "2024-05", low=4000, high=6000))[0] == "consistent"


def test_figures_same_frame_both_asserted_incompatible_is_conflict() -> None:
    assert classify(fig(1200, "=", "2025-04-01"), fig(4500, "=", "2025-04-01"))[0] == "conflict"


def test_figures_later_as_of_date_is_a_revised_estimate() -> None:
    assert classify(fig(5000, "<", "2024-05"), fig(20000, "~", "2024-11"))[0] == "revised"


def test_figures_two_hedged_estimates_from_different_dates_are_never_a_conflict() -> None:
    label, _ = classify(fig(2000, "<", "2024-09", asserted=False), fig(5000, "~", "2025-01", asserted=False))
    assert label == "revised"


def test_figures_hedged_figure_in_the_same_frame_is_revised_not_conflict() -> None:
    assert classify(fig(1200, "=", "2025-04"), fig(4500, "=", "2025-04", asserted=False))[0] == "revised"
