"""The period a claim is about: TIMEX3 values read as spans of days, and claims kept apart by them."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from claimgraph.link import link
from claimgraph.link.clusters import ClaimFeatures, ClusterOptions, cluster
from claimgraph.link.periods import disjoint, period_of

from .helpers import make_analysis


def days(first: str, last: str) -> tuple[int, int]:
    return date.fromisoformat(first).toordinal(), date.fromisoformat(last).toordinal()


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2025-06-02", "2025-06-02", "2025-06-02"),
        ("2025-06-02T14:30", "2025-06-02", "2025-06-02"),
        ("2025-02", "2025-02-01", "2025-02-28"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2025-12", "2025-12-01", "2025-12-31"),
        ("2025", "2025-01-01", "2025-12-31"),
        ("2025-W23", "2025-06-02", "2025-06-08"),
        ("2025-W23-WE", "2025-06-07", "2025-06-08"),
        ("2025-Q2", "2025-04-01", "2025-06-30"),
        ("2025-H2", "2025-07-01", "2025-12-31"),
        ("2025-SU", "2025-06-01", "2025-08-31"),
        ("2025-WI", "2025-12-01", "2026-02-28"),
    ],
)
def test_a_date_value_is_a_span_of_days(value: str, first: str, last: str) -> None:
    assert period_of(value) == days(first, last)


@pytest.mark.parametrize(
    "value", [None, "", "PRESENT_REF", "XXXX-06", "198X", "P3M", "2025-13", "2025-02-30", "2025-W54"]
)
def test_a_vague_or_impossible_value_has_no_period(value: str | None) -> None:
    assert period_of(value) is None


def test_disjoint_periods_share_no_day() -> None:
    may, june, q2 = period_of("2025-05"), period_of("2025-06"), period_of("2025-Q2")
    assert may and june and q2
    assert disjoint(may, june)
    assert not disjoint(may, q2)
    assert not disjoint(june, q2)


def same_vectors(n: int) -> np.ndarray:  # type: ignore[type-arg]
    vectors = np.zeros((n, 8), dtype=np.float32)
    vectors[:, 0] = 1.0
    return vectors


def test_claims_about_periods_apart_do_not_cluster() -> None:
    may, june, q2 = period_of("2025-05"), period_of("2025-06"), period_of("2025-Q2")
    features = [
        ClaimFeatures(frozenset({"velora"}), frozenset(), period=may),
        ClaimFeatures(frozenset({"velora"}), frozenset(), period=june),
        ClaimFeatures(frozenset({"velora"}), frozenset(), period=q2),
        ClaimFeatures(frozenset({"velora"}), frozenset(), period=may),
    ]
    labels = cluster(features, same_vectors(4), ClusterOptions()).tolist()
    # May and June never share a cluster; the quarter overlaps both, so it goes with one of them
    assert labels[0] == labels[3]
    assert labels[0] != labels[1]


def test_a_chain_through_an_undated_claim_is_split_by_its_periods() -> None:
    # the undated claim links to both; one cluster would hold May's output and June's
    features = [
        ClaimFeatures(frozenset({"velora"}), frozenset(), period=period_of("2025-05")),
        ClaimFeatures(frozenset({"velora"}), frozenset()),
        ClaimFeatures(frozenset({"velora"}), frozenset(), period=period_of("2025-06")),
    ]
    labels = cluster(features, same_vectors(3), ClusterOptions(time_weight=0.0)).tolist()
    assert labels[0] != labels[2]
    assert labels[1] in (labels[0], labels[2])


def test_without_periods_alike_claims_still_cluster() -> None:
    features = [ClaimFeatures(frozenset({"velora"}), frozenset()) for _ in range(3)]
    assert len(set(cluster(features, same_vectors(3), ClusterOptions()).tolist())) == 1


class SameVector:
    """Every text embeds alike: only the slots (actors, units, periods) tell claims apart."""

    dim = 4

    def embed(self, texts):  # type: ignore[no-untyped-def]
        out = np.zeros((len(texts), 4), dtype=np.float32)
        out[:, 0] = 1.0
        return out


def price_story(text: str, day: str, value: str, outlet: str, published: str):  # type: ignore[no-untyped-def]
    return make_analysis(
        text,
        outlet=outlet,
        published=published,
        entities=[("Coral Blend", "PRODUCT", [])],
        times=[(day, value)],
        claims=[{"content": text.rstrip(".")}],
    )


def test_linker_keeps_prices_of_two_days_apart_and_a_running_total_together() -> None:
    monday = price_story("Coral Blend settled at $81.15 on Monday.", "Monday", "2025-06-02", "A", "2025-06-03")
    friday = price_story("Coral Blend slipped to $79.60 on Friday.", "Friday", "2025-06-06", "B", "2025-06-07")
    again = price_story("Coral Blend ended at $81.15 on Monday.", "Monday", "2025-06-02", "C", "2025-06-04")
    result = link([monday, friday, again], embedder=SameVector())
    members = [sorted(m.split(":")[0] for m in c.to_dict()["members"]) for c in result.clusters]
    assert members == [sorted([monday.document.id, again.document.id])]

    # "since January" starts a running total: totals told at different dates are one proposition
    a = make_analysis(
        "Varnia has sent 8,000 containers to Ostland since January.",
        outlet="A",
        published="2025-03-10",
        entities=[("Varnia", "GPE", [])],
        times=[("January", "2025-01")],
        claims=[{"content": "Varnia has sent 8,000 containers to Ostland since January"}],
    )
    b = make_analysis(
        "Varnia sent 5,000 containers to Ostland in late 2024.",
        outlet="B",
        published="2025-01-10",
        entities=[("Varnia", "GPE", [])],
        times=[("late 2024", "2024")],
        claims=[{"content": "Varnia sent 5,000 containers to Ostland in late 2024"}],
    )
    assert len(link([a, b], embedder=SameVector()).clusters) == 1
