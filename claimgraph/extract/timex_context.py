"""What TIMEX3 value handlers share: the value being built, the reference-time context, number parsing.

TempEval's reference time is the DCT for deictic expressions ("last week") and the last absolute date
mentioned for anaphoric ones ("the next day"); :class:`Ctx` carries both while expressions are normalised
in text order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from claimgraph.extract.timex_calendar import Gran, fmt, safe_date
from claimgraph.extract.timex_rules import compiled, lexicon
from claimgraph.model import TimeType

_DURATION_CODE = {"Y": "Y", "M": "M", "W": "W", "D": "D", "H": "H", "MIN": "M", "S": "S"}


@dataclass(slots=True)
class Val:
    """A handler's result: the TIMEX3 attributes, plus the reference time it sets for later expressions."""

    value: str | None
    type: TimeType | None = None
    mod: str | None = None
    anchor: str | None = None
    begin: str | None = None
    end: str | None = None
    ref: tuple[date, Gran] | None = None
    start: int | None = None  # a later start when a leading word belongs to the noun, not the time


@dataclass(slots=True)
class Ctx:
    """Normalisation state of one document: its text, DCT and the reference time so far."""

    text: str
    dct: date | None
    dct_clock: str | None
    ref: tuple[date, Gran] | None
    start: int = 0
    end: int = 0
    # The last quarter mentioned: earnings reports compare "a year ago" at quarter granularity.
    quarter: date | None = None

    def future(self) -> bool:
        """Whether the clause around the expression speaks of the future (TempEval's tense cue)."""
        lo = max(0, self.start - 80)
        before = self.text[lo : self.start]
        cut = max(before.rfind(". "), before.rfind("\n"), before.rfind("; "))
        if cut >= 0:
            before = before[cut + 1 :]
        rest = _SENTENCE_END.split(self.text[self.end : self.end + 90], maxsplit=1)[0]
        after = re.split(r"[,:]", rest, maxsplit=1)[0]
        cp = compiled()
        # After the expression only a cue right behind it counts ("Monday will see ..."), not a later clause.
        if cp.future.search(before) or cp.future.match(after.lstrip()):
            return True
        if cp.future_prep.search(before):
            # "Until Monday, the board had not met": a past-perfect clause keeps the date behind the DCT.
            return not (cp.past_cue.search(before) or cp.past_cue.search(rest))
        return False


_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")


def number_of(text: str | None) -> float | None:
    """A number from digits, a fraction or number words; None for vague counts ("several")."""
    if text is None:
        return 1.0
    t = re.sub(r"\s+", " ", text.lower().strip())
    lx = lexicon()
    if t in lx.vague_numbers:
        return None
    if t[0].isdigit():
        parts = t.split(" ")
        total = float(parts[0])
        if len(parts) > 1 and "/" in parts[1]:
            a, b = parts[1].split("/")
            total += int(a) / int(b) if int(b) else 0
        return total
    if t in lx.numbers:
        return float(lx.numbers[t])
    total = 0.0
    for word in re.split(r"[\s-]+", t):
        value = lx.numbers.get(word)
        if value is None:
            return None
        total = total * value if value == 100 else total + value
    return total


def _fmt_num(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def duration(n: float | None, unit: str) -> str:
    """An ISO 8601 duration for ``n`` units (``None``: an unknown count, ``PXY``)."""
    if unit in ("H", "MIN", "S"):
        if n is not None and n != int(n) and unit in ("H", "MIN"):
            small = "M" if unit == "H" else "S"
            return f"PT{int(n)}{_DURATION_CODE[unit]}{round((n - int(n)) * 60)}{small}"
        return f"PT{_fmt_num(n) if n is not None else 'X'}{_DURATION_CODE[unit]}"
    factor, code = {"DE": (10, "Y"), "CE": (100, "Y"), "Q": (3, "M"), "FN": (2, "W")}.get(unit, (1, unit))
    if n is None:
        return f"PX{code}"
    n *= factor
    if n != int(n) and code == "Y":
        return f"P{int(n)}Y{round((n - int(n)) * 12)}M"
    return f"P{_fmt_num(n)}{code}"


def unit_of(word: str) -> str:
    """The unit code of a unit word ("weeks" -> ``W``)."""
    return lexicon().units[re.sub(r"\s+", " ", word.lower())]


def clock_value(hh: str, mm: str | None, ap: str | None) -> str | None:
    """A ``THH:MM`` clock from hour, minutes and an optional am/pm; None when out of range."""
    h, m = int(hh), int(mm or 0)
    if ap:
        if not 1 <= h <= 12:
            return None
        if ap.lower().startswith("p") and h != 12:
            h += 12
        elif ap.lower().startswith("a") and h == 12:
            h = 0
    if h > 24 or m > 59:
        return None
    return f"T{h:02d}:{m:02d}"


def month_day(c: Ctx, month: int, day: int) -> date | None:
    """A month/day without year: the next one in a future clause, the last one after a past cue ("ended"),
    otherwise within the coming ~3 months (announced dates), else the last one."""
    assert c.dct is not None
    # A future clause still names a date of the last few days ("by Jan. 14" in a report of Jan. 16).
    since, horizon = 0, 100
    if compiled().past_before.search(c.text, max(0, c.start - 20), c.start):
        horizon = -1
    elif c.future():
        since, horizon = -7, 366
    for y in (c.dct.year - 1, c.dct.year, c.dct.year + 1):
        cand = safe_date(y, month, day)
        if cand is not None and since <= (cand - c.dct).days <= horizon:
            return cand  # an announced date in the coming months
    for y in (c.dct.year, c.dct.year - 1):
        cand = safe_date(y, month, day)
        if cand is not None and cand <= c.dct:
            return cand
    return None


def month_of(m: re.Match[str]) -> int:
    """The month number of a match's ``mon`` group."""
    return lexicon().months[m["mon"].lower()]


def season_value(code: str, offset: str, c: Ctx) -> str:
    """The season ``code`` of the last, this or next year relative to the DCT."""
    if c.dct is None:
        return f"XXXX-{code}"
    start = lexicon().raw["season_month"][code]
    y, cur = c.dct.year, c.dct.month
    if offset == "last":
        year = y if start + 3 <= cur else y - 1
    elif offset == "next":
        year = y if start > cur else y + 1
    else:
        year = y
    return f"{year:04d}-{code}"


def pod_value(d: date | None, pod: str) -> str:
    """A day plus part of day (``2024-11-29TMO``)."""
    return fmt(d, "D") + "T" + lexicon().pods[pod.lower()]


__all__ = ["Ctx", "Val", "clock_value", "duration", "month_day", "month_of", "number_of", "pod_value", "season_value",
           "unit_of"]  # fmt: skip
