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
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any

from claimgraph.model import Span, TimeExpr, TimeType

Gran = str  # "Y", "Q", "M", "W", "D", "H" (half year), "DE" (decade), "CE" (century)
_UNKNOWN: dict[Gran, str] = {
    "Y": "XXXX",
    "Q": "XXXX-QX",
    "H": "XXXX-HX",
    "M": "XXXX-XX",
    "W": "XXXX-WXX",
    "D": "XXXX-XX-XX",
    "DE": "XXX",
    "CE": "XX",
}
_DURATION_CODE = {"Y": "Y", "M": "M", "W": "W", "D": "D", "H": "H", "MIN": "M", "S": "S"}


# -- calendar arithmetic ----------------------------------------------------------------
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
        return _UNKNOWN[gran]
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


# -- vocabulary and compiled rules -----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Lexicon:
    raw: dict[str, Any]
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    vague_numbers: frozenset[str]
    units: dict[str, str]
    seasons: dict[str, str]
    pods: dict[str, str]


@cache
def lexicon() -> _Lexicon:
    """The vocabulary file, loaded once per process."""
    raw = json.loads(resources.files("claimgraph.extract").joinpath("data/timex_lexicon.json").read_text("utf-8"))
    units = dict(raw["units"])
    units.update({pl: raw["units"][sg] for pl, sg in raw["unit_plurals"].items()})
    return _Lexicon(
        raw=raw,
        months=raw["months"],
        weekdays=raw["weekdays"],
        numbers=raw["numbers"],
        vague_numbers=frozenset(raw["vague_numbers"]),
        units=units,
        seasons=raw["seasons"],
        pods=raw["parts_of_day"],
    )


def _alt(words: Any, *, capitalised: bool = False) -> str:
    """A regex alternation of ``words``, longest first; ``capitalised`` matches Title/UPPER case only."""
    items = sorted(set(words), key=len, reverse=True)
    if capitalised:
        forms = [v for w in items for v in (w[:1].upper() + w[1:], w.upper())]
        return "(?-i:" + "|".join(re.escape(f) for f in forms) + ")"
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items) + ")"


def _templates(lx: _Lexicon) -> dict[str, str]:
    raw = lx.raw
    num_word = _alt(raw["compound_numbers"])
    single = _alt(set(lx.numbers) - set(raw["compound_numbers"]))
    return {
        "MON": r"(?P<mon>" + _alt(lx.months, capitalised=True) + r")\b\.?",
        "MONF": r"(?P<mon>" + _alt(raw["months_alone"], capitalised=True) + r")\b",
        "WD": r"(?P<wd>" + _alt(lx.weekdays, capitalised=True) + r")",
        "NUM": r"(?P<num>\d+(?:\.\d+)?(?:\s+\d/\d)?|" + _alt(raw["vague_numbers"]) + "|" + single + "|"
        rf"{num_word}(?:[\s-]+{num_word}){{0,2}})",
        "UNIT": r"(?P<unit>" + _alt(lx.units) + r")",
        "SEASON": r"(?P<season>" + _alt(lx.seasons) + r")",
        "POD": r"(?P<pod>" + _alt(lx.pods) + r")",
        "CENTW": _alt(raw["century_words"]),
        "DECW": _alt(raw["decade_words"]),
        "EVENTS": _alt(raw["event_nouns"]),
        "EDGES": _alt(raw["event_edges"]),
        "ERELS": _alt(raw["event_relations"]),
        "VAGUE": _alt(raw["vague"]),
        "HOLIDAYS": _alt(raw["holidays"]),
        "SETS": _alt(raw["sets"]),
        "CLOCKTAIL": r"(?:,?\s+(?:at\s+)?(?P<hh>\d{1,2}):(?P<mm>\d\d)(?:\s*(?P<ap>[ap]\.?m\b\.?))?)?",
    }


