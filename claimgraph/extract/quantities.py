"""Quantities component: figures with their unit or counted noun, bounds and direction.

``claimgraph_quantities_v1`` runs after spaCy's ``ner`` and ``claimgraph_times_v1`` and
sets ``doc._.cg_quantities`` (:class:`~claimgraph.model.Quantity`, ids ``q1``, ``q2`` ...
in text order).

How it reads a figure (one pass over digit anchors found by a precompiled regex,
merged with one pass over tokens for number words; no re-parsing):

1. the number: digits with separators and a scale ("9.4 million", "$5bn", "1.5m"), number
   words ("two dozen", "twenty-five"), fractions ("one-third", "a quarter", "half"), and
   ranges ("50-60", "5 to 7 million", "between 5 and 7");
2. guards drop what is not a figure: designations ("KN-23", "M1989"), dates, years and
   clock times, ordinals ("3rd"), labels ("Boeing 737", "flight 12"), phone numbers,
   anything overlapping a time expression of ``doc._.cg_times`` or inside a dateline;
3. the unit, from ``data/units.json`` (after the number, or a currency symbol before it),
   else the counted noun: the head noun's lemma with its noun compounds ("artillery
   shell"), the rest of its modifiers kept in ``concept``; a calibre inside a count
   ("9.4 million 152 mm artillery shells") becomes its own quantity of kind ``calibre``
   whose ``of`` is the count's id;
4. the approximation written before it (``data/approx.json``) and its class;
5. the direction when the figure is the amount of a change ("rose 5%", "cut by 2,000
   jobs", "a 4% rise", "an increase of 4%"); a level reached or left ("rose to 5%", "fell
   from 3%") has none, as ``Quantity.direction`` and the dev-set conventions define it;
6. a rate's denominator after the unit ("30 km a day" -> ``kilometre per day``), a minus
   sign or word ("minus 18 degrees"), and "points" beside a percentage read as percentage
   points.

A figure inside a DURATION time expression ("lasted 9 days") is kept when its unit is a
time unit; one inside a date, clock time or set is not a figure.

Number words are anaphoric after a definite determiner ("the two countries" refers back to
countries already named), so they are not new figures; "one" is a figure only right
before a noun or unit ("one soldier"), never as a pronoun ("one of the topics").
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from functools import cache

from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Token

from claimgraph.extract.numbers import (
    AND_SEP_RE,
    RANGE_SEP_RE,
    DigitNumber,
    WordNumber,
    digit_number_at,
    number_lexicon,
    word_number_at,
)
from claimgraph.extract.units import UnitInfo, UnitMatch, read_lexicon, unit_lexicon
from claimgraph.model import Quantity, Span

# A digit that starts a run of digits: where a written number can begin.
_ANCHOR_RE = re.compile(r"(?<!\d)\d")
# Phone numbers: three or more digit groups joined by spaces or hyphens, with an optional +code.
_PHONE_RE = re.compile(r"(?<![\w.,])(?:\+\d{1,3}[ -]?)?(?:\(\d{2,5}\)[ -]?|\d{2,5}[ -])\d{3,4}[ -]\d{3,4}(?![\d])")
# Structure lines that are datelines: a clock time or a numeric date.
_DATELINE_RE = re.compile(r"\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}")
_OF_DETERMINERS = frozenset({"the", "its", "their", "his", "her", "our", "these", "those", "all", "my", "your"})
_NOUN_POS = frozenset({"NOUN"})
_MODIFIER_POS = frozenset({"ADJ", "NOUN", "PROPN"})
_PHRASE_STOPS = frozenset({"this", "that", "each", "per", "a", "an"})
# "of a", "a", "an" between a fraction and its unit ("half a point", "a third of a mile").
_OF_ARTICLE_RE = re.compile(r"[ \u00a0]+(?:of[ \u00a0]+)?an?(?=[ \u00a0])")
_HEAD_DEPS = frozenset({"dobj", "pobj", "nsubj", "nsubjpass", "attr", "appos", "conj", "ROOT"})


@dataclass(frozen=True, slots=True)
class ApproxLexicon:
    """Compiled view of ``approx.json``."""

    approx: dict[str, str]
    #: An approximation that ends a text window (the figure follows it); longest phrase first.
    before_re: re.Pattern[str]
    longest: int
    verbs: dict[str, str]
    adverbs: dict[str, str]
    nouns: dict[str, str]
    skip: frozenset[str]


@cache
def approx_lexicon() -> ApproxLexicon:
    """The compiled approximation/direction lexicon (built once per process)."""
    data = read_lexicon("approx.json")
    approx: dict[str, str] = {" ".join(k.lower().split()): v for k, v in data["approx"].items()}
    alternation = "|".join(r"\s+".join(re.escape(w) for w in k.split()) for k in sorted(approx, key=len, reverse=True))
    return ApproxLexicon(
        approx=approx,
        before_re=re.compile(rf"(?<![\w.])(?P<a>{alternation})\Z", re.IGNORECASE),
        longest=max(len(k) for k in approx) + 8,
        verbs=dict(data["change_verbs"]),
        adverbs=dict(data["change_adverbs"]),
        nouns=dict(data["change_nouns"]),
        skip=frozenset(data["change_skip"]),
    )


@dataclass(slots=True)
class _Cand:
    """A quantity being built (mutable until it becomes a frozen :class:`Quantity`)."""

    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    kind: str
    unit_text: str | None = None
    concept: str | None = None
    approx: str | None = None
    approx_class: str = "="
    direction: str | None = None
    #: The unit is a time unit ("9 days"): the figure survives a DURATION time expression over it.
    time_unit: bool = False
    parent: _Cand | None = None
    children: list[_Cand] = field(default_factory=list)


def _year_like(num: DigitNumber) -> bool:
    return num.scale is None and len(num.raw) == 4 and num.raw.isdigit() and 1000 <= num.value < 2200


class _Reader:
    """Reads the figures of one Doc."""

    def __init__(self, doc: Doc, text: str) -> None:
        self.doc = doc
        self.text = text
        # Token offsets as plain lists: indexing a Doc creates a Token object each time.
        offsets = doc.to_array([IDX, LENGTH]).tolist() if len(doc) else []
        self.starts: list[int] = [o[0] for o in offsets]
        self.ends: list[int] = [o[0] + o[1] for o in offsets]
        self.units = unit_lexicon()
        self.nums = number_lexicon()
        self.appr = approx_lexicon()
        self.blocked: list[tuple[int, int]] = [(m.start(), m.end()) for m in _PHONE_RE.finditer(self.text)]
        # A duration ("lasted 9 days") is also a figure in a time unit; dates, clock times and sets are not.
        self.durations: list[tuple[int, int]] = []
        for t in doc._.cg_times or []:
            (self.durations if t.type == "DURATION" else self.blocked).append((t.span.start, t.span.end))
        for start, end in doc._.cg_structure or []:
            if _DATELINE_RE.search(self.text, start, end) or self.nums.month_after_re.search(self.text, start, end):
                self.blocked.append((start, end))

    # -- token helpers ------------------------------------------------------------------
    def tok_at(self, char: int) -> int:
        """Index of the token containing (or starting after) ``char``."""
        i = bisect.bisect_right(self.starts, char) - 1
        if i >= 0 and char >= self.ends[i]:
            i += 1
        return max(i, 0)

    def prev_tok(self, char: int) -> Token | None:
        i = self.tok_at(char) - 1
        while i >= 0 and self.doc[i].is_space:
            i -= 1
        return self.doc[i] if i >= 0 and self.ends[i] <= char else None

    def is_blocked(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.blocked)

    def keeps(self, cand: _Cand, pos: int) -> bool:
        """Whether a figure whose number starts at ``pos`` survives the blocked spans and durations.

        Only the number's first character is checked: the unit or rate after it may overlap a
        time expression ("30 km a day") without the number being part of it.
        """
        if self.is_blocked(pos, pos + 1):
            return False
        in_duration = any(s <= pos < e for s, e in self.durations)
        return not in_duration or cand.time_unit

    # -- main loop ----------------------------------------------------------------------
    def read(self) -> list[_Cand]:
        anchors: list[tuple[int, str, int]] = [(m.start(), "d", -1) for m in _ANCHOR_RE.finditer(self.text)]
        for m in self.nums.word_anchor_re.finditer(self.text):
            ti = self.tok_at(m.start())
            if ti < len(self.starts) and self.starts[ti] == m.start():
                anchors.append((m.start(), "w", ti))
        anchors.sort()
        out: list[_Cand] = []
        covered = -1
        for pos, how, ti in anchors:
            if pos < covered:
                continue
            cand = self.digit_figure(pos) if how == "d" else self.word_figure(ti)
            if cand is None or not self.keeps(cand, pos):
                continue
            out.append(cand)
            out.extend(cand.children)
            covered = cand.end
        self.percentage_points(out)
        return out

    def percentage_points(self, cands: list[_Cand]) -> None:
        """ "points" beside a percentage are percentage points ("at 34%, down six points"), not index points."""
        doc = self.doc
        for cand in cands:
            if cand.unit != "point":
                continue
            # Without sentence boundaries (a pipeline with no parser or senter) the whole text is the context.
            sent = doc[self.tok_at(cand.start)].sent if doc.has_annotation("SENT_START") else doc[:]
            if any(t.lower_ in self.units.index_point_cues for t in sent):
                continue
            if any(o.kind == "percent" and sent.start_char <= o.start < sent.end_char for o in cands if o is not cand):
                cand.unit, cand.kind = "percentage point", "percent"

    # -- digits -------------------------------------------------------------------------
    def digit_figure(self, pos: int) -> _Cand | None:
        text = self.text
        num = digit_number_at(text, pos)
        if num is None or self.designation_or_date(num):
            return None
        currency = self.units.prefix_before(text, pos)
        low = high = None
        value: float | None = num.value
        end = num.end
        glued_m = num.glued_m
        rng = self.range_tail(num, currency)
        if rng is not None:
            second, end = rng
            low, high, value = num.value, second.value, None
            if num.scale is None and second.scale is not None:
                low = num.value * (second.value / float(second.raw.replace(",", "")))
            glued_m = glued_m or second.glued_m
            if low >= high:
                return None  # a score or a code ("3-1", "555-0134"), not a range
        # Years ("in 2023", "2019-2021") are dates unless a unit or a plural noun follows ("2024 volunteers").
        yearlike = currency is None and _year_like(num) and (rng is None or _year_like(rng[0]))
        if num.raw[0] == "0" and len(num.raw) > 1 and num.raw[1] != ".":
            return None  # a code with a leading zero
        unit: UnitMatch | None = None
        if glued_m and currency is None and not self.plural_noun_after(end):
            # "a 5m wall": metre, not million.
            unit = self.units.unit_after(text, end - 1)
            scale = 1e6
            if low is not None and high is not None:
                low, high = low / scale, high / scale
            elif value is not None:
                value /= scale
        if unit is None and currency is None:
            unit = self.units.unit_after(text, end)
        if unit is None and end < len(text) and text[end].isalpha():
            return None  # "3rd", "11A", "1990s": not a figure
        if self.nums.clock_after_re.match(text, end):
            return None
        if rng is None and text[num.core_end : num.core_end + 1] in ("-", "–") and unit is None:
            return None  # "2023-24" and other joined codes
        if rng is None and unit is not None:
            unit_range = self.unit_range_tail(num, unit)
            if unit_range is not None:
                second, unit = unit_range
                low, high, value, end = num.value, second.value, None, second.end
        start = currency.start if currency is not None else pos
        cand = _Cand(start, end, value, low, high, None, "count")
        if currency is not None:
            cand.unit, cand.kind, cand.unit_text = currency.info.unit, currency.info.kind, currency.surface
        elif unit is not None:
            info = self.resolve_ambiguous(unit, start)
            if info.time and self.time_context(start, unit.end):
                return None
            cand.unit, cand.kind, cand.unit_text, cand.end = info.unit, info.kind, unit.surface, unit.end
            cand.time_unit = info.time
            if info.calibre and self.noun_follows(unit.end):
                cand.kind = "calibre"
        else:
            self.counted_noun(cand, end)
            if yearlike and not (cand.unit and self.doc[self.tok_at(cand.end - 1)].tag_ == "NNS"):
                return None
        if yearlike and cand.unit is None:
            return None
        self.rate_tail(cand)
        self.negation(cand, pos if currency is None else currency.start)
        self.bounds(cand, cand.start)
        return cand

    def negation(self, cand: _Cand, num_start: int) -> None:
        """A minus sign or word before a point figure ("-5%", "minus 18 degrees") makes it negative."""
        if cand.value is None:
            return
        text = self.text
        before = text[num_start - 1] if num_start > 0 else ""
        if before in ("-", "\u2212") and (num_start < 2 or not text[num_start - 2].isalnum()):
            cand.value, cand.start = -cand.value, num_start - 1
            return
        prev = self.prev_tok(num_start)
        if prev is not None and prev.lower_ in self.nums.negation:
            cand.value, cand.start = -cand.value, prev.idx

    def rate_tail(self, cand: _Cand) -> None:
        """A rate's denominator after the unit or counted noun ("30 km a day", "$84 a barrel")."""
        if cand.unit is None or cand.kind in ("percent", "fraction", "calibre") or " per " in cand.unit:
            return
        den = self.units.rate_after(self.text, cand.end)
        if den is None:
            return
        if den.info.time:
            i = self.tok_at(den.end)
            if i < len(self.doc) and self.doc[i].lower_ in self.nums.time_after:
                return  # "$5m a year ago": a time phrase, not a rate
        cand.unit = f"{cand.unit} per {den.info.unit}"
        cand.end = den.end

    def designation_or_date(self, num: DigitNumber, *, second: bool = False) -> bool:
        """Guards on the characters around a digit number (``second``: the upper bound of a range)."""
        text, s, e = self.text, num.start, num.core_end
        before = text[s - 1] if s > 0 else " "
        before2 = text[s - 2] if s > 1 else " "
        if before.isalpha() and self.units.prefix_before(text, s) is None:
            return True  # "M1989", "Su34"
        if before in "-/–" and before2.isalnum() and not second:
            return True  # "KN-23", "11/29"
        if before in ".:,#" and (before2.isdigit() or before == "#"):
            return True  # "3.8.0", "14:21", "#5"
        after = text[e : e + 2]
        if len(after) == 2 and after[0] in ":/." and after[1].isdigit():
            return True  # "14:21", "29/11", "3.8.0"
        if self.nums.month_before_re.search(text, max(0, s - 12), s) or self.nums.month_after_re.match(text, num.end):
            return True  # "May 3", "29 November"
        prev = self.prev_tok(s)
        if prev is not None and not second and self.units.prefix_before(text, s) is None:
            label = prev.lower_
            if label == "." and prev.i > 0:
                label = self.doc[prev.i - 1].lower_ + "."
            if label in self.nums.label_words:
                return True  # "flight 12", "No. 5"
            if prev.pos_ == "PROPN" and prev.text[:1].isupper() and not prev.is_sent_start:
                return True  # "Boeing 737", "Apollo 11"
        return False

    def range_tail(self, num: DigitNumber, currency: UnitMatch | None) -> tuple[DigitNumber, int] | None:
        """The second number of a range after ``num`` and the range's end."""
        text = self.text
        m = RANGE_SEP_RE.match(text, num.end)
        if m is None:
            prev = self.prev_tok(num.start if currency is None else currency.start)
            if prev is None or prev.lower_ != "between":
                return None
            m = AND_SEP_RE.match(text, num.end)
            if m is None:
                return None
        pos = m.end()
        if currency is not None:
            again = self.units.prefix_at_re.match(text, pos)
            if again is not None and again.group("p") == currency.surface:
                pos = again.end()
        if pos < len(text) and not text[pos].isdigit():
            return None
        second = digit_number_at(text, pos)
        if second is None or self.designation_or_date(second, second=True):
            return None
        if "to" in m.group() and self.from_after_change(num.start if currency is None else currency.start):
            return None  # "rose from 5 to 7": two levels, not a range
        if "to" in m.group() and second.value <= num.value and (num.scale is not None or second.scale is None):
            return None  # "lent £1.4bn to 9,000 firms": "to" leads to another figure, not to an upper bound
        return second, second.end

    def unit_range_tail(self, num: DigitNumber, unit: UnitMatch) -> tuple[DigitNumber, UnitMatch] | None:
        """A range written with the unit on both bounds ("5% to 7%", "between 3 km and 4 km")."""
        text = self.text
        m = RANGE_SEP_RE.match(text, unit.end)
        if m is None:
            prev = self.prev_tok(num.start)
            if prev is None or prev.lower_ != "between":
                return None
            m = AND_SEP_RE.match(text, unit.end)
            if m is None:
                return None
        if m.end() >= len(text) or not text[m.end()].isdigit():
            return None
        second = digit_number_at(text, m.end())
        if second is None or second.value <= num.value or self.designation_or_date(second, second=True):
            return None
        again = self.units.unit_after(text, second.end)
        if again is None or again.info != unit.info or not again.surface.strip():
            return None
        if "to" in m.group() and self.from_after_change(num.start):
            return None  # "rose from 5% to 7%": two levels, not a range
        return second, again

    def word_range_tail(self, wn: WordNumber, prev: Token | None, end: int) -> tuple[float, int] | None:
        """The upper bound of a range written in words ("five to seven", "between two and three")."""
        m = RANGE_SEP_RE.match(self.text, end)
        if (m is None or "to" not in m.group()) and prev is not None and prev.lower_ == "between":
            m = AND_SEP_RE.match(self.text, end)
        if m is None:
            return None
        if m.end() < len(self.text) and self.text[m.end()].isdigit():
            digits = digit_number_at(self.text, m.end())  # "two to 14 days"
            return None if digits is None else (digits.value, digits.end)
        ti = self.tok_at(m.end())
        if ti >= len(self.doc) or self.starts[ti] != m.end():
            return None
        second = word_number_at(self.doc, ti)
        if second is None or second.fraction:
            return None
        last = self.doc[second.last]
        return second.value, last.idx + len(last.text)

    def from_after_change(self, start: int) -> bool:
        """Whether the figure at ``start`` follows "from" after a change verb ("rose from ...")."""
        prev = self.prev_tok(start)
        return prev is not None and prev.lower_ == "from" and self.change_before(prev.idx) is not None

    # -- number words -------------------------------------------------------------------
    def word_figure(self, ti: int) -> _Cand | None:
        doc = self.doc
        wn = word_number_at(doc, ti)
        if wn is None:
            return None
        first, last = doc[wn.first], doc[wn.last]
        prev = self.prev_tok(first.idx)
        start, end = first.idx, last.idx + len(last.text)
        if wn.fraction:
            cand = _Cand(start, end, wn.value, None, None, "fraction", "fraction")
            cand.unit_text = self.text[start:end]
            article = _OF_ARTICLE_RE.match(self.text, end)
            unit = self.units.unit_after(self.text, article.end()) if article is not None else None
            if unit is not None:
                # "half a percentage point", "a quarter of a mile": the fraction of a unit.
                cand.unit, cand.kind, cand.unit_text, cand.end = unit.info.unit, unit.info.kind, unit.surface, unit.end
                cand.time_unit = unit.info.time
            elif article is not None and article.group().strip().startswith("a"):
                return None  # "half a loaf": not a figure we can name
            else:
                # "three-quarters of the staff" is a fraction even where a time tagger read "quarters".
                cand.time_unit = self.text.startswith(" of ", end)
            self.bounds(cand, start)
            return cand
        if prev is not None and prev.lower_ in self.nums.anaphoric:
            return None  # "the two countries": a reference back, not a new figure
        nxt = doc[wn.last + 1] if wn.last + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ == "of" and wn.value == 1:
            return None  # "one of the topics"
        value = wn.value
        scale = self.nums.scale_re.match(self.text, end)
        if scale is not None and scale.group("s"):
            # "two mln dlrs": a written-out number with an abbreviated scale.
            value *= self.nums.scale_suffixes[scale.group("s").lower()]
            end = scale.end()
        cand = _Cand(start, end, value, None, None, None, "count")
        rng = self.word_range_tail(wn, prev, end)
        if rng is not None:
            high, end = rng
            if scale is None and high > 0 and wn.value < high:
                # "two to three million": the scale of the upper bound applies to both.
                tail = self.doc[self.tok_at(end - 1)].lower_
                value *= self.nums.scales.get(tail, 1.0)
            if value >= high:
                return None
            cand = _Cand(start, end, None, value, high, None, "count")
        unit = self.units.unit_after(self.text, end)
        if unit is not None:
            info = self.resolve_ambiguous(unit, start)
            if info.time and (wn.value == 1 or self.time_context(start, unit.end)):
                return None
            cand.unit, cand.kind, cand.unit_text, cand.end = info.unit, info.kind, unit.surface, unit.end
            cand.time_unit = info.time
        else:
            self.counted_noun(cand, end)
            if cand.unit is None and (wn.value == 1 or wn.value == 0):
                return None
            if cand.unit is None and nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ"):
                return None
        self.rate_tail(cand)
        self.negation(cand, start)
        self.bounds(cand, cand.start)
        return cand

    # -- units and nouns ----------------------------------------------------------------
    def resolve_ambiguous(self, unit: UnitMatch, start: int) -> UnitInfo:
        """Rules for the surfaces listed under "ambiguous" in units.json."""
        if unit.surface.lower() in ("pound", "pounds"):
            after = self.text[unit.end : unit.end + 4].lower()
            prev = self.prev_tok(start)
            weight_verb = prev is not None and prev.lower_ in self.units.weight_verbs
            if after.startswith(" of ") or weight_verb:
                return self.units.by_surface["lb"]
        return unit.info

    def plural_noun_after(self, end: int) -> bool:
        i = self.tok_at(end)
        while i < len(self.doc) and self.doc[i].idx < end:
            i += 1
        while i < len(self.doc) and self.doc[i].pos_ == "ADJ":
            i += 1
        return i < len(self.doc) and self.doc[i].tag_ in ("NNS", "NNPS")

    def noun_follows(self, end: int) -> bool:
        i = self.tok_at(end)
        while i < len(self.doc) and self.doc[i].idx < end:
            i += 1
        return i < len(self.doc) and self.doc[i].pos_ in ("NOUN", "PROPN") and not self.text[end : end + 1].isalnum()

    def time_context(self, start: int, end: int) -> bool:
        """A duration that is a time expression ("the past 12 months", "3 days ago")."""
        prev = self.prev_tok(start)
        if prev is not None and prev.lower_ in self.nums.time_before and (prev.pos_ != "VERB" or prev.tag_ == "VBG"):
            return True  # not the verb of "will last six months"
        i = self.tok_at(end)
        return i < len(self.doc) and self.doc[i].idx >= end and self.doc[i].lower_ in self.nums.time_after

    def counted_noun(self, cand: _Cand, end: int) -> None:
        """Attach the counted noun after the number (and any calibre inside it)."""
        doc, n = self.doc, len(self.doc)
        i = self.tok_at(end)
        while i < n and doc[i].idx < end:
            i += 1
        if i >= n or doc[i].idx - end > 1:
            return
        phrase_start = i
        # "30 of the army's tanks", "9 of its last 10 games": the count is of the noun after the
        # possessive and any figure inside the phrase; that inner figure is read on its own.
        inner_figure = False
        if doc[i].lower_ == "of" and i + 2 < n and doc[i + 1].lower_ in _OF_DETERMINERS:
            phrase_start = i + 1
            i += 2
            k = i
            while k < min(n, i + 4) and doc[k].pos_ in ("PROPN", "NOUN", "ADJ") and doc[k].tag_ != "POS":
                k += 1
            if k < n and doc[k].tag_ == "POS":
                i = k + 1
            while i < n and doc[i].pos_ == "ADJ" and doc[i].dep_ not in _HEAD_DEPS:
                i += 1
            if i < n and doc[i].like_num:
                inner_figure = True
                i += 1
        calibre: _Cand | None = None
        if i < n and doc[i].like_num and doc[i].text[:1].isdigit():
            inner = self.digit_figure(doc[i].idx)
            if inner is not None and inner.kind == "calibre":
                calibre = inner
                i = self.tok_at(inner.end - 1) + 1
        head = -1
        j = i
        while j < n and j - i < 6:
            tok = doc[j]
            if tok.lower_ in self.nums.time_before or tok.lower_ in _PHRASE_STOPS:
                break  # "710,000 last year": the time phrase is not what is counted
            if tok.pos_ == "ADJ" and tok.dep_ in _HEAD_DEPS:
                head = j  # the small tagger reads some plurals as adjectives ("geese"); the parse still heads them
                break
            glued_hyphen_next = j + 1 < n and doc[j + 1].text == "-" and not tok.whitespace_
            if (
                tok.lower_ == "such"
                or tok.pos_ in _MODIFIER_POS
                or (tok.tag_ == "VBN" and tok.dep_ == "amod")  # "37 stolen bicycles", "self-propelled"
                or (tok.text == "-" and j > i and not doc[j - 1].whitespace_)
            ):
                if tok.pos_ in _NOUN_POS and not glued_hyphen_next:
                    head = j
                    if tok.dep_ != "compound":
                        break
                j += 1
                continue
            break
        if head < 0 or doc[head].pos_ == "PROPN":
            return
        lemma = self.units.noun_lemmas.get(doc[head].lower_) or doc[head].lemma_.lower()
        cand.unit = " ".join([*reversed(self.compounds(i, head)), lemma])
        cand.unit_text = doc[head].text
        phrase_end = doc[head].idx + len(doc[head].text)
        if not inner_figure:
            cand.end = phrase_end
        cand.concept = self.text[doc[phrase_start].idx : phrase_end]
        if calibre is not None:
            calibre.parent = cand
            cand.children.append(calibre)

    def compounds(self, first: int, head: int) -> list[str]:
        """The noun-compound modifiers of ``head`` back to token ``first``, nearest first.

        "tear gas canisters" (the tagger reads "tear" as an adjective in a compound),
        "machine-gun rounds" (a hyphenated noun compound is one modifier); a hyphenated
        adjective ("wide-body jets") is an adjective, so its noun part is left out too.
        """
        doc, out = self.doc, []
        k = head - 1
        while k >= first and doc[k].dep_ == "compound" and doc[k].pos_ in ("NOUN", "ADJ"):
            hyphen = k - 1
            if (
                hyphen > first
                and doc[hyphen].text == "-"
                and not doc[hyphen].whitespace_
                and not doc[k - 2].whitespace_
            ):
                if doc[k - 2].pos_ != "NOUN":
                    break
                out.append(f"{doc[k - 2].lower_}-{doc[k].lower_}")
                k -= 3
                continue
            if doc[k].pos_ == "ADJ" and doc[k].head.i == head:
                break  # an adjective joins only inside a compound chain ("tear gas"), not alone ("solar panels")
            out.append(doc[k].lower_)
            k -= 1
        return out

    # -- approximation and direction ----------------------------------------------------
    def bounds(self, cand: _Cand, num_start: int) -> None:
        """Approximation before the figure, "between"/"from" of a range, and direction."""
        i = self.tok_at(num_start) - 1
        doc = self.doc
        if cand.low is not None and i >= 0 and doc[i].lower_ in ("between", "from"):
            cand.start = doc[i].idx
            i -= 1
        if i >= 0:
            edge = doc[i].idx + len(doc[i].text)
            m = self.appr.before_re.search(self.text, max(0, edge - self.appr.longest), edge)
            if m is not None:
                cand.approx = m.group("a")
                cand.approx_class = self.appr.approx[" ".join(cand.approx.lower().split())]
                cand.start = m.start("a")
        cand.direction = self.change_before(cand.start, cand.end) or self.change_after(cand.end)

    def change_before(self, start: int, end: int | None = None) -> str | None:
        """The direction given by a verb, adverb or "noun of" before the figure at ``[start, end)``."""
        i = self.tok_at(start) - 1
        doc = self.doc
        if i >= 0 and doc[i].lower_ in self.appr.adverbs and doc[i].pos_ == "ADV":
            return None if self.particle_of_object(doc[i], end) else self.appr.adverbs[doc[i].lower_]
        after_by = False
        for _ in range(6):
            if i < 0:
                return None
            tok = doc[i]
            if after_by and tok.pos_ in ("NOUN", "PROPN", "PRON", "DET", "ADJ"):
                i -= 1  # "cut its staff by 2,000": the verb's object sits between verb and "by"
                continue
            if tok.lower_ in self.appr.skip or (tok.pos_ == "ADV" and tok.lower_ not in self.appr.adverbs):
                after_by = after_by or tok.lower_ == "by"
                i -= 1
                continue
            if tok.pos_ == "VERB" and tok.lemma_.lower() in self.appr.verbs:
                return self.appr.verbs[tok.lemma_.lower()]
            if after_by and tok.dep_ == "prt" and tok.lower_ in self.appr.adverbs:
                return self.appr.adverbs[tok.lower_]  # "went up by 12"
            if tok.lower_ == "of" and i > 0 and doc[i - 1].pos_ == "NOUN":
                return self.appr.nouns.get(doc[i - 1].lemma_.lower())
            return None
        return None

    def particle_of_object(self, tok: Token, end: int | None) -> bool:
        """Whether ``tok`` is the particle of a verb whose object is the figure ("shot down 70 drones")."""
        if tok.dep_ not in ("prt", "advmod") or end is None:
            return False
        head = self.doc[self.tok_at(end - 1)]
        return head.dep_ == "dobj" and head.head.i == tok.head.i

    def change_after(self, end: int) -> str | None:
        i = self.tok_at(end)
        doc = self.doc
        while i < len(doc) and doc[i].idx < end:
            i += 1
        if i < len(doc) and doc[i].pos_ == "NOUN" and doc[i].idx - end <= 1:
            return self.appr.nouns.get(doc[i].lemma_.lower())
        return None


