"""What TIMEX3 value handlers share: the value being built, the reference-time context, number parsing.

TempEval's reference time is the DCT for deictic expressions ("last week") and the last absolute date
mentioned for anaphoric ones ("the next day"); :class:`Ctx` carries both while expressions are normalised
in text order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

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
    # a clock time whose day is not written with it ("at 1630 EST"): a date written right after it names it
    floating: bool = False


@dataclass(slots=True)
class Ctx:
    """Normalisation state of one document: its text, DCT and the reference time so far."""

    text: str
    dct: date | None
    dct_clock: str | None
    ref: tuple[date, Gran] | None
    start: int = 0
    end: int = 0
    # where the expression that set ``ref`` starts (0 for the DCT)
    ref_at: int = 0
    # The last quarter mentioned: earnings reports compare "a year ago" at quarter granularity.
    quarter: date | None = None

    def future(self, *, modal: bool = True) -> bool:
        """Whether the clause around the expression speaks of the future (TempEval's tense cue).

        With ``modal=False`` only firm cues count ("will", "is expected to"), not a modal ("may cut", "could
        raise"): a modal clause still names recent months in the past ("should show a rise from February")."""
        lo = max(0, self.start - 80)
        before = self.text[lo : self.start]
        before = before[clause_start(before) :]
        rest = _SENTENCE_END.split(self.text[self.end : self.end + 90], maxsplit=1)[0]
        after = re.split(r"[,:]", rest, maxsplit=1)[0]
        cp = compiled()
        if _SINCE.search(before):
            return False  # "since" only ever looks back
        if _past_verb_before(before):
            return False
        if modal and _SCHEDULED.search(before):
            # "when ministers meet on Saturday", "the offer closes Friday": a timetable, ahead (as weak as a modal:
            # "wants the contract to begin on June 1" may name a day just past); "had been due to expire" is past
            return not cp.past_cue.search(before)
        # After the expression only a cue close behind it counts ("The March vote will ..."), not a later clause.
        if cp.future_after.match(after) or (modal and cp.modal_after.match(after)):
            return True
        # A possessive date names a known event ("they would appeal Wednesday's ruling"): a cue before it is not its.
        # A modal speaks for its own verb phrase only: "ruled that he must be returned, and set Friday" is past.
        modal_cue = modal and cp.modal.search(before, _last_coordination(before))
        if (cp.future.search(before) or modal_cue) and not self.text.startswith("'s", self.end):
            # "had been scheduled to expire Friday": a plan told in the past perfect is already behind the DCT.
            return not cp.past_cue.search(before)
        prep = cp.future_prep.search(before)
        if prep:
            # "The cuts were effective March 1", "the office was closed until Monday": told in the past.
            if _PAST_COPULA.search(before, 0, prep.start()):
                return False
            # "Until Monday, the board had not met": a past-perfect clause keeps the date behind the DCT.
            return not (cp.past_cue.search(before) or cp.past_cue.search(rest))
        return False


# "was"/"were" up to two words before a future preposition ("were effective", "was closed until"), but not
# a postponement, which still points ahead ("the hearing was delayed until Monday")
_PAST_COPULA = re.compile(
    r"\b(?:was|were)\s+(?!(?:[a-z]+\s+)?(?:postponed|delayed|adjourned|deferred|extended|rescheduled|put|pushed)\b)"
    r"(?:[a-z]+\s+){0,2}\Z"
)
_COORDINATION = re.compile(r",\s+(?:and|but|or)\s+")


def _past_verb_before(before: str) -> bool:
    """Whether ``before`` ends with a past verb, which sets the tense of the date after it ("the decision,
    announced Wednesday", "the year that began on April 1"); a participle after "will be", "to be" or "would be"
    does not ("will be announced Monday"; "could be located Monday" is past)."""
    verb = _PAST_VERB.search(before)
    return bool(verb and not compiled().future.fullmatch(verb[1]) and not _BE_BEFORE.search(before, 0, verb.start()))


def _last_coordination(before: str) -> int:
    """Offset in ``before`` after its last comma-and ("..., and set Friday"), 0 if it has none."""
    ends = [m.end() for m in _COORDINATION.finditer(before)]
    return ends[-1] if ends else 0


# a past verb right before a date: regular, or an irregular one whose past tense is not also its participle
# ("began", not "held": "will be held Monday")
_PAST_VERB = re.compile(r"\b([a-z]+ed|began|rose|fell|took|came|went|became|grew|gave|broke|saw)\s+(?:on\s+)?$")
# "will be", "to be" or "would be" before a participle: a plan ("will be announced Monday")
_BE_BEFORE = re.compile(r"\b(?:will|'ll|shall|to|would)\s+be\s+\Z")
# "the season began June 1", "since the program started April 30": a start is told once it happened (other past
# verbs before a month-day often name a coming date: "securities pledged on May 6", "closing expected May 22")
_STARTED = re.compile(r"\b(?:began|started)\s+(?:on\s+)?\Z", re.I)
# a present-tense verb of a timetable right before the date
_SCHEDULED = re.compile(
    r"\b(?:meets?|convenes?|gathers?|resumes?|opens?|closes?|begins?|starts?|expires?)\s+(?:on\s+)?\Z",
    re.I,
)
_ATTRIBUTIVE_BEFORE = re.compile(r"\b(?:the|a|an|for|its|his|her|their|our)\s+$", re.I)
_ATTRIBUTIVE_AFTER = re.compile(
    r"\s+(?!(?:of|to|in|on|at|by|for|from|with|and|or|but|when|as|that|which|is|was|were|will|would|has|had|"
    r"the|a|an|this|it|he|she|they|we)\b)(?-i:[a-z]+)\b"
)


def attributive(c: Ctx) -> bool:
    """Whether the expression modifies a noun after a determiner ("the Aug. 7 blasts", "a June agreement")."""
    return bool(
        _ATTRIBUTIVE_BEFORE.search(c.text, max(0, c.start - 12), c.start) and _ATTRIBUTIVE_AFTER.match(c.text, c.end)
    )


_SINCE = re.compile(r"\bsince\s+(?:the\s+)?$", re.I)
_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")
# A sentence end or a paragraph break (a line break then an indent or a blank line).
_SENTENCE_OR_PARAGRAPH = re.compile(r"[.!?;][\"')\u201d]*\s+|\n[ \t\n]")
# A sentence end, a line break, or a quotation mark: a quoted clause keeps its own tense.
_BOUNDARY = re.compile(r"[.!?;][\"')]*\s+|\n|\"|''|``|[\u201c\u201d]")


def same_sentence(c: Ctx, at: int) -> bool:
    """Whether offset ``at`` (before the current expression) lies in the current expression's sentence."""
    if at >= c.start:
        return True
    if c.start - at > 400:
        return False
    abbrev = compiled().abbreviation
    for m in _SENTENCE_OR_PARAGRAPH.finditer(c.text, at, c.start):
        if m[0][0] != "." or not abbrev.search(c.text, max(0, m.start() - 10), m.start()):
            return False
    return True


def clause_start(before: str) -> int:
    """Offset in ``before`` where the clause holding its end begins: after the last sentence end, skipping the
    periods of abbreviations ("U.S. Commerce Secretary", "Mr. Varga"), which do not end a sentence."""
    abbrev = compiled().abbreviation
    for m in reversed(list(_BOUNDARY.finditer(before))):
        if m[0][0] == "." and abbrev.search(before, max(0, m.start() - 10), m.start()):
            continue
        return m.end()
    return 0


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
    dct = c.dct
    if attributive(c):
        # A date naming an event or deadline ("the Aug. 7 blasts", "the Jan. 14 deadline") is the nearest one,
        # looking at most ~3 months ahead whatever the tense.
        near = [d for y in (dct.year - 1, dct.year, dct.year + 1) if (d := safe_date(y, month, day))]
        near = [d for d in near if -366 <= (d - dct).days <= 100]
        return min(near, key=lambda d: abs((d - dct).days)) if near else None
    # A future clause still names a date of the last few days ("by Jan. 14" in a report of Jan. 16).
    since, horizon = 0, 100
    if c.future():
        # a modal alone still names the days just past ("should peak in the quarter ended March 31", in April)
        since, horizon = (-7 if c.future(modal=False) else -62), 366
    elif compiled().past_before.search(c.text, max(0, c.start - 20), c.start) or _STARTED.search(
        c.text, max(0, c.start - 20), c.start
    ):
        horizon = -1
    for y in (c.dct.year - 1, c.dct.year, c.dct.year + 1):
        cand = safe_date(y, month, day)
        if cand is not None and since <= (cand - c.dct).days <= horizon:
            return cand  # an announced date in the coming months
    for y in (c.dct.year, c.dct.year - 1):
        cand = safe_date(y, month, day)
        if cand is not None and cand <= c.dct:
            return cand
    return None


def quarter_year(c: Ctx, q: int) -> int:
    """The year of "the third quarter" without a year: this year's up to the current quarter, and a later one
    in a future clause; otherwise last year's. A modal alone does not move the quarter just ended ("ATT might
    cut its dividend after a fourth-quarter loss", in March)."""
    assert c.dct is not None
    cur_q = (c.dct.month - 1) // 3 + 1
    if q <= cur_q:
        return c.dct.year
    if not c.future():
        return c.dct.year - 1
    just_ended = q == 4 and cur_q == 1
    return c.dct.year - 1 if just_ended and not c.future(modal=False) else c.dct.year


_QUARTER_ENDED = re.compile(r"\s+(?:ended|ending)\s+(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<d>\d{1,2})\b")


def quarter_ended(c: Ctx) -> date | None:
    """For "the quarter ended July 31": the first day of the calendar quarter holding most of the three months
    before that closing day (a fiscal quarter ending July 31 is mostly May-July: Q2); None without such a date."""
    closing = _QUARTER_ENDED.match(c.text, c.end)
    month = lexicon().months.get(closing["mon"].lower()) if closing else None
    if closing is None or month is None or c.dct is None or not 1 <= int(closing["d"]) <= 31:
        return None
    end = month_day(c, month, int(closing["d"]))
    if end is None:
        return None
    mid = end - timedelta(days=45)
    return date(mid.year, 3 * ((mid.month - 1) // 3) + 1, 1)


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


__all__ = ["Ctx", "Val", "attributive", "clause_start", "clock_value", "duration", "month_day", "month_of", "number_of",
           "pod_value", "quarter_ended", "same_sentence", "season_value", "unit_of"]  # fmt: skip
