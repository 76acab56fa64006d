"""The period a claim is about, as a span of days, from the TIMEX3 value of its first date.

"Coral Blend settled at $81.15 on Monday" and "Coral Blend slipped to $79.60 on Friday" share every word
that matters to an embedding, but they state two prices of two days; "Velora pumped 1.9 mln bpd last
month" and "Velora pumped 1.75 mln bpd in the first half of June" are two months' output. Clustering
keeps such claims apart when both name a period and the periods do not overlap (see
:func:`claimgraph.link.clusters.pair_scores`). A claim that names no date, or only a vague one
("recently", "XXXX-06"), has no period and is never kept apart for it.

Values read: a year ("2025"), a month ("2025-06"), a day ("2025-06-02"), an ISO week ("2025-W23"), its
weekend ("2025-W23-WE"), a quarter ("2025-Q2"), a half ("2025-H1") and a season ("2025-SU", northern
hemisphere, by meteorological season). A date-time is read as its day.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from claimgraph.extract.timex_calendar import add_months

#: first and last day (proleptic ordinals, :meth:`datetime.date.toordinal`) of a period
Period = tuple[int, int]

_VALUE = re.compile(
    r"(?P<y>\d{4})(?:-(?:(?P<m>\d\d)(?:-(?P<d>\d\d))?|W(?P<w>\d\d)(?P<we>-WE)?|Q(?P<q>[1-4])|H(?P<h>[12])"
    r"|(?P<season>SP|SU|FA|WI)))?(?:T.*)?"
)
# first month and length in months of each season (meteorological: winter runs December to February)
_SEASONS = {"SP": (3, 3), "SU": (6, 3), "FA": (9, 3), "WI": (12, 3)}


def _months(year: int, month: int, count: int) -> Period:
    first = date(year, month, 1)
    return first.toordinal(), add_months(first, count).toordinal() - 1


def period_of(value: str | None) -> Period | None:
    """The days a DATE value spans, or None for a value that names no definite period."""
    if not value:
        return None
    m = _VALUE.fullmatch(value)
    if m is None:
        return None
    try:
        year = int(m["y"])
        if m["d"]:
            day = date(year, int(m["m"]), int(m["d"])).toordinal()
            return day, day
        if m["m"]:
            return _months(year, int(m["m"]), 1)
        if m["w"]:
            monday = date.fromisocalendar(year, int(m["w"]), 1)
            if m["we"]:
                return (monday + timedelta(days=5)).toordinal(), (monday + timedelta(days=6)).toordinal()
            return monday.toordinal(), (monday + timedelta(days=6)).toordinal()
        if m["q"]:
            return _months(year, 3 * int(m["q"]) - 2, 3)
        if m["h"]:
            return _months(year, 6 * int(m["h"]) - 5, 6)
        if m["season"]:
            return _months(year, *_SEASONS[m["season"]])
        return _months(year, 1, 12)
    except ValueError:
        return None  # "2025-13", "2025-02-30", "2025-W54": no such period


def disjoint(a: Period, b: Period) -> bool:
    """Whether two periods share no day."""
    return a[1] < b[0] or b[1] < a[0]


__all__ = ["Period", "disjoint", "period_of"]
