"""TIMEX3 recognition: the vocabulary, one regular expression per rule, and the cue windows they run in.

One scan finds literal cue words (a trie regex over the lower-cased text) and a few more find digit shapes
and month names; every rule is one precompiled regular expression that runs (C speed) only in small windows
around its own cues. Overlapping candidates are resolved longest-first, then by rule order. Vocabulary
(months, units, number words, vague references, cue words, holidays) lives in ``data/timex_lexicon.json``.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The vocabulary file, with the lookups the handlers use."""

    raw: dict[str, Any]
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    vague_numbers: frozenset[str]
    units: dict[str, str]
    seasons: dict[str, str]
    pods: dict[str, str]


@cache
def lexicon() -> Lexicon:
    """The vocabulary file, loaded once per process."""
    raw = json.loads(resources.files("claimgraph.extract").joinpath("data/timex_lexicon.json").read_text("utf-8"))
    units = dict(raw["units"])
    units.update({pl: raw["units"][sg] for pl, sg in raw["unit_plurals"].items()})
    return Lexicon(
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


def _spoken_year_template(raw: dict[str, Any]) -> str:
    """Years read aloud in broadcast transcripts: "nineteen ninety-six", "two thousand and one"."""
    value = {w: raw["numbers"][w] for w in raw["compound_numbers"]}
    units = _alt(w for w, v in value.items() if 1 <= v <= 9)
    teens = _alt(w for w, v in value.items() if 10 <= v <= 19)
    tens = _alt(w for w, v in value.items() if v in range(20, 100, 10))
    two_digits = rf"(?:{teens}|{tens}(?:[\s-]+{units})?)"
    return (
        rf"(?P<sp>(?:nineteen|eighteen)[\s-]+{two_digits}|"
        rf"two\s+thousand(?:(?:\s+and)?[\s-]+(?:{two_digits}|{units}))?)"
    )


def _templates(lx: Lexicon) -> dict[str, str]:
    raw = lx.raw
    num_word = _alt(raw["compound_numbers"])
    single = _alt(set(lx.numbers) - set(raw["compound_numbers"]))
    return {
        # the full stop of an abbreviation ("Mar.", "Sept."), never a sentence's after "April" or "May"
        "MON": r"(?P<mon>" + _alt(lx.months, capitalised=True) + r")\b(?:(?:(?<=\b(?!May)[A-Za-z]{3})|(?<=\bSept))\.)?",
        "MONF": r"(?P<mon>" + _alt(raw["months_alone"], capitalised=True) + r")\b",
        "WD": r"(?P<wd>" + _alt(lx.weekdays, capitalised=True) + r")",
        "NUM": r"(?P<num>\d+(?:\.\d+)?(?:\s+\d/\d)?|" + _alt(raw["vague_numbers"]) + "|" + single + "|"
        rf"{num_word}(?:[\s-]+{num_word}){{0,2}})",
        "UNIT": r"(?P<unit>" + _alt(lx.units) + r")",
        "SEASON": r"(?P<season>" + _alt(lx.seasons) + r")",
        "POD": r"(?P<pod>" + _alt(lx.pods) + r")",
        "CENTW": _alt(raw["century_words"]),
        "SPOKEN": _spoken_year_template(raw),
        "DECW": _alt(raw["decade_words"]),
        "EVENTS": _alt(raw["event_nouns"]),
        "EDGES": _alt(raw["event_edges"]),
        "ERELS": _alt(raw["event_relations"]),
        "VAGUE": _alt(raw["vague"]),
        "MORE": _alt(raw["duration_more"]),
        "HOLIDAYS": _alt(raw["holidays"]),
        "SETS": _alt(raw["sets"]),
        # what follows a wire copy's four-digit clock ("1630 EST", "1130 hrs GMT", "1900 hours local"); it
        # names {TZ}, so it comes before it here
        "WIRETAIL": r"\s+(?:{TZ}\b|local\s+time\b|hrs\b|hours\s+(?:{TZ}\b|local\b))",
        # the second clock of a range or a choice ("1700 to 2100 local time", "2000 or 2100 EST")
        "CLOCKTO": r"\s*(?:-|to|and|or|until)\s*{HHMM}",
        # a four-digit clock ("1630"); it comes after the templates that name it
        "HHMM": r"(?:[01]\d|2[0-3])[0-5]\d",
        # a time zone written after a clock time, upper-case only ("EST", "GMT")
        "TZ": r"(?-i:[ECMP][SD]T|GMT|UTC|BST|CET)",
        "CLOCKTAIL": r"(?:,?\s+(?:at\s+)?(?P<hh>\d{1,2}):(?P<mm>\d\d)(?:\s*(?P<ap>[ap]\.?m\b\.?))?)?",
    }


# Rule order is the tie-break between candidates of equal length (earlier wins).
_RULES: tuple[tuple[str, str], ...] = (
    ("iso", r"\b(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:[T ](?P<hh>\d\d):(?P<mm>\d\d)(?::\d\d)?)?\b"),
    ("slash", r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})\b"),
    ("dmy", r"\b(?:{WD},?\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?{MON}(?:,?\s+(?P<y>\d{4})\b)?{CLOCKTAIL}"),
    ("mdy", r"\b(?:{WD},?\s+)?{MON}\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?!,\d)(?:,?\s+(?P<y>\d{4})\b)?{CLOCKTAIL}"),
    # The second day of "April 24 and 25": its own expression, in the month of the first.
    (
        "mdd",
        r"\b{MON}\s+\d{1,2}(?:st|nd|rd|th)?\s+(?:and|or)\s+(?P<x>(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?!\s*%)"
        r"(?:,?\s+(?P<y>\d{4})\b)?)",
    ),
    # Wire style spells out days under ten ("payable April six", "on May one to holders of record"): only
    # where the number ends the date, so "in April nine people died" stays a month and a count.
    (
        "mdw",
        r"\b{MON}\s+(?P<dw>one|two|three|four|five|six|seven|eight|nine)\b(?:,?\s+(?P<y>\d{4})\b)?"
        r"(?=\s*(?:[.,;:)]|\Z)|\s+(?:to|and|or|through|until|for)\b)",
    ),
    ("my", r"\b{MON},?\s+(?:of\s+)?(?:(?P<y>\d{4})|{SPOKEN})\b"),
    ("week_of", r"\bthe\s+week\s+of\s+{MON}\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{4})\b)?"),
    ("mrel", r"\b{MONF}\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b"),
    ("season_year", r"\b(?:the\s+)?{SEASON}\s+(?:of\s+)?(?:(?P<y>\d{4})|{SPOKEN})\b"),
    (
        "quarter",
        r"\b(?:(?P<det>the|this\s+year's|last\s+year's|next\s+year's|(?P<yp>\d{4})'s)\s+)?"
        r"(?:(?P<y1>\d{4})\s+)?(?:(?P<adj>latest|current|previous|prior|year-ago|year-earlier|"
        r"comparable(?:\s+year-ago|\s+year-earlier)?|same|corresponding|past|last|next|coming|recent)\s+)?(?:fiscal[\s-]+)?"
        r"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final)[\s-]+)?(?:fiscal[\s-]+)?"
        # "the first half of June" is June's first half, read as June with a position modifier
        r"(?P<kind>quarter|half|period)\b(?!-)(?!\s+of\s+{MONF}\b)"
        r"(?:\s+(?:of\s+)?(?:(?:fiscal\s+)?(?P<y2>\d{4})\b|(?P<yrel>this|last|next)\s+year\b|"
        # "of the year" only after a named part: "the first half of the year", not "the best quarter of the year"
        r"(?(ord)|(?(adj)|(?!)))(?<=\bof\s)(?P<ythe>the(?:\s+current)?)\s+year\b(?!\s+(?:before|earlier|ago|prior)\b)))?",
    ),
    ("qshort", r"\b(?-i:Q(?P<q>[1-4]))(?:\s+(?:of\s+)?(?:FY\s*)?(?P<y>\d{4}))?\b"),
    ("yago", r"\b(?:the\s+)?(?:comparable\s+)?(?:year-ago|year-earlier)(?:\s+(?P<kind>quarter|period))?\b"),
    ("qago", r"\bthe\s+(?:same\s+)?(?:quarter|period)\s+a\s+year\s+(?:ago|earlier)\b"),
    (
        "halves",
        r"\b(?:the\s+)?(?P<edge>first|last|second)\s+two\s+quarters\s+of\s+"
        r"(?:(?P<y>\d{4})\b|(?P<yrel>this|last|next)\s+year\b)",
    ),
    ("mon", r"\b(?:(?P<det>last|next|this(?:\s+past|\s+coming)?)\s+)?{MONF}(?!-)"),
    (
        "year",
        r"\b(?:(?P<ty>the\s+year)\s+|(?P<fy>fiscal(?:\s+year)?|(?-i:FY))\s*'?)?(?P<y>1[89]\d\d|20\d\d|2100)\b"
        # not the first of two wire clock times ("2000 or 2100 EST")
        r"(?!(?<={HHMM}){CLOCKTO}{WIRETAIL})",
    ),
    ("spoken_year", r"\b(?:(?P<ty>the\s+year)\s+)?{SPOKEN}\b"),
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
        r"\b(?P<det>this\s+past|this\s+coming|this|last|next|that\s+same|the\s+past|the\s+last|the\s+coming|the\s+previous|"
        r"the\s+following|the\s+current|the\s+same|that|the\s+next|the\s+latest|the\s+prior|the\s+full|the|past|"
        r"coming)\s+(?:(?P<pos>early|late|mid)[\s-]+)?"
        r"(?P<unit>year|month|week|weekend|quarter|decade|century|day|morning|afternoon|evening|night|"
        r"spring|summer|fall|autumn|winter|fiscal\s+year)\b(?!-)(?!\s+of\s+{MONF}\b)",
    ),
    (
        "anchored",
        r"\b(?:the\s+)?(?P<dir>past|last|next|coming|first|latest|previous|following|final|remaining|"
        r"preceding|ensuing|recent)\s+(?:{NUM}\s+)?{UNIT}\b(?!-)",
    ),
    ("yearend", r"\byear(?:-|\s+|'s\s+)end\b"),
    (
        "dur",
        r"\b(?:the\s+)?{NUM}[\s-]+(?:{MORE}\s+)?{UNIT}\b(?P<suf>-long|-old)?(?:\s+(?P<rel>ago|earlier|later|from\s+now|hence|"
        r"previously))?\b",
    ),
    ("dayrel", r"\b(?P<w>today|yesterday|tomorrow|tonight|overnight)\b(?:\s+{POD})?"),
    (
        "podpos",
        r"\b(?P<pos>early|late|mid)[\s-]+(?P<pod>morning|afternoon|evening)\b(?:\s+(?P<w>today|yesterday|tomorrow)\b)?",
    ),
    ("daybefore", r"\bthe\s+day\s+(?P<ba>before\s+yesterday|after\s+tomorrow)\b"),
    (
        "weekday",
        r"\b(?:(?P<det>last|next|this(?:\s+coming|\s+past)?|the\s+previous|the\s+following|that)\s+)?"
        r"{WD}(?P<pl>s)?\b(?:\s+{POD}(?P<podpl>s)?\b)?",
    ),
    (
        "clock",
        r"(?<![\d:.,$])(?:(?P<hh>\d{1,2})(?:[:.](?P<mm>\d\d))?\s*(?P<ap>[ap]\.m\b\.?|[ap]m\b)|"
        r"(?P<hh2>[01]?\d|2[0-3]):(?P<mm2>[0-5]\d)\b(?![:\d])|\b(?P<nm>noon|midnight|midday)|"
        # wire copy's four-digit clock, only with a zone, "hrs" or "hours local" after it ("1630 EST",
        # "1130 hrs GMT", "1900 hours local"): "worked 1200 hours" stays a duration
        # "1700 to 2100 local time", "2000 or 2100 EST": the first of two such clocks is one too
        r"\b(?P<hh3>[01]\d|2[0-3])(?P<mm3>[0-5]\d)(?=(?:{CLOCKTO})?{WIRETAIL})"
        r"(?:\s+(?:hrs|hours)\b)?(?:\s+local(?:\s+time)?\b)?)"
        r"(?:\s+(?P<tz>{TZ})\b)?(?:,?\s+(?P<day>today|yesterday|tomorrow|{WD}))?"
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
    "mdd": ("@MONTH",),
    "mdw": ("@MONTH",),
    "my": ("@MONTH",),
    "week_of": ("@MONTH",),
    "mrel": ("@MONTH",),
    "season_year": _SEASONS,
    "quarter": ("quarter", "half", "period"),
    "qshort": (r"~q[1-4]",),
    "yago": ("year-",),
    "qago": ("quarter", "period"),
    "halves": ("quarters",),
    "mon": ("@MONTH",),
    "year": (r"~[12]\d\d\d",),
    "decade": ("0s", "0's"),
    "holiday": ("@HOLIDAYS",),
    "spoken_year": ("nineteen", "eighteen", "thousand"),
    "bare_plural": ("years", "months", "weeks", "days", "hours", "decades", "centuries"),
    "decade_word": ("ties",),
    "century": ("century",),
    "rel": ("year", "month", "week", "quarter", "decade", "century", "day", *_PODS, *_SEASONS),
    "yearend": ("year",),
    "anchored": _UNITS,
    "dur": _UNITS,
    "dayrel": ("today", "yesterday", "tomorrow", "tonight", "overnight"),
    "podpos": ("morning", "afternoon", "evening"),
    "daybefore": ("the day",),
    "weekday": ("day",),
    "clock": (
        r"~\d\s*[ap]\.?m",
        r"~\d:\d\d",
        "noon",
        "midnight",
        "midday",
        r"~\d\d\d\d\s+(?:[ecmp][sd]t|gmt|utc|bst|cet|local|hrs|hours)",
    ),
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
class Compiled:
    """Every rule and cue pattern, compiled once."""

    rules: tuple[tuple[str, re.Pattern[str]], ...]
    # per rule: the cue keys it listens to (literal words, "@MONTH" or "~regex")
    triggers: tuple[frozenset[str], ...]
    words: re.Pattern[str]  # every literal cue at once, on the lower-cased text
    contained: dict[str, tuple[str, ...]]  # a matched cue -> every cue it contains ("today" -> "day")
    cue_patterns: dict[str, re.Pattern[str]]  # "@MONTH" and "~regex" cues
    prefix_pos: re.Pattern[str]
    prefix_qty: re.Pattern[str]
    future: re.Pattern[str]
    future_after: re.Pattern[str]  # a future cue within a few words after an expression ("the March vote will")
    modal: re.Pattern[str]  # a modal governing a bare verb ("may cut", "could also raise"), a weaker future cue
    modal_after: re.Pattern[str]  # a modal within a few words after an expression ("the July meeting may")
    idiom: re.Pattern[str]  # phrases with a time word that are no time ("high noon")
    month_noun: dict[int, re.Pattern[str]]  # month -> the words after it that make it a noun ("March for")
    abbreviation: re.Pattern[str]  # a word before a period that does not end a sentence ("U.S.", "Mr.")
    future_prep: re.Pattern[str]
    past_cue: re.Pattern[str]
    past_before: re.Pattern[str]  # a past cue right before an expression ("the quarter ended Sept. 30")
    year_before: re.Pattern[str]
    year_after: re.Pattern[str]


# at most one word between an expression and a tense cue after it, and not one that opens another clause
_AFTER = r"\s*(?:(?!(?:that|it|he|she|they|we|which|who|and|or|but|when|as|while|if)\b)[a-z][\w'-]*\s+)?"


def _modal(words: list[str]) -> str:
    """A modal followed by a bare verb: lower-case only (never the month May), not a perfect ("may have
    closed", "could not have"), and not "could not" (past ability: "the board could not agree in March")."""
    return (
        r"(?-i:\b" + _alt(words) + r"\b)(?<!could)(?!\s+(?:not\s+)?(?:have|had|been)\b)"
        r"|(?-i:\bcould\b)(?!\s+(?:not\b|have\b|had\b|been\b))"
    )


@cache
def compiled() -> Compiled:
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
    modal = _modal(raw["modal_cues"])
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
    return Compiled(
        rules=tuple(rules),
        triggers=tuple(triggers),
        words=re.compile(_trie(words)),
        contained={w: tuple(c for c in words if c in w) for w in words},
        cue_patterns=cue_patterns,
        prefix_pos=re.compile(r"(?:^|(?<=[\s(\"']))(?P<p>" + pos_alt + r")(?:\s+|(?<=-))$", re.I),
        prefix_qty=re.compile(r"(?:^|(?<=[\s(\"']))(?P<p>" + qty_alt + r")\s+$", re.I),
        future=re.compile(
            r"\b(?:" + "|".join(re.escape(w) for w in raw["future_cues"] + raw["future_cues_before"]) + r")\b", re.I
        ),
        future_after=re.compile(_AFTER + r"(?:" + "|".join(re.escape(w) for w in raw["future_cues"]) + r")\b", re.I),
        modal=re.compile(modal),
        modal_after=re.compile(_AFTER + r"(?:" + modal + r")", re.I),
        idiom=re.compile(r"\b" + _alt(raw["idioms"]) + r"\b", re.I),
        month_noun={
            lx.months[name]: re.compile(r"\s+" + _alt(words) + r"\b", re.I)
            for name, words in raw["month_noun_senses"].items()
        },
        abbreviation=re.compile(
            r"(?:\b[A-Z]|\.[A-Za-z]|\b(?-i:" + "|".join(re.escape(a) for a in raw["abbreviations"]) + r"))$"
        ),
        past_cue=re.compile(r"\b" + _alt(raw["past_cues"]) + r"\b", re.I),
        past_before=re.compile(r"\b" + _alt(raw["past_cues"]) + r"\s+$", re.I),
        future_prep=re.compile(
            r"\b(?:" + _alt(raw["future_preps"]) + r"\s+(?:(?:the|early|late|mid)[\s-]+)?"
            # "until the end of September" too, but not "by the end of" ("stocks climbed to ... by the end of")
            r"|(?:until|till)\s+(?:the\s+)?(?:end|beginning|start|middle|close)\s+of\s+(?:the\s+)?)$",
            re.I,
        ),
        year_before=re.compile(r"(?:\b|(?<=\w)(?='))(?:" + _alt(raw["year_preceders"]) + r")\W{0,2}$", re.I),
        year_after=re.compile(r"^(?:'s\b|\s*[,.;:)\]?!-]|\s*$|\s+(?:" + _alt(raw["year_followers"]) + r")\b)", re.I),
    )


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


def candidates(text: str) -> list[tuple[int, int, int, re.Match[str]]]:
    """Non-overlapping rule matches in text order: ``(start, end, rule index, match)``."""
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


__all__ = ["Compiled", "Lexicon", "candidates", "compiled", "lexicon"]