def extract_quantities(doc: Doc) -> list[Quantity]:
    """Every figure of ``doc`` as a :class:`Quantity`, ids ``q1``... in text order."""
    text = doc.text
    # A figure too large for a float ("9" x 5000) reads as infinity, which JSON cannot carry: not a figure.
    cands = [
        c for c in _Reader(doc, text).read() if all(math.isfinite(v) for v in (c.value, c.low, c.high) if v is not None)
    ]
    cands.sort(key=lambda c: (c.start, -c.end))
    ids = {id(c): f"q{n}" for n, c in enumerate(cands, 1)}
    out = []
    for c in cands:
        out.append(
            Quantity(
                id=ids[id(c)],
                span=Span(c.start, c.end),
                text=text[c.start : c.end],
                value=c.value,
                low=c.low,
                high=c.high,
                unit=c.unit,
                approx=c.approx,
                approx_class=c.approx_class,
                kind=c.kind,
                unit_text=c.unit_text,
                concept=c.concept,
                direction=c.direction,
                of=ids.get(id(c.parent)) if c.parent is not None else None,
            )
        )
    return out


class QuantitiesComponent:
    """The spaCy component: sets ``doc._.cg_quantities``."""

    def __init__(self) -> None:
        # Build the lexicons now so a broken data file fails at pipeline load, not mid-batch.
        unit_lexicon()
        number_lexicon()
        approx_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        doc._.cg_quantities = extract_quantities(doc)
        return doc


@Language.factory("claimgraph_quantities_v1", assigns=["doc._.cg_quantities"], requires=["doc._.cg_times"])
def make_quantities(nlp: Language, name: str) -> QuantitiesComponent:
    """Factory for ``claimgraph_quantities_v1``."""
    return QuantitiesComponent()


__all__: list[str] = ["QuantitiesComponent", "approx_lexicon", "extract_quantities", "make_quantities"]