# Rule order is the tie-break between candidates of equal length (earlier wins).
_RULES: tuple[tuple[str, str], ...] = (
    ("iso", r"\b(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:[T ](?P<hh>\d\d):(?P<mm>\d\d)(?::\d\d)?)?\b"),
    ("slash", r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})\b"),
    ("dmy", r"\b(?:{WD},?\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?{MON}(?:,?\s+(?P<y>\d{4})\b)?{CLOCKTAIL}"),
    ("mdy", r"\b(?:{WD},?\s+)?{MON}\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?!,\d)(?:,?\s+(?P<y>\d{4})\b)?{CLOCKTAIL}"),
    ("my", r"\b{MON},?\s+(?:of\s+)?(?P<y>\d{4})\b"),
    ("mrel", r"\b{MONF}\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b"),
    ("season_year", r"\b(?:the\s+)?{SEASON}\s+(?:of\s+)?(?P<y>\d{4})\b"),
    (
        "quarter",
        r"\b(?:(?P<det>the|this\s+year's|last\s+year's|next\s+year's|(?P<yp>\d{4})'s)\s+)?"
        r"(?:(?P<y1>\d{4})\s+)?(?:(?P<adj>latest|current|previous|prior|year-ago|year-earlier|"
        r"comparable(?:\s+year-ago|\s+year-earlier)?|same|past|last|next|coming|recent)\s+)?(?:fiscal[\s-]+)?"
        r"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final)[\s-]+)?(?:fiscal[\s-]+)?"
        r"(?P<kind>quarter|half|period)\b(?!-)"
        r"(?:\s+(?:of\s+)?(?:(?:fiscal\s+)?(?P<y2>\d{4})\b|(?P<yrel>this|last|next)\s+year\b))?",
    ),
    ("qshort", r"\b(?-i:Q(?P<q>[1-4]))(?:\s+(?:of\s+)?(?:FY\s*)?(?P<y>\d{4}))?\b"),
    ("yago", r"\b(?:the\s+)?(?:comparable\s+)?(?:year-ago|year-earlier)(?:\s+(?P<kind>quarter|period))?\b"),
    ("mon", r"\b(?:(?P<det>last|next|this(?:\s+past|\s+coming)?)\s+)?{MONF}(?!-)"),
    ("year", r"\b(?:(?P<fy>fiscal(?:\s+year)?|(?-i:FY))\s*'?)?(?P<y>1[89]\d\d|20\d\d|2100)\b"),
    (
        "spoken_year",
        r"\b(?:(?P<c>nineteen|eighteen)[\s-]+(?P<tens>ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
        r"eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?P<u>one|two|three|four|"
        r"five|six|seven|eight|nine))?)\b",
    ),
    (
        "bare_plural",
        r"\b(?:for|in|within|over)\s+(?P<x>(?P<unit>years|months|weeks|days|hours|decades|centuries))\b(?!\s+of\b)",
    ),
    ("holiday", r"\b(?:(?P<det>last|next|this)\s+)?(?P<h>{HOLIDAYS})\b"),
    ("decade", r"\b(?:the\s+)?(?:(?P<c>1[89]|20)(?P<d>\d)0|'(?P<d2>\d)0)'?s\b"),
    ("decade_word", r"\bthe\s+(?P<dw>{DECW})\b"),
    ("century", r"\b(?:the\s+)?(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|(?P<nw>{CENTW}))[\s-]century\b"),
    (
        "rel",
        r"\b(?P<det>this\s+past|this\s+coming|this|last|next|the\s+past|the\s+last|the\s+coming|the\s+previous|"
        r"the\s+following|the\s+current|the\s+same|that|the\s+next|the\s+latest|the\s+prior|the|past|coming)\s+"
        r"(?P<unit>year|month|week|weekend|quarter|decade|century|day|morning|afternoon|evening|night|"
        r"spring|summer|fall|autumn|winter|fiscal\s+year)\b(?!-)",
    ),
    (
        "anchored",
        r"\b(?:the\s+)?(?P<dir>past|last|next|coming|first|latest|previous|following|final|remaining|"
        r"preceding|ensuing|recent)\s+(?:{NUM}\s+)?{UNIT}\b(?!-)",
    ),
    ("yearend", r"\byear(?:-|\s+|'s\s+)end\b"),
    (
        "dur",
        r"\b(?:the\s+)?{NUM}[\s-]+{UNIT}\b(?P<suf>-long|-old)?(?:\s+(?P<rel>ago|earlier|later|from\s+now|hence|"
        r"previously))?\b",
    ),
    ("dayrel", r"\b(?P<w>today|yesterday|tomorrow|tonight|overnight)\b(?:\s+{POD})?"),
    ("daybefore", r"\bthe\s+day\s+(?P<ba>before\s+yesterday|after\s+tomorrow)\b"),
    (
        "weekday",
        r"\b(?:(?P<det>last|next|this(?:\s+coming|\s+past)?|the\s+previous|the\s+following|that)\s+)?"
        r"{WD}(?P<pl>s)?\b(?:\s+{POD}(?P<podpl>s)?\b)?",
    ),
    (
        "clock",
        r"(?<![\d:.,$])(?:(?P<hh>\d{1,2})(?:[:.](?P<mm>\d\d))?\s*(?P<ap>[ap]\.m\b\.?|[ap]m\b)|"
        r"(?P<hh2>[01]?\d|2[0-3]):(?P<mm2>[0-5]\d)\b(?![:\d])|\b(?P<nm>noon|midnight|midday))"
        r"(?:\s+(?P<tz>(?-i:[ECMP][SD]T|GMT|UTC|BST|CET))\b)?(?:,?\s+(?P<day>today|yesterday|tomorrow|{WD}))?"
        r"(?:,?\s+{MON}\s+(?P<d>\d{1,2})\b)?",
    ),
    ("vague", r"\b{VAGUE}\b"),
    ("set", r"\b(?:every|each|per)\s+(?:(?P<other>other)\s+)?(?:{UNIT}|{WD}|{MONF}|{POD})\b"),
    ("setword", r"\b{SETS}\b"),
    ("season_in", r"\b(?:in|during|by|until|since|through)\s+(?P<x>{SEASON})\b"),
    (
        "event_edge",
        r"\b(?P<x>(?:the\s+)?(?P<edge>{EDGES})\s+of\s+(?P<ev>(?:the|this|last|that)\s+(?:[A-Za-z-]+\s+){0,2}?"
        r"{EVENTS}(?:\s+in\s+(?-i:[A-Z][\w-]+))?))\b",
    ),
    ("event_rel", r"\b(?P<rel>{ERELS})\s+(?P<ev>the\s+(?:[A-Za-z0-9-]+\s+)?{EVENTS})\b"),
)


