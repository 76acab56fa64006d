"""TIMEX3 recognition and normalisation on plain text, independent of spaCy.

``find_timexes(text, dct)`` returns :class:`~claimgraph.model.TimeExpr` objects
(ids ``t1``, ``t2``, ... in text order) with TempEval-3 types and values
resolved against the document creation time ``dct`` (ISO date or date-time,
or ``None``: relative values then keep ``X`` placeholders, e.g. ``XXXX-08``).

How it works, and why it is cheap: one scan finds literal cue words (a trie
regex over the lower-cased text) and a few more find digit shapes and month
names; every rule is one precompiled regular expression that runs (C speed)
only in small windows around its own cues. Overlapping candidates are resolved
longest-first; only the surviving few matches reach the Python normalisers, in
text order, so that "a year earlier" or "the next day" can follow the last date
mentioned (TempEval's reference time). Vocabulary (months, units, number words,
vague references, cue words, holidays) lives in ``data/timex_lexicon.json``.

Modules: ``timex_calendar`` (date arithmetic), ``timex_rules`` (vocabulary, patterns,
cue windows, candidate selection), ``timex_context`` (reference time and shared
value helpers), ``timex_absolute`` / ``timex_relative`` (value handlers per rule);
this module ties them together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from claimgraph.extract import timex_absolute, timex_relative
from claimgraph.extract.timex_calendar import add_months, fmt, parse_dct, shift
from claimgraph.extract.timex_context import Ctx, Val
from claimgraph.extract.timex_rules import candidates, compiled, lexicon
from claimgraph.model import Span, TimeExpr, TimeType

_HANDLERS: dict[str, Callable[[re.Match[str], Ctx], Val | None]] = {
    **timex_absolute.HANDLERS,
    **timex_relative.HANDLERS,
}


# Reporting periods longer than a quarter: half years and spans of six to eleven months.
_LONGER_PERIOD = re.compile(r"\d{4}-H[12]|P(?:[6-9]|1[01])M")
_DAY = re.compile(r"\d{4}-\d\d-\d\d")
# What may stand between a clock time and the date that names its day ("1530 EST on March 20",
# "1550 hrs EDT, April 13", "1530 hrs EDT (1930 gmt) Oct 26", one noun the clock names: "the noon
# deadline yesterday") and between a clock time and its conversion or the end of its range
# ("1630 EST (2130 GMT)", "from 1700 to 2100").
_CLOCK_THEN_DATE = re.compile(
    r"\)?\s*(?:\([^()\n]{1,30}\)\s*)?"
    r"(?:(?!(?:and|or|but|from|since|than|until|till|to|before|after|of|by|versus|vs|not|against|with|into|"
    r"over|under|through|like|for|compared|while|when|where|which|that|then)\b)[a-z]{3,}\s+)?"
    r"(?:,\s*|on\s+)?"
)
_CLOCK_THEN_CLOCK = re.compile(r"[\s(/]*(?:(?:to|and|or|-|until|till)[\s(/]*)?")


def _quarter_start(value: str | None) -> date | None:
    if value is None or not re.fullmatch(r"\d{4}-Q[1-4]", value):
        return None
    return date(int(value[:4]), 3 * int(value[-1]) - 2, 1)


def _type_of(value: str | None) -> TimeType:
    if value is None:
        return "DATE"
    if value.startswith("P") and not value.startswith(("PRESENT", "PAST")):
        return "DURATION"
    return "TIME" if "T" in value and not value.endswith("_REF") else "DATE"


def find_timexes(text: str, dct: str | None = None) -> list[TimeExpr]:
    """Recognise and normalise the time expressions in ``text`` against creation time ``dct``.

    Returns :class:`TimeExpr` objects in text order with ids ``t1``, ``t2``, ...
    """
    cp = compiled()
    raw = lexicon().raw
    dct_day, dct_clock = parse_dct(dct)
    ctx = Ctx(text=text, dct=dct_day, dct_clock=dct_clock, ref=(dct_day, "D") if dct_day else None)
    out: list[TimeExpr] = []
    prev_end = 0
    floating: list[int] = []  # the last expressions, when they are clock times without their day
    for start, end, prio, m in candidates(text):
        idiom = cp.idiom.search(text, max(0, start - 16), end + 16)
        if idiom is not None and idiom.start() < end and start < idiom.end():
            continue
        ctx.start, ctx.end = start, end
        try:
            val = _HANDLERS[cp.rules[prio][0]](m, ctx)
        except (ValueError, OverflowError):
            # A written year outside the calendar ("May 0000", arithmetic past 9999) names no date we can
            # normalise; dropping the one expression beats failing the whole article.
            continue
        if val is None:
            continue
        if val.start is not None:
            start = val.start
        typ: TimeType = val.type or _type_of(val.value)
        mod = val.mod
        # Modifiers written before the expression belong to it ("early 2024", "about three years").
        window = text[max(prev_end, start - 24) : start]
        rule = cp.rules[prio][0]
        pm = cp.prefix_qty.search(window) if typ == "DURATION" or rule == "dur" else None
        if pm is not None:
            mod = mod or raw["quantity_mods"][re.sub(r"\s+", " ", pm["p"].lower())]
            start -= len(window) - pm.start("p")
        elif typ in ("DATE", "TIME") and val.value is not None and not val.value.endswith("_REF"):
            pm = cp.prefix_pos.search(window)
            if pm is not None:
                mod = mod or (raw["position_mods"][re.sub(r"\s+", " ", pm["p"].lower())] or None)
                start -= len(window) - pm.start("p")
        if val.ref is not None and val.ref[0] is not None:
            ctx.ref, ctx.ref_at = val.ref, start
        quarter = _quarter_start(val.value) if "year" not in text[start:end].lower() else None
        if quarter is not None and (ctx.dct is None or quarter <= ctx.dct):
            # Only a reported quarter, not a forecast one ("losses through the third quarter of 1990"), is what
            # a later "a year ago" compares with.
            ctx.quarter = quarter
        elif val.value and _LONGER_PERIOD.fullmatch(val.value):
            # "the first nine months ... a year earlier": the comparison is now with that longer period's year.
            ctx.quarter = None
            if ctx.ref is not None and ctx.ref[1] == "Q":
                ctx.ref = (ctx.ref[0], "Y")
        if (
            floating
            and typ == "DATE"
            and val.value
            and _DAY.fullmatch(val.value)
            and _CLOCK_THEN_DATE.fullmatch(text[out[-1].span.end : start])
        ):
            # "at 1530 EST on March 20", "1700 CDT (2200 GMT) April 24": the date written next is their day.
            for i in floating:
                out[i] = replace(out[i], value=val.value + (out[i].value or "")[10:])
        if not (val.floating and val.value):
            floating = []
        elif not (floating and _CLOCK_THEN_CLOCK.fullmatch(text[out[-1].span.end : start])):
            floating = [len(out)]
        else:
            floating.append(len(out))
        out.append(
            TimeExpr(
                id=f"t{len(out) + 1}",
                span=Span(start, end),
                text=text[start:end],
                type=typ,
                value=val.value,
                mod=mod,
                anchor=val.anchor,
                begin=val.begin,
                end=val.end,
                # TIMEX3: a recurring set ("every week", "annually", "on Mondays") is quantified by EVERY
                quant="EVERY" if typ == "SET" else None,
            )
        )
        prev_end = end
    return out


__all__ = ["add_months", "find_timexes", "fmt", "lexicon", "parse_dct", "shift"]
