"""Value handlers for calendar-named expressions: dates, months, quarters, years, decades, holidays."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from claimgraph.extract.timex_calendar import add_months, fmt, safe_date, shift
from claimgraph.extract.timex_context import (
    Ctx,
    Val,
    attributive,
    clock_value,
    duration,
    month_day,
    month_of,
    quarter_ended,
    quarter_year,
    season_value,
    unit_of,
)
from claimgraph.extract.timex_rules import compiled, lexicon


def _abs_day(m: re.Match[str], c: Ctx, month: int, day: int) -> Val | None:
    year = m["y"]
    if year is not None:
        d = safe_date(int(year), month, day)
    elif c.dct is not None:
        d = month_day(c, month, day)
    else:
        return Val(f"XXXX-{month:02d}-{day:02d}")
    if d is None:
        return None
    value = d.isoformat()
    hh = m.groupdict().get("hh")
    if hh is not None:
        clock = clock_value(hh, m["mm"], m["ap"])
        if clock is not None:
            return Val(value + clock, type="TIME", ref=(d, "D"))
    return Val(value, ref=(d, "D"))


def _h_mdw(m: re.Match[str], c: Ctx) -> Val | None:
    return _abs_day(m, c, month_of(m), lexicon().raw["numbers"][m["dw"].lower()])


def _h_iso(m: re.Match[str], c: Ctx) -> Val | None:
    return _abs_day(m, c, int(m["m"]), int(m["d"]))


def _h_slash(m: re.Match[str], c: Ctx) -> Val | None:
    a, b = int(m["a"]), int(m["b"])
    # Day-first when the first number cannot be a month; otherwise US month-first newswire order.
    month, day = (b, a) if a > 12 else (a, b)
    d = safe_date(int(m["y"]), month, day)
    return Val(d.isoformat(), ref=(d, "D")) if d else None


def _h_daymonth(m: re.Match[str], c: Ctx) -> Val | None:
    if not 1 <= int(m["d"]) <= 31:
        return None
    return _abs_day(m, c, month_of(m), int(m["d"]))


def _spoken_year(text: str) -> int:
    """1996 from "nineteen ninety-six", 2001 from "two thousand and one" (words the rule let through)."""
    nums = lexicon().numbers
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w != "and"]
    if words[1] == "thousand":
        return 2000 + sum(nums[w] for w in words[2:])
    return nums[words[0]] * 100 + sum(nums[w] for w in words[1:])


def _year_of(m: re.Match[str]) -> int:
    return int(m["y"]) if m["y"] else _spoken_year(m["sp"])


def _h_my(m: re.Match[str], c: Ctx) -> Val:
    d = date(_year_of(m), month_of(m), 1)
    return Val(fmt(d, "M"), ref=(d, "M"))


def _h_week_of(m: re.Match[str], c: Ctx) -> Val | None:
    day = _abs_day(m, c, month_of(m), int(m["d"])) if 1 <= int(m["d"]) <= 31 else None
    if day is None:
        return None
    if day.ref is None:
        return Val("XXXX-WXX")  # no year and no DCT to place the day in
    return Val(fmt(day.ref[0], "W"), ref=(day.ref[0], "W"))


def _h_mrel(m: re.Match[str], c: Ctx) -> Val:
    month = month_of(m)
    if c.dct is None:
        return Val(f"XXXX-{month:02d}")
    year = c.dct.year + {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    d = date(year, month, 1)
    return Val(fmt(d, "M"), ref=(d, "M"))


_MAY_CONTEXT = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|of|during|through|before|after|to|early|late|mid|and|or|last|"
    r"next|this|between|that|each|every)\W{0,2}|(?P<pos>\w['\u2019]s\s+))$",  # or a possessive: "Velora's May output"
    re.I,
)


_NOUN_BEFORE = re.compile(r"(?:\bthe\s+(?:[a-z]+\s+)?|``|\"|\u201c)$", re.I)


def _h_mon(m: re.Match[str], c: Ctx) -> Val | None:
    month = month_of(m)
    det = (m["det"] or "").lower().split()
    before = c.text[max(0, c.start - 16) : c.start]
    context = _MAY_CONTEXT.search(before)
    if (
        not det
        and month == 5
        and (context is None or (context["pos"] and not re.match(r"\s+[a-z]", c.text[c.end : c.end + 3])))
    ):
        # "May" opening a sentence is the modal, not the month; after a possessive only before the noun it
        # dates ("Velora's May output", not "said Barclays' May.")
        return None
    if not det and re.match(r"\s+(?-i:[A-Z][a-z])", c.text[c.end : c.end + 3]) and context is None:
        return None  # "April Smith": a name, not a month
    noun = compiled().month_noun.get(month)
    if not det and noun is not None and _NOUN_BEFORE.search(before) and noun.match(c.text, c.end):
        return None  # "the annual March for Life": a noun, not a month
    if c.dct is None:
        return Val(f"XXXX-{month:02d}")
    y, cur = c.dct.year, c.dct.month
    if not det and attributive(c) and not c.future():
        # "a June agreement", "the October vote": the nearest such month, at most three months ahead.
        ahead = (month - cur) % 12
        d = add_months(date(y, cur, 1), ahead if ahead <= 3 else ahead - 12)
        return Val(fmt(d, "M"), ref=(d, "M"))
    if det[:1] == ["this"] and len(det) == 1:
        year = y
    elif det[:1] == ["last"] or det[-1:] == ["past"]:
        year = y if month < cur else y - 1
    elif det[:1] == ["next"] or det[-1:] == ["coming"] or (c.future() and not re.search(r"\bsince\s+$", before, re.I)):
        year = y if month > cur or (month == cur and not det) else y + 1
        if not det and 0 < (cur - month) % 12 <= 2 and not c.future(modal=False):
            # only a modal looks ahead, and the month is one of the last two: the figures of a month just
            # past ("should show a rise from February" in April), not next year's
            year = y if month < cur else y - 1
    else:
        year = y if month <= cur else y - 1
    d = date(year, month, 1)
    return Val(fmt(d, "M"), ref=(d, "M"))


def _h_season_year(m: re.Match[str], c: Ctx) -> Val:
    return Val(f"{_year_of(m):04d}-{lexicon().seasons[m['season'].lower()]}")


def _h_season_in(m: re.Match[str], c: Ctx) -> Val:
    return Val(season_value(lexicon().seasons[m["season"].lower()], "last" if not c.future() else "this", c))


def _quarter_year(m: re.Match[str], c: Ctx) -> int | None:
    for key in ("y1", "y2", "yp"):
        if m[key]:
            return int(m[key])
    if c.dct is None:
        return None
    det = (m["det"] or "").lower()
    rel = (m["yrel"] or m["ythe"] or "").lower()
    if not rel and "'" in det:
        rel = det.split()[0]  # "last year's third quarter"
    # "the first half of the year", "the fourth quarter of the current year": the year of the report
    return c.dct.year + {"this": 0, "the": 0, "last": -1, "next": 1}[rel.split()[0]] if rel else None


def _h_quarter(m: re.Match[str], c: Ctx) -> Val | None:
    kind = m["kind"].lower()
    adj = re.sub(r"\s+", " ", (m["adj"] or "").lower())
    ordinal = (m["ord"] or "").lower()
    has_year = any(m[k] for k in ("y1", "y2", "yp", "yrel", "ythe")) or "'" in (m["det"] or "")
    if kind == "period" and not (adj or m["y1"] or m["yp"]):
        return None
    if not (ordinal or adj or m["det"] or has_year):
        return None
    if kind == "half":
        if not ordinal and adj == "last" and has_year:
            ordinal = "second"  # "the last half of 2019": the second half, not the half before the DCT
        if not ordinal or ordinal not in ("first", "1st", "second", "2nd"):
            return None
        year = _quarter_year(m, c) or (c.dct.year if c.dct else None)
        h = 1 if ordinal in ("first", "1st") else 2
        return Val(f"{year:04d}-H{h}" if year else f"XXXX-H{h}")
    if not ordinal and adj == "last" and has_year:
        ordinal = "final"  # "the last quarter of 2025": its fourth quarter, not the quarter before the DCT
    q_of = lexicon().raw["ordinals"]
    year = _quarter_year(m, c)
    trim = (
        c.start + 4
        if m[0][:4].lower() == "the " and re.search(r"(?:first|second|third|fourth|1st|2nd|3rd|4th)-", m[0], re.I)
        else None
    )
    if "year-ago" in adj or "year-earlier" in adj:
        base = (c.quarter, "Q") if c.quarter else ((shift(c.dct, "Q", -1), "Q") if c.dct else None)
        if base is None:
            return Val("XXXX-QX")
        d = shift(base[0], "Y", -1)
        if ordinal in q_of:
            d = date(d.year, 3 * q_of[ordinal] - 2, 1)
        return Val(fmt(d, "Q"))
    if ordinal in q_of:
        q = 4 if ordinal == "final" else q_of[ordinal]
        if year is None:
            if c.dct is None:
                return Val(f"XXXX-Q{q}")
            year = quarter_year(c, q)
        d = date(year, 3 * q - 2, 1)
        return Val(fmt(d, "Q"), ref=(d, "Q"), start=trim)
    if year is not None:
        # "the 1988 period", "the corresponding period last year": the quarter being reported, in that year.
        quarter = c.ref[0] if c.ref and c.ref[1] == "Q" else c.quarter
        if quarter is not None:
            d = date(year, quarter.month, 1)
            return Val(fmt(d, "Q"), ref=(d, "Q"))
        return Val(f"{year:04d}")
    if c.dct is None:
        return Val("XXXX-QX")
    offset = {"current": 0, "this": 0, "previous": -1, "prior": -1, "past": -1, "last": -1, "next": 1, "coming": 1}
    closing = quarter_ended(c) if kind == "quarter" and adj in ("", "latest") else None
    if closing is not None:
        d = closing
    elif adj in offset:
        d = shift(c.dct, "Q", offset[adj])
    elif c.ref and c.ref[1] == "Q":
        d = c.ref[0]
    else:
        d = shift(c.dct, "Q", -1)
    return Val(fmt(d, "Q"), ref=(d, "Q"))


def _h_qshort(m: re.Match[str], c: Ctx) -> Val:
    q = int(m["q"])
    if m["y"]:
        year: int | None = int(m["y"])
    elif c.dct is not None:
        year = quarter_year(c, q)
    else:
        year = None
    if year is None:
        return Val(f"XXXX-Q{q}")
    d = date(year, 3 * q - 2, 1)
    return Val(fmt(d, "Q"), ref=(d, "Q"))


def _h_yago(m: re.Match[str], c: Ctx) -> Val:
    if c.quarter is not None:
        return Val(fmt(shift(c.quarter, "Y", -1), "Q"))
    base = c.ref if c.ref and c.ref[1] in ("Q", "Y", "M") else ((shift(c.dct, "Q", -1), "Q") if c.dct else None)
    if base is None:
        return Val("XXXX")
    return Val(fmt(shift(base[0], "Y", -1), base[1]))


def _h_qago(m: re.Match[str], c: Ctx) -> Val:
    """ "the quarter a year ago": the reported quarter (or the DCT's last one) a year back."""
    return _h_yago(m, c) if c.quarter is not None or c.dct is None else Val(fmt(shift(c.dct, "Q", -5), "Q"))


def _h_halves(m: re.Match[str], c: Ctx) -> Val | None:
    """ "the first two quarters of 1990": a half year."""
    if m["y"]:
        year: int | None = int(m["y"])
    else:
        year = c.dct.year + {"this": 0, "last": -1, "next": 1}[m["yrel"].lower()] if c.dct else None
    half = 1 if m["edge"].lower() == "first" else 2
    return Val(f"{year:04d}-H{half}" if year is not None else f"XXXX-H{half}")


def _h_year(m: re.Match[str], c: Ctx) -> Val | None:
    if not (m["fy"] or m["ty"]):
        before = c.text[max(0, c.start - 24) : c.start]
        after = c.text[c.end : c.end + 24]
        if re.search(r"[$#£€]\s*$|\d[,.]?$|(?:No|no|Nos?)\.?\s*$", before) or re.match(r"[,.]\d|\s*%|-\d", after):
            return None  # a number or amount, not a year
        cp = compiled()
        if not (cp.year_before.search(before) or cp.year_after.match(after)):
            return None  # "2023 soldiers": a count
    d = date(int(m["y"]), 1, 1)
    return Val(fmt(d, "Y"), ref=(d, "Y"))


def _h_spoken_year(m: re.Match[str], c: Ctx) -> Val | None:
    if not m["ty"] and "thousand" in m["sp"].lower():
        return None  # "two thousand" alone is a count; it is a year after "the year" or a month
    d = date(_spoken_year(m["sp"]), 1, 1)
    return Val(fmt(d, "Y"), ref=(d, "Y"))


def _h_bare_plural(m: re.Match[str], c: Ctx) -> Val:
    return Val(duration(None, unit_of(m["unit"])), type="DURATION")


def _holiday_date(year: int, spec: list[int | None]) -> date:
    month, day, weekday = spec
    assert month is not None and day is not None
    d = date(year, month, day)
    return d if weekday is None else d + timedelta(days=(weekday - d.isoweekday()) % 7)


def _h_holiday(m: re.Match[str], c: Ctx) -> Val:
    spec = lexicon().raw["holidays"][re.sub(r"\s+", " ", m["h"].lower())]
    if c.dct is None:
        return Val(f"XXXX-{spec[0]:02d}" + (f"-{spec[1]:02d}" if spec[2] is None else ""))
    det = (m["det"] or "").lower()
    this_year = _holiday_date(c.dct.year, spec)
    if det == "this":
        d = this_year
    elif det == "next" or (not det and c.future()):
        d = this_year if this_year > c.dct else _holiday_date(c.dct.year + 1, spec)
    elif det == "last":
        d = this_year if this_year < c.dct else _holiday_date(c.dct.year - 1, spec)
    else:
        d = this_year if this_year <= c.dct else _holiday_date(c.dct.year - 1, spec)
    return Val(d.isoformat(), ref=(d, "D"))


def _h_decade(m: re.Match[str], c: Ctx) -> Val:
    if m["d2"]:
        return Val(f"19{m['d2']}")
    return Val(f"{m['c']}{m['d']}")


def _h_decade_word(m: re.Match[str], c: Ctx) -> Val:
    return Val(f"19{lexicon().raw['decade_words'][m['dw'].lower()]}")


def _h_century(m: re.Match[str], c: Ctx) -> Val | None:
    n = int(m["n"]) if m["n"] else lexicon().raw["century_words"][m["nw"].lower()]
    return Val(f"{n - 1:02d}") if 1 <= n <= 21 else None


HANDLERS: dict[str, Callable[[re.Match[str], Ctx], Val | None]] = {
    "iso": _h_iso, "slash": _h_slash, "dmy": _h_daymonth, "mdy": _h_daymonth, "mdd": _h_daymonth, "mdw": _h_mdw,
    "my": _h_my,
    "week_of": _h_week_of, "mrel": _h_mrel, "season_year": _h_season_year, "season_in": _h_season_in,
    "quarter": _h_quarter, "qshort": _h_qshort, "yago": _h_yago, "qago": _h_qago, "halves": _h_halves, "mon": _h_mon,
    "year": _h_year, "spoken_year": _h_spoken_year, "holiday": _h_holiday, "bare_plural": _h_bare_plural,
    "decade": _h_decade, "decade_word": _h_decade_word, "century": _h_century,
}  # fmt: skip

__all__ = ["HANDLERS"]
