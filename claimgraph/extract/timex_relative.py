"""Value handlers for relative expressions: deictic ("last week", "Monday") and anaphoric ("the next day")
references, durations, clock times, sets and event-anchored expressions."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

from claimgraph.extract.timex_calendar import UNKNOWN, Gran, finer, fmt, partial, shift
from claimgraph.extract.timex_context import (
    Ctx,
    Val,
    clock_value,
    duration,
    month_day,
    month_of,
    number_of,
    pod_value,
    same_sentence,
    season_value,
    unit_of,
)
from claimgraph.extract.timex_rules import lexicon


def _h_anchored(m: re.Match[str], c: Ctx) -> Val | None:
    unit_word = m["unit"].lower()
    if m["num"] is None and not unit_word.endswith("s"):
        return None  # "the last week" is a date (rule "rel")
    unit = unit_of(unit_word)
    n = number_of(m["num"]) if m["num"] else None
    direction = m["dir"].lower()
    if m["num"] is None and direction in ("recent", "past") and unit in ("Y", "DE", "CE"):
        return Val("PAST_REF", type="DATE")  # "in recent years": a vague stretch of the past, not a measured span
    v = Val(duration(n, unit), type="DURATION")
    if c.dct is not None and n is not None and n == int(n) and unit not in ("H", "MIN", "S"):
        if direction in ("past", "last", "previous", "preceding", "recent"):
            v.begin, v.end = shift(c.dct, unit, -int(n)).isoformat(), c.dct.isoformat()
        elif direction in ("next", "coming", "following", "ensuing"):
            v.begin, v.end = c.dct.isoformat(), shift(c.dct, unit, int(n)).isoformat()
    return v


_REL_OFFSETS: dict[str, tuple[str, int]] = {
    "this": ("dct", 0), "the current": ("dct", 0), "the": ("dct", 0), "this past": ("dct", -1),
    "last": ("dct", -1), "past": ("dct", -1), "the past": ("dct", -1), "the last": ("dct", -1),
    "the latest": ("dct", -1), "next": ("dct", 1), "coming": ("dct", 1), "the coming": ("dct", 1),
    "this coming": ("dct", 1), "the previous": ("ref", -1), "the prior": ("ref", -1), "the following": ("ref", 1),
    "the next": ("ref", 1), "the same": ("ref", 0), "that": ("ref", 0), "that same": ("ref", 0),
    "the full": ("dct", 0),
}  # fmt: skip
_REL_GRAN = {"year": "Y", "fiscal year": "Y", "month": "M", "week": "W", "quarter": "Q", "decade": "DE",
             "century": "CE", "day": "D"}  # fmt: skip


# "the year" names a twelve-month span when a closing date or a comparison follows or "throughout" precedes;
# otherwise it is the year being reported on ("sales rose for the year", "earlier in the year").
_PERIOD_AFTER = re.compile(r"\s+(?:ended|ending|to\s+date|before|after|earlier|later|ago)\b", re.I)
_PERIOD_BEFORE = re.compile(r"\bthroughout\s+$", re.I)


# An opening quotation mark right before a capitalised unit: the title of a show or paper ("This Week").
_TITLE_BEFORE = re.compile(r"(?:\"|``|''|\u201c)$")


def _is_title(m: re.Match[str], c: Ctx) -> bool:
    return m["unit"][:1].isupper() and bool(_TITLE_BEFORE.search(c.text, max(0, c.start - 2), c.start))


def _h_rel(m: re.Match[str], c: Ctx) -> Val | None:
    if _is_title(m, c):
        return None
    det = re.sub(r"\s+", " ", m["det"].lower())
    unit = re.sub(r"\s+", " ", m["unit"].lower())
    if m["pos"]:
        # "the early summer": a season or part of day with its position inside the phrase (TIMEX3 mod)
        if unit not in lexicon().seasons and unit not in lexicon().pods:
            return None
        v = _h_rel_period(m, c, det, unit)
        if v is not None:
            v.mod = lexicon().raw["position_mods"][m["pos"].lower()]
        return v
    return _h_rel_period(m, c, det, unit)


def _h_rel_period(m: re.Match[str], c: Ctx, det: str, unit: str) -> Val | None:
    if det == "the" and unit in ("day", "night", "decade", "century"):
        return None  # "the day after ...": not a time expression on its own
    if det == "past" and unit not in ("year", "decade", "week", "month"):
        return None
    if det == "the full":
        if unit not in ("year", "fiscal year"):
            return None
        det = "the"  # "results for the full year": the year being reported on
    base_kind, offset = _REL_OFFSETS[det]
    base = c.dct if base_kind == "dct" or c.ref is None else c.ref[0]
    if unit in lexicon().seasons:
        code = lexicon().seasons[unit]
        if det in ("the", "that", "the same"):
            return Val(season_value(code, "this", c))
        return Val(season_value(code, {-1: "last", 1: "next"}.get(offset, "this"), c))
    if unit in lexicon().pods:
        if det in ("last", "the past") and unit == "night":
            return Val(pod_value(shift(base, "D", -1) if base else None, unit), type="TIME")
        if det == "the" and c.ref is not None and c.ref[1] == "D":
            # "Trading opened on Friday. In the morning ...": the morning of the day last mentioned.
            return Val(pod_value(c.ref[0], unit), type="TIME")
        if det in ("this", "the", "that", "the same"):
            return Val(pod_value(base, unit), type="TIME")
        if det in ("the next", "the following"):
            return Val(pod_value(shift(base, "D", 1) if base else None, unit), type="TIME")
        return None
    if unit == "weekend":
        if base is None:
            return Val("XXXX-WXX-WE")
        if det in ("the", "this", "that", "the same") and not c.future() and base.isoweekday() < 6:
            offset = -1
        d = shift(base, "W", offset)
        return Val(fmt(d, "W") + "-WE")
    gran = _REL_GRAN[unit]
    if det in ("the past", "the last", "past") and unit == "decade":
        return Val("P10Y", type="DURATION")
    edge_before = re.search(
        r"(?:end|beginning|start|middle|rest|half|part)\s+of\s+$", c.text[max(0, c.start - 16) : c.start]
    )
    span_of = _PERIOD_AFTER.match(c.text, c.end) or _PERIOD_BEFORE.search(c.text, max(0, c.start - 12), c.start)
    if det == "the" and unit in ("year", "fiscal year") and not edge_before and span_of:
        return Val("P1Y", type="DURATION")  # "for the year ended June 30": a span of a year, not the DCT's year
    if unit == "quarter" and det in ("the", "the latest") and c.quarter is not None:
        return Val(fmt(c.quarter, "Q"), ref=(c.quarter, "Q"))
    if unit == "quarter" and det == "the":
        offset = -1
    if base_kind == "ref" and c.ref is not None and offset == 0 and finer(gran, c.ref[1]):
        # "In October ... that same day": a day of the month last mentioned, which one is unknown.
        return Val(partial(c.ref[0], c.ref[1], gran))
    d2 = shift(base, gran if gran != "DE" else "DE", offset) if base is not None else None
    v = Val(fmt(d2, gran))
    if det in ("the previous", "the following", "the next", "the same", "that", "that same") and d2 is not None:
        v.ref = (d2, gran)
    return v


def _h_yearend(m: re.Match[str], c: Ctx) -> Val:
    return Val(fmt(c.dct, "Y"), mod="END")


_AGE_AFTER = re.compile(r"\s+old\b", re.I)


def _h_dur(m: re.Match[str], c: Ctx) -> Val | None:
    if _is_title(m, c):
        return None
    unit_word = re.sub(r"\s+", " ", m["unit"].lower())
    unit = unit_of(unit_word)
    num_word = re.sub(r"\s+", " ", m["num"].lower())
    if num_word in ("a", "an", "one") and unit in ("S", "Q"):
        return None  # "a second time", "a quarter of the vote"
    if (m["suf"] or "").lower() == "-old" or (not m["rel"] and _AGE_AFTER.match(c.text, c.end)):
        return None  # "the 6-year-old", "Ms. Varga, 52 years old": an age, not a time
    n = number_of(m["num"])
    rel = (m["rel"] or "").lower()
    if num_word in ("a", "an") and not rel:
        before = c.text[max(0, c.start - 24) : c.start]
        if re.search(r"(?:once|twice|times|\d|million|billion|percent|%|dollars?|cents?)\s+$", before, re.I):
            return Val(duration(1, unit), type="SET")
    if not rel:
        v = Val(duration(n, unit), type="DURATION")
        if m[0][:4].lower() == "the " and "-" in m[0]:
            v.start = c.start + 4  # "the 14-day delay": the determiner belongs to the noun
        return v
    return _relative_date(c, n, unit, rel)


def _relative_date(c: Ctx, n: float | None, unit: str, rel: str) -> Val:
    if n is None or n != int(n):
        return Val("PAST_REF" if rel in ("ago", "earlier", "previously") else "FUTURE_REF", type="DATE")
    sign = -1 if rel in ("ago", "earlier", "previously") else 1
    if unit in ("H", "MIN", "S"):
        if c.dct is None:
            return Val("XXXX-XX-XXTXX:XX", type="TIME")
        hh, mm = (int(x) for x in (c.dct_clock or "12:00").split(":"))
        moment = datetime(c.dct.year, c.dct.month, c.dct.day, hh, mm)
        step = {"H": timedelta(hours=1), "MIN": timedelta(minutes=1), "S": timedelta(seconds=1)}[unit]
        moment += sign * int(n) * step
        return Val(moment.strftime("%Y-%m-%dT%H:%M"), type="TIME")
    if unit == "Y" and n == 1 and sign < 0 and c.quarter is not None:
        return Val(fmt(shift(c.quarter, "Y", -1), "Q"), type="DATE")
    use_ref = rel in ("earlier", "later")
    base = c.ref if use_ref and c.ref is not None else ((c.dct, "D") if c.dct else None)
    if base is None:
        return Val(UNKNOWN["Y" if unit in ("Y", "DE", "CE") else unit if unit in UNKNOWN else "D"], type="DATE")
    d = shift(base[0], unit, sign * int(n))
    gran: Gran
    if unit == "Y":
        gran = "Q" if base[1] == "Q" else "Y"
    elif unit in ("DE", "CE"):
        gran = "Y"
    elif unit in ("M", "Q"):
        gran = "M" if unit == "M" else "Q"
    elif unit in ("W", "FN"):
        gran = "D" if use_ref and base[1] == "D" else "W"
    else:
        gran = "D"
    return Val(fmt(d, gran), type="DATE", ref=(d, gran) if use_ref and unit in ("D", "W", "FN") else None)


def _h_dayrel(m: re.Match[str], c: Ctx) -> Val:
    word = m["w"].lower()
    if word == "tonight":
        return Val(pod_value(c.dct, "night"), type="TIME")
    if word == "overnight":
        return Val(pod_value(c.dct, "overnight"), type="TIME")
    delta = {"today": 0, "yesterday": -1, "tomorrow": 1}[word]
    d = shift(c.dct, "D", delta) if c.dct else None
    if m["pod"]:
        return Val(pod_value(d, m["pod"]), type="TIME")
    return Val(fmt(d, "D"), ref=(d, "D") if d else None)


def _h_podpos(m: re.Match[str], c: Ctx) -> Val:
    """ "by mid-afternoon", "late morning yesterday": part of the day named, or else of the day last mentioned."""
    if m["w"]:
        d = shift(c.dct, "D", {"today": 0, "yesterday": -1, "tomorrow": 1}[m["w"].lower()]) if c.dct else None
    else:
        d = c.ref[0] if c.ref and c.ref[1] == "D" else c.dct
    mod = lexicon().raw["position_mods"][m["pos"].lower()]
    return Val(pod_value(d, m["pod"]), type="TIME", mod=mod)


def _h_daybefore(m: re.Match[str], c: Ctx) -> Val:
    d = shift(c.dct, "D", -2 if m["ba"].lower().startswith("before") else 2) if c.dct else None
    return Val(fmt(d, "D"), ref=(d, "D") if d else None)


def _weekday_date(c: Ctx, wd: int, det: str) -> date | None:
    base = c.ref[0] if det in ("the previous", "the following", "that") and c.ref else c.dct
    if base is None:
        return None
    delta = wd - base.isoweekday()
    if det in ("last", "this past", "the previous"):
        return base + timedelta(days=delta - 7 if delta >= 0 else delta)
    if det in ("next", "this coming", "the following"):
        return base + timedelta(days=delta + 7 if delta <= 0 else delta)
    if det == "this":
        return base + timedelta(days=delta)
    if det == "that":
        return base + timedelta(days=delta)
    if c.future():
        return base + timedelta(days=delta if delta >= 0 else delta + 7)
    return base + timedelta(days=delta if delta <= 0 else delta - 7)


def _h_weekday(m: re.Match[str], c: Ctx) -> Val | None:
    wd = lexicon().weekdays[m["wd"].lower()]
    det = re.sub(r"\s+", " ", (m["det"] or "").lower())
    pod = lexicon().pods[m["pod"].lower()] if m["pod"] else ""
    if m["pl"] or m["podpl"]:  # "on Tuesday nights": a recurring time
        return Val(f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else ""), type="SET")
    d = _weekday_date(c, wd, det)
    value = fmt(d, "D") if d else f"XXXX-WXX-{wd}"
    if pod:
        return Val(f"{value}T{pod}", type="TIME", ref=(d, "D") if d else None)
    return Val(value, ref=(d, "D") if d else None)


def _h_clock(m: re.Match[str], c: Ctx) -> Val | None:
    if m["nm"]:
        clock: str | None = {"noon": "T12:00", "midday": "T12:00", "midnight": "T24:00"}[m["nm"].lower()]
    elif m["hh2"]:
        clock = clock_value(m["hh2"], m["mm2"], None)
    elif m["hh3"]:
        clock = clock_value(m["hh3"], m["mm3"], None)
    else:
        clock = clock_value(m["hh"], m["mm"], m["ap"])
    if clock is None:
        return None
    day_word = (m["day"] or "").lower()
    if day_word in ("today", "yesterday", "tomorrow"):
        d = shift(c.dct, "D", {"today": 0, "yesterday": -1, "tomorrow": 1}[day_word]) if c.dct else None
    elif m["wd"]:
        d = _weekday_date(c, lexicon().weekdays[m["wd"].lower()], "")
    elif m["mon"]:
        d = month_day(c, month_of(m), int(m["d"])) if c.dct else None
    else:
        # No day written with it: a day named earlier in the same sentence ("tomorrow ... at 1030 GMT"), else
        # the day of the report ("shares eased to 245p at 0838 GMT"). A date written right after the clock
        # ("at 1530 EST on March 20") replaces it once that date is read (``floating``).
        d = c.dct
        if c.ref and c.ref[1] == "D" and (c.dct is None or same_sentence(c, c.ref_at)):
            d = c.ref[0]
        return Val(fmt(d, "D") + clock, type="TIME", floating=True)
    return Val(fmt(d, "D") + clock, type="TIME")


def _h_vague(m: re.Match[str], c: Ctx) -> Val:
    return Val(lexicon().raw["vague"][re.sub(r"\s+", " ", m[0].lower())])


def _h_set(m: re.Match[str], c: Ctx) -> Val | None:
    n = 2 if m["other"] else 1
    if m["unit"]:
        unit = unit_of(m["unit"])
        if m["unit"].lower().endswith("s") or unit == "WE":
            return None
        return Val(duration(n, unit), type="SET")
    if m["wd"]:
        return Val(f"XXXX-WXX-{lexicon().weekdays[m['wd'].lower()]}", type="SET")
    if m["mon"]:
        return Val(f"XXXX-{month_of(m):02d}", type="SET")
    return Val(f"XXXX-XX-XXT{lexicon().pods[m['pod'].lower()]}", type="SET")


def _h_setword(m: re.Match[str], c: Ctx) -> Val:
    return Val(lexicon().raw["sets"][m[0].lower()], type="SET")


def _h_event_edge(m: re.Match[str], c: Ctx) -> Val:
    return Val(None, type="DATE", mod=lexicon().raw["event_edges"][m["edge"].lower()], anchor=m["ev"])


def _h_event_rel(m: re.Match[str], c: Ctx) -> Val:
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    return Val(None, type="DATE", mod=lexicon().raw["event_relations"][rel], anchor=m["ev"])


HANDLERS: dict[str, Callable[[re.Match[str], Ctx], Val | None]] = {
    "anchored": _h_anchored, "rel": _h_rel, "yearend": _h_yearend, "dur": _h_dur, "dayrel": _h_dayrel,
    "podpos": _h_podpos, "daybefore": _h_daybefore, "weekday": _h_weekday, "clock": _h_clock, "vague": _h_vague,
    "set": _h_set, "setword": _h_setword, "event_edge": _h_event_edge, "event_rel": _h_event_rel,
}  # fmt: skip

__all__ = ["HANDLERS"]