# Cheap literal cues per rule. A rule's (costly, case-insensitive) pattern only runs in windows of
# text around its cues, which keeps the recogniser far cheaper than one full scan per rule.
# "@MONTH" stands for the capitalised month names (found in the original text), "~" marks a regex.
_UNITS = ("year", "month", "week", "day", "hour", "minute", "second", "decade", "centur", "quarter", "fortnight")
_SEASONS = ("spring", "summer", "fall", "autumn", "winter")
_PODS = ("morning", "afternoon", "evening", "night")
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "iso": (r"~\d{4}-\d\d-\d\d",),
    "slash": (r"~\d/\d{1,2}/\d",),
    "dmy": ("@MONTH",),
    "mdy": ("@MONTH",),
    "my": ("@MONTH",),
    "mrel": ("@MONTH",),
    "season_year": _SEASONS,
    "quarter": ("quarter", "half", "period"),
    "qshort": (r"~q[1-4]",),
    "yago": ("year-",),
    "mon": ("@MONTH",),
    "year": (r"~[12]\d\d\d",),
    "decade": ("0s", "0's"),
    "holiday": ("@HOLIDAYS",),
    "spoken_year": ("nineteen", "eighteen"),
    "bare_plural": ("years", "months", "weeks", "days", "hours", "decades", "centuries"),
    "decade_word": ("ties",),
    "century": ("century",),
    "rel": ("year", "month", "week", "quarter", "decade", "century", "day", *_PODS, *_SEASONS),
    "yearend": ("year",),
    "anchored": _UNITS,
    "dur": _UNITS,
    "dayrel": ("today", "yesterday", "tomorrow", "tonight", "overnight"),
    "daybefore": ("the day",),
    "weekday": ("day",),
    "clock": (r"~\d\s*[ap]\.?m", r"~\d:\d\d", "noon", "midnight", "midday"),
    "vague": ("@VAGUE",),
    "set": ("every", "each", "per"),
    "setword": ("@SETS",),
    "season_in": _SEASONS,
    "event_edge": ("@EVENTS",),
    "event_rel": ("@EVENTS",),
}
_LEFT, _RIGHT = 90, 110  # window margins around a cue: longer than any expression reaches from its cue


