"""The split recogniser stays wired: every rule has exactly one value handler, public names stay importable."""

from __future__ import annotations

from datetime import date

from claimgraph.extract import timex_absolute, timex_relative
from claimgraph.extract.timex_rules import compiled


def test_every_rule_has_exactly_one_handler() -> None:
    rules = {name for name, _ in compiled().rules}
    absolute, relative = set(timex_absolute.HANDLERS), set(timex_relative.HANDLERS)
    assert not absolute & relative
    assert absolute | relative == rules


def test_public_names_importable_from_timex() -> None:
    from claimgraph.extract.timex import add_months, find_timexes, fmt, parse_dct, shift

    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert shift(date(2025, 3, 1), "W", -1) == date(2025, 2, 22)
    assert fmt(date(2025, 3, 1), "Q") == "2025-Q1"
    assert parse_dct("2025-03-01T09:30") == (date(2025, 3, 1), "09:30")
    assert [t.value for t in find_timexes("The Hollin council met on Monday.", "2025-03-05")] == ["2025-03-03"]
