"""Calendar arithmetic for TIMEX3 values: moving dates, formatting periods, reading the DCT.

Granularity codes (``Gran``) name the period a value denotes: ``Y`` year, ``H`` half year, ``Q`` quarter,
``M`` month, ``W`` ISO week, ``D`` day, ``DE`` decade, ``CE`` century.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta

Gran = str  # "Y", "Q", "M", "W", "D", "H" (half year), "DE" (decade), "CE" (century)
UNKNOWN: dict[Gran, str] = {
    "Y": "XXXX",
    "Q": "XXXX-QX",
    "H": "XXXX-HX",
    "M": "XXXX-XX",
    "W": "XXXX-WXX",
    "D": "XXXX-XX-XX",
    "DE": "XXX",
    "CE": "XX",
}


def add_months(d: date, n: int) -> date:
    """``d`` moved by ``n`` calendar months, the day clipped to the month's length."""
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, monthrange(y, m)[1]))


def shift(d: date, unit: str, n: int) -> date:
    """Move a date by ``n`` units (Y, Q, M, W, D, DE, CE, FN, WE)."""
    months = {"Y": 12, "Q": 3, "M": 1, "DE": 120, "CE": 1200, "H": 6}.get(unit)
    if months is not None:
        return add_months(d, months * n)
    days = {"W": 7, "D": 1, "FN": 14, "WE": 7}.get(unit, 0)
    return d + timedelta(days=days * n)


def fmt(d: date | None, gran: Gran) -> str:
    """A TIMEX3 value for the period of granularity ``gran`` holding ``d``."""
    if d is None:
        return UNKNOWN[gran]
    if gran == "Y":
        return f"{d.year:04d}"
    if gran == "Q":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if gran == "H":
        return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
    if gran == "M":
        return f"{d.year:04d}-{d.month:02d}"
    if gran == "W":
        iso = d.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    if gran == "DE":
        return f"{d.year // 10:03d}"
    if gran == "CE":
        return f"{d.year // 100:02d}"
    return d.isoformat()


_RANK: dict[Gran, int] = {"CE": 0, "DE": 1, "Y": 2, "H": 3, "Q": 3, "M": 4, "W": 5, "D": 6}


def finer(gran: Gran, than: Gran) -> bool:
    """Whether periods of granularity ``gran`` are smaller than those of ``than`` (a day is finer than a month)."""
    return _RANK.get(gran, 6) > _RANK.get(than, 6)


def partial(d: date, known: Gran, gran: Gran) -> str:
    """A value of granularity ``gran`` of which only the period ``known`` holding ``d`` is known
    (``1998-10-XX``: some day of October 1998; ``1998-XX``: some month of 1998)."""
    if gran == "D" and known == "M":
        return f"{d.year:04d}-{d.month:02d}-XX"
    if known in ("Y", "H", "Q", "M"):
        return f"{d.year:04d}" + UNKNOWN[gran][4:]
    return UNKNOWN[gran]


def parse_dct(dct: str | None) -> tuple[date | None, str | None]:
    """Split an ISO date/date-time into a date and an ``HH:MM`` clock (either may be None)."""
    if not dct:
        return None, None
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d))?", dct)
    if not m:
        return None, None
    try:
        day = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None, None
    return day, (f"{m[4]}:{m[5]}" if m[4] else None)


def safe_date(y: int, m: int, d: int) -> date | None:
    """A date, or None when the day does not exist (30 February)."""
    try:
        return date(y, m, d)
    except ValueError:
        return None


__all__ = ["UNKNOWN", "Gran", "add_months", "finer", "fmt", "parse_dct", "partial", "safe_date", "shift"]