def _trie(words: list[str]) -> str:
    """One regex for many literals, as a trie, so the engine tries one branch per first character."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        ends = "" in node
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if ends else body

    return emit(root)


@dataclass(frozen=True, slots=True)
class _Compiled:
    rules: tuple[tuple[str, re.Pattern[str]], ...]
    # per rule: the cue keys it listens to (literal words, "@MONTH" or "~regex")
    triggers: tuple[frozenset[str], ...]
    words: re.Pattern[str]  # every literal cue at once, on the lower-cased text
    contained: dict[str, tuple[str, ...]]  # a matched cue -> every cue it contains ("today" -> "day")
    cue_patterns: dict[str, re.Pattern[str]]  # "@MONTH" and "~regex" cues
    prefix_pos: re.Pattern[str]
    prefix_qty: re.Pattern[str]
    future: re.Pattern[str]
    future_prep: re.Pattern[str]
    year_before: re.Pattern[str]
    year_after: re.Pattern[str]


@cache
def compiled() -> _Compiled:
    """Every rule compiled once per process."""
    lx = lexicon()
    tpl = _templates(lx)
    rules = []
    for name, pattern in _RULES:
        for key, sub in tpl.items():
            pattern = pattern.replace("{" + key + "}", sub)
        pattern = pattern.replace("{{", "{").replace("}}", "}")
        rules.append((name, re.compile(pattern, re.I)))
    raw = lx.raw
    pos = sorted(raw["position_mods"], key=len, reverse=True)
    qty = sorted(raw["quantity_mods"], key=len, reverse=True)
    pos_alt = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in pos)
    qty_alt = "|".join(re.escape(q).replace(r"\ ", r"\s+") for q in qty)
    expand = {
        "@VAGUE": [v.split()[-1] for v in raw["vague"]],
        "@SETS": list(raw["sets"]),
        "@EVENTS": list(raw["event_nouns"]),
        "@HOLIDAYS": [h.split()[0] for h in raw["holidays"]],
    }
    triggers = [frozenset(w for cue in _TRIGGERS[name] for w in expand.get(cue, [cue])) for name, _ in _RULES]
    special = {w for t in triggers for w in t if w.startswith(("~", "@"))}
    words = sorted({w for t in triggers for w in t} - special)
    cue_patterns = {w: re.compile(w[1:]) for w in special if w.startswith("~")}
    cue_patterns["@MONTH"] = re.compile(_alt(lx.months, capitalised=True))
    return _Compiled(
        rules=tuple(rules),
        triggers=tuple(triggers),
        words=re.compile(_trie(words)),
        contained={w: tuple(c for c in words if c in w) for w in words},
        cue_patterns=cue_patterns,
        prefix_pos=re.compile(r"(?:^|(?<=[\s(\"']))(?P<p>" + pos_alt + r")(?:\s+|(?<=-))$", re.I),
        prefix_qty=re.compile(r"(?:^|(?<=[\s(\"']))(?P<p>" + qty_alt + r")\s+$", re.I),
        future=re.compile(r"\b(?:" + "|".join(re.escape(w) for w in raw["future_cues"]) + r")\b", re.I),
        future_prep=re.compile(r"\b" + _alt(raw["future_preps"]) + r"\s+(?:(?:the|early|late|mid)[\s-]+)?$", re.I),
        year_before=re.compile(r"(?:\b|(?<=\w)(?='))(?:" + _alt(raw["year_preceders"]) + r")\W{0,2}$", re.I),
        year_after=re.compile(r"^(?:'s\b|\s*[,.;:)\]?!-]|\s*$|\s+(?:" + _alt(raw["year_followers"]) + r")\b)", re.I),
    )


# -- normalisation ---------------------------------------------------------------------------------
@dataclass(slots=True)
class _Val:
    value: str | None
    type: TimeType | None = None
    mod: str | None = None
    anchor: str | None = None
    begin: str | None = None
    end: str | None = None
    ref: tuple[date, Gran] | None = None
    start: int | None = None  # a later start when a leading word belongs to the noun, not the time


@dataclass(slots=True)
class _Ctx:
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
        after = re.split(r"[,.;:]", self.text[self.end : self.end + 30], maxsplit=1)[0]
        cp = compiled()
        # After the expression only a cue right behind it counts ("Monday will see ..."), not a later clause.
        return bool(cp.future.search(before) or cp.future.match(after.lstrip()) or cp.future_prep.search(before))


def _num(text: str | None) -> float | None:
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


def _duration(n: float | None, unit: str) -> str:
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


def _unit_of(word: str) -> str:
    return lexicon().units[re.sub(r"\s+", " ", word.lower())]


def _clock(hh: str, mm: str | None, ap: str | None) -> str | None:
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


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_day(c: _Ctx, month: int, day: int) -> date | None:
    """A month/day without year: within the coming ~3 months (announced dates), else the last one."""
    assert c.dct is not None
    for y in (c.dct.year - 1, c.dct.year, c.dct.year + 1):
        cand = _safe_date(y, month, day)
        if cand is not None and 0 <= (cand - c.dct).days <= 100:
            return cand  # an announced date in the coming months
    for y in (c.dct.year, c.dct.year - 1):
        cand = _safe_date(y, month, day)
        if cand is not None and cand <= c.dct:
            return cand
    return None


def _abs_day(m: re.Match[str], c: _Ctx, month: int, day: int) -> _Val | None:
    year = m["y"]
    if year is not None:
        d = _safe_date(int(year), month, day)
    elif c.dct is not None:
        d = _month_day(c, month, day)
    else:
        return _Val(f"XXXX-{month:02d}-{day:02d}")
    if d is None:
        return None
    value = d.isoformat()
    hh = m.groupdict().get("hh")
    if hh is not None:
        clock = _clock(hh, m["mm"], m["ap"])
        if clock is not None:
            return _Val(value + clock, type="TIME", ref=(d, "D"))
    return _Val(value, ref=(d, "D"))


def _h_iso(m: re.Match[str], c: _Ctx) -> _Val | None:
    return _abs_day(m, c, int(m["m"]), int(m["d"]))


def _h_slash(m: re.Match[str], c: _Ctx) -> _Val | None:
    a, b = int(m["a"]), int(m["b"])
    # Day-first when the first number cannot be a month; otherwise US month-first newswire order.
    month, day = (b, a) if a > 12 else (a, b)
    d = _safe_date(int(m["y"]), month, day)
    return _Val(d.isoformat(), ref=(d, "D")) if d else None


def _month(m: re.Match[str]) -> int:
    return lexicon().months[m["mon"].lower()]


def _h_daymonth(m: re.Match[str], c: _Ctx) -> _Val | None:
    if not 1 <= int(m["d"]) <= 31:
        return None
    return _abs_day(m, c, _month(m), int(m["d"]))


def _h_my(m: re.Match[str], c: _Ctx) -> _Val:
    d = date(int(m["y"]), _month(m), 1)
    return _Val(fmt(d, "M"), ref=(d, "M"))


def _h_mrel(m: re.Match[str], c: _Ctx) -> _Val:
    month = _month(m)
    if c.dct is None:
        return _Val(f"XXXX-{month:02d}")
    year = c.dct.year + {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    d = date(year, month, 1)
    return _Val(fmt(d, "M"), ref=(d, "M"))


_MAY_CONTEXT = re.compile(
    r"\b(?:in|since|until|till|by|from|of|during|through|before|after|to|early|late|mid|and|or|last|"
    r"next|this|between|that|each|every)\W{0,2}$",
    re.I,
)


def _h_mon(m: re.Match[str], c: _Ctx) -> _Val | None:
    month = _month(m)
    det = (m["det"] or "").lower().split()
    before = c.text[max(0, c.start - 16) : c.start]
    if not det and month == 5 and not _MAY_CONTEXT.search(before):
        return None  # "May" opening a sentence is the modal, not the month
    if not det and re.match(r"\s+(?-i:[A-Z][a-z])", c.text[c.end : c.end + 3]) and not _MAY_CONTEXT.search(before):
        return None  # "April Smith": a name, not a month
    if c.dct is None:
        return _Val(f"XXXX-{month:02d}")
    y, cur = c.dct.year, c.dct.month
    if det[:1] == ["this"] and len(det) == 1:
        year = y
    elif det[:1] == ["last"] or det[-1:] == ["past"]:
        year = y if month < cur else y - 1
    elif det[:1] == ["next"] or det[-1:] == ["coming"] or (c.future() and not re.search(r"\bsince\s+$", before, re.I)):
        year = y if month > cur or (month == cur and not det) else y + 1
    else:
        year = y if month <= cur else y - 1
    d = date(year, month, 1)
    return _Val(fmt(d, "M"), ref=(d, "M"))


def _h_season_year(m: re.Match[str], c: _Ctx) -> _Val:
    return _Val(f"{int(m['y']):04d}-{lexicon().seasons[m['season'].lower()]}")


def _season_value(code: str, offset: str, c: _Ctx) -> str:
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


def _h_season_in(m: re.Match[str], c: _Ctx) -> _Val:
    return _Val(_season_value(lexicon().seasons[m["season"].lower()], "last" if not c.future() else "this", c))


def _quarter_year(m: re.Match[str], c: _Ctx) -> int | None:
    for key in ("y1", "y2", "yp"):
        if m[key]:
            return int(m[key])
    if c.dct is None:
        return None
    det = (m["det"] or "").lower()
    rel = (m["yrel"] or "").lower()
    if not rel and "'" in det:
        rel = det.split()[0]  # "last year's third quarter"
    return c.dct.year + {"this": 0, "last": -1, "next": 1}[rel] if rel else None


def _h_quarter(m: re.Match[str], c: _Ctx) -> _Val | None:
    kind = m["kind"].lower()
    adj = re.sub(r"\s+", " ", (m["adj"] or "").lower())
    ordinal = (m["ord"] or "").lower()
    has_year = any(m[k] for k in ("y1", "y2", "yp", "yrel")) or "'" in (m["det"] or "")
    if kind == "period" and not (adj or m["y1"] or m["yp"]):
        return None
    if not (ordinal or adj or m["det"] or has_year):
        return None
    if kind == "half":
        if not ordinal or ordinal not in ("first", "1st", "second", "2nd"):
            return None
        year = _quarter_year(m, c) or (c.dct.year if c.dct else None)
        h = 1 if ordinal in ("first", "1st") else 2
        return _Val(f"{year:04d}-H{h}" if year else f"XXXX-H{h}")
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
            return _Val("XXXX-QX")
        d = shift(base[0], "Y", -1)
        if ordinal in q_of:
            d = date(d.year, 3 * q_of[ordinal] - 2, 1)
        return _Val(fmt(d, "Q"))
    if ordinal in q_of:
        q = 4 if ordinal == "final" else q_of[ordinal]
        if year is None:
            if c.dct is None:
                return _Val(f"XXXX-Q{q}")
            cur_q = (c.dct.month - 1) // 3 + 1
            year = c.dct.year if q <= cur_q or c.future() else c.dct.year - 1
        d = date(year, 3 * q - 2, 1)
        return _Val(fmt(d, "Q"), ref=(d, "Q"), start=trim)
    if year is not None:
        if c.ref and c.ref[1] == "Q":
            d = date(year, c.ref[0].month, 1)
            return _Val(fmt(d, "Q"), ref=(d, "Q"))
        return _Val(f"{year:04d}")
    if c.dct is None:
        return _Val("XXXX-QX")
    offset = {"current": 0, "this": 0, "previous": -1, "prior": -1, "past": -1, "last": -1, "next": 1, "coming": 1}
    if adj in offset:
        d = shift(c.dct, "Q", offset[adj])
    elif c.ref and c.ref[1] == "Q":
        d = c.ref[0]
    else:
        d = shift(c.dct, "Q", -1)
    return _Val(fmt(d, "Q"), ref=(d, "Q"))


def _h_qshort(m: re.Match[str], c: _Ctx) -> _Val:
    q = int(m["q"])
    if m["y"]:
        year: int | None = int(m["y"])
    elif c.dct is not None:
        cur_q = (c.dct.month - 1) // 3 + 1
        year = c.dct.year if q <= cur_q or c.future() else c.dct.year - 1
    else:
        year = None
    if year is None:
        return _Val(f"XXXX-Q{q}")
    d = date(year, 3 * q - 2, 1)
    return _Val(fmt(d, "Q"), ref=(d, "Q"))


def _h_yago(m: re.Match[str], c: _Ctx) -> _Val:
    if c.quarter is not None:
        return _Val(fmt(shift(c.quarter, "Y", -1), "Q"))
    base = c.ref if c.ref and c.ref[1] in ("Q", "Y", "M") else ((shift(c.dct, "Q", -1), "Q") if c.dct else None)
    if base is None:
        return _Val("XXXX")
    return _Val(fmt(shift(base[0], "Y", -1), base[1]))


def _h_year(m: re.Match[str], c: _Ctx) -> _Val | None:
    if not m["fy"]:
        before = c.text[max(0, c.start - 24) : c.start]
        after = c.text[c.end : c.end + 24]
        if re.search(r"[$#£€]\s*$|\d[,.]?$|(?:No|no|Nos?)\.?\s*$", before) or re.match(r"[,.]\d|\s*%|-\d", after):
            return None  # a number or amount, not a year
        cp = compiled()
        if not (cp.year_before.search(before) or cp.year_after.match(after)):
            return None  # "2023 soldiers": a count
    d = date(int(m["y"]), 1, 1)
    return _Val(fmt(d, "Y"), ref=(d, "Y"))


def _h_spoken_year(m: re.Match[str], c: _Ctx) -> _Val:
    nums = lexicon().numbers
    year = nums[m["c"].lower()] * 100 + nums[m["tens"].lower()] + (nums[m["u"].lower()] if m["u"] else 0)
    d = date(year, 1, 1)
    return _Val(fmt(d, "Y"), ref=(d, "Y"))


def _h_bare_plural(m: re.Match[str], c: _Ctx) -> _Val:
    return _Val(_duration(None, _unit_of(m["unit"])), type="DURATION")


def _holiday_date(year: int, spec: list[int | None]) -> date:
    month, day, weekday = spec
    assert month is not None and day is not None
    d = date(year, month, day)
    return d if weekday is None else d + timedelta(days=(weekday - d.isoweekday()) % 7)


def _h_holiday(m: re.Match[str], c: _Ctx) -> _Val:
    spec = lexicon().raw["holidays"][re.sub(r"\s+", " ", m["h"].lower())]
    if c.dct is None:
        return _Val(f"XXXX-{spec[0]:02d}" + (f"-{spec[1]:02d}" if spec[2] is None else ""))
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
    return _Val(d.isoformat(), ref=(d, "D"))


def _h_decade(m: re.Match[str], c: _Ctx) -> _Val:
    if m["d2"]:
        return _Val(f"19{m['d2']}")
    return _Val(f"{m['c']}{m['d']}")


def _h_decade_word(m: re.Match[str], c: _Ctx) -> _Val:
    return _Val(f"19{lexicon().raw['decade_words'][m['dw'].lower()]}")


def _h_century(m: re.Match[str], c: _Ctx) -> _Val | None:
    n = int(m["n"]) if m["n"] else lexicon().raw["century_words"][m["nw"].lower()]
    return _Val(f"{n - 1:02d}") if 1 <= n <= 21 else None


def _h_anchored(m: re.Match[str], c: _Ctx) -> _Val | None:
    unit_word = m["unit"].lower()
    if m["num"] is None and not unit_word.endswith("s"):
        return None  # "the last week" is a date (rule "rel")
    unit = _unit_of(unit_word)
    n = _num(m["num"]) if m["num"] else None
    v = _Val(_duration(n, unit), type="DURATION")
    direction = m["dir"].lower()
    if c.dct is not None and n is not None and n == int(n) and unit not in ("H", "MIN", "S"):
        if direction in ("past", "last", "previous", "preceding", "recent"):
            v.begin, v.end = shift(c.dct, unit, -int(n)).isoformat(), c.dct.isoformat()
        elif direction in ("next", "coming", "following", "ensuing"):
            v.begin, v.end = c.dct.isoformat(), shift(c.dct, unit, int(n)).isoformat()
    return v


def _pod_value(d: date | None, pod: str) -> str:
    return fmt(d, "D") + "T" + lexicon().pods[pod.lower()]


_REL_OFFSETS: dict[str, tuple[str, int]] = {
    "this": ("dct", 0), "the current": ("dct", 0), "the": ("dct", 0), "this past": ("dct", -1),
    "last": ("dct", -1), "past": ("dct", -1), "the past": ("dct", -1), "the last": ("dct", -1),
    "the latest": ("dct", -1), "next": ("dct", 1), "coming": ("dct", 1), "the coming": ("dct", 1),
    "this coming": ("dct", 1), "the previous": ("ref", -1), "the prior": ("ref", -1), "the following": ("ref", 1),
    "the next": ("ref", 1), "the same": ("ref", 0), "that": ("ref", 0),
}  # fmt: skip
_REL_GRAN = {"year": "Y", "fiscal year": "Y", "month": "M", "week": "W", "quarter": "Q", "decade": "DE",
             "century": "CE", "day": "D"}  # fmt: skip


def _h_rel(m: re.Match[str], c: _Ctx) -> _Val | None:
    det = re.sub(r"\s+", " ", m["det"].lower())
    unit = re.sub(r"\s+", " ", m["unit"].lower())
    if det == "the" and unit in ("day", "night", "decade", "century"):
        return None  # "the day after ...": not a time expression on its own
    if det == "past" and unit not in ("year", "decade", "week", "month"):
        return None
    base_kind, offset = _REL_OFFSETS[det]
    base = c.dct if base_kind == "dct" or c.ref is None else c.ref[0]
    if unit in lexicon().seasons:
        code = lexicon().seasons[unit]
        if det in ("the", "that", "the same"):
            return _Val(_season_value(code, "this", c))
        return _Val(_season_value(code, {-1: "last", 1: "next"}.get(offset, "this"), c))
    if unit in lexicon().pods:
        if det in ("last", "the past") and unit == "night":
            return _Val(_pod_value(shift(base, "D", -1) if base else None, unit), type="TIME")
        if det in ("this", "the", "that", "the same"):
            return _Val(_pod_value(base, unit), type="TIME")
        if det in ("the next", "the following"):
            return _Val(_pod_value(shift(base, "D", 1) if base else None, unit), type="TIME")
        return None
    if unit == "weekend":
        if base is None:
            return _Val("XXXX-WXX-WE")
        if det in ("the", "this", "that", "the same") and not c.future() and base.isoweekday() < 6:
            offset = -1
        d = shift(base, "W", offset)
        return _Val(fmt(d, "W") + "-WE")
    gran = _REL_GRAN[unit]
    if det in ("the past", "the last", "past") and unit == "decade":
        return _Val("P10Y", type="DURATION")
    edge_before = re.search(
        r"(?:end|beginning|start|middle|rest|half|part)\s+of\s+$", c.text[max(0, c.start - 16) : c.start]
    )
    if det == "the" and unit in ("year", "fiscal year") and not edge_before:
        return _Val("P1Y", type="DURATION")  # TimeBank: "for the year" is a span of a year
    if unit == "quarter" and det in ("the", "the latest") and c.quarter is not None:
        return _Val(fmt(c.quarter, "Q"), ref=(c.quarter, "Q"))
    if unit == "quarter" and det == "the":
        offset = -1
    d2 = shift(base, gran if gran != "DE" else "DE", offset) if base is not None else None
    v = _Val(fmt(d2, gran))
    if det in ("the previous", "the following", "the next", "the same", "that") and d2 is not None:
        v.ref = (d2, gran)
    return v


def _h_yearend(m: re.Match[str], c: _Ctx) -> _Val:
    return _Val(fmt(c.dct, "Y"), mod="END")


def _h_dur(m: re.Match[str], c: _Ctx) -> _Val | None:
    unit_word = re.sub(r"\s+", " ", m["unit"].lower())
    unit = _unit_of(unit_word)
    num_word = re.sub(r"\s+", " ", m["num"].lower())
    if num_word in ("a", "an", "one") and unit in ("S", "Q"):
        return None  # "a second time", "a quarter of the vote"
    if (m["suf"] or "").lower() == "-old":
        return None  # "the 6-year-old": an age, not a time
    n = _num(m["num"])
    rel = (m["rel"] or "").lower()
    if num_word in ("a", "an") and not rel:
        before = c.text[max(0, c.start - 24) : c.start]
        if re.search(r"(?:once|twice|times|\d|million|billion|percent|%|dollars?|cents?)\s+$", before, re.I):
            return _Val(_duration(1, unit), type="SET")
    if not rel:
        v = _Val(_duration(n, unit), type="DURATION")
        if m[0][:4].lower() == "the " and "-" in m[0]:
            v.start = c.start + 4  # "the 14-day delay": the determiner belongs to the noun
        return v
    return _relative_date(c, n, unit, rel)


def _relative_date(c: _Ctx, n: float | None, unit: str, rel: str) -> _Val:
    if n is None or n != int(n):
        return _Val("PAST_REF" if rel in ("ago", "earlier", "previously") else "FUTURE_REF", type="DATE")
    sign = -1 if rel in ("ago", "earlier", "previously") else 1
    if unit in ("H", "MIN", "S"):
        if c.dct is None:
            return _Val("XXXX-XX-XXTXX:XX", type="TIME")
        hh, mm = (int(x) for x in (c.dct_clock or "12:00").split(":"))
        moment = datetime(c.dct.year, c.dct.month, c.dct.day, hh, mm)
        step = {"H": timedelta(hours=1), "MIN": timedelta(minutes=1), "S": timedelta(seconds=1)}[unit]
        moment += sign * int(n) * step
        return _Val(moment.strftime("%Y-%m-%dT%H:%M"), type="TIME")
    if unit == "Y" and n == 1 and sign < 0 and c.quarter is not None:
        return _Val(fmt(shift(c.quarter, "Y", -1), "Q"), type="DATE")
    use_ref = rel in ("earlier", "later")
    base = c.ref if use_ref and c.ref is not None else ((c.dct, "D") if c.dct else None)
    if base is None:
        return _Val(_UNKNOWN["Y" if unit in ("Y", "DE", "CE") else unit if unit in _UNKNOWN else "D"], type="DATE")
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
    return _Val(fmt(d, gran), type="DATE", ref=(d, gran) if use_ref and unit in ("D", "W", "FN") else None)


def _h_dayrel(m: re.Match[str], c: _Ctx) -> _Val:
    word = m["w"].lower()
    if word == "tonight":
        return _Val(_pod_value(c.dct, "night"), type="TIME")
    if word == "overnight":
        return _Val(_pod_value(c.dct, "overnight"), type="TIME")
    delta = {"today": 0, "yesterday": -1, "tomorrow": 1}[word]
    d = shift(c.dct, "D", delta) if c.dct else None
    if m["pod"]:
        return _Val(_pod_value(d, m["pod"]), type="TIME")
    return _Val(fmt(d, "D"), ref=(d, "D") if d else None)


def _h_daybefore(m: re.Match[str], c: _Ctx) -> _Val:
    d = shift(c.dct, "D", -2 if m["ba"].lower().startswith("before") else 2) if c.dct else None
    return _Val(fmt(d, "D"), ref=(d, "D") if d else None)


def _weekday_date(c: _Ctx, wd: int, det: str) -> date | None:
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


def _h_weekday(m: re.Match[str], c: _Ctx) -> _Val | None:
    wd = lexicon().weekdays[m["wd"].lower()]
    det = re.sub(r"\s+", " ", (m["det"] or "").lower())
    pod = lexicon().pods[m["pod"].lower()] if m["pod"] else ""
    if m["pl"] or m["podpl"]:  # "on Tuesday nights": a recurring time
        return _Val(f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else ""), type="SET")
    d = _weekday_date(c, wd, det)
    value = fmt(d, "D") if d else f"XXXX-WXX-{wd}"
    if pod:
        return _Val(f"{value}T{pod}", type="TIME", ref=(d, "D") if d else None)
    return _Val(value, ref=(d, "D") if d else None)


def _h_clock(m: re.Match[str], c: _Ctx) -> _Val | None:
    if m["nm"]:
        clock: str | None = {"noon": "T12:00", "midday": "T12:00", "midnight": "T24:00"}[m["nm"].lower()]
    elif m["hh2"]:
        clock = _clock(m["hh2"], m["mm2"], None)
    else:
        clock = _clock(m["hh"], m["mm"], m["ap"])
    if clock is None:
        return None
    day_word = (m["day"] or "").lower()
    if day_word in ("today", "yesterday", "tomorrow"):
        d = shift(c.dct, "D", {"today": 0, "yesterday": -1, "tomorrow": 1}[day_word]) if c.dct else None
    elif m["wd"]:
        d = _weekday_date(c, lexicon().weekdays[m["wd"].lower()], "")
    elif m["mon"]:
        d = _month_day(c, _month(m), int(m["d"])) if c.dct else None
    else:
        d = c.ref[0] if c.ref and c.ref[1] == "D" else c.dct
    return _Val(fmt(d, "D") + clock, type="TIME")


def _h_vague(m: re.Match[str], c: _Ctx) -> _Val:
    return _Val(lexicon().raw["vague"][re.sub(r"\s+", " ", m[0].lower())])


def _h_set(m: re.Match[str], c: _Ctx) -> _Val | None:
    n = 2 if m["other"] else 1
    if m["unit"]:
        unit = _unit_of(m["unit"])
        if m["unit"].lower().endswith("s") or unit == "WE":
            return None
        return _Val(_duration(n, unit), type="SET")
    if m["wd"]:
        return _Val(f"XXXX-WXX-{lexicon().weekdays[m['wd'].lower()]}", type="SET")
    if m["mon"]:
        return _Val(f"XXXX-{_month(m):02d}", type="SET")
    return _Val(f"XXXX-XX-XXT{lexicon().pods[m['pod'].lower()]}", type="SET")


def _h_setword(m: re.Match[str], c: _Ctx) -> _Val:
    return _Val(lexicon().raw["sets"][m[0].lower()], type="SET")


def _h_event_edge(m: re.Match[str], c: _Ctx) -> _Val:
    return _Val(None, type="DATE", mod=lexicon().raw["event_edges"][m["edge"].lower()], anchor=m["ev"])


def _h_event_rel(m: re.Match[str], c: _Ctx) -> _Val:
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    return _Val(None, type="DATE", mod=lexicon().raw["event_relations"][rel], anchor=m["ev"])


_HANDLERS: dict[str, Callable[[re.Match[str], _Ctx], _Val | None]] = {
    "iso": _h_iso, "slash": _h_slash, "dmy": _h_daymonth, "mdy": _h_daymonth, "my": _h_my, "mrel": _h_mrel,
    "season_year": _h_season_year, "quarter": _h_quarter, "qshort": _h_qshort, "yago": _h_yago, "mon": _h_mon,
    "year": _h_year, "spoken_year": _h_spoken_year, "holiday": _h_holiday, "bare_plural": _h_bare_plural,
    "decade": _h_decade, "decade_word": _h_decade_word, "century": _h_century,
    "anchored": _h_anchored, "rel": _h_rel, "yearend": _h_yearend, "dur": _h_dur, "dayrel": _h_dayrel,
    "daybefore": _h_daybefore, "weekday": _h_weekday, "clock": _h_clock, "vague": _h_vague, "set": _h_set,
    "setword": _h_setword, "season_in": _h_season_in, "event_edge": _h_event_edge, "event_rel": _h_event_rel,
}  # fmt: skip


def _type_of(value: str | None) -> TimeType:
    if value is None:
        return "DATE"
    if value.startswith("P") and not value.startswith(("PRESENT", "PAST")):
        return "DURATION"
    return "TIME" if "T" in value and not value.endswith("_REF") else "DATE"


def _cue_hits(text: str, lowered: str) -> dict[str, list[int]]:
    """Offsets of every cue in the text, found with a handful of scans."""
    cp = compiled()
    hits: dict[str, list[int]] = {}
    for m in cp.words.finditer(lowered):
        for cue in cp.contained[m[0]]:
            hits.setdefault(cue, []).append(m.start())
    for cue, pattern in cp.cue_patterns.items():
        found = [m.start() for m in pattern.finditer(text if cue == "@MONTH" else lowered)]
        if found:
            hits[cue] = found
    return hits


def _windows(n: int, cues: frozenset[str], hits: dict[str, list[int]]) -> list[tuple[int, int]]:
    """Merged ``[lo, hi)`` windows around every cue of one rule."""
    positions = sorted(p for cue in cues for p in hits.get(cue, ()))
    merged: list[tuple[int, int]] = []
    for pos in positions:
        lo, hi = max(0, pos - _LEFT), min(n, pos + _RIGHT)
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _candidates(text: str) -> list[tuple[int, int, int, re.Match[str]]]:
    cp = compiled()
    lowered = text.lower()
    # lower() can change the length of a few non-ASCII strings; then cue offsets are useless: scan all.
    whole = [(0, len(text))] if len(lowered) != len(text) else None
    hits = _cue_hits(text, lowered) if whole is None else {}
    found: list[tuple[int, int, int, re.Match[str]]] = []
    windows: dict[frozenset[str], list[tuple[int, int]]] = {}
    for prio, (_name, pattern) in enumerate(cp.rules):
        has_x = "x" in pattern.groupindex
        cues = cp.triggers[prio]
        if whole is None and cues not in windows:
            windows[cues] = _windows(len(text), cues, hits)
        for lo, hi in whole or windows[cues]:
            for m in pattern.finditer(text, lo, hi):
                start, end = m.span("x") if has_x and m["x"] else m.span()
                if end > start:
                    found.append((start, end, prio, m))
    # Longest first, then rule order, then leftmost; keep those not overlapping a better one.
    found.sort(key=lambda f: (f[0] - f[1], f[2], f[0]))
    starts: list[int] = []  # the kept spans never overlap, so sorted starts imply sorted ends
    ends: list[int] = []
    chosen: list[tuple[int, int, int, re.Match[str]]] = []
    for cand in found:
        i = bisect_right(starts, cand[0])
        if (i > 0 and ends[i - 1] > cand[0]) or (i < len(starts) and starts[i] < cand[1]):
            continue
        starts.insert(i, cand[0])
        ends.insert(i, cand[1])
        chosen.append(cand)
    chosen.sort(key=lambda f: f[0])
    return chosen


def find_timexes(text: str, dct: str | None = None) -> list[TimeExpr]:
    """Recognise and normalise the time expressions in ``text`` against creation time ``dct``.

    Returns :class:`TimeExpr` objects in text order with ids ``t1``, ``t2``, ...
    """
    cp = compiled()
    raw = lexicon().raw
    dct_day, dct_clock = parse_dct(dct)
    ctx = _Ctx(text=text, dct=dct_day, dct_clock=dct_clock, ref=(dct_day, "D") if dct_day else None)
    out: list[TimeExpr] = []
    prev_end = 0
    for start, end, prio, m in _candidates(text):
        ctx.start, ctx.end = start, end
        val = _HANDLERS[cp.rules[prio][0]](m, ctx)
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
            ctx.ref = val.ref
        if val.value and re.fullmatch(r"\d{4}-Q[1-4]", val.value) and "year" not in text[start:end].lower():
            ctx.quarter = date(int(val.value[:4]), 3 * int(val.value[-1]) - 2, 1)
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


__all__ = ["add_months", "find_timexes", "fmt", "parse_dct", "shift"]
